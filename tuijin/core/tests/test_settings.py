"""系统参数: typed, validated on save with a message that says what to write, parsed once per request,
and every change in the history and the change log."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from tuijin.core import parameters
from tuijin.core.lib.ladder import Level
from tuijin.core.models import AuditEntry, Setting
from tuijin.core.services import update_setting
from tuijin.core.testing import PersonaTestCase
from tuijin.problems.ladder import cycle_days, ladder


class TypedSettingTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin = get_user_model().objects.create_superuser("admin", password="pw-admin")

    def test_every_default_is_valid_for_its_type(self):
        for key, entry in parameters.PARAMETERS.items():
            with self.subTest(key=key):
                entry.parse(entry.default)
        self.assertEqual(set(Setting.DEFAULTS), set(parameters.PARAMETERS))

    def test_typed_values_of_the_defaults(self):
        self.assertEqual(Setting.typed("leader_threshold"), Decimal("200000"))
        self.assertIs(Setting.typed("demo_data"), False)
        self.assertEqual(Setting.typed("approval_target_days"), 51)
        self.assertEqual(Setting.typed("schedule_weights"), (Decimal(1),) * 12)
        # 大连's ladder: two levels without a city leader, then ranks 1, 2, 3.
        self.assertEqual(ladder()[2], Level(2, "分管副市长", 7, 1))
        self.assertEqual([level.rank for level in ladder()], [None, None, 1, 2, 3])
        self.assertEqual(cycle_days(), (10, 15, 25))

    def test_the_old_getters_keep_working(self):
        Setting.put("secretary_threshold", "6000.5")
        Setting.put("owners_may_report", "是")
        self.assertEqual(Setting.get_decimal("secretary_threshold"), Decimal("6000.5"))
        self.assertEqual(Setting.get("owners_may_report"), "true")  # stored in one spelling
        self.assertTrue(Setting.get_bool("owners_may_report"))
        self.assertEqual(Setting.get_int("report_deadline_day"), 25)

    def test_wrong_values_are_refused_with_what_to_write(self):
        refused = {
            "schedule_weights": ("1,1,1", "序时进度月度权重须为12个非负数，以逗号分隔"),
            "leader_threshold": ("-5", "包保领导配置标准须为不小于0的数（万元）"),
            "approval_target_share": ("120", "0至100之间"),
            "approval_target_days": ("51.5", "整数"),
            "demo_data": ("maybe", "true（是）、false（否）"),
            "escalation_ladder": ("属地:5,市长:10:4", "第2级“市长:10:4”的领导层级应为1（副市长）、2（常务副市长）或3（市长）"),
            "problem_cycle_days": ("15,10,25", "3个递增的日期"),
        }
        for key, (value, message) in refused.items():
            with self.subTest(key=key), self.assertRaisesMessage(ValidationError, message):
                update_setting(key, value, actor=self.admin)
        self.assertFalse(Setting.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_a_ladder_level_without_working_days_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "第1级“属地”应写成“名称:办理时限工作日”"):
            update_setting("escalation_ladder", "属地,市直部门:7", actor=self.admin)

    def test_a_change_is_in_the_history_and_the_change_log(self):
        update_setting("leader_threshold", "100000", actor=self.admin, reason="市委决定：10亿元以上项目由市领导包保")
        update_setting("leader_threshold", "150000", actor=self.admin)
        first, second = AuditEntry.objects.filter(kind="setting.update").order_by("pk")
        self.assertEqual((first.actor, first.changes, first.reason),
                         (self.admin, {"包保领导配置标准": ["200000", "100000"]}, "市委决定：10亿元以上项目由市领导包保"))
        self.assertEqual(second.changes, {"包保领导配置标准": ["100000", "150000"]})
        self.assertEqual(second.summary, "系统参数“包保领导配置标准”：100000 → 150000")
        history = Setting.objects.get(key="leader_threshold").history.order_by("history_date")
        self.assertEqual([(h.value, h.history_user) for h in history], [("100000", self.admin), ("150000", self.admin)])
        self.assertEqual(Setting.get_decimal("leader_threshold"), Decimal("150000"))

    def test_only_an_administrator_changes_a_setting(self):
        with self.assertRaisesMessage(PermissionDenied, "系统管理员"):
            update_setting("leader_threshold", "100000", actor=self.coordinator)
        self.assertEqual(Setting.get_decimal("leader_threshold"), Decimal("200000"))

    def test_a_value_saved_before_validation_existed_falls_back_to_the_default(self):
        Setting.objects.create(key="schedule_weights", value="1,2")
        self.assertEqual(Setting.typed("schedule_weights"), (Decimal(1),) * 12)


class OncePerRequestTests(PersonaTestCase):
    def test_a_request_reads_all_parameters_in_one_query_and_parses_each_once(self):
        # The request's start and end as the handler sends them, without Django's own handler that closes
        # the database connection (inside a test's transaction, as the test client does too).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.addCleanup(request_started.connect, close_old_connections)
        self.addCleanup(request_finished.connect, close_old_connections)
        request_started.send(sender=self.__class__)
        try:
            with CaptureQueriesContext(connection) as queries:
                for _ in range(3):
                    ladder()
                    Setting.get_decimal("leader_threshold")
                    Setting.get_int("approval_target_days")
            self.assertEqual(len(queries), 1)
            self.assertIs(ladder(), ladder())  # the same parsed levels, not parsed again
            # A save in the request (the admin's) is read back at once.
            Setting.put("approval_target_days", "45")
            self.assertEqual(Setting.get_int("approval_target_days"), 45)
        finally:
            request_finished.send(sender=self.__class__)

    def test_outside_a_request_nothing_is_kept(self):
        self.assertEqual(Setting.get_int("secretary_max_projects"), 3)
        Setting.objects.create(key="secretary_max_projects", value="4")
        # A bulk update sends no signal: nothing was kept, so the next read sees it.
        Setting.objects.filter(key="secretary_max_projects").update(value="5")
        self.assertEqual(Setting.get_int("secretary_max_projects"), 5)

    def test_a_command_may_keep_them_for_its_run(self):
        with parameters.cached(), CaptureQueriesContext(connection) as queries:
            for _ in range(5):
                Setting.get_int("deadline_warning_days")
        self.assertEqual(len(queries), 1)


class SettingAdminTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin = get_user_model().objects.create_superuser("admin", password="pw-admin")
        get_user_model().objects.filter(pk=cls.coordinator.pk).update(is_staff=True)

    def test_the_list_shows_every_parameter_with_its_type_and_current_value(self):
        Setting.put("secretary_threshold", "6000")
        self.client.force_login(self.admin)
        page = self.client.get("/admin/core/setting/")
        self.assertEqual(page.status_code, 200)
        for key in parameters.PARAMETERS:
            self.assertContains(page, f"<code>{key}</code>")
        self.assertContains(page, "金额（万元）")
        self.assertContains(page, "协调层级")
        self.assertContains(page, "<td>6000</td>", html=False)
        self.assertContains(page, "/admin/core/setting/add/?key=escalation_ladder")
        # Issue 17: the ones never saved show their default, marked 默认; the meaning opens the parameter.
        for key, entry in parameters.PARAMETERS.items():
            if key != "secretary_threshold":
                self.assertContains(page, f"{entry.default} <span class=\"help\">（默认）</span>", html=False)
        self.assertContains(page, '<a href="/admin/core/setting/add/?key=leader_threshold">'
                                  '包保领导配置标准：总投资不低于（万元）</a>', html=False)

    def test_the_admin_validates_with_the_same_rule_and_saves_through_the_service(self):
        self.client.force_login(self.admin)
        bad = self.client.post("/admin/core/setting/add/?key=schedule_weights",
                               {"key": "schedule_weights", "value": "1,1,1,-1,1,1,1,1,1,1,1,1"})
        self.assertContains(bad, "序时进度月度权重须为12个非负数，以逗号分隔")
        self.assertFalse(Setting.objects.exists())
        good = self.client.post("/admin/core/setting/add/?key=schedule_weights",
                                {"key": "schedule_weights", "value": "0，0,1,1,1,1,1,1,1,1,1,0",
                                 "reason": "冬季停工"})
        self.assertEqual(good.status_code, 302)
        [entry] = AuditEntry.objects.filter(kind="setting.update")
        self.assertEqual((entry.actor, entry.reason), (self.admin, "冬季停工"))
        self.assertEqual(entry.changes["序时进度月度权重"][1], "0,0,1,1,1,1,1,1,1,1,1,0")
        row = Setting.objects.get()
        edit = self.client.post(f"/admin/core/setting/{row.pk}/change/", {"value": "属地:5"})
        self.assertContains(edit, "序时进度月度权重须为12个非负数")  # the row's own key decides the type
        self.assertEqual(Setting.objects.get().value, "0,0,1,1,1,1,1,1,1,1,1,0")

    def test_a_coordinator_cannot_change_settings_in_the_admin(self):
        self.client.force_login(self.coordinator)
        response = self.client.post("/admin/core/setting/add/", {"key": "leader_threshold", "value": "1"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Setting.objects.exists())
