"""Targets: set and split by the project office, their standing on the page, who sees and edits what."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tuijin.core.models import AuditEntry
from tuijin.core.testing_views import ScopedApiChecks, ScopedViewChecks
from tuijin.targets import services
from tuijin.targets.models import Target

from .test_indicators import IndicatorWorld

D = dt.date
BEIJING = dt.timezone(dt.timedelta(hours=8))


def target(**fields):
    return Target(**{"year": 2026, "checkpoint": D(2026, 12, 31), "comparator": "gte", **fields})


@time_machine.travel(dt.datetime(2026, 6, 30, 10, tzinfo=BEIJING), tick=False)
class TargetTests(ScopedViewChecks, IndicatorWorld):
    """On 30 June 2026 in the indicator world: new starts by then a1 (30 Jun) and b2 (10 Feb) in the city."""

    cases = [
        ("targets:target", lambda t: {"pk": t.city_target.pk}, "get", "coordinator", None, "region_a_editor"),
        ("targets:target", lambda t: {"pk": t.part_b.pk}, "get", "region_b_editor", None, "region_a_editor"),
    ]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel(dt.datetime(2026, 6, 30, 10, tzinfo=BEIJING), tick=False):
            cls.city_target = services.create_target(target(title="新开工项目4个以上", indicator="new_starts",
                                                            region=cls.city, value=Decimal(4)), actor=cls.coordinator)
            cls.part_a = services.create_target(target(title="新开工项目4个以上", indicator="new_starts",
                                                       region=cls.region_a, value=Decimal(2), parent=cls.city_target),
                                                actor=cls.coordinator)
            cls.part_b = services.create_target(target(title="新开工项目4个以上", indicator="new_starts",
                                                       region=cls.region_b, value=Decimal(1), parent=cls.city_target),
                                                actor=cls.coordinator)

    def test_the_city_target_stands_on_track_and_its_parts_are_shown_not_adding_up(self):
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("targets:target_list"))
        row = page.content.decode().split(f'data-testid="target-{self.city_target.pk}"')[1].split("</tr>")[0]
        # Actual 2 (a1, b2) against 4 × 181/365 = 1.98 expected by 30 June: 序时达标; gap 4 − 2 = 2.
        self.assertIn(">2</a>", row)
        self.assertIn("1.98", row)
        self.assertIn("序时达标", row)
        # Parts 2 + 1 = 3 ≠ 4.
        self.assertIn("分解合计 3，与目标值不一致", row)

    def test_a_district_sees_its_own_part_and_not_the_city_or_another_district(self):
        self.client.force_login(self.region_a_editor)
        page = self.client.get(reverse("targets:target_list")).content.decode()
        self.assertIn(f'data-testid="target-{self.part_a.pk}"', page)
        self.assertNotIn(f'data-testid="target-{self.city_target.pk}"', page)
        self.assertNotIn(f'data-testid="target-{self.part_b.pk}"', page)

    def test_only_the_project_office_sets_targets(self):
        with self.assertRaises(PermissionDenied):
            services.create_target(target(title="x", indicator="new_starts", region=self.region_a, value=1),
                                   actor=self.region_a_editor)
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.post(reverse("targets:target", args=[self.part_a.pk]), {}).status_code, 403)

    def test_an_edit_is_kept_in_history_and_the_change_log(self):
        self.client.force_login(self.coordinator)
        url = reverse("targets:target", args=[self.part_a.pk])
        data = {"title": "新开工项目3个以上", "year": 2026, "indicator": "new_starts", "region": self.region_a.pk,
                "checkpoint": "2026-12-31", "comparator": "gte", "value": "3", "parent": self.city_target.pk,
                "version": self.part_a.version, "change_reason": "市政府调整分解方案"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Target.objects.get(pk=self.part_a.pk).value, Decimal("3.00"))
        entry = AuditEntry.objects.filter(kind="target.update").get()
        self.assertEqual(entry.reason, "市政府调整分解方案")
        self.assertIn("目标值", entry.changes)
        self.assertContains(self.client.get(url), "市政府调整分解方案")
        # The same form again, from the old version: refused, nothing saved over it.
        data["value"] = "9"
        self.client.post(url, data)
        self.assertEqual(Target.objects.get(pk=self.part_a.pk).value, Decimal("3.00"))

    def test_a_june_checkpoint_passed_is_met_or_not(self):
        june = services.create_target(target(title="上半年新开工超过2个", indicator="new_starts", region=self.city,
                                             value=Decimal(2), comparator="gt", checkpoint=D(2026, 6, 30)),
                                      actor=self.coordinator)
        self.client.force_login(self.coordinator)
        # Actual on 30 June 2 (a1 that day, b2): 超过2 is not met.
        self.assertContains(self.client.get(june.get_absolute_url()), "未完成")

    def test_a_task_that_is_not_a_number_is_reported_by_its_department(self):
        task = services.create_target(target(title="完成土地利用总体规划中期评估", region=self.city,
                                             department=self.dept_x, lead_unit="市自然资源局"), actor=self.coordinator)
        self.client.force_login(self.department)
        url = task.get_absolute_url()
        self.client.post(url, {"action": "task", "task_status": "done", "evidence": "评估报告已印发（盘政发〔2026〕3号）",
                               "version": task.version})
        task.refresh_from_db()
        self.assertEqual((task.task_status, task.evidence), ("done", "评估报告已印发（盘政发〔2026〕3号）"))
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.get(url).status_code, 404)


@time_machine.travel(dt.datetime(2026, 6, 30, 10, tzinfo=BEIJING), tick=False)
class TargetApiTests(ScopedApiChecks, IndicatorWorld):
    cases = [
        ("api:target-detail", lambda t: {"pk": t.city_target.pk}, "get", "coordinator", None, "region_a_editor"),
    ]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.city_target = services.create_target(target(title="新开工项目4个以上", indicator="new_starts",
                                                        region=cls.city, value=Decimal(4)), actor=cls.coordinator)

    def test_the_list_gives_each_target_with_its_standing(self):
        self.client.force_login(self.coordinator)
        found = self.client.get("/api/v1/targets/?year=2026").json()["results"]
        self.assertEqual(len(found), 1)
        body = found[0]
        # As on the page: actual 2 by 30 June, 1.98 expected, gap 2.
        self.assertEqual((body["actual"], body["expected"], body["status"], body["gap"], body["unit"], body["scope"]),
                         ("2", "1.98", "on_track", "2.00", "个", "211100"))
        self.assertIn("/targets/indicators/new_starts/rows/?scope=211100", body["rows_url"])

    def test_the_project_office_creates_and_edits_through_the_api_and_a_district_cannot(self):
        self.client.force_login(self.coordinator)
        made = self.client.post("/api/v1/targets/", {
            "title": "续建项目1个以上", "year": 2026, "indicator": "continuing", "region": self.region_a.pk,
            "checkpoint": "2026-12-31", "comparator": "gte", "value": "1", "parent": self.city_target.pk},
            content_type="application/json")
        self.assertEqual(made.status_code, 201, made.content)
        pk = made.json()["id"]
        stale = self.client.patch(f"/api/v1/targets/{pk}/", {"value": "2", "version": 0},
                                  content_type="application/json")
        self.assertEqual(stale.status_code, 409, stale.content)
        fresh = self.client.patch(f"/api/v1/targets/{pk}/", {"value": "2", "version": made.json()["version"]},
                                  content_type="application/json")
        self.assertEqual((fresh.status_code, fresh.json()["value"]), (200, "2.00"))
        self.client.force_login(self.region_a_editor)
        refused = self.client.post("/api/v1/targets/", {
            "title": "x", "year": 2026, "indicator": "new_starts", "region": self.region_a.pk,
            "checkpoint": "2026-12-31", "comparator": "gte", "value": "1"}, content_type="application/json")
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(self.client.patch(f"/api/v1/targets/{pk}/", {"value": "5", "version": 2},
                                           content_type="application/json").status_code, 403)
        self.assertEqual(self.client.get(f"/api/v1/targets/{self.city_target.pk}/").status_code, 404)

    def test_an_unknown_indicator_is_named(self):
        self.client.force_login(self.coordinator)
        answer = self.client.post("/api/v1/targets/", {
            "title": "x", "year": 2026, "indicator": "happiness", "region": self.city.pk, "checkpoint": "2026-12-31",
            "comparator": "gte", "value": "1"}, content_type="application/json")
        self.assertEqual(answer.status_code, 400)
        self.assertIn("未知的指标", str(answer.json()))
