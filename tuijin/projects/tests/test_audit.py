"""Every change to a project lands once in the change log: who, what (before → after), why."""

import datetime
from unittest import mock
from decimal import Decimal

import time_machine
from django.core.exceptions import ValidationError
from django.test import TransactionTestCase
from django.urls import reverse

from tuijin.core.models import AuditEntry
from tuijin.core.testing import PersonaTestCase, Personas, make_project
from tuijin.org.models import Department
from tuijin.projects import services
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project, ProjectList, WorkLog

TODAY = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def entries(kind):
    return list(AuditEntry.objects.filter(kind=kind))


class ProjectAuditTests(PersonaTestCase):
    def new_project(self, **fields):
        values = {"name": "双台子新材料项目", "owner_unit": "盘锦新材料有限公司", "region": self.region_a,
                  "industry": "C", "category": "industry", "total_investment": Decimal("8000")}
        values.update(fields)
        return Project(**values)

    def test_creating_a_project_is_logged_with_what_was_entered(self):
        project = services.create_project(self.new_project(), actor=self.region_a_editor,
                                          responsible_departments=[self.dept_x], reason="年度谋划")
        [entry] = entries("project.create")
        self.assertEqual((entry.actor, entry.project_id, entry.region_path, entry.reason),
                         (self.region_a_editor, project.pk, self.region_a.path, "年度谋划"))
        self.assertEqual(entry.changes["项目名称"], ["", "双台子新材料项目"])
        self.assertEqual(entry.changes["总投资（万元）"], ["", "8000.00"])
        self.assertEqual(entry.changes["责任单位"], ["", "市工业和信息化局"])
        self.assertNotIn("建设地点", entry.changes)  # left blank: nothing to show
        self.assertEqual(project.history.first().history_user, self.region_a_editor)

    def test_an_edit_is_logged_with_before_and_after_of_the_changed_fields_only(self):
        project = Project.objects.get(pk=self.project_a.pk)
        project.total_investment = Decimal("15000")
        project.address = "双台子区化工园"
        services.update_project(project, expected_version=project.version, actor=self.region_a_editor,
                                responsible_departments=[self.dept_y], reason="可研批复调整")
        [entry] = entries("project.update")
        self.assertEqual(entry.changes, {"总投资（万元）": ["12000.00", "15000.00"], "建设地点": ["", "双台子区化工园"],
                                         "责任单位": ["", "市自然资源局"]})
        self.assertEqual((entry.actor, entry.reason, entry.project_id), (self.region_a_editor, "可研批复调整",
                                                                           project.pk))
        self.assertIn("总投资", entry.summary)

    def test_a_refused_edit_writes_nothing(self):
        project = Project.objects.get(pk=self.project_a.pk)
        project.total_investment = Decimal("-1")
        with self.assertRaises(ValidationError):
            services.update_project(project, expected_version=project.version, actor=self.region_a_editor)
        self.assertEqual(entries("project.update"), [])

    @time_machine.travel(TODAY, tick=False)
    def test_a_stage_move_is_logged_with_the_dates_it_set_and_the_reason(self):
        project = make_project(self.region_a, stage=Stage.PREPARATION)
        services.transition_stage(project, Stage.CONSTRUCTION, actor=self.region_a_editor,
                                  effective_date=datetime.date(2026, 11, 2), override=True, reason="线性工程无需施工许可",
                                  construction_permit="无")
        [entry] = entries("project.stage")
        self.assertEqual(entry.summary, "阶段：前期 → 在建")
        self.assertEqual(entry.changes["项目阶段"], ["前期", "在建"])
        self.assertEqual(entry.changes["实际开工日期"], ["", "2026-11-02"])
        self.assertEqual((entry.reason, entry.data["override"]), ("线性工程无需施工许可", True))

    def test_adding_and_removing_from_a_list_is_logged_once_each(self):
        kept = ProjectList.objects.create(name="市重点项目", year=2026, region=self.city)
        services.add_to_list(kept, self.project_a, actor=self.coordinator)
        services.add_to_list(kept, self.project_a, actor=self.coordinator)  # already in: nothing changes
        services.remove_from_list(kept, self.project_a, actor=self.coordinator)
        [added], [removed] = entries("list.add"), entries("list.remove")
        self.assertEqual((added.project_id, added.changes), (self.project_a.pk, {"清单": ["", "2026年市重点项目"]}))
        self.assertEqual(removed.changes, {"清单": ["2026年市重点项目", ""]})


class CreateIsAtomicTests(Personas, TransactionTestCase):
    """Outside a test transaction, as a page or the API runs it: a create that fails halfway keeps nothing."""

    def setUp(self):
        self.build_personas()

    def test_a_failed_create_leaves_no_project_and_no_entry(self):
        # Defect 3: the project is saved before its departments and lists are linked; a step that fails after
        # the save must take the project back out with it.
        project = Project(name="双台子新材料项目", owner_unit="盘锦新材料有限公司", region=self.region_a, industry="C",
                          category="industry", total_investment=Decimal("8000"))
        with mock.patch("tuijin.projects.services.refresh_list_memberships", side_effect=RuntimeError("清单不可用")), \
                self.assertRaises(RuntimeError):
            services.create_project(project, actor=self.region_a_editor, responsible_departments=[self.dept_x])
        self.assertFalse(Project.objects.filter(name="双台子新材料项目").exists())
        self.assertEqual(entries("project.create"), [])

    def test_a_department_that_may_not_be_responsible_is_refused_before_anything_is_saved(self):
        ghost = Department(slug="ghost", name="未建部门", region=self.city)
        project = Project(name="双台子新材料项目", owner_unit="盘锦新材料有限公司", region=self.region_a, industry="C",
                          category="industry", total_investment=Decimal("8000"))
        with self.assertRaisesMessage(ValidationError, "责任单位应为项目所在区域或其上级的部门：未建部门"):
            services.create_project(project, actor=self.region_a_editor, responsible_departments=[ghost])
        self.assertFalse(Project.objects.filter(name="双台子新材料项目").exists())


class WorkLogAuditTests(PersonaTestCase):
    def test_the_work_log_page_writes_through_the_service_and_the_log(self):
        self.client.force_login(self.secretary)
        response = self.client.post(reverse("projects:work_log", args=[self.project_a.pk]),
                                    {"day": "2026-11-20", "kind": "call", "text": "电话协调施工用水"})
        self.assertContains(response, "电话协调施工用水")
        [entry] = entries("worklog.add")
        log = WorkLog.objects.get()
        self.assertEqual((entry.actor, entry.project_id, entry.data["work_log_id"]),
                         (self.secretary, self.project_a.pk, log.pk))
        self.assertIn("电话沟通", entry.summary)

    def test_a_reader_cannot_write_in_the_log_through_the_service(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaisesMessage(PermissionDenied, "服务秘书"):
            services.add_work_log(self.project_a, actor=self.leader_user, day=datetime.date(2026, 11, 20),
                                  kind="visit", text="x")
        self.assertFalse(WorkLog.objects.exists())


class ProjectListAuditTests(PersonaTestCase):
    def test_a_list_saved_in_the_admin_is_logged_and_its_members_computed(self):
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(pk=self.coordinator.pk).update(is_staff=True)
        self.client.force_login(self.coordinator)
        response = self.client.post("/admin/projects/projectlist/add/", {
            "name": "亿元以上项目", "year": 2026, "region": self.city.pk, "rule": "investment",
            "min_total_investment": "10000", "categories": "", "include_stages": ""})
        self.assertEqual(response.status_code, 302)
        project_list = ProjectList.objects.get(name="亿元以上项目")
        # 化工 12000 and 道路 250000 are at or above 10000 万元; 园区 3000 is not.
        self.assertEqual(project_list.memberships.count(), 2)
        [entry] = entries("list.save")
        self.assertEqual((entry.actor, entry.region_path, entry.data["rule_members"]),
                         (self.coordinator, self.city.path, 2))
        self.assertEqual(entry.changes["总投资不低于（万元）"], ["", "10000.00"])

    def test_a_region_editor_cannot_put_a_list_in_another_region(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            services.save_project_list(ProjectList(name="越界清单", year=2026, region=self.region_b),
                                       actor=self.region_a_editor)
        self.assertFalse(ProjectList.objects.filter(name="越界清单").exists())
