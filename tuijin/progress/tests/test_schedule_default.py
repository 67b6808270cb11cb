"""序时进度 opens on the last closed month, one unit per money column, regions in code order (issue 17)."""

import datetime
from decimal import Decimal
from unittest import mock

from django.urls import reverse

from tuijin.progress import services
from tuijin.progress.models import ReportingPeriod
from tuijin.progress.testing import PeriodTestCase

DEC_3 = datetime.date(2026, 12, 3)


class ScheduleDefaultMonthTests(PeriodTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # November is still open; October was closed; December is open too.
        cls.october = ReportingPeriod.objects.create(region=cls.city, year=2026, month=10,
                                                     deadline=datetime.date(2026, 10, 25))
        ReportingPeriod.objects.create(region=cls.city, year=2026, month=12, deadline=datetime.date(2026, 12, 25))
        services.save_report(cls.project_b, cls.october, {"completed": Decimal("20000")}, actor=cls.region_b_editor)
        services.close_period(cls.october, actor=cls.coordinator)

    def schedule(self, user, **params):
        self.client.force_login(user)
        with mock.patch("tuijin.progress.views.today", return_value=DEC_3):
            return self.client.get(reverse("progress:schedule"), params)

    def test_the_page_opens_on_the_last_closed_month(self):
        response = self.schedule(self.coordinator)
        self.assertEqual((response.context["year"], response.context["month"]), (2026, 10))
        self.assertContains(response, "（默认显示最近已关闭的月份：2026年10月）")
        # Linear profile: by October 10/12 = 83.33 % is expected. 兴隆台区 20000 of 24000 = 83.33 %: on time.
        rows = {row.label: row for row in response.context["rows"]}
        self.assertEqual(response.context["expected"], Decimal("83.33"))
        self.assertEqual(rows["兴隆台区"].gap, Decimal("0.00"))
        self.assertEqual(rows["兴隆台区"].status, "green")

    def test_a_leader_and_a_district_default_to_the_same_closed_month(self):
        for user in (self.leader_user, self.region_a_editor):
            response = self.schedule(user)
            self.assertEqual(response.context["month"], 10, user)

    def test_an_explicit_month_still_wins_and_carries_no_default_note(self):
        response = self.schedule(self.coordinator, year=2026, month=11)
        self.assertEqual(response.context["month"], 11)
        self.assertNotContains(response, "默认显示最近已关闭的月份")

    def test_without_a_closed_period_the_page_opens_on_the_previous_month(self):
        ReportingPeriod.objects.filter(pk=self.october.pk).update(status="open")
        response = self.schedule(self.coordinator)
        self.assertEqual((response.context["year"], response.context["month"]), (2026, 11))
        with mock.patch("tuijin.progress.views.today", return_value=datetime.date(2027, 1, 5)):
            response = self.client.get(reverse("progress:schedule"))
        self.assertEqual((response.context["year"], response.context["month"]), (2026, 12))

    def test_another_citys_closed_period_is_not_the_default(self):
        from tuijin.org.models import Region, RegionKind

        other = Region.objects.create(code="210200", name="大连市", kind=RegionKind.CITY)
        ReportingPeriod.objects.create(region=other, year=2026, month=11, deadline=datetime.date(2026, 11, 25),
                                       status="closed")
        self.assertEqual(self.schedule(self.region_a_editor).context["month"], 10)


class ScheduleOrderAndUnitTests(PeriodTestCase):
    def page(self, user, **params):
        self.client.force_login(user)
        return self.client.get(reverse("progress:schedule"), {"year": 2026, "month": 11, **params})

    def test_regions_come_in_code_order_not_by_name(self):
        # 211102 双台子区 before 211103 兴隆台区 (by name 兴 U+5174 would come before 双 U+53CC).
        self.assertEqual([row.label for row in self.page(self.coordinator).context["rows"]], ["双台子区", "兴隆台区"])
        # A district: itself (211102) before its zone (211102/211190).
        self.assertEqual([row.label for row in self.page(self.region_a_editor).context["rows"]],
                         ["双台子区", "双台子园区"])

    def test_each_money_column_uses_one_unit_named_in_its_header(self):
        # Plans 1800 万元 (双台子区) and 24000 万元 (兴隆台区), total 25800 万元: every figure reads at least
        # 0.10 亿元, so the whole table is in 亿元 — never "2.40亿元" beside "1,800.00万元".
        page = self.page(self.coordinator).content.decode()
        self.assertIn("年度计划投资（亿元）", page)
        self.assertIn("累计完成（亿元）", page)
        for figure in (">0.18<", ">2.40<", ">2.58<"):
            self.assertIn(figure, page)
        self.assertNotIn("万元", page)

    def test_a_figure_under_a_tenth_of_a_yi_keeps_the_table_in_wan(self):
        # 兴隆台区 done 500 万元 by November: 0.05 亿元 would hide the digits, so the table is in 万元.
        services.save_report(self.project_b, self.period, {"completed": Decimal("500")}, actor=self.region_b_editor)
        page = self.page(self.coordinator).content.decode()
        self.assertIn("年度计划投资（万元）", page)
        for figure in (">1,800.00<", ">24,000.00<", ">25,800.00<", ">500.00<"):
            self.assertIn(figure, page)
        self.assertNotIn("亿元", page)


class LeaderPageDefaultMonthTests(PeriodTestCase):
    def test_the_leader_page_reads_the_last_closed_month(self):
        # A 包保 project B: 20000 done by the end of October (closed); November's 3000 not yet closed.
        from tuijin.projects.models import Project

        Project.objects.filter(pk=self.project_b.pk).update(leader=self.leader)
        october = ReportingPeriod.objects.create(region=self.city, year=2026, month=10,
                                                 deadline=datetime.date(2026, 10, 25))
        services.save_report(self.project_b, october, {"completed": Decimal("20000")}, actor=self.region_b_editor)
        services.close_period(october, actor=self.coordinator)
        services.save_report(self.project_b, self.period, {"completed": Decimal("3000")}, actor=self.region_b_editor)
        self.client.force_login(self.leader_user)
        with mock.patch("tuijin.dashboard.views.today", return_value=DEC_3):
            response = self.client.get(reverse("leader", args=[self.leader.pk]))
        self.assertEqual(response.context["month"], 10)
        self.assertContains(response, "（默认显示最近已关闭的月份：2026年10月）")
        # 20000 of 24000 = 83.33 %, expected 10/12 = 83.33 %: gap 0.00.
        row = response.context["rows"][0]
        self.assertEqual((row["ytd"], row["rate"], row["gap"]), (Decimal("20000"), Decimal("83.33"), Decimal("0.00")))
        self.assertContains(response, "年度计划（亿元）")
        self.assertContains(response, ">2.40<")

    def test_a_packaged_project_awaiting_intake_is_named_but_not_counted(self):
        from tuijin.projects import services as project_services
        from tuijin.projects.models import Project

        Project.objects.filter(pk=self.project_b.pk).update(leader=self.leader)
        waiting = project_services.create_project(
            Project(name="按实际阶段登记的包保项目", region=self.region_b, total_investment=Decimal("500"),
                    stage="construction", owner_units=["某公司"], leader=self.leader), actor=self.coordinator)
        self.client.force_login(self.leader_user)
        response = self.client.get(reverse("leader", args=[self.leader.pk]))
        self.assertEqual([r["project"] for r in response.context["rows"]], [self.project_b])
        self.assertContains(response, "包保项目 1 个")
        self.assertContains(response, "另有 1 个项目待入库审核，审核入库后计入：")
        self.assertContains(response, f'<a href="{waiting.get_absolute_url()}">按实际阶段登记的包保项目</a>')
