"""The indicators of issue 18's second half on IndicatorWorld (see test_indicators), arithmetic in comments:
复工 and 开工, the reserve's conversion, monthly reports on time, funds in place, and the external figures."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tuijin.core.testing import make_project
from tuijin.progress.models import AnnualPlan, MonthlyReport, ReportingPeriod, YearToDate
from tuijin.projects.models import ProjectList, ProjectListMembership, Resumption, StageTransition
from tuijin.targets import indicators
from tuijin.targets.indicators import Query
from tuijin.targets.models import ExternalFigure
from tuijin.targets.params import Scope

from .test_indicators import YEAR_END, IndicatorWorld

D = dt.date
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class EventWorld(IndicatorWorld):
    """IndicatorWorld plus c1 (region B, 续建 since 1 June 2025, under construction)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.c1 = make_project(cls.region_b, name="c1", stage="construction", planned_start=D(2025, 5, 1),
                              actual_start=D(2025, 6, 1))

    def value(self, key, region=None, as_of=YEAR_END, scope=None, **more):
        region = region or self.city
        scope = scope or Scope("region", region, region.code)
        query = Query(projects=scope.projects(self.coordinator), year=2026, as_of=as_of, region=scope.region,
                      listed=scope.kind == "list", **more)
        return indicators.get(key).value(query)


class ResumptionTests(EventWorld):
    def test_resumed_starts_and_the_resumption_rate(self):
        Resumption.objects.create(project=self.a3, day=D(2026, 1, 1))  # 1 January counts
        Resumption.objects.create(project=self.c1, day=D(2025, 12, 31))  # last year's: does not
        Resumption.objects.create(project=self.a1, day=D(2026, 8, 1))  # a1 is 新开工, not 续建
        # 续建: a3, c1 = 2; resumed: a3 = 1 → 50.00 %.
        self.assertEqual(self.value("resumed").value, 1)
        rate = self.value("resumption_rate")
        self.assertEqual((rate.value, rate.numerator, rate.denominator), (Decimal("50.00"), 1, 2))
        # 开工 = 新开工 a1, a2, b2 + 复工 a3 = 4 (a1 once, though it has a resumption too).
        self.assertEqual(self.value("starts").value, 4)
        self.assertEqual(self.value("new_starts").value, 3)  # kept apart

    def test_the_day_counted_bounds_resumptions(self):
        Resumption.objects.create(project=self.a3, day=D(2026, 1, 1))
        Resumption.objects.create(project=self.c1, day=D(2026, 3, 5))
        Resumption.objects.create(project=self.c1, day=D(2026, 4, 1))  # twice: still one project
        self.assertEqual(self.value("resumption_rate").value, Decimal("100.00"))  # 2 of 2
        # On 4 March: a3 only → 1 of 2 = 50 %; 开工 by then = b2 (10 Feb) + a3 = 2.
        self.assertEqual(self.value("resumption_rate", as_of=D(2026, 3, 4)).value, Decimal("50.00"))
        self.assertEqual(self.value("starts", as_of=D(2026, 3, 4)).value, 2)
        self.assertEqual(self.value("resumed", region=self.region_b).value, 1)  # c1


class ReserveConversionTests(EventWorld):
    def move(self, project, to_stage, effective=None, recorded=None):
        move = StageTransition.objects.create(project=project, from_stage="", to_stage=to_stage,
                                              effective_date=effective)
        if recorded:
            StageTransition.objects.filter(pk=move.pk).update(at=recorded)

    def test_the_base_is_the_reserve_on_1_january(self):
        r1, r2, r3, r4, r5 = (make_project(self.region_a, name=f"r{i}", stage="reserve") for i in range(1, 6))
        self.move(r1, "reserve", D(2025, 5, 1))
        self.move(r1, "preparation", D(2026, 3, 1))  # in the base, converts in March
        self.move(r2, "reserve", D(2025, 12, 31))  # in the base (31 Dec), stays
        self.move(r3, "reserve", D(2026, 1, 1))  # entered on 1 January: not in the base
        self.move(r3, "preparation", D(2026, 2, 1))
        self.move(r4, "reserve", D(2025, 3, 1))
        self.move(r4, "preparation", D(2025, 9, 1))  # left the reserve before the year: not in the base
        self.move(r4, "construction", D(2026, 4, 1))
        # No effective date: the day recorded, 1 Nov 2025 (Asia/Shanghai); started on 31 December 2026.
        self.move(r5, "reserve", recorded=dt.datetime(2025, 11, 1, 9, tzinfo=SHANGHAI))
        self.move(r5, "construction", D(2026, 12, 31))
        # Base r1, r2, r5 = 3; converted r1, r5 = 2 → 66.67 %.
        rate = self.value("reserve_conversion_rate")
        self.assertEqual((rate.value, rate.numerator, rate.denominator), (Decimal("66.67"), 2, 3))
        self.assertEqual(set(indicators.get("reserve_conversion_rate").rows(
            Query(Scope("region", self.city, "211100").projects(self.coordinator), 2026, YEAR_END),
            "denominator")), {r1, r2, r5})
        # On 30 December: r1 only → 33.33 %.
        self.assertEqual(self.value("reserve_conversion_rate", as_of=D(2026, 12, 30)).value, Decimal("33.33"))

    def test_a_move_recorded_on_1_january_shanghai_is_not_in_the_base(self):
        r = make_project(self.region_a, name="r", stage="reserve")
        # 31 Dec 2025 17:00 UTC is 1 Jan 2026 01:00 in Shanghai.
        self.move(r, "reserve", recorded=dt.datetime(2025, 12, 31, 17, tzinfo=dt.timezone.utc))
        self.assertEqual(self.value("reserve_conversion_rate").denominator, 0)


def submitted(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


class Reports:
    def report(self, project, period, at=None, status="submitted", **funds):
        return MonthlyReport.objects.create(project=project, period=period, year=period.year, month=period.month,
                                            status=status if at or status != "submitted" else "draft",
                                            submitted_at=at, **funds)


class ReportOnTimeTests(Reports, EventWorld):
    """Due in each city period: a1, a2, b2, c1 (under construction); a3, b1 completed, a4 in preparation
    without a plan."""

    def test_reports_submitted_by_the_deadline_of_each_period_due(self):
        jan = ReportingPeriod.objects.create(region=self.city, year=2026, month=1, deadline=D(2026, 2, 10))
        feb = ReportingPeriod.objects.create(region=self.city, year=2026, month=2, deadline=D(2026, 3, 10))
        b_jan = ReportingPeriod.objects.create(region=self.region_b, year=2026, month=1, deadline=D(2026, 2, 5))
        self.report(self.a1, jan, submitted(2026, 2, 10, 23, 30))  # the deadline's evening: on time
        self.report(self.a2, jan, submitted(2026, 2, 11, 0, 10))  # 16:10 UTC on the 10th, but the 11th here: late
        self.report(self.b2, jan)  # a draft
        self.report(self.a1, feb, submitted(2026, 3, 1))
        self.report(self.b2, feb, submitted(2026, 3, 9))
        self.report(self.b2, b_jan, submitted(2026, 2, 1))
        # City: its own periods Jan and Feb (B's own is below it), 4 due each = 8; on time a1 Jan, a1 Feb, b2 Feb
        # = 3 → 37.50 %.
        rate = self.value("report_on_time_rate")
        self.assertEqual((rate.value, rate.numerator, rate.denominator), (Decimal("37.50"), 3, 8))
        # On 10 March February's deadline has not passed: January only, a1 of 4 → 25.00 %.
        self.assertEqual(self.value("report_on_time_rate", as_of=D(2026, 3, 10)).value, Decimal("25.00"))
        # Region B: the city's two periods and its own, b2 and c1 due in each = 6; on time b2 Feb and b2 B-Jan
        # → 33.33 %.
        rate = self.value("report_on_time_rate", region=self.region_b)
        self.assertEqual((rate.value, rate.numerator, rate.denominator), (Decimal("33.33"), 2, 6))
        # The denominator's rows are the (period, project) pairs.
        query = Query(Scope("region", self.region_a, "211102").projects(self.coordinator), 2026, YEAR_END,
                      region=self.region_a)
        due = indicators.get("report_on_time_rate").rows(query, "denominator")
        self.assertEqual([(d.period.month, d.project.name) for d in due], [(1, "a1"), (1, "a2"), (2, "a1"), (2, "a2")])


class FundsInPlaceTests(Reports, EventWorld):
    def test_funds_in_place_over_the_annual_plan(self):
        AnnualPlan.objects.create(project=self.a1, year=2026, planned_investment=Decimal("1200.00"))
        AnnualPlan.objects.create(project=self.b2, year=2026, planned_investment=Decimal("800.00"))
        jan, feb, mar = (ReportingPeriod.objects.create(region=self.city, year=2026, month=m, deadline=D(2026, m + 1, 10))
                         for m in (1, 2, 3))
        self.report(self.a1, jan, submitted(2026, 2, 1), fund_bank_loans=Decimal("100.00"),
                    fund_self_raised=Decimal("50.50"))
        self.report(self.a1, feb, submitted(2026, 3, 1), status="accepted", fund_special_bonds=Decimal("200.00"))
        self.report(self.b2, feb, status="draft", fund_other=Decimal("99.50"))  # not reported: not counted
        self.report(self.b2, mar, submitted(2026, 4, 1), fund_central_budget=Decimal("300.00"))
        # To February: 100.00 + 50.50 + 200.00 = 350.50 of 2,000.00 → 17.525 → 17.53 %.
        rate = self.value("funds_in_place_rate", as_of=D(2026, 2, 28))
        self.assertEqual((rate.value, rate.numerator, rate.denominator),
                         (Decimal("17.53"), Decimal("350.50"), Decimal("2000.00")))
        # To December: + 300.00 = 650.50 → 32.525 → 32.53 %.
        self.assertEqual(self.value("funds_in_place_rate").value, Decimal("32.53"))


class ExternalFigureTests(EventWorld):
    def figure(self, kind, region, month, value):
        return ExternalFigure.objects.create(kind=kind, region=region, year=2026, month=month, value=Decimal(value),
                                             source="市统计局", reported_on=D(2026, month, 20))

    def test_the_latest_figure_of_the_year_up_to_the_month_counted(self):
        self.figure("fai", self.city, 3, "10000.00")
        self.figure("fai", self.city, 6, "20000.00")
        self.figure("fai", self.region_a, 6, "7000.00")
        self.figure("fai_growth", self.city, 6, "5.20")
        self.figure("tech_investment", self.city, 6, "1500.00")
        self.figure("tech_investment_growth", self.city, 6, "-3.10")
        self.figure("signed_amount", self.city, 5, "88000.00")
        ExternalFigure.objects.create(kind="fai", region=self.city, year=2025, month=12, value=Decimal("99999"),
                                      source="市统计局", reported_on=D(2026, 1, 20))  # last year's
        self.assertIsNone(self.value("fai", as_of=D(2026, 2, 28)).value)  # none yet this year
        self.assertEqual(self.value("fai", as_of=D(2026, 5, 31)).value, Decimal("10000.00"))  # March's
        self.assertEqual(self.value("fai").value, Decimal("20000.00"))  # June's
        self.assertEqual(self.value("fai", region=self.region_a).value, Decimal("7000.00"))  # A's own
        self.assertEqual(self.value("fai_growth").value, Decimal("5.20"))
        self.assertEqual(self.value("tech_investment").value, Decimal("1500.00"))
        self.assertEqual(self.value("tech_investment_growth").value, Decimal("-3.10"))
        self.assertEqual(self.value("signed_amount", as_of=D(2026, 4, 30)).value, None)
        self.assertEqual(self.value("signed_amount").value, Decimal("88000.00"))

    def test_bank_enterprise_matchmaking_events_and_financing(self):
        # The financial office reports each figure cumulative for the year: by April 3 events, 12,000.50 万元
        # agreed; by September 8 events and 30,500.00 万元; region A on its own 2 events by September.
        self.figure("bank_events", self.city, 4, "3")
        self.figure("bank_events", self.city, 9, "8")
        self.figure("bank_events", self.region_a, 9, "2")
        self.figure("bank_financing", self.city, 4, "12000.50")
        self.figure("bank_financing", self.city, 9, "30500.00")
        self.assertEqual(ExternalFigure.objects.get(kind="bank_events", month=4).unit, "次")
        self.assertEqual(ExternalFigure.objects.get(kind="bank_financing", month=4).unit, "万元")
        self.assertIsNone(self.value("bank_events", as_of=D(2026, 3, 31)).value)  # none reported by March
        self.assertEqual(self.value("bank_events", as_of=D(2026, 8, 31)).value, Decimal("3"))  # April's
        self.assertEqual(self.value("bank_events").value, Decimal("8"))  # September's, at the year end
        self.assertEqual(self.value("bank_events", region=self.region_a).value, Decimal("2"))  # A's own, not the city's
        self.assertIsNone(self.value("bank_financing", region=self.region_b).value)  # B reported nothing
        self.assertEqual(self.value("bank_financing", as_of=D(2026, 9, 30)).value, Decimal("30500.00"))
        indicator = indicators.get("bank_events")
        self.assertEqual((indicator.unit, indicator.name_en), ("次", "Bank–enterprise matchmaking events"))
        self.assertEqual(indicators.get("bank_financing").unit, "万元")

    def test_a_lists_share_of_fai(self):
        self.figure("fai", self.city, 6, "20000.00")
        city_list = ProjectList.objects.create(name="省重点项目", year=2026, region=self.city)
        for project in (self.a1, self.b2):
            ProjectListMembership.objects.create(project_list=city_list, project=project)
        YearToDate.objects.create(project=self.a1, year=2026, m06=Decimal("300.00"), m12=Decimal("1100.00"))
        YearToDate.objects.create(project=self.b2, year=2026, m06=Decimal("200.00"), m12=Decimal("700.00"))
        YearToDate.objects.create(project=self.a2, year=2026, m06=Decimal("900.00"))  # not on the list
        listed = Scope("list", city_list, f"list:{city_list.pk}")
        # To June: 300.00 + 200.00 = 500.00 of 20,000.00 → 2.50 %.
        share = self.value("list_share_of_fai", as_of=D(2026, 6, 30), scope=listed)
        self.assertEqual((share.value, share.numerator, share.denominator),
                         (Decimal("2.50"), Decimal("500.00"), Decimal("20000.00")))
        # To December (FAI still June's): 1,800.00 of 20,000.00 → 9.00 %.
        self.assertEqual(self.value("list_share_of_fai", scope=listed).value, Decimal("9.00"))
        # Not narrowed to a list: no value.
        self.assertIsNone(self.value("list_share_of_fai", as_of=D(2026, 6, 30)).value)


class EventApiTests(Reports, EventWorld):
    def get(self, url):
        self.client.force_login(self.coordinator)
        return self.client.get(url)

    def test_the_new_keys_through_the_api_and_their_rows(self):
        Resumption.objects.create(project=self.a3, day=D(2026, 1, 1))
        jan = ReportingPeriod.objects.create(region=self.city, year=2026, month=1, deadline=D(2026, 2, 10))
        self.report(self.a1, jan, submitted(2026, 2, 9), fund_bank_loans=Decimal("100.00"))
        AnnualPlan.objects.create(project=self.a1, year=2026, planned_investment=Decimal("400.00"))
        ExternalFigure.objects.create(kind="fai_growth", region=self.city, year=2026, month=1, value=Decimal("4.50"),
                                      source="市统计局", reported_on=D(2026, 2, 15))
        base = "/api/v1/indicators/{}/values/?scope=211100&year=2026&as_of=2026-12-31"
        expected = {"resumed": (1, None), "starts": (4, None), "resumption_rate": ("50.00", 2),
                    "report_on_time_rate": ("25.00", 4),  # a1 of a1, a2, b2, c1 due in January
                    "funds_in_place_rate": ("25.00", "400.00"),  # 100.00 of 400.00
                    "fai_growth": ("4.50", None), "fai": (None, None), "reserve_conversion_rate": (None, 0)}
        for key, (value, denominator) in expected.items():
            body = self.get(base.format(key)).json()
            self.assertEqual((body["value"], body["denominator"]), (value, denominator), key)
        for key, part in (("report_on_time_rate", "denominator"), ("report_on_time_rate", "numerator"),
                          ("fai_growth", "numerator"), ("funds_in_place_rate", "numerator"), ("starts", "numerator")):
            page = self.get(f"/targets/indicators/{key}/rows/?scope=211100&year=2026&part={part}")
            self.assertEqual(page.status_code, 200, key)
        page = self.get("/targets/indicators/report_on_time_rate/rows/?scope=211100&year=2026&part=denominator")
        self.assertContains(page, "2026-02-10")  # the period's deadline beside each project due
        self.assertContains(page, "c1")
