"""Leaders and departments are kept through services (the admin calls them): each save is in the log."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from tuijin.core.models import AuditEntry
from tuijin.core.roles import Role
from tuijin.core.testing import PersonaTestCase
from tuijin.org import services
from tuijin.org.models import Department, Leader, LeaderRank, Region, RegionKind, RoleAssignment


class LeaderDepartmentTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_city = Region.objects.create(code="210800", name="营口市", kind=RegionKind.CITY)
        cls.other_coordinator = get_user_model().objects.create_user("yk_coordinator", password="x")
        RoleAssignment.objects.create(user=cls.other_coordinator, role=Role.COORDINATOR, region=cls.other_city)
        get_user_model().objects.filter(pk=cls.coordinator.pk).update(is_staff=True)

    def test_a_new_leader_is_logged_with_what_was_entered(self):
        leader = services.save_leader(Leader(name="王建国", title="常务副市长", rank=LeaderRank.EXECUTIVE_VICE_MAYOR,
                                             region=self.city), actor=self.coordinator, reason="人事调整")
        [entry] = AuditEntry.objects.filter(kind="leader.save")
        self.assertEqual((entry.subject_id, entry.actor, entry.region_path, entry.reason),
                         (leader.pk, self.coordinator, self.city.path, "人事调整"))
        self.assertEqual(entry.changes["层级"], ["", "常务副市长"])
        self.assertEqual(entry.summary, "新增包保领导：常务副市长 王建国")

    def test_an_edit_logs_before_and_after(self):
        leader = Leader.objects.get(pk=self.leader.pk)
        leader.title, leader.active = "市委常委、副市长", False
        services.save_leader(leader, actor=self.coordinator)
        [entry] = AuditEntry.objects.filter(kind="leader.save")
        self.assertEqual(entry.changes, {"职务": ["副市长", "市委常委、副市长"], "在任": [True, False]})

    def test_region_editors_and_other_cities_are_refused_and_nothing_is_saved(self):
        department = Department.objects.get(pk=self.dept_x.pk)
        department.name = "改名"
        with self.assertRaisesMessage(PermissionDenied, "项目办"):
            services.save_department(department, actor=self.region_a_editor)
        with self.assertRaises(PermissionDenied):
            services.save_department(department, actor=self.other_coordinator)
        # Nor may a coordinator put a new department into another city.
        with self.assertRaises(PermissionDenied):
            services.save_department(Department(slug="ykfgw", name="营口市发改委", region=self.other_city),
                                     actor=self.coordinator)
        self.assertEqual(Department.objects.get(pk=self.dept_x.pk).name, "市工业和信息化局")
        self.assertFalse(Department.objects.filter(slug="ykfgw").exists())
        self.assertFalse(AuditEntry.objects.filter(kind="department.save").exists())

    def test_the_admin_saves_a_department_through_the_service(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(f"/admin/org/department/{self.dept_x.pk}/change/", {
            "slug": "gxj", "name": "市工业和信息化局（市国资委）", "region": self.city.pk, "sort_order": 0})
        self.assertEqual(response.status_code, 302)
        [entry] = AuditEntry.objects.filter(kind="department.save")
        self.assertEqual((entry.actor, entry.changes), (self.coordinator, {"名称": ["市工业和信息化局",
                                                                                 "市工业和信息化局（市国资委）"]}))


class AccountActionAuditTests(PersonaTestCase):
    def test_unlocking_and_marking_a_wall_display_are_logged(self):
        from django.urls import reverse

        self.client.force_login(self.coordinator)
        self.client.post(reverse("accounts:unlock"), {"username": "region_a"})
        self.client.post(reverse("accounts:display_account"), {"username": "region_b", "exempt": "1"})
        self.client.post(reverse("accounts:display_account"), {"username": "region_b", "exempt": "1"})  # no change
        [unlock] = AuditEntry.objects.filter(kind="account.unlock")
        [display] = AuditEntry.objects.filter(kind="account.display")
        self.assertEqual((unlock.actor, unlock.subject_id), (self.coordinator, self.region_a_editor.pk))
        self.assertEqual((display.subject_id, display.changes), (self.region_b_editor.pk, {"闲置不自动退出": [False, True]}))

    def test_a_region_editor_cannot_mark_accounts_through_the_service(self):
        with self.assertRaisesMessage(PermissionDenied, "本地区的账号"):
            services.set_display_account(self.region_b_editor, True, actor=self.region_a_editor)
