""""Overdue" is one rule: open, and the deadline day has passed ("每月N日前" includes day N).

The world, built through the services on Monday 2 November 2026 and looked at on Tuesday 10 November:
problems due 9 Nov (yesterday), 10 Nov (today) and 11 Nov (tomorrow), one due 5 Nov already closed,
one due 5 Nov confirmed solved; decisions due on the same days, and one due 5 Nov already done.
Only the ones due yesterday are overdue, wherever the figure is shown.
"""

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from tuijin.problems import services
from tuijin.problems.models import Decision, Problem
from tuijin.problems.testing import ProblemTestCase

from .test_services import on

MONDAY, TUESDAY = (2026, 11, 2), (2026, 11, 10)
DAY = {"yesterday": dt.date(2026, 11, 9), "today": dt.date(2026, 11, 10), "tomorrow": dt.date(2026, 11, 11),
       "last week": dt.date(2026, 11, 5)}


class OverdueWorld(ProblemTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with on(MONDAY):
            cls.problems = {}
            for name in ("yesterday", "today", "tomorrow", "closed", "solved"):
                problem = services.raise_problem(cls.project_a, actor=cls.region_a_editor, category=cls.category,
                                                 description=f"到期：{name}")
                deadline = DAY.get(name, DAY["last week"])
                services.distribute_problem(problem, actor=cls.coordinator, departments=[cls.dept_x],
                                            deadline=deadline)
                cls.problems[name] = problem
            for name in ("closed", "solved"):
                problem = cls.problems[name]
                services.answer_problem(problem, actor=cls.department, text="已办结")
                services.confirm_problem(problem, actor=cls.region_a_editor, solved=True)
            services.close_problem(cls.problems["closed"], actor=cls.coordinator)
            cls.meeting = services.create_meeting(cls.city, actor=cls.coordinator, kind="monthly",
                                                  title="11月调度会", date=dt.date(*MONDAY), chair=cls.leader)
            cls.decisions = {name: services.add_decision(cls.meeting, actor=cls.coordinator, text=f"议定：{name}",
                                                         deadline=DAY[name if name != "done" else "last week"],
                                                         departments=[cls.dept_x])
                             for name in ("yesterday", "today", "tomorrow", "done")}
            services.close_decision(cls.decisions["done"], actor=cls.department, text="已完成")


class OverdueQuerysetTests(OverdueWorld):
    def test_a_problem_due_yesterday_is_overdue_one_due_today_is_not(self):
        with on(TUESDAY):
            self.assertEqual(list(Problem.objects.overdue()), [self.problems["yesterday"]])
        self.assertEqual(list(Problem.objects.overdue(on=dt.date(*TUESDAY))), [self.problems["yesterday"]])
        # On the 12th the ones due the 10th and 11th have passed too; closed and solved ones never count.
        self.assertEqual({p.description for p in Problem.objects.overdue(on=dt.date(2026, 11, 12))},
                         {"到期：yesterday", "到期：today", "到期：tomorrow"})
        self.assertEqual({p.description for p in Problem.objects.open()},
                         {"到期：yesterday", "到期：today", "到期：tomorrow"})
        self.assertEqual({p.description for p in Problem.objects.solved()}, {"到期：closed", "到期：solved"})

    def test_an_open_problem_without_a_deadline_is_never_overdue(self):
        with on((2026, 12, 28)):  # the deadline would fall in 2027, a year the calendar lacks: none is set
            problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                             description="跨年")
        self.assertIsNone(problem.deadline)
        self.assertNotIn(problem, Problem.objects.overdue(on=dt.date(2030, 1, 1)))
        self.assertIn(problem, Problem.objects.open())

    def test_a_decision_due_yesterday_is_overdue_one_due_today_or_done_is_not(self):
        with on(TUESDAY):
            self.assertEqual(list(Decision.objects.overdue()), [self.decisions["yesterday"]])
            self.assertEqual([d.is_overdue for d in self.meeting.decisions.order_by("number")],
                             [True, False, False, False])
        self.assertEqual(list(Decision.objects.overdue(on=dt.date(2026, 11, 11))),
                         [self.decisions["yesterday"], self.decisions["today"]])
        self.assertEqual(Decision.objects.open().count(), 3)

    def test_a_problem_page_agrees_with_the_queryset(self):
        self.client.force_login(self.coordinator)
        with on(TUESDAY):
            for name, overdue in (("yesterday", True), ("today", False), ("tomorrow", False), ("closed", False)):
                with self.subTest(name=name):
                    page = self.client.get(self.problems[name].get_absolute_url())
                    self.assertEqual(page.context["overdue"], overdue)
                    self.assertEqual("已逾期" in page.content.decode(), overdue)


class OverdueEverywhereTests(OverdueWorld):
    """Board, figures, list filter, API, meetings page, leader page and the job all count one."""

    def test_the_board_figures_list_and_api_count_the_problem_due_yesterday(self):
        self.client.force_login(self.coordinator)
        api = APIClient()
        api.force_authenticate(self.coordinator)
        with on(TUESDAY):
            board = self.client.get(reverse("problems:board"))
            self.assertEqual(board.context["overdue"], 1)
            listed = self.client.get(board.context["overdue_link"])
            self.assertEqual([p.pk for p in listed.context["table"].page.object_list.data],
                             [self.problems["yesterday"].pk])
            figures = self.client.get(reverse("problems:figures"), {"by": "category", "year": 2026})
            self.assertEqual([(r["name"], r["raised"], r["solved"], r["overdue"]) for r in figures.context["rows"]],
                             [("规划", 5, 2, 1)])
            self.assertEqual(api.get("/api/v1/problems/", {"overdue": "true"}).data["count"], 1)
            self.assertEqual(api.get("/api/v1/problems/", {"status": "open"}).data["count"], 3)

    def test_the_list_filters_overdue_or_not_and_by_a_named_level_and_keeps_dates_on_one_line(self):
        self.client.force_login(self.coordinator)
        with on(TUESDAY):
            def listed(**query):
                page = self.client.get(reverse("problems:problem_list"), query)
                return page, {p.pk for p in page.context["table"].page.object_list.data}

            page, overdue = listed(overdue="true")
            self.assertEqual(overdue, {self.problems["yesterday"].pk})
            # 未逾期: the four others — due today or tomorrow, or finished though their day has passed.
            self.assertEqual(listed(overdue="false")[1], {p.pk for p in self.problems.values()} - overdue)
            self.assertContains(page, '<option value="true" selected>仅看逾期</option>', html=True)
            # 协调层级 is chosen by name from the city's ladder, not typed as a number.
            self.assertContains(page, '<option value="1">市直部门</option>', html=True)
            self.assertEqual(len(listed(level="1")[1]), 5)  # distributed to 市工业和信息化局: all five
            self.assertEqual(listed(level="0")[1], set())
            self.assertContains(page, f'<td class="text-nowrap"><span class="badge bg-red text-red-fg">{DAY["yesterday"]}')

    def test_the_meetings_and_leader_pages_list_the_decision_due_yesterday(self):
        Problem.objects.filter(pk=self.problems["today"].pk).update(leader=self.leader)  # held by the leader
        with on(TUESDAY):
            self.client.force_login(self.coordinator)
            meetings = self.client.get(reverse("meetings:meeting_list"))
            self.assertEqual(list(meetings.context["overdue_decisions"]), [self.decisions["yesterday"]])
            detail = self.client.get(self.meeting.get_absolute_url())
            self.assertEqual(detail.content.decode().count(">逾期<"), 1)
            self.client.force_login(self.leader_user)
            leader = self.client.get(reverse("leader", args=[self.leader.pk]))
            self.assertEqual(list(leader.context["decisions"]), [self.decisions["yesterday"]])
            self.assertEqual(list(leader.context["problems"]), [self.problems["today"]])

    def test_the_overdue_job_escalates_only_the_problem_due_yesterday(self):
        out = io.StringIO()
        with on(TUESDAY):
            call_command("escalate_overdue", stdout=out)
        self.assertTrue(out.getvalue().startswith("escalated=1 "))
        levels = {name: Problem.objects.get(pk=p.pk).level for name, p in self.problems.items()}
        self.assertEqual(levels, {"yesterday": 2, "today": 1, "tomorrow": 1, "closed": 1, "solved": 1})
