"""A problem's whole path, deadlines in working days, escalation by hand and by the overdue job."""

import datetime as dt
import io

import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from tuijin.core.models import Notification
from tuijin.problems import services
from tuijin.problems.choices import ProblemStatus
from tuijin.problems.testing import ProblemTestCase


def on(day):
    return time_machine.travel(dt.datetime(*day, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)


def run_job():
    out = io.StringIO()
    call_command("escalate_overdue", stdout=out)
    return out.getvalue().strip()


class ProblemPathTests(ProblemTestCase):
    def test_raised_to_closed_through_two_escalations_across_national_day(self):
        with on((2026, 9, 28)):  # Monday before 国庆 (1–7 October off, Saturday 10 October worked)
            problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                             description="规划条件调整未批复", help_wanted="请自然资源局加快审查")
            # 属地: 5 working days → 29, 30 Sep, 8, 9 Oct and the adjusted Saturday 10 Oct.
            self.assertEqual(problem.deadline, dt.date(2026, 10, 10))
            self.assertEqual(Notification.objects.filter(user=self.coordinator).count(), 1)
        with on((2026, 9, 29)):
            services.distribute_problem(problem, actor=self.coordinator, departments=[self.dept_x])
            problem.refresh_from_db()
            # 规划: 7 working days from 29 Sep → 30 Sep, 8, 9, 10 (Sat), 12, 13, 14 Oct.
            self.assertEqual((problem.status, problem.level, problem.deadline),
                             (ProblemStatus.DISTRIBUTED, 1, dt.date(2026, 10, 14)))
            self.assertTrue(Notification.objects.filter(user=self.department, key__startswith="problem-assigned").exists())
        with on((2026, 10, 13)):
            self.assertEqual(run_job(), "escalated=0 notified=2")  # due tomorrow: a warning to coordinator and department
        with on((2026, 10, 15)):
            self.assertEqual(run_job(), "escalated=1 notified=2")
            problem.refresh_from_db()
            # 分管副市长: the vice mayor of the city; 7 working days from 15 Oct → 26 Oct.
            self.assertEqual((problem.level, problem.leader, problem.deadline), (2, self.leader, dt.date(2026, 10, 26)))
            self.assertTrue(Notification.objects.filter(user=self.leader_user, key__startswith="problem-escalated").exists())
            self.assertEqual(run_job(), "escalated=0 notified=0")  # a second run the same day does nothing
        with on((2026, 10, 16)):
            with self.assertRaises(PermissionDenied):
                services.escalate_problem(problem, actor=self.department, reason="部门无权")
            services.escalate_problem(problem, actor=self.coordinator, reason="涉及多个部门，需常务副市长协调")
            problem.refresh_from_db()
            self.assertEqual((problem.level, problem.leader, problem.deadline),
                             (3, self.executive, dt.date(2026, 10, 27)))
        with on((2026, 10, 20)):
            with self.assertRaises(PermissionDenied):
                services.answer_problem(problem, actor=self.region_b_editor, text="不相干的人")
            services.answer_problem(problem, actor=self.department, text="已完成规划条件调整审查，10月20日批复")
            problem.refresh_from_db()
            self.assertEqual(problem.status, ProblemStatus.ANSWERED)
            with self.assertRaises(ValidationError):
                services.close_problem(problem, actor=self.coordinator)  # not yet confirmed by the raiser
            services.confirm_problem(problem, actor=self.region_a_editor, solved=True)
            services.close_problem(problem, actor=self.coordinator, note="销号")
            problem.refresh_from_db()
        self.assertEqual((problem.status, problem.solved_on, problem.closed_on),
                         (ProblemStatus.CLOSED, dt.date(2026, 10, 20), dt.date(2026, 10, 20)))
        self.assertEqual([e.kind for e in problem.events.all()],
                         ["raised", "distributed", "escalated", "escalated", "answered", "confirmed", "closed"])
        self.assertEqual(problem.history.count(), 7)
        self.assertIsNone(problem.events.filter(kind="escalated").first().actor)  # the job, not a person

    def test_the_raiser_can_send_an_answer_back_and_the_department_answers_again(self):
        problem = services.raise_problem(self.project_a, actor=self.owner, category=self.category, description="断电")
        services.distribute_problem(problem, actor=self.coordinator, departments=[self.dept_x])
        services.answer_problem(problem, actor=self.department, text="已协调")
        with self.assertRaises(ValidationError):
            services.confirm_problem(problem, actor=self.owner, solved=False, reason="")
        services.confirm_problem(problem, actor=self.owner, solved=False, reason="仍未通电")
        problem.refresh_from_db()
        self.assertEqual(problem.status, ProblemStatus.DISTRIBUTED)
        services.answer_problem(problem, actor=self.department, text="已通电")
        problem.refresh_from_db()
        self.assertEqual(problem.status, ProblemStatus.ANSWERED)

    def test_who_may_raise(self):
        with self.assertRaises(PermissionDenied):
            services.raise_problem(self.project_a, actor=self.region_b_editor, category=self.category, description="x")
        with self.assertRaises(PermissionDenied):
            services.raise_problem(self.project_a, actor=self.department, category=self.category, description="x")
        services.raise_problem(self.project_a, actor=self.secretary, category=self.category, description="x")

    def test_only_the_coordinator_distributes(self):
        problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                         description="x")
        for person in (self.region_a_editor, self.department, self.leader_user):
            with self.assertRaises(PermissionDenied):
                services.distribute_problem(problem, actor=person, departments=[self.dept_x])

    def test_escalate_overdue_run_twice_escalates_once_and_notifies_once(self):
        with on((2026, 11, 2)):
            problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                             description="x")
            services.distribute_problem(problem, actor=self.coordinator, departments=[self.dept_x],
                                deadline=dt.date(2026, 11, 5))
        with on((2026, 11, 9)):
            mail.outbox.clear()
            run_job()
            run_job()
        problem.refresh_from_db()
        self.assertEqual(problem.level, 2)
        self.assertEqual(problem.events.filter(kind="escalated").count(), 1)
        keys = list(Notification.objects.filter(user=self.department).values_list("key", flat=True))
        self.assertEqual(len(keys), len(set(keys)))
        self.assertEqual(Notification.objects.filter(user=self.leader_user).count(), 1)

    def test_an_uncovered_year_leaves_the_deadline_open_and_says_why(self):
        with on((2026, 12, 28)):  # five working days reach into 2027, which the package lacks
            problem = services.raise_problem(self.project_a, actor=self.region_a_editor, category=self.category,
                                             description="跨年问题")
            self.assertIsNone(problem.deadline)
            self.assertIn("2027年的法定节假日和调休安排尚未录入", problem.events.get().text)
            with self.assertRaisesMessage(ValidationError, "请直接填写办理时限"):
                services.distribute_problem(problem, actor=self.coordinator, departments=[self.dept_x])
            services.distribute_problem(problem, actor=self.coordinator, departments=[self.dept_x],
                                deadline=dt.date(2027, 1, 8))
            problem.refresh_from_db()
            self.assertEqual(problem.deadline, dt.date(2027, 1, 8))
