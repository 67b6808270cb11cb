import datetime
from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tuijin.core.concurrency import ConcurrentEditError
from tuijin.core.testing import PersonaTestCase, make_project
from tuijin.projects import services
from tuijin.projects.choices import ListRule, Stage
from tuijin.projects.models import Project, ProjectList, StageTransition

TODAY = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@time_machine.travel(TODAY, tick=False)
class TransitionTests(PersonaTestCase):
    def setUp(self):
        self.project = make_project(self.region_a, stage=Stage.PREPARATION)

    def move(self, to_stage, **kwargs):
        return services.transition_stage(self.project, to_stage, actor=self.region_a_editor, **kwargs)

    def test_start_needs_a_start_date(self):
        with self.assertRaisesMessage(ValidationError, "实际开工日期"):
            self.move(Stage.CONSTRUCTION, construction_permit="211102202611010001")

    def test_start_needs_a_construction_permit_or_an_override_with_reason(self):
        with self.assertRaisesMessage(ValidationError, "施工许可"):
            self.move(Stage.CONSTRUCTION, effective_date=datetime.date(2026, 11, 2))
        with self.assertRaisesMessage(ValidationError, "原因"):
            self.move(Stage.CONSTRUCTION, effective_date=datetime.date(2026, 11, 2), override=True)
        transition = self.move(Stage.CONSTRUCTION, effective_date=datetime.date(2026, 11, 2), override=True,
                               reason="线性工程，按规定无需办理施工许可")
        self.assertTrue(transition.override)

    def test_a_start_lists_every_missing_piece_at_once(self):
        # No start date, no permit, an override without a reason... one at a time the clerk would need
        # three tries; all three come back together, each at its field.
        with self.assertRaises(ValidationError) as refused:
            self.move(Stage.CONSTRUCTION)
        self.assertEqual(set(refused.exception.message_dict), {"effective_date", "construction_permit"})
        with self.assertRaises(ValidationError) as refused:
            self.move(Stage.CONSTRUCTION, override=True)
        self.assertEqual(set(refused.exception.message_dict), {"effective_date", "reason"})
        self.assertIn("越过规则须写明原因", refused.exception.message_dict["reason"][0])
        self.assertEqual(Project.objects.get(pk=self.project.pk).stage, Stage.PREPARATION)

    def test_a_start_with_its_permit_needs_no_reason_and_the_form_says_so(self):
        from tuijin.projects.forms import TransitionForm

        Project.objects.filter(pk=self.project.pk).update(construction_permit="211102202611010001")
        hint = str(TransitionForm(project=self.project).fields["reason"].help_text)
        self.assertIn("越过规则", hint)
        self.assertNotIn("在建", hint)  # the form no longer promises a rule the service does not apply
        self.move(Stage.CONSTRUCTION, effective_date=datetime.date(2026, 11, 2))
        self.assertEqual(Project.objects.get(pk=self.project.pk).stage, Stage.CONSTRUCTION)

    def test_a_typed_permit_number_is_not_a_permit(self):
        with self.assertRaisesMessage(ValidationError, "前期手续"):
            self.move(Stage.CONSTRUCTION, effective_date=datetime.date(2026, 11, 2), construction_permit="随便写的")
        self.project.refresh_from_db()
        self.assertEqual((self.project.stage, self.project.construction_permit), (Stage.PREPARATION, ""))

    def test_start_records_who_when_and_the_start_date(self):
        # The 施工许可证 procedure, once done, gives the project its permit number (approvals.services).
        Project.objects.filter(pk=self.project.pk).update(construction_permit="211102202611010001")
        self.move(Stage.CONSTRUCTION, effective_date=datetime.date(2026, 11, 2))
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, Stage.CONSTRUCTION)
        self.assertEqual(self.project.actual_start, datetime.date(2026, 11, 2))
        self.assertEqual(self.project.construction_permit, "211102202611010001")
        record = StageTransition.objects.get(project=self.project)
        self.assertEqual((record.from_stage, record.to_stage, record.actor), ("preparation", "construction",
                                                                               self.region_a_editor))
        self.assertIn("阶段变更", self.project.history.first().history_change_reason)

    def test_a_start_in_the_future_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "不能晚于今天"):
            self.move(Stage.CONSTRUCTION, effective_date=datetime.date(2026, 11, 25), construction_permit="x")

    def test_skipping_stages_is_refused_and_nothing_changes(self):
        reserve = make_project(self.region_a)
        with self.assertRaisesMessage(ValidationError, "不能从“谋划储备”直接转为“竣工”"):
            services.transition_stage(reserve, Stage.COMPLETED, actor=self.coordinator,
                                      effective_date=datetime.date(2026, 1, 1))
        reserve.refresh_from_db()
        self.assertEqual(reserve.stage, Stage.RESERVE)
        self.assertFalse(StageTransition.objects.filter(project=reserve).exists())

    def test_suspending_needs_a_reason(self):
        with self.assertRaisesMessage(ValidationError, "原因"):
            self.move(Stage.SUSPENDED)
        self.move(Stage.SUSPENDED, reason="资金未到位")
        self.assertEqual(Project.objects.get(pk=self.project.pk).stage, Stage.SUSPENDED)

    def test_completion_cannot_precede_the_start(self):
        self.move(Stage.CONSTRUCTION, effective_date=datetime.date(2026, 3, 1), override=True, reason="线性工程")
        with self.assertRaisesMessage(ValidationError, "不能早于开工日期"):
            self.move(Stage.COMPLETED, effective_date=datetime.date(2026, 2, 1))

    def test_a_user_of_another_region_cannot_move_the_project(self):
        with self.assertRaises(PermissionDenied):
            services.transition_stage(self.project, Stage.RESERVE, actor=self.region_b_editor)

    def test_readers_cannot_move_the_project(self):
        with self.assertRaises(PermissionDenied):
            services.transition_stage(self.project, Stage.RESERVE, actor=self.leader_user)


class EditTests(PersonaTestCase):
    def test_a_save_from_an_old_version_is_refused(self):
        first = Project.objects.get(pk=self.project_a.pk)
        second = Project.objects.get(pk=self.project_a.pk)
        first.name = "甲的修改"
        services.update_project(first, expected_version=1, actor=self.region_a_editor)
        second.name = "乙的修改"
        with self.assertRaises(ConcurrentEditError) as caught:
            services.update_project(second, expected_version=1, actor=self.coordinator)
        self.assertEqual(caught.exception.current.name, "甲的修改")
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).name, "甲的修改")

    def test_a_region_user_cannot_move_a_project_into_another_region(self):
        project = Project.objects.get(pk=self.project_a.pk)
        project.region = self.region_b
        with self.assertRaises(PermissionDenied):
            services.update_project(project, expected_version=project.version, actor=self.region_a_editor)
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).region, self.region_a)

    def test_a_region_user_cannot_create_in_another_region(self):
        project = Project(name="越界项目", owner_unit="x", region=self.region_b, industry="C", category="industry",
                          total_investment=Decimal("1"))
        with self.assertRaises(PermissionDenied):
            services.create_project(project, actor=self.region_a_editor)
        self.assertFalse(Project.objects.filter(name="越界项目").exists())

    def test_negative_investment_is_refused(self):
        project = Project.objects.get(pk=self.project_a.pk)
        project.total_investment = Decimal("-1")
        with self.assertRaisesMessage(ValidationError, "不能为负数"):
            services.update_project(project, expected_version=project.version, actor=self.coordinator)


class ListMembershipTests(PersonaTestCase):
    def setUp(self):
        self.yi_list = ProjectList.objects.create(name="亿元以上项目清单", year=2026, region=self.city,
                                                  rule=ListRule.INVESTMENT, min_total_investment=Decimal("10000"))
        services.recompute_list(self.yi_list)

    def members(self):
        return set(self.yi_list.memberships.values_list("project__name", flat=True))

    def test_rule_list_holds_projects_at_or_above_the_threshold(self):
        self.assertEqual(self.members(), {"双台子化工项目", "兴隆台道路项目"})

    def test_membership_follows_an_edit_of_total_investment(self):
        project = Project.objects.get(pk=self.project_zone.pk)
        project.total_investment = Decimal("10000.00")
        services.update_project(project, expected_version=project.version, actor=self.coordinator)
        self.assertIn("园区配套项目", self.members())
        project.total_investment = Decimal("9999.99")
        services.update_project(project, expected_version=project.version, actor=self.coordinator)
        self.assertNotIn("园区配套项目", self.members())

    def test_withdrawn_projects_leave_rule_lists_but_hand_added_members_stay(self):
        manual = ProjectList.objects.create(name="集中开工", year=2026, region=self.city)
        services.add_to_list(manual, self.project_a, actor=self.coordinator)
        services.transition_stage(self.project_a, Stage.WITHDRAWN, actor=self.coordinator, reason="企业放弃")
        self.assertNotIn("双台子化工项目", self.members())
        self.assertTrue(manual.memberships.filter(project=self.project_a).exists())


class LeaderAssignmentTests(PersonaTestCase):
    """A city 包保领导 is assigned by the coordinator; a district can neither set nor change one."""

    def test_a_district_clerk_cannot_assign_the_packaging_leader(self):
        project = Project(name="新登记项目", owner_unit="某公司", region=self.region_a, industry="C",
                          category="industry", total_investment=Decimal("300000"), leader=self.leader)
        with self.assertRaisesMessage(PermissionDenied, "包保领导由项目办"):
            services.create_project(project, actor=self.region_a_editor)
        self.assertFalse(Project.objects.filter(name="新登记项目").exists())
        self.project_a.leader = self.leader
        with self.assertRaises(PermissionDenied):
            services.update_project(self.project_a, expected_version=self.project_a.version,
                                    actor=self.region_a_editor)
        self.assertIsNone(Project.objects.get(pk=self.project_a.pk).leader_id)
        services.update_project(self.project_a, expected_version=self.project_a.version, actor=self.coordinator)
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).leader, self.leader)

    def test_the_api_does_not_take_a_permit_number_or_a_leader_from_a_district(self):
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(self.region_a_editor)
        url = f"/api/v1/projects/{self.project_a.pk}/"
        response = client.patch(url, {"construction_permit": "假的", "version": 1}, format="json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Project.objects.get(pk=self.project_a.pk).construction_permit, "")
        response = client.patch(url, {"leader": self.leader.pk, "version": 2}, format="json")
        self.assertEqual(response.status_code, 403)


class RegisteredInStageTests(PersonaTestCase):
    def test_a_project_registered_under_construction_is_recorded_with_what_it_lacks(self):
        project = Project(name="已在建的登记项目", owner_unit="某公司", region=self.region_a, industry="C",
                          category="industry", total_investment=Decimal("8000"), stage=Stage.CONSTRUCTION,
                          actual_start=datetime.date(2025, 5, 1))
        services.create_project(project, actor=self.region_a_editor)
        record = StageTransition.objects.get(project=project)
        self.assertEqual((record.from_stage, record.to_stage), ("", "construction"))
        self.assertEqual(record.reason, "按实际阶段登记入库，待入库审核（待补：施工许可证（前期手续））")
        self.client.force_login(self.region_a_editor)
        self.assertContains(self.client.get(project.get_absolute_url()), "待补充：施工许可证（前期手续）")
