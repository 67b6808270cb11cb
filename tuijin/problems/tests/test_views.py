"""Problem and meeting pages: scope (404 outside), who may act (403), and what a page shows."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from docx import Document

from tuijin.core.roles import Role
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.org.models import RoleAssignment
from tuijin.problems import services
from tuijin.problems.choices import ProblemStatus
from tuijin.problems.models import Meeting, Problem
from tuijin.problems.testing import ProblemTestCase

MEDIA = "/tmp/tuijin-test-media"


@override_settings(MEDIA_ROOT=MEDIA)
class ProblemScopeTests(ScopedViewChecks, ProblemTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with override_settings(MEDIA_ROOT=MEDIA):
            cls.problem = services.raise_problem(
                cls.project_a, actor=cls.region_a_editor, category=cls.category, description="用地指标不足",
                attachments=[SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test")])
        cls.attachment = cls.problem.attachments.get()
        cls.meeting = Meeting.objects.create(region=cls.city, kind="monthly", title="11月重大项目调度会",
                                             date=dt.date(2026, 11, 20), chair=cls.leader, created_by=cls.coordinator)
        cls.meeting.problems.add(cls.problem)
        cls.decision = services.add_decision(cls.meeting, actor=cls.coordinator, text="市工信局牵头解决用地指标",
                                             deadline=dt.date(2026, 12, 10), departments=[cls.dept_x])

    cases = [
        ("problems:problem_list", lambda t: {}, "get", "region_a_editor", None, None),
        ("problems:problem_add", lambda t: {}, "get", "region_a_editor", None, None),
        ("problems:board", lambda t: {}, "get", "coordinator", None, None),
        ("problems:figures", lambda t: {}, "get", "coordinator", None, None),
        ("problems:problem", lambda t: {"pk": t.problem.pk}, "get", "region_a_editor", None, "region_b_editor"),
        ("problems:attachment", lambda t: {"attachment_id": t.attachment.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
        ("meetings:meeting_list", lambda t: {}, "get", "coordinator", None, None),
        ("meetings:meeting_add", lambda t: {}, "get", "coordinator", "region_a_editor", None),
        ("meetings:meeting", lambda t: {"pk": t.meeting.pk}, "get", "coordinator", None, "region_b_editor"),
        ("meetings:meeting_edit", lambda t: {"pk": t.meeting.pk}, "get", "coordinator", "leader_user",
         "region_b_editor"),
        ("meeting_minutes", lambda t: {"pk": t.meeting.pk}, "get", "coordinator", None, "region_b_editor"),
        ("leader", lambda t: {"pk": t.leader.pk}, "get", "leader_user", None, "department"),
        ("inbox", lambda t: {}, "get", "coordinator", None, None),
        ("problems:project_tab", lambda t: {"project_id": t.project_a.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
    ]
    # test_actions_out_of_scope_are_404_and_in_scope_without_the_role_403
    hand_checked = ["problems:problem_action", "meetings:decision_add", "meetings:decision_follow"]

    def post(self, user, name, **kwargs):
        self.client.force_login(user)
        return self.client.post(reverse(name, kwargs=kwargs), {"text": "x", "departments": [self.dept_x.pk]})

    def test_actions_out_of_scope_are_404_and_in_scope_without_the_role_403(self):
        for action in ("distribute", "answer", "confirm", "return", "close", "escalate"):
            with self.subTest(action=action):
                self.assertEqual(self.post(self.region_b_editor, "problems:problem_action", pk=self.problem.pk,
                                           action=action).status_code, 404)
        response = self.post(self.region_a_editor, "problems:problem_action", pk=self.problem.pk, action="distribute")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Problem.objects.get().status, "raised")
        self.assertEqual(self.post(self.region_b_editor, "meetings:decision_add", pk=self.meeting.pk).status_code, 404)
        self.assertEqual(self.post(self.region_b_editor, "meetings:decision_follow", pk=self.decision.pk).status_code,
                         404)
        self.assertEqual(self.post(self.leader_user, "meetings:decision_add", pk=self.meeting.pk).status_code, 403)

    def test_a_department_sees_only_problems_assigned_to_it(self):
        other = type(self.department).objects.create_user("dept_y")
        RoleAssignment.objects.create(user=other, role=Role.DEPARTMENT, department=self.dept_y)
        url = reverse("problems:problem", args=[self.problem.pk])
        self.client.force_login(self.department)
        self.assertEqual(self.client.get(url).status_code, 404)  # not yet assigned to anyone
        services.distribute_problem(self.problem, actor=self.coordinator, departments=[self.dept_x])
        self.assertContains(self.client.get(url), "用地指标不足")
        self.assertContains(self.client.get(reverse("problems:problem_list")), "用地指标不足")
        self.client.force_login(other)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get(reverse("problems:problem_list")), "用地指标不足")
        self.assertEqual(self.client.get(reverse("projects:project", args=[self.project_zone.pk])).status_code,
                         404)

    def test_a_department_assigned_a_problem_opens_its_project_read_only(self):
        # Issue 17: a department answering a problem reads the problem's project (it used to be 404).
        other = type(self.department).objects.create_user("dept_y")
        RoleAssignment.objects.create(user=other, role=Role.DEPARTMENT, department=self.dept_y)
        self.client.force_login(other)
        project_url = self.project_a.get_absolute_url()
        self.assertEqual(self.client.get(project_url).status_code, 404)
        services.distribute_problem(self.problem, actor=self.coordinator, departments=[self.dept_y])
        page = self.client.get(reverse("problems:problem", args=[self.problem.pk]))
        self.assertContains(page, f'href="{project_url}"')
        self.assertEqual(self.client.get(project_url).status_code, 200)
        self.assertIn(self.client.get(reverse("projects:project_edit", args=[self.project_a.pk])).status_code, (403, 404))

    def test_minutes_are_an_official_docx_with_numbered_decisions_and_copy_to(self):
        self.meeting.copy_to = "市委办公室，市人大常委会办公室"
        self.meeting.save()
        services.add_decision(self.meeting, actor=self.coordinator, text="电力公司10日内完成线路迁改",
                              deadline=dt.date(2026, 12, 5), owner_text="国网盘锦供电公司")
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("meeting_minutes", args=[self.meeting.pk]))
        document = Document(io.BytesIO(response.content))
        texts = [p.text for p in document.paragraphs]
        self.assertEqual(texts[0], "11月重大项目调度会纪要")
        self.assertIn("（一）市工信局牵头解决用地指标（责任单位：市工业和信息化局；完成时限：2026年12月10日）", texts)
        self.assertIn("（二）电力公司10日内完成线路迁改（责任单位：国网盘锦供电公司；完成时限：2026年12月5日）", texts)
        self.assertIn("抄送：市委办公室，市人大常委会办公室。", texts)
        title_run = document.paragraphs[0].runs[0]
        self.assertEqual(title_run.font.size.pt, 22)
        self.assertEqual(title_run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"), "方正小标宋简体")
        section = document.sections[0]
        self.assertEqual((round(section.top_margin.mm), round(section.left_margin.mm)), (37, 28))

    def test_a_department_sees_the_meetings_that_gave_it_a_decision(self):
        other = type(self.department).objects.create_user("dept_y")
        RoleAssignment.objects.create(user=other, role=Role.DEPARTMENT, department=self.dept_y)
        url = reverse("meetings:meeting", args=[self.meeting.pk])
        self.client.force_login(self.department)  # the decision of setUpTestData is the 工信局's
        page = self.client.get(url)
        self.assertContains(page, "市工信局牵头解决用地指标")
        # The agenda's problem is not assigned to it: named, not linked (its page would be a 404).
        self.assertEqual(page.context["problems"], [(self.problem, False)])
        self.assertNotContains(page, self.problem.get_absolute_url())
        self.assertContains(self.client.get(reverse("meetings:meeting_list")), "11月重大项目调度会")
        self.client.force_login(other)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get(reverse("meetings:meeting_list")), "11月重大项目调度会")

    def test_the_coordinator_corrects_a_meeting_and_its_agenda_keeps_a_problem_solved_since(self):
        Problem.objects.filter(pk=self.problem.pk).update(status=ProblemStatus.SOLVED)
        self.client.force_login(self.coordinator)
        url = reverse("meetings:meeting_edit", args=[self.meeting.pk])
        form = self.client.get(url).context["form"]
        self.assertIn(self.problem, form.fields["problems"].queryset)  # offered though no longer open
        data = {"kind": "monthly", "title": "11月重大项目调度会（第二次）", "date": "2026-11-21", "place": "市政府3号会议室",
                "chair": self.leader.pk, "problems": [self.problem.pk]}
        response = self.client.post(url, data)
        self.assertRedirects(response, self.meeting.get_absolute_url())
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.title, self.meeting.place, self.meeting.date, list(self.meeting.problems.all())),
                         ("11月重大项目调度会（第二次）", "市政府3号会议室", dt.date(2026, 11, 21), [self.problem]))
        self.assertEqual(self.meeting.decisions.count(), 1)  # decisions are not touched by the form
        response = self.client.post(url, {**data, "date": ""})
        self.assertEqual(response.status_code, 400)
        self.client.force_login(self.leader_user)
        self.assertEqual(self.client.post(url, data).status_code, 403)

    def test_a_correction_from_an_old_page_is_refused_with_both_versions_shown(self):
        self.client.force_login(self.coordinator)
        url = reverse("meetings:meeting_edit", args=[self.meeting.pk])
        data = {"kind": "monthly", "title": "11月重大项目调度会", "date": "2026-11-20", "chair": self.leader.pk,
                "version": self.meeting.version}
        self.assertEqual(self.client.post(url, {**data, "place": "市政府3号会议室"}).status_code, 302)
        response = self.client.post(url, {**data, "place": "市发改委5楼会议室"})  # the same old version
        self.assertContains(response, "已保存了新的版本", status_code=409)
        self.assertContains(response, "市政府3号会议室", status_code=409)
        self.assertContains(response, 'value="市发改委5楼会议室"', status_code=409)
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.place, self.meeting.version), ("市政府3号会议室", 2))

    def test_a_follow_up_from_an_old_page_is_not_saved_and_says_what_changed(self):
        url = reverse("meetings:decision_follow", args=[self.decision.pk])
        self.client.force_login(self.department)
        self.client.post(url, {"text": "已完成用地报批", "version": 1})
        self.client.force_login(self.coordinator)
        response = self.client.post(url, {"text": "请加快", "done": "on", "version": 1}, follow=True)
        self.assertContains(response, "最新进展：已完成用地报批")
        self.decision.refresh_from_db()
        self.assertEqual((self.decision.status, self.decision.updates.count()), ("open", 1))

    def test_the_figures_count_and_link_to_the_rows(self):
        services.distribute_problem(self.problem, actor=self.coordinator, departments=[self.dept_x])
        services.answer_problem(self.problem, actor=self.department, text="已解决")
        services.confirm_problem(self.problem, actor=self.region_a_editor, solved=True)
        services.raise_problem(self.project_zone, actor=self.region_a_editor, category=self.category,
                               description="第二个")
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("problems:figures"), {"by": "category", "year": self.problem.raised_on.year})
        row = next(r for r in page.context["rows"] if r["name"] == "规划")
        self.assertEqual((row["raised"], row["solved"], row["rate"], row["median"]), (2, 1, 50, 0))
        listed = self.client.get(row["solved_link"])
        self.assertEqual(listed.context["table"].page.paginator.count, 1)

    def test_the_leader_page_lists_packaged_projects_and_problems_at_its_level(self):
        self.project_a.leader = self.leader
        self.project_a.save()
        self.client.force_login(self.leader_user)
        page = self.client.get(reverse("leader", args=[self.leader.pk]))
        self.assertContains(page, "双台子化工项目")
        self.assertContains(page, "规划")  # the open problem on its project
        self.client.force_login(self.department)
        self.assertEqual(self.client.get(reverse("leader", args=[self.leader.pk])).status_code, 404)
