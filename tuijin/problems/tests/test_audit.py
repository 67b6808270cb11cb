"""One write path: every step of a problem, a meeting and a decision goes through a service that checks
who acts and writes one change-log entry, whichever page, API call or job takes it."""

import datetime as dt
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tuijin.core.concurrency import ConcurrentEditError
from tuijin.core.models import AuditEntry
from tuijin.core.roles import Role
from tuijin.org.models import RoleAssignment
from tuijin.problems import services
from tuijin.problems.models import Meeting
from tuijin.problems.testing import ProblemTestCase

from .test_services import on

MEDIA = "/tmp/tuijin-test-media"


def entries(subject):
    return AuditEntry.objects.filter(subject_type=subject._meta.label_lower, subject_id=subject.pk).order_by("at", "pk")


def shape(entry):
    """What a reader of the log sees of an entry, without the object's id and the time."""
    return {"kind": entry.kind, "actor": entry.actor_name, "summary": entry.summary, "region": entry.region_path,
            "project": entry.project_id, "data": entry.data, "changes": entry.changes, "reason": entry.reason}


class ProblemAuditTests(ProblemTestCase):
    def test_each_step_of_a_problem_writes_one_entry_and_the_overdue_job_is_the_system(self):
        with on((2026, 11, 2)):  # Monday
            problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                             description="规划条件未批复")
            services.distribute_problem(problem, actor=self.coordinator, departments=[self.dept_x],
                                        deadline=dt.date(2026, 11, 5), note="请尽快")
        with on((2026, 11, 6)):  # the 5th has passed: the job moves it up to 分管副市长
            call_command("escalate_overdue", stdout=io.StringIO())
        with on((2026, 11, 9)):
            services.answer_problem(problem, actor=self.department, text="已批复")
            services.confirm_problem(problem, actor=self.region_a_editor, solved=False, reason="批复缺附图")
            services.answer_problem(problem, actor=self.department, text="附图已补")
            services.confirm_problem(problem, actor=self.region_a_editor, solved=True)
            services.close_problem(problem, actor=self.coordinator, note="销号")
        log = list(entries(problem))
        self.assertEqual([e.kind for e in log], ["problem.raise", "problem.distribute", "problem.escalate",
                                                 "problem.answer", "problem.confirm", "problem.answer",
                                                 "problem.confirm", "problem.close"])
        self.assertEqual({(e.project_id, e.region_path) for e in log}, {(self.project_a.pk, self.region_a.path)})
        raised, distributed, escalated = log[:3]
        self.assertEqual((raised.actor, raised.summary, raised.data["问题描述"]),
                         (self.region_a_editor, "提出规划问题", "规划条件未批复"))
        # Raised on 2 Nov: 属地 5 working days → 9 Nov; 交办 sets the 5th and moves it to level 1.
        self.assertEqual(distributed.changes, {"状态": ["待交办", "办理中"], "协调层级": [0, 1],
                                               "办理时限": ["2026-11-09", "2026-11-05"]})
        self.assertEqual((distributed.reason, distributed.data), ("请尽快", {"责任部门": ["市工业和信息化局"]}))
        # The job: no person, 分管副市长 with 7 working days from Friday 6 Nov → 9…13, 16, 17 Nov.
        self.assertEqual((escalated.actor, escalated.actor_name, escalated.summary),
                         (None, "系统", "升级至分管副市长"))
        self.assertEqual(escalated.changes, {"协调层级": [1, 2], "协调领导": ["", str(self.leader)],
                                             "办理时限": ["2026-11-05", "2026-11-17"]})
        self.assertIn("超过办理时限2026-11-05未解决", escalated.reason)
        self.assertEqual((log[4].summary, log[4].reason, log[4].changes["状态"]),
                         ("退回重办", "批复缺附图", ["已答复", "办理中"]))
        self.assertEqual(log[-1].changes, {"状态": ["已解决", "已销号"], "销号日期": ["", "2026-11-09"]})

    def test_an_answer_from_one_of_two_departments_keeps_the_status_and_still_writes_its_entry(self):
        problem = services.raise_problem(self.project_a, actor=self.owner, category=self.category, description="x")
        services.distribute_problem(problem, actor=self.coordinator, departments=[self.dept_x, self.dept_y])
        services.answer_problem(problem, actor=self.department, text="工信局已办")
        entry = entries(problem).last()
        self.assertEqual((entry.kind, entry.summary, entry.changes), ("problem.answer", "市工业和信息化局答复办理情况", {}))

    @override_settings(MEDIA_ROOT=MEDIA)
    def test_attachments_raised_with_a_problem_are_in_its_entry_and_a_later_one_has_its_own(self):
        problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                         description="x", attachments=[SimpleUploadedFile("红线图.pdf", b"%PDF-1.4 a")])
        services.add_attachment(problem, SimpleUploadedFile("批复.pdf", b"%PDF-1.4 b"), actor=self.coordinator)
        with self.assertRaises(PermissionDenied):
            services.add_attachment(problem, SimpleUploadedFile("z.pdf", b"%PDF-1.4 c"), actor=self.region_b_editor)
        self.assertEqual([(e.kind, e.data.get("附件")) for e in entries(problem)],
                         [("problem.raise", ["红线图.pdf"]), ("problem.attach", "批复.pdf")])
        self.assertEqual(problem.attachments.count(), 2)

    def test_a_refused_step_writes_nothing(self):
        problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                         description="x")
        with self.assertRaises(PermissionDenied):
            services.distribute_problem(problem, actor=self.region_a_editor, departments=[self.dept_x])
        with self.assertRaises(ValidationError):
            services.close_problem(problem, actor=self.coordinator)
        self.assertEqual([e.kind for e in entries(problem)], ["problem.raise"])


MEETING = {"kind": "monthly", "title": "11月重大项目调度会", "date": "2026-11-20", "place": "市政府3号会议室",
           "issuer": "市重大项目建设指挥部办公室"}  # the page posts the issuer it shows


class MeetingAuditTests(ProblemTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.problem = services.raise_problem(cls.project_a, actor=cls.region_a_editor, category=cls.category,
                                             description="用地指标不足")
        # A coordinator of 兴隆台区 runs its own meetings, not the city's.
        cls.coordinator_b = type(cls.coordinator).objects.create_user("coordinator_b")
        RoleAssignment.objects.create(user=cls.coordinator_b, role=Role.COORDINATOR, region=cls.region_b)

    def create_through_service(self):
        return services.create_meeting(self.city, actor=self.coordinator, kind="monthly", title=MEETING["title"],
                                       date=dt.date(2026, 11, 20), place=MEETING["place"], chair=self.leader,
                                       problems=[self.problem])

    def test_a_meeting_created_through_the_page_writes_one_entry_shaped_as_the_services(self):
        by_service = self.create_through_service()
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("meetings:meeting_add"),
                                    {**MEETING, "chair": self.leader.pk, "problems": [self.problem.pk]})
        by_page = Meeting.objects.exclude(pk=by_service.pk).get()
        self.assertRedirects(response, by_page.get_absolute_url())
        self.assertEqual(entries(by_page).count(), 1)
        self.assertEqual(shape(entries(by_page).get()), shape(entries(by_service).get()))
        entry = entries(by_page).get()
        self.assertEqual((entry.kind, entry.actor, entry.region_path, entry.subject_url),
                         ("meeting.create", self.coordinator, self.city.path, by_page.get_absolute_url()))
        self.assertEqual((entry.data["会议名称"], entry.data["议题：问题"], entry.data["主持人"]),
                         (MEETING["title"], str(self.problem), str(self.leader)))
        self.assertEqual((by_page.created_by, list(by_page.problems.all())), (self.coordinator, [self.problem]))
        self.assertEqual({h.history_user for h in by_page.history.all()}, {self.coordinator})

    def test_a_correction_writes_what_changed(self):
        meeting = self.create_through_service()
        self.client.force_login(self.coordinator)
        self.client.post(reverse("meetings:meeting_edit", args=[meeting.pk]),
                         {**MEETING, "place": "市发改委5楼会议室", "chair": self.leader.pk, "version": meeting.version,
                          "projects": [self.project_a.pk]})
        entry = entries(meeting).last()
        self.assertEqual((entry.kind, entry.changes),
                         ("meeting.update", {"地点": ["市政府3号会议室", "市发改委5楼会议室"],
                                             "议题：问题": [str(self.problem), ""], "议题：项目": ["", "双台子化工项目"]}))

    def test_a_correction_refused_as_stale_writes_nothing(self):
        meeting = self.create_through_service()
        services.update_meeting(meeting, actor=self.coordinator, expected_version=1, place="市政府5号会议室")
        with self.assertRaises(ConcurrentEditError):
            services.update_meeting(Meeting.objects.get(), actor=self.coordinator, expected_version=1, place="别处")
        self.assertEqual([e.kind for e in entries(meeting)], ["meeting.create", "meeting.update"])
        self.assertEqual(Meeting.objects.get().place, "市政府5号会议室")

    def test_only_who_runs_the_regions_meetings_creates_or_corrects_one(self):
        meeting = self.create_through_service()
        for person in (self.region_a_editor, self.leader_user, self.department, self.coordinator_b):
            with self.subTest(person=person.username):
                with self.assertRaises(PermissionDenied):
                    services.create_meeting(self.city, actor=person, kind="monthly", title="x",
                                            date=dt.date(2026, 11, 20))
                with self.assertRaises(PermissionDenied):
                    services.update_meeting(meeting, actor=person, title="改名")
                with self.assertRaises(PermissionDenied):
                    services.add_decision(meeting, actor=person, text="x", deadline=dt.date(2026, 12, 1),
                                          departments=[self.dept_x])
        self.client.force_login(self.coordinator_b)
        self.assertEqual(self.client.post(reverse("meetings:meeting_edit", args=[meeting.pk]),
                                          {**MEETING, "title": "改名"}).status_code, 404)
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.post(reverse("meetings:meeting_add"), MEETING).status_code, 403)
        self.assertEqual(Meeting.objects.get().title, MEETING["title"])
        self.assertEqual(AuditEntry.objects.filter(kind__startswith="meeting.").count(), 1)

    def test_an_agenda_names_only_what_the_caller_may_see(self):
        with self.assertRaisesMessage(ValidationError, "议题中有您无权查看的问题"):
            services.create_meeting(self.region_b, actor=self.coordinator_b, kind="special", title="兴隆台专题会",
                                    date=dt.date(2026, 11, 20), problems=[self.problem])
        with self.assertRaisesMessage(ValidationError, "议题中有您无权查看的项目"):
            services.create_meeting(self.region_b, actor=self.coordinator_b, kind="special", title="兴隆台专题会",
                                    date=dt.date(2026, 11, 20), projects=[self.project_a])
        services.create_meeting(self.region_b, actor=self.coordinator_b, kind="special", title="兴隆台专题会",
                                date=dt.date(2026, 11, 20), projects=[self.project_b])

    def test_decisions_added_followed_up_and_closed_write_entries_under_the_meetings_region(self):
        meeting = self.create_through_service()
        decision = services.add_decision(meeting, actor=self.coordinator, text="市工信局牵头解决用地指标",
                                         deadline=dt.date(2026, 12, 10), departments=[self.dept_x], problem=self.problem)
        self.client.force_login(self.department)
        follow = reverse("meetings:decision_follow", args=[decision.pk])
        self.client.post(follow, {"text": "已报省厅", "version": decision.version})
        decision.refresh_from_db()
        with on((2026, 12, 8)):
            self.client.force_login(self.department)  # a new day, a new session
            self.client.post(follow, {"text": "指标已下达", "done": "on", "version": decision.version})
        log = list(entries(decision))
        self.assertEqual([(e.kind, e.actor) for e in log], [("decision.add", self.coordinator),
                                                             ("decision.follow_up", self.department),
                                                             ("decision.close", self.department)])
        # A decision settling a problem is found under the problem's project too.
        self.assertEqual({(e.region_path, e.project_id) for e in log}, {(self.city.path, self.project_a.pk)})
        self.assertEqual(log[0].data["完成时限"], "2026-12-10")
        self.assertEqual((log[1].reason, log[1].changes), ("已报省厅", {}))
        self.assertEqual(log[2].changes, {"状态": ["督办中", "已办结"], "办结日期": ["", "2026-12-08"]})
        self.assertEqual(log[2].subject_url, f"{meeting.get_absolute_url()}#decision-1")


class AdminTests(ProblemTestCase):
    def test_the_admin_shows_problems_meetings_and_decisions_but_changes_none(self):
        problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                         description="用地指标不足")
        meeting = services.create_meeting(self.city, actor=self.coordinator, kind="monthly", title="11月调度会",
                                          date=dt.date(2026, 11, 20))
        decision = services.add_decision(meeting, actor=self.coordinator, text="x", deadline=dt.date(2026, 12, 1),
                                         departments=[self.dept_x])
        root = type(self.coordinator).objects.create_superuser("root", password="pw-root")
        self.client.force_login(root)
        for name, obj in (("problem", problem), ("meeting", meeting), ("decision", decision)):
            with self.subTest(name=name):
                url = reverse(f"admin:problems_{name}_change", args=[obj.pk])
                self.assertEqual(self.client.get(url).status_code, 200)  # shown, read-only
                self.assertEqual(self.client.post(url, {"description": "改", "title": "改", "text": "改"}).status_code,
                                 403)
                self.assertEqual(self.client.post(reverse(f"admin:problems_{name}_delete", args=[obj.pk]),
                                                  {"post": "yes"}).status_code, 403)
                self.assertEqual(self.client.get(reverse(f"admin:problems_{name}_add")).status_code, 403)
        problem.refresh_from_db()
        self.assertEqual((problem.description, Meeting.objects.get().title), ("用地指标不足", "11月调度会"))
