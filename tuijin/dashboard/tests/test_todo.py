"""待办: each office finds what waits for it, counted as the page its link opens counts it."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from tuijin.approvals.models import ProcedureType, ProjectProcedure
from tuijin.core.roles import Role
from tuijin.core.workdays import rebuild_index
from tuijin.dashboard.todo import todo_for
from tuijin.org.models import RoleAssignment
from tuijin.problems import services as problems
from tuijin.problems.models import ProblemCategory
from tuijin.progress import services as progress
from tuijin.progress.models import AnnualPlan
from tuijin.progress.testing import PeriodTestCase
from tuijin.projects.factories import make_project

# Three days after the November period's deadline (25 November).
TODAY = dt.date(2026, 11, 28)
BEIJING = dt.timezone(dt.timedelta(hours=8))


def sections(user, on=TODAY):
    return {s.key: s for s in todo_for(user, on=on)}


@time_machine.travel(dt.datetime(2026, 11, 28, 9, tzinfo=BEIJING), tick=False)
class TodoTestCase(PeriodTestCase):
    """The November period (city, due 25 Nov) with, in region A: project A a draft, the zone's project
    returned, A2 submitted and waiting, A3 not filled; region B's project not filled. A problem on project A
    given to department X and escalated to the leader; a procedure of department Y 30 working days old."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        rebuild_index()
        started = {"stage": "construction"}
        cls.project_a2 = make_project(cls.region_a, name="双台子物流园", **started)
        cls.project_a3 = make_project(cls.region_a, name="双台子污水厂", **started)
        for project in (cls.project_a2, cls.project_a3):
            AnnualPlan.objects.create(project=project, year=2026, planned_investment=Decimal("100"))
        figures = {"completed": Decimal("10")}
        progress.save_report(cls.project_a, cls.period, figures, actor=cls.region_a_editor)
        zone, _ = progress.save_report(cls.project_zone, cls.period, figures, actor=cls.region_a_editor)
        progress.submit_report(zone, actor=cls.region_a_editor)
        progress.return_report(zone, actor=cls.region_a_reviewer, reason="本月完成投资与形象进度不符")
        a2, _ = progress.save_report(cls.project_a2, cls.period, figures, actor=cls.region_a_editor)
        progress.submit_report(a2, actor=cls.region_a_editor)

        cls.category, _ = ProblemCategory.objects.get_or_create(name="规划", defaults={"days": 7})
        with time_machine.travel(dt.datetime(2026, 11, 10, 9, tzinfo=BEIJING), tick=False):
            cls.problem = problems.raise_problem(cls.project_a, actor=cls.region_a_editor, category=cls.category,
                                                 description="规划条件调整未批复")
            problems.distribute_problem(cls.problem, actor=cls.coordinator, departments=[cls.dept_x],
                                        deadline=dt.date(2026, 11, 20))
        cls.raised = problems.raise_problem(cls.project_b, actor=cls.region_b_editor, category=cls.category,
                                            description="用地指标不足")
        cls.planning, _ = ProcedureType.objects.get_or_create(name="建设工程规划许可证",
                                                              defaults={"stage": "works", "limit_days": 20})
        ProcedureType.objects.filter(pk=cls.planning.pk).update(limit_days=20)
        # Applied Tuesday 13 October; the clock counts from the next day: 14–16, 19–23, 26–30 October = 13
        # working days, + 20 in November's four full weeks = 33 by Saturday 28 November.
        ProjectProcedure.objects.create(project=cls.project_a, procedure_type=cls.planning, department=cls.dept_y,
                                        status="in_progress", applied_on=dt.date(2026, 10, 13))
        User = get_user_model()
        cls.dept_y_user = User.objects.create_user(username="dept_y", password="pw-dept_y")
        RoleAssignment.objects.create(user=cls.dept_y_user, role=Role.DEPARTMENT, department=cls.dept_y)
        cls.inspector = User.objects.create_user(username="inspector", password="pw-inspector")
        RoleAssignment.objects.create(user=cls.inspector, role=Role.INSPECTOR, region=cls.city)


class ClerkAndReviewerTests(TodoTestCase):
    def test_the_clerk_sees_its_return_with_the_reason_its_draft_and_what_is_not_filled(self):
        section = sections(self.region_a_editor)[f"fill-{self.period.pk}"]
        # A3 not filled (1) + A's draft (1) + the zone's return (1) = 3; A2 is submitted and not the clerk's to do.
        self.assertEqual(section.count, 3)
        self.assertIn("已过截止日3天", section.title)
        returned, unfilled, drafts = section.items
        self.assertEqual((returned.text, returned.note, returned.late),
                         ("园区配套项目：被退回，请修改后重报", "本月完成投资与形象进度不符", True))
        self.assertEqual((unfilled.text, drafts.text), ("1个项目尚未填报", "1份草稿尚未报送"))
        self.assertTrue(unfilled.url.endswith("?status=none"))

    def test_the_link_opens_the_batch_page_filtered_to_the_same_rows(self):
        self.client.force_login(self.region_a_editor)
        unfilled = sections(self.region_a_editor)[f"fill-{self.period.pk}"].items[1]
        page = self.client.get(unfilled.url)
        self.assertContains(page, "双台子污水厂")
        self.assertNotContains(page, "双台子物流园")

    def test_another_districts_clerk_sees_only_its_own(self):
        mine = sections(self.region_b_editor)
        self.assertEqual(mine[f"fill-{self.period.pk}"].count, 1)  # project B, not filled
        self.assertNotIn("answer", mine)

    def test_the_reviewer_sees_the_submissions_waiting(self):
        section = sections(self.region_a_reviewer)[f"review-{self.period.pk}"]
        self.assertEqual(section.count, 1)
        self.assertIn("双台子物流园", section.items[0].text)
        self.assertNotIn(f"fill-{self.period.pk}", sections(self.region_a_reviewer))

    def test_before_the_deadline_nothing_is_late(self):
        section = sections(self.region_a_editor, on=dt.date(2026, 11, 20))[f"fill-{self.period.pk}"]
        self.assertIn("截止 2026-11-25", section.title)
        self.assertFalse(any(item.late for item in section.items))


class CoordinatorTests(TodoTestCase):
    def test_the_coordinator_is_told_what_to_chase_and_what_to_distribute(self):
        mine = sections(self.coordinator)
        # Due 5 (A, zone, A2, A3, B); reported 1 (A2 submitted): 4 to chase.
        self.assertEqual(mine[f"chase-{self.period.pk}"].count, 4)
        self.assertEqual(mine[f"chase-{self.period.pk}"].more_url, reverse("progress:period", args=[self.period.pk]))
        self.assertEqual(mine["distribute"].count, 1)
        self.assertEqual(mine["distribute"].items[0].url, self.raised.get_absolute_url())
        self.assertNotIn(f"fill-{self.period.pk}", mine)  # the coordinator edits but does not fill

    def test_nothing_to_chase_before_the_deadline(self):
        self.assertNotIn(f"chase-{self.period.pk}", sections(self.coordinator, on=dt.date(2026, 11, 25)))


class DepartmentTests(TodoTestCase):
    def test_the_department_sees_the_problem_to_answer_until_it_answers(self):
        section = sections(self.department)["answer"]
        self.assertEqual(section.count, 1)
        item = section.items[0]
        self.assertEqual((item.text, item.deadline, item.late), ("双台子化工项目：规划", dt.date(2026, 11, 20), True))
        problems.answer_problem(self.problem, actor=self.department, text="已完成规划条件论证")
        self.assertNotIn("answer", sections(self.department))

    def test_the_department_sees_its_procedures_in_hand_with_the_late_ones(self):
        section = sections(self.dept_y_user)[f"procedures-{self.dept_y.pk}"]
        self.assertEqual(section.count, 1)
        self.assertEqual(section.more_url, reverse("approvals:department", args=[self.dept_y.pk]))
        self.assertEqual(section.items[0].note, "已用33个工作日，时限20个")
        # The project page it links to opens for the department (it issues the procedure).
        self.client.force_login(self.dept_y_user)
        self.assertEqual(self.client.get(section.items[0].url).status_code, 200)
        self.assertNotIn(f"procedures-{self.dept_y.pk}", sections(self.department))

    def test_the_department_sees_the_decisions_it_is_responsible_for(self):
        meeting = problems.create_meeting(self.city, actor=self.coordinator, kind="special", title="专题调度会",
                                          date=dt.date(2026, 11, 2))
        problems.add_decision(meeting, actor=self.coordinator, text="加快规划审查", deadline=dt.date(2026, 11, 27),
                              departments=[self.dept_x])
        item = sections(self.department)["decisions"].items[0]
        self.assertEqual((item.text, item.late), ("专题调度会 第1项：加快规划审查", True))


class LeaderSecretaryOwnerInspectorTests(TodoTestCase):
    def test_the_leader_sees_the_problems_escalated_to_it(self):
        self.assertNotIn("escalated", sections(self.leader_user))
        problem = self.problem
        while problem.leader_id != self.leader.pk:
            problems.escalate_problem(problem, actor=self.coordinator, reason="部门逾期未办结")
            problem.refresh_from_db()
        section = sections(self.leader_user)["escalated"]
        self.assertEqual((section.count, section.items[0].url), (1, self.problem.get_absolute_url()))

    def test_the_secretary_and_the_owner_see_what_is_late_on_their_projects(self):
        # Project A: the overdue problem, the procedure over its limit, and the November report not submitted.
        for user, key in ((self.secretary, "secretary"), (self.owner, "owner_users")):
            section = sections(user)[key]
            self.assertEqual(section.count, 3, user)
            self.assertEqual([i.note for i in section.items],
                             ["问题逾期未解决", "已用33个工作日，时限20个", "已过截止日3天"])

    def test_the_inspector_sees_the_overdue_problems_to_supervise(self):
        mine = sections(self.inspector)
        self.assertEqual(mine["supervise-problems"].count, 1)
        self.assertNotIn("supervise-decisions", mine)


class TodoPageTests(TodoTestCase):
    def test_home_and_todo_page_show_the_sections(self):
        self.client.force_login(self.region_a_editor)
        for url in (reverse("home"), reverse("todo")):
            page = self.client.get(url)
            self.assertContains(page, "被退回，请修改后重报")
            self.assertContains(page, "本月完成投资与形象进度不符")

    def test_a_user_with_nothing_waiting_is_told_so(self):
        self.client.force_login(self.nobody)
        self.assertContains(self.client.get(reverse("todo")), "目前没有等您处理的事项")


class TodoApiTests(TodoTestCase):
    def test_the_api_gives_the_same_sections(self):
        self.client.force_login(self.department)
        answer = {s["key"]: s for s in self.client.get("/api/v1/todo/").json()}["answer"]
        self.assertEqual((answer["count"], answer["items"][0]["deadline"], answer["items"][0]["late"]),
                         (1, "2026-11-20", True))

    def test_the_api_needs_a_login(self):
        self.assertIn(self.client.get("/api/v1/todo/").status_code, (401, 403))
