"""Issue 17: minutes carry page numbers and the agenda's projects; a decision keeps every responsible unit
chosen; a meeting dated after today is not counted as 已召开."""

import datetime as dt
import io
import zipfile

from django.urls import reverse
from docx import Document

from tuijin.core.dates import today
from tuijin.problems import services
from tuijin.problems.models import Decision, Meeting
from tuijin.problems.testing import ProblemTestCase


class MeetingIssue17Tests(ProblemTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.meeting = Meeting.objects.create(region=cls.city, kind="monthly", title="重大项目调度会",
                                             date=today(), chair=cls.leader, created_by=cls.coordinator)
        cls.meeting.projects.add(cls.project_b)

    def minutes(self):
        self.client.force_login(self.coordinator)
        return self.client.get(reverse("meeting_minutes", args=[self.meeting.pk])).content

    def test_the_minutes_footer_numbers_the_pages(self):
        with zipfile.ZipFile(io.BytesIO(self.minutes())) as docx:
            footers = [docx.read(name).decode() for name in docx.namelist() if name.startswith("word/footer")]
        self.assertTrue(footers)
        footer = "".join(footers)
        self.assertIn(" PAGE ", footer)
        self.assertIn(" NUMPAGES ", footer)
        self.assertIn("第", footer)
        self.assertIn("页", footer)

    def test_the_minutes_list_the_agenda_projects_with_region_and_investment(self):
        texts = [p.text for p in Document(io.BytesIO(self.minutes())).paragraphs]
        # project_b: 兴隆台道路项目 in 兴隆台区, 250000 万元 = 25 亿元
        self.assertIn("一、研究的项目", texts)
        self.assertIn("1. 兴隆台道路项目（兴隆台区，总投资25.00亿元）", texts)

    def test_a_decision_keeps_every_responsible_unit(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("meetings:decision_add", args=[self.meeting.pk]), {
            "text": "两局会同解决用地指标", "departments": [self.dept_x.pk, self.dept_y.pk],
            "owner_text": "国网盘锦供电公司", "deadline": "2026-12-20"})
        self.assertEqual(response.status_code, 302)
        decision = Decision.objects.get(meeting=self.meeting)
        self.assertEqual(set(decision.departments.all()), {self.dept_x, self.dept_y})
        owner = "市工业和信息化局、市自然资源局、国网盘锦供电公司"
        self.assertContains(self.client.get(self.meeting.get_absolute_url()), owner)
        texts = [p.text for p in Document(io.BytesIO(self.minutes())).paragraphs]
        self.assertIn(f"（一）两局会同解决用地指标（责任单位：{owner}；完成时限：2026年12月20日）", texts)
        # Both departments may follow it up, and both see the meeting.
        other = type(self.department).objects.create_user("dept_y")
        from tuijin.core.roles import Role
        from tuijin.org.models import RoleAssignment
        RoleAssignment.objects.create(user=other, role=Role.DEPARTMENT, department=self.dept_y)
        self.assertTrue(services.may_follow_up(decision, self.department))
        self.assertTrue(services.may_follow_up(decision, other))
        self.client.force_login(other)
        self.assertEqual(self.client.get(self.meeting.get_absolute_url()).status_code, 200)

    def test_a_decision_without_any_unit_is_refused(self):
        self.client.force_login(self.coordinator)
        self.client.post(reverse("meetings:decision_add", args=[self.meeting.pk]),
                         {"text": "x", "deadline": "2026-12-20"})
        self.assertFalse(Decision.objects.exists())

    def test_a_meeting_dated_after_today_is_not_held(self):
        now = today()
        upcoming = Meeting.objects.create(region=self.city, kind="monthly", title="下次调度会",
                                          date=now + dt.timedelta(days=1), created_by=self.coordinator)
        self.assertEqual(list(Meeting.objects.held()), [self.meeting])
        self.assertEqual(list(Meeting.objects.held(on=upcoming.date)), [upcoming, self.meeting])
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("meetings:meeting_list"))
        self.assertContains(page, "待召开", count=1)
        self.assertContains(page, "已召开", count=1)
        self.assertContains(self.client.get(upcoming.get_absolute_url()), "待召开")
        self.assertContains(self.client.get(self.meeting.get_absolute_url()), "已召开")

    def test_the_board_counts_only_meetings_held_by_today(self):
        now = today()
        later = now + dt.timedelta(days=1)
        if later.month != now.month:  # the last day of a month: the board counts this month only
            later = now
        Meeting.objects.create(region=self.city, kind="monthly", title="下次调度会", date=later,
                               created_by=self.coordinator)
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("problems:board"))
        # One held today; the one tomorrow is not (on the month's last day both are today: 2).
        self.assertContains(page, "本月已召开%s次调度会" % (2 if later == now else 1))
