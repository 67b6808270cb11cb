"""`manage.py load_plan <document>`: each policy document's targets and tasks, with the clause each comes from."""

import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import CommandError

from tuijin.core.models import AuditEntry
from tuijin.core.testing import PersonaTestCase
from tuijin.org.models import Region, RegionKind
from tuijin.targets import indicators
from tuijin.targets.loading import load_plan
from tuijin.targets.models import Plan, Target

D = dt.date


def rows(plan):
    return sorted((t.title, t.indicator, t.region.code, str(t.value), t.checkpoint, t.parent.title if t.parent else "")
                  for t in plan.targets.select_related("region", "parent"))


class LoadPlanChecks(PersonaTestCase):
    """Helpers: load a document into the personas' 盘锦市 (211100: 双台子区, 兴隆台区, 双台子园区)."""

    def load(self, key, region=None):
        out = io.StringIO()
        report = load_plan(key, region, stdout=out)
        return report, out.getvalue()

    def one(self, plan, title, **more):
        return Target.objects.get(plan=plan, title=title, **more)

    def assert_target(self, plan, title, indicator, value, comparator, checkpoint, clause_part, filters=None):
        """A numeric target as the document states it, or — when the indicator is not registered in this
        branch yet — reported as skipped."""
        if indicator not in indicators.REGISTRY:
            self.assertFalse(plan.targets.filter(title=title).exists())
            return
        row = self.one(plan, title)
        self.assertEqual((row.indicator, row.value, row.comparator, row.checkpoint, row.filters, row.region),
                         (indicator, Decimal(value), comparator, checkpoint, filters or {}, plan.region))
        self.assertIn(clause_part, row.clause)
        self.assertTrue(row.basis)

    def assert_idempotent(self, key):
        first, _ = self.load(key)
        before = rows(first.plan)
        again, _ = self.load(key)
        self.assertEqual(rows(again.plan), before)
        self.assertEqual(Plan.objects.filter(key=key).count(), 1)
        self.assertEqual((again.targets, again.tasks, again.skipped), (first.targets, first.tasks, first.skipped))


class Panjin2017Tests(LoadPlanChecks):

    def test_the_2017_targets_are_loaded_into_the_top_city(self):
        report, out = self.load("panjin-2017")
        plan = report.plan
        self.assertEqual((plan.region, plan.year), (self.city, 2017))
        # 新开工亿元以上重点项目 90: 亿元 = 10000 万元, "完成90项" ≥ 90 by year end.
        self.assert_target(plan, "新开工亿元以上重点项目90项", "new_starts", 90, "gte", D(2017, 12, 31),
                           "全年完成新开工亿元以上重点项目90项", {"min_total": "10000"})
        self.assert_target(plan, "竣工亿元以上重点项目129项", "completions", 129, "gte", D(2017, 12, 31),
                           "全年实现竣工亿元以上重点项目129项", {"min_total": "10000"})
        self.assert_target(plan, "续建亿元以上重点产业项目240项", "continuing", 240, "gte", D(2017, 12, 31),
                           "续建亿元以上重点产业项目240项", {"min_total": "10000", "category": "industry"})
        self.assert_target(plan, "包装储备亿元以上重点项目110项", "reserve_added", 110, "gte", D(2017, 12, 31),
                           "全年包装储备亿元以上重点项目110项", {"min_total": "10000"})
        # 十三五: "超过500项" is strictly more, counted 2016–2020; 10亿元 = 100000 万元.
        five_hundred = self.one(plan, "“十三五”亿元以上新开工重点项目超过500项")
        self.assertEqual((five_hundred.comparator, five_hundred.year, five_hundred.end_year, five_hundred.checkpoint),
                         ("gt", 2016, 2020, D(2020, 12, 31)))
        self.assertEqual(self.one(plan, "“十三五”10亿元以上新开工重大项目50个以上").filters, {"min_total": "100000"})
        self.assert_target(plan, "全年固定资产投资增长13%", "fai_growth", 13, "gte", D(2017, 12, 31), "全年固定资产投资增长13%")
        self.assertIn("loaded: ", out.splitlines()[-1])

    def test_tasks_carry_their_lead_units_and_a_number_without_an_indicator_stays_a_task(self):
        plan = self.load("panjin-2017")[0].plan
        helped = self.one(plan, "实施领导帮扶项目100项")
        self.assertEqual((helped.indicator, helped.lead_unit, helped.value), ("", "市发改委、市经信委", None))
        self.assertIn("作为任务登记", helped.basis)
        land = self.one(plan, "组织完成1万亩耕地开发项目")
        self.assertEqual((land.lead_unit, land.checkpoint), ("市国土资源局", D(2017, 12, 31)))
        self.assertEqual(self.one(plan, "全年开展境外招商活动不少于6次").lead_unit, "市经合局")

    def test_splits_go_to_the_districts_there_are_and_the_others_are_reported(self):
        report, out = self.load("panjin-2017")
        city_task = self.one(report.plan, "加大合作共建力度", parent=None)
        parts = {t.region.name: t.title for t in city_task.parts.select_related("region")}
        self.assertEqual(parts, {"兴隆台区": "抓好中蓝电子产业园二期，打造电子信息、新材料等4个园中园",
                                 "双台子区": "抓好精细化工科技孵化器建设"})
        self.assertIn("跳过：抓好东北快递物流园区建设 → 盘山县（本库没有该区域）", out)
        self.assertIn("跳过：抓好华润啤酒文化产业园建设 → 大洼区（本库没有该区域）", out)

    def test_running_it_again_replaces_the_rows(self):
        self.assert_idempotent("panjin-2017")

    def test_the_report_counts_what_was_loaded_and_skipped(self):
        report, out = self.load("panjin-2017")
        self.assertEqual(report.targets + report.tasks, report.plan.targets.count())
        self.assertEqual(out.splitlines()[-1],
                         f"loaded: {report.targets} targets, {report.tasks} tasks, {report.skipped} skipped")
        self.assertEqual(AuditEntry.objects.filter(kind="target.create").count(), report.plan.targets.count())
        self.assertEqual(AuditEntry.objects.filter(kind="target.create").first().actor_name, "系统")


class RegionAndCommandTests(LoadPlanChecks):

    def test_region_attaches_the_plan_to_another_city_and_leaves_the_first_alone(self):
        other = Region.objects.create(code="220100", name="长春市", kind=RegionKind.CITY)
        Region.objects.create(code="220102", name="南关区", kind=RegionKind.DISTRICT, parent=other)
        self.load("panjin-2017")
        report, _ = self.load("panjin-2017", "220100")
        self.assertEqual(report.plan.region, other)
        self.assertEqual(set(report.plan.targets.values_list("region__code", flat=True)), {"220100"})
        self.assertEqual(Plan.objects.filter(key="panjin-2017").count(), 2)

    def test_the_command_prints_each_row_and_a_last_line(self):
        out = io.StringIO()
        call_command("load_plan", "dalian-2023", "--region", "211100", stdout=out)
        lines = out.getvalue().strip().splitlines()
        self.assertTrue(lines[-1].startswith("loaded: "))
        self.assertTrue(any(line.startswith("任务：建立“六个清单”") for line in lines))

    def test_an_unknown_region_code_is_refused(self):
        with self.assertRaises(CommandError):
            call_command("load_plan", "yuqing", "--region", "999999", stdout=io.StringIO())
