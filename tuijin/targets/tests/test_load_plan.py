"""`manage.py load_plan <document>`: each policy document's targets and tasks, with the clause each comes from."""

import datetime as dt
import io
from decimal import Decimal
from unittest import mock

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
        # 银企对接会不少于8次: the financial office's count of events (an external figure), at least 8.
        self.assert_target(plan, "全年召开银企对接会不少于8次", "bank_events", 8, "gte", D(2017, 12, 31),
                           "全年召开银企对接会不少于8次")
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
        self.assertTrue(any(line.startswith("任务：建立“六个清单”并将") for line in lines))

    def test_an_unknown_region_code_is_refused(self):
        with self.assertRaises(CommandError):
            call_command("load_plan", "yuqing", "--region", "999999", stdout=io.StringIO())


class YuqingTests(LoadPlanChecks):

    def test_the_batches_and_the_campaign_phases_are_tasks_with_their_units(self):
        report, _ = self.load("yuqing")
        plan = report.plan
        self.assertEqual((plan.year, report.targets, report.skipped), (2011, 0, 0))
        self.assertEqual(self.one(plan, "新开工一批重大项目").lead_unit, "县发展改革局")
        funds = self.one(plan, "重点产业招商工作组完成到位资金110亿元的招商任务")
        self.assertEqual(funds.indicator, "")
        self.assertIn("到位资金110亿元", funds.clause)
        # 动员部署 in the December before; 考核总结 runs to January after.
        self.assertEqual(self.one(plan, "动员部署：分解固定资产投资、招商引资和项目建设年任务，制定重大项目名单、推进计划和考核办法")
                         .checkpoint, D(2010, 12, 31))
        self.assertEqual(self.one(plan, "考核总结：季度考核与年终考核，前三名通报表扬，未完成的问责").checkpoint, D(2012, 1, 31))

    def test_running_it_again_replaces_the_rows(self):
        self.assert_idempotent("yuqing")


class Changchun2018Tests(LoadPlanChecks):

    def test_the_targets_of_the_goals_and_the_spring_and_autumn_starts(self):
        plan = self.load("changchun-2018")[0].plan
        one_yi = {"min_total": "10000"}
        self.assert_target(plan, "新开工亿元以上项目超过500个", "new_starts", 500, "gt", D(2018, 12, 31),
                           "新开工亿元以上项目超过500个", one_yi)
        # 上半年开工 1000 (新开工 + 复工): the year's 新开工 target is only 500.
        self.assert_target(plan, "上半年开工亿元以上项目1000个", "starts", 1000, "gte", D(2018, 6, 30),
                           "上半年开工亿元以上项目1000个", one_yi)
        self.assert_target(plan, "续建项目复工率达到90%", "resumption_rate", 90, "gte", D(2018, 12, 31), "续建项目复工率达到90%")
        self.assert_target(plan, "新开工项目开工率达到80%", "start_rate", 80, "gte", D(2018, 12, 31), "新开工项目开工率达到80%")
        self.assert_target(plan, "新开工产业项目占新开工项目50%以上", "industry_share_of_new_starts", 50, "gte",
                           D(2018, 12, 31), "新开工产业项目占新开工项目50%以上")
        self.assert_target(plan, "80%的项目审批时限压缩到51个工作日以内", "approvals_within_n_rate", 80, "gte",
                           D(2018, 12, 31), "确保80%的项目审批时限压缩到51个工作日以内")
        self.assert_target(plan, "上半年新开工亿元以上项目超过400个", "new_starts", 400, "gt", D(2018, 6, 30),
                           "力争上半年全市新开工亿元以上项目超过400个", one_yi)
        self.assert_target(plan, "前三季度开工亿元以上项目超过1100个", "starts", 1100, "gt", D(2018, 9, 30),
                           "前三季度开工亿元以上项目超过1100个", one_yi)

    def test_the_numbered_paragraphs_are_tasks_with_their_units(self):
        plan = self.load("changchun-2018")[0].plan
        problems = self.one(plan, "问题解决机制")
        self.assertEqual(problems.lead_unit, "市大项目办")
        self.assertIn("每月10日前将项目问题清单报市大项目办", problems.clause)
        self.assertIn("属地主体：县(市)区政府、开发区管委会", problems.responsible_units)
        self.assertEqual(self.one(plan, "审批提效").lead_unit, "市政务公开办")
        self.assertEqual(plan.targets.filter(indicator="").count(), 2 + 36)  # two 龙头/标志性 tasks + paragraphs 3–38

    def test_running_it_again_replaces_the_rows(self):
        self.assert_idempotent("changchun-2018")


class Changzhi2019Tests(LoadPlanChecks):

    def test_the_main_goals_in_their_units(self):
        report, out = self.load("changzhi-2019")
        plan = report.plan
        # 1200亿元 = 1200 × 10000 = 12000000 万元; 737.4亿元 = 7374000 万元.
        self.assert_target(plan, "招商引资签约项目投资额达到1200亿元", "signed_amount", 12000000, "gte",
                           D(2019, 12, 31), "签约项目投资额达到1200亿元")
        self.assert_target(plan, "全市固定资产投资完成737.4亿元", "fai", 7374000, "gte", D(2019, 12, 31), "737.4亿元")
        self.assert_target(plan, "储备项目转化率达到30%以上", "reserve_conversion_rate", 30, "gte", D(2019, 12, 31),
                           "储备项目转化率达到30%以上")
        self.assert_target(plan, "6月底前续建项目全部复工", "resumption_rate", 100, "gte", D(2019, 6, 30),
                           "确保6月底前续建项目全部复工")
        self.assert_target(plan, "6月底前新建项目开工70%以上", "start_rate", 70, "gte", D(2019, 6, 30),
                           "新建项目开工70%以上")
        # The zones are not in the personas' 盘锦: each split is reported, the city task stays.
        self.assertTrue(plan.targets.filter(title="各开发区新建转型项目", parts__isnull=True).exists())
        self.assertIn("跳过：长治高新区至少新建5个总投资超10亿元的转型项目 → 长治高新区（本库没有该区域）", out)
        self.assertEqual(self.one(plan, "加快签约项目落地").lead_unit, "市招商局")

    def test_a_zone_that_exists_gets_its_part(self):
        Region.objects.create(code="211191", name="长治高新技术产业开发区", short_name="长治高新区", kind=RegionKind.ZONE,
                              parent=self.city)
        plan = self.load("changzhi-2019")[0].plan
        zone = Target.objects.get(plan=plan, region__code="211191")
        self.assertEqual((zone.indicator, zone.value, zone.filters, zone.parent.title),
                         ("new_starts", Decimal(5), {"min_total": "100000"}, "各开发区新建转型项目"))

    def test_running_it_again_replaces_the_rows(self):
        self.assert_idempotent("changzhi-2019")


class Dalian2023Tests(LoadPlanChecks):

    def test_every_section_is_a_task_with_its_lead_unit(self):
        report, _ = self.load("dalian-2023")
        plan = report.plan
        self.assertEqual((plan.year, report.targets, report.tasks), (2023, 0, 26))
        lists = self.one(plan, "建立“六个清单”并将清单项目实施计划分解到月")
        self.assertEqual((lists.lead_unit, lists.checkpoint), ("市发展改革委", D(2023, 3, 31)))
        self.assertEqual(self.one(plan, "建立平台经济项目清单").lead_unit, "市商务局")
        self.assertIn("提醒函", self.one(plan, "实行定期通报约谈").clause)

    def test_running_it_again_replaces_the_rows(self):
        self.assert_idempotent("dalian-2023")


class LoadedTargetPageTests(LoadPlanChecks):

    def test_a_loaded_target_shows_its_clause_and_basis_and_the_system_as_who_saved_it(self):
        plan = self.load("panjin-2017")[0].plan
        row = self.one(plan, "新开工亿元以上重点项目90项")
        self.client.force_login(self.coordinator)
        page = self.client.get(row.get_absolute_url()).content.decode()
        self.assertIn("全年完成新开工亿元以上重点项目90项", page)
        self.assertIn("按任务段取亿元以上全部项目", page)
        self.assertIn("系统", page)

    def test_a_district_does_not_see_the_other_districts_part(self):
        plan = self.load("panjin-2017")[0].plan
        theirs = self.one(plan, "抓好中蓝电子产业园二期，打造电子信息、新材料等4个园中园")  # 兴隆台区's
        self.client.force_login(self.region_a_editor)
        self.assertEqual(self.client.get(theirs.get_absolute_url()).status_code, 404)


PENDING_KEYS = ["starts", "resumed", "resumption_rate", "reserve_conversion_rate", "fai", "fai_growth",
                "list_share_of_fai", "signed_amount", "tech_investment", "tech_investment_growth",
                "funds_in_place_rate", "report_on_time_rate"]


class WithEveryKeyRegistered:
    """As once the keys another change adds are in the registry (a stand-in indicator for each missing one)."""

    def setUp(self):
        super().setUp()
        stand_in = indicators.REGISTRY["new_starts"]
        patcher = mock.patch.dict(indicators.REGISTRY,
                                  {key: stand_in for key in PENDING_KEYS if key not in indicators.REGISTRY})
        patcher.start()
        self.addCleanup(patcher.stop)


class Changchun2018EveryKeyTests(WithEveryKeyRegistered, Changchun2018Tests):
    pass


class Changzhi2019EveryKeyTests(WithEveryKeyRegistered, Changzhi2019Tests):

    def test_nothing_is_skipped_but_the_zones_the_database_lacks(self):
        report, out = self.load("changzhi-2019")
        self.assertEqual(report.skipped, 9)  # 长治高新区 + the 8 provincial zones
        self.assertNotIn("尚未登记", out)


class Panjin2017EveryKeyTests(WithEveryKeyRegistered, Panjin2017Tests):
    pass
