"""批示 by leaders and 督办 by the inspector: who may write them, what is saved, who hears of it."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tuijin.core.models import AuditEntry, Notification
from tuijin.core.roles import Role
from tuijin.core.testing_views import ScopedViewChecks
from tuijin.org.models import Leader, RoleAssignment
from tuijin.problems import services
from tuijin.problems.choices import InstructionKind, ProblemEventKind
from tuijin.problems.models import Instruction
from tuijin.problems.testing import ProblemTestCase


class InstructionTestCase(ProblemTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        User = get_user_model()
        cls.inspector = User.objects.create_user(username="inspector", password="pw-inspector")
        RoleAssignment.objects.create(user=cls.inspector, role=Role.INSPECTOR, region=cls.city)
        cls.inspector_b = User.objects.create_user(username="inspector_b", password="pw-inspector_b")
        RoleAssignment.objects.create(user=cls.inspector_b, role=Role.INSPECTOR, region=cls.region_b)
        # A district leader of region B: reads region B only.
        cls.leader_b_user = User.objects.create_user(username="leader_b", password="pw-leader_b")
        RoleAssignment.objects.create(user=cls.leader_b_user, role=Role.LEADER, region=cls.region_b)
        Leader.objects.create(name="宋凯", title="区长", region=cls.region_b, user=cls.leader_b_user)
        cls.problem = services.raise_problem(cls.project_a, actor=cls.region_a_editor, category=cls.category,
                                             description="规划条件调整未批复")
        services.distribute_problem(cls.problem, actor=cls.coordinator, departments=[cls.dept_x],
                                    deadline=dt.date(2099, 1, 1))
        meeting = services.create_meeting(cls.city, actor=cls.coordinator, kind="special", title="专题调度会",
                                          date=dt.date(2026, 3, 1))
        cls.decision = services.add_decision(meeting, actor=cls.coordinator, text="加快规划审查",
                                             deadline=dt.date(2099, 1, 1), departments=[cls.dept_x], problem=cls.problem)


class GiveInstructionTests(InstructionTestCase):
    def test_leader_instruction_on_problem_is_saved_in_timeline_audit_and_notified_once(self):
        before = Notification.objects.count()
        instruction = services.give_instruction(self.problem, " 请市自然资源局一周内办结 ", actor=self.leader_user,
                                                kind=InstructionKind.INSTRUCTION)
        self.assertEqual((instruction.text, instruction.kind, instruction.problem),
                         ("请市自然资源局一周内办结", "instruction", self.problem))
        event = self.problem.events.last()
        self.assertEqual((event.kind, event.actor, event.text),
                         (ProblemEventKind.INSTRUCTED, self.leader_user, "请市自然资源局一周内办结"))
        entry = AuditEntry.objects.get(kind="instruction.give")
        self.assertEqual((entry.actor, entry.project_id, entry.region_path),
                         (self.leader_user, self.project_a.pk, self.region_a.path))
        # Concerned: editor and reviewer of region A (also the raiser), dept X's user, the secretary = 4.
        told = set(Notification.objects.filter(key=f"instruction:{instruction.pk}").values_list("user__username",
                                                                                               flat=True))
        self.assertEqual(told, {"region_a", "reviewer_a", "dept_x", "secretary"})
        self.assertEqual(Notification.objects.count() - before, 4)
        self.assertNotIn(self.region_b_editor.username, told)

    def test_leader_may_instruct_the_project_it_packages_only(self):
        self.project_a.leader = self.leader
        self.project_a.save(update_fields=["leader"])
        services.give_instruction(self.project_a, "加快开工", actor=self.leader_user, kind="instruction")
        with self.assertRaises(PermissionDenied):  # project B is not packaged by 刘海涛
            services.give_instruction(self.project_b, "加快开工", actor=self.leader_user, kind="instruction")
        self.assertEqual(Instruction.objects.filter(project=self.project_a).count(), 1)

    def test_leader_of_another_region_and_other_roles_are_refused(self):
        for user, kind in [(self.leader_b_user, "instruction"), (self.region_a_editor, "instruction"),
                           (self.coordinator, "instruction"), (self.leader_user, "supervision"),
                           (self.inspector_b, "supervision"), (self.inspector, "instruction")]:
            with self.subTest(user=user.username, kind=kind), self.assertRaises(PermissionDenied):
                services.give_instruction(self.problem, "请加快", actor=user, kind=kind)
        self.assertFalse(Instruction.objects.exists())

    def test_inspector_supervises_problems_and_decisions_of_its_region(self):
        services.give_instruction(self.problem, "督办：请按时限办结", actor=self.inspector, kind="supervision")
        note = services.give_instruction(self.decision, "督办：第1项尚未落实", actor=self.inspector,
                                         kind="supervision")
        self.assertEqual(self.problem.events.last().kind, ProblemEventKind.SUPERVISED)
        self.assertTrue(AuditEntry.objects.filter(kind="supervision.give", subject_id=self.decision.pk).exists())
        # The decision's department and the project's district hear of it.
        told = set(Notification.objects.filter(key=f"instruction:{note.pk}").values_list("user__username", flat=True))
        self.assertTrue({"dept_x", "region_a", "coordinator"} <= told)
        with self.assertRaises(PermissionDenied):  # a leader gives 批示 on problems and projects, not decisions
            services.give_instruction(self.decision, "请加快", actor=self.leader_user, kind="instruction")

    def test_empty_text_is_refused_at_the_field(self):
        with self.assertRaises(ValidationError) as refused:
            services.give_instruction(self.problem, "  ", actor=self.leader_user, kind="instruction")
        self.assertEqual(refused.exception.message_dict, {"text": ["请填写批示内容"]})
        self.assertFalse(Instruction.objects.exists())


class InstructionPageTests(ScopedViewChecks, InstructionTestCase):
    # test_user_of_another_region_gets_404 posts to each as the other region's inspector.
    hand_checked = ["problems:instructions", "meetings:decision_instructions", "problems:project_instructions"]

    def box_url(self, name, obj):
        return reverse(name, args=[obj.pk])

    def test_leader_sees_the_form_writes_and_everyone_sees_the_note(self):
        self.client.force_login(self.leader_user)
        page = self.client.get(self.problem.get_absolute_url())
        self.assertContains(page, 'data-testid="instruction-form"')
        answer = self.client.post(self.box_url("problems:instructions", self.problem),
                                  {"kind": "instruction", "text": "请一周内办结"}, HTTP_HX_REQUEST="true")
        self.assertContains(answer, "请一周内办结")
        self.client.force_login(self.region_a_editor)
        page = self.client.get(self.problem.get_absolute_url())
        self.assertContains(page, "请一周内办结")
        self.assertNotContains(page, 'data-testid="instruction-form"')  # a clerk reads, does not write

    def test_empty_text_answers_400_with_the_message_at_the_field(self):
        self.client.force_login(self.leader_user)
        answer = self.client.post(self.box_url("problems:instructions", self.problem), {"kind": "instruction", "text": " "})
        self.assertContains(answer, "请填写批示内容", status_code=400)
        self.assertFalse(Instruction.objects.exists())

    def test_clerk_posting_gets_403(self):
        self.client.force_login(self.region_a_editor)
        answer = self.client.post(self.box_url("problems:instructions", self.problem), {"kind": "instruction", "text": "x"})
        self.assertEqual(answer.status_code, 403)

    def test_user_of_another_region_gets_404(self):
        self.client.force_login(self.inspector_b)
        for name, obj in [("problems:instructions", self.problem), ("meetings:decision_instructions", self.decision),
                          ("problems:project_instructions", self.project_a)]:
            with self.subTest(name):
                answer = self.client.post(self.box_url(name, obj), {"kind": "supervision", "text": "督办"})
                self.assertEqual(answer.status_code, 404)
        self.client.force_login(self.leader_b_user)
        self.assertEqual(self.client.post(f"/api/v1/problems/{self.problem.pk}/instructions/",
                                          {"kind": "instruction", "text": "x"}).status_code, 404)

    def test_inspector_supervises_a_decision_from_the_meeting_page(self):
        self.client.force_login(self.inspector)
        page = self.client.get(self.decision.meeting.get_absolute_url())
        self.assertContains(page, f'id="instructions-decision-{self.decision.pk}"')
        self.client.post(self.box_url("meetings:decision_instructions", self.decision),
                         {"kind": "supervision", "text": "第1项请本周落实"})
        self.client.force_login(self.department)
        self.assertContains(self.client.get(self.decision.meeting.get_absolute_url()), "第1项请本周落实")

    def test_packaging_leader_writes_on_the_project_problems_tab(self):
        self.project_a.leader = self.leader
        self.project_a.save(update_fields=["leader"])
        self.client.force_login(self.leader_user)
        tab = self.client.get(reverse("problems:project_tab", args=[self.project_a.pk]))
        self.assertContains(tab, 'data-testid="instruction-form"')
        self.client.post(self.box_url("problems:project_instructions", self.project_a),
                         {"kind": "instruction", "text": "项目要加快开工"})
        self.assertEqual(self.project_a.instructions.get().author, self.leader_user)


class InstructionApiTests(InstructionTestCase):
    def test_leader_posts_a_instruction_and_empty_text_is_400(self):
        self.client.force_login(self.leader_user)
        url = f"/api/v1/problems/{self.problem.pk}/instructions/"
        answer = self.client.post(url, {"kind": "instruction", "text": "请加快"})
        self.assertEqual((answer.status_code, answer.json()["text"]), (201, "请加快"))
        self.assertEqual(self.client.post(url, {"kind": "instruction", "text": ""}).status_code, 400)
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.post(url, {"kind": "instruction", "text": "x"}).status_code, 403)
