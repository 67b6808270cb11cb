"""Each indicator on a small world built by hand, its expected value worked out in the comments."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from tuijin.approvals.models import ApprovalChain
from tuijin.core.testing import Personas, make_project
from tuijin.problems.models import Problem, ProblemCategory
from tuijin.progress.models import AnnualPlan, YearToDate
from tuijin.projects.models import ProjectList, ProjectListMembership, StageTransition
from tuijin.targets import indicators
from tuijin.targets.indicators import Query
from tuijin.targets.params import Scope

D = dt.date
YEAR_END = D(2026, 12, 31)


class IndicatorWorld(Personas, TestCase):
    """Region A (with its zone) and region B of the city, 2026:

    | project | region | total 万元 | category       | planned start | actual start | completed  |
    | a1      | A      | 10,000.00 | industry       | 2026-03-01    | 2026-06-30   |            |
    | a2      | A      |  9,999.99 | industry       | 2026-05-01    | 2026-07-01   |            |
    | a3      | zone A | 50,000.00 | infrastructure | 2025-10-01    | 2025-12-31   | 2026-09-15 |
    | a4      | A      | 20,000.00 | industry       | 2026-04-01    | —            |            |  (planned, not started)
    | b1      | B      | 30,000.00 | infrastructure | 2024-01-01    | 2024-03-01   | 2025-11-30 |  (done before 2026)
    | b2      | B      | 15,000.00 | social         | 2026-02-01    | 2026-02-10   |            |
    """

    @classmethod
    def setUpTestData(cls):
        cls.build_personas()
        construction = {"stage": "construction"}
        cls.a1 = make_project(cls.region_a, name="a1", total_investment=Decimal("10000.00"), planned_start=D(2026, 3, 1),
                              actual_start=D(2026, 6, 30), statistics_included=True, statistics_date=D(2026, 7, 20),
                              signed_date=D(2026, 1, 8), **construction)
        cls.a2 = make_project(cls.region_a, name="a2", total_investment=Decimal("9999.99"), planned_start=D(2026, 5, 1),
                              actual_start=D(2026, 7, 1), signed_date=D(2026, 2, 1), **construction)
        cls.a3 = make_project(cls.zone_a, name="a3", total_investment=Decimal("50000.00"), category="infrastructure",
                              industry="G", planned_start=D(2025, 10, 1), actual_start=D(2025, 12, 31),
                              actual_completion=D(2026, 9, 15), stage="completed", statistics_included=True,
                              statistics_date=D(2026, 1, 5))
        cls.a4 = make_project(cls.region_a, name="a4", total_investment=Decimal("20000.00"),
                              planned_start=D(2026, 4, 1), stage="preparation", signed_date=D(2026, 3, 3))
        cls.b1 = make_project(cls.region_b, name="b1", total_investment=Decimal("30000.00"), category="infrastructure",
                              industry="G", actual_start=D(2024, 3, 1), actual_completion=D(2025, 11, 30),
                              stage="completed")
        cls.b2 = make_project(cls.region_b, name="b2", total_investment=Decimal("15000.00"), category="social",
                              industry="P", planned_start=D(2026, 2, 1), actual_start=D(2026, 2, 10), **construction)

    def value(self, key, region=None, as_of=YEAR_END, projects=None, **more):
        region = region or self.city
        scope = Scope("region", region, region.code)
        projects = projects if projects is not None else scope.projects(self.coordinator)
        return indicators.get(key).value(Query(projects=projects, year=2026, as_of=as_of, **more))


class LifecycleCountTests(IndicatorWorld):
    def test_new_starts_count_actual_starts_in_the_year(self):
        # a1 (30 Jun), a2 (1 Jul), b2 (10 Feb) = 3; a3 started 31 Dec 2025 is 续建, not 新开工.
        self.assertEqual(self.value("new_starts").value, 3)
        # On 30 June: a1 (that very day) and b2 = 2; a2 starts the day after.
        self.assertEqual(self.value("new_starts", as_of=D(2026, 6, 30)).value, 2)

    def test_continuing_is_started_before_the_year_and_not_completed_before_it(self):
        # a3 (31 Dec 2025, completed in 2026) = 1; b1 was completed in 2025.
        self.assertEqual(self.value("continuing").value, 1)
        self.assertEqual(list(indicators.get("continuing").rows(
            Query(self.city_projects(), 2026, YEAR_END))), [self.a3])

    def city_projects(self):
        return Scope("region", self.city, self.city.code).projects(self.coordinator)

    def test_completions_by_the_completion_date(self):
        self.assertEqual(self.value("completions").value, 1)  # a3 on 15 Sep; b1 in 2025
        self.assertEqual(self.value("completions", as_of=D(2026, 9, 14)).value, 0)

    def test_the_hundred_million_band_includes_exactly_ten_thousand(self):
        # 亿元以上 = total ≥ 10,000.00 万: a1 (10,000.00) and b2 (15,000) among the new starts; a2 (9,999.99) not.
        projects = self.city_projects().in_band(Decimal("10000"), None)
        self.assertEqual(self.value("new_starts", projects=projects).value, 2)
        below = self.city_projects().in_band(None, Decimal("10000"))
        self.assertEqual(self.value("new_starts", projects=below).value, 1)

    def test_a_district_counts_its_own_subtree(self):
        # Region A: a1, a2 (new starts); a3 in its zone is 续建.
        self.assertEqual(self.value("new_starts", region=self.region_a).value, 2)
        self.assertEqual(self.value("continuing", region=self.region_a).value, 1)
        self.assertEqual(self.value("new_starts", region=self.region_b).value, 1)

    def test_reserve_additions_and_withdrawals_by_effective_date(self):
        StageTransition.objects.create(project=self.a4, from_stage="", to_stage="reserve",
                                       effective_date=D(2026, 1, 15))
        StageTransition.objects.create(project=self.a2, from_stage="", to_stage="reserve",
                                       effective_date=D(2025, 12, 20))
        StageTransition.objects.create(project=self.b1, from_stage="completed", to_stage="withdrawn",
                                       effective_date=D(2026, 3, 1))
        self.assertEqual(self.value("reserve_added").value, 1)  # a4; a2 entered in 2025
        self.assertEqual(self.value("withdrawn").value, 1)
        self.assertEqual(self.value("withdrawn", as_of=D(2026, 2, 28)).value, 0)


class RateTests(IndicatorWorld):
    def test_start_rate_is_started_among_those_planned_to_start(self):
        # Planned in 2026: a1, a2, a4, b2 = 4; started by year end: a1, a2, b2 = 3 → 75.00 %.
        value = self.value("start_rate")
        self.assertEqual((value.value, value.numerator, value.denominator), (Decimal("75.00"), 3, 4))
        # On 30 June: planned by then a1 (Mar), a2 (May), a4 (Apr), b2 (Feb) = 4; started a1, b2 = 2 → 50.00 %.
        self.assertEqual(self.value("start_rate", as_of=D(2026, 6, 30)).value, Decimal("50.00"))

    def test_industry_share_of_new_starts(self):
        # New starts a1, a2 (industry), b2 (social): 2 of 3 = 66.67 %.
        self.assertEqual(self.value("industry_share_of_new_starts").value, Decimal("66.67"))

    def test_statistics_inclusion_rate(self):
        # Under way in 2026: a1, a2, b2 (new) + a3 (continuing) = 4; included: a1 (20 Jul), a3 (5 Jan) = 2 → 50 %.
        self.assertEqual(self.value("statistics_inclusion_rate").value, Decimal("50.00"))
        # On 30 June a1 is not yet included, and a2 not yet started: a3 of (a1, b2, a3) = 33.33 %.
        self.assertEqual(self.value("statistics_inclusion_rate", as_of=D(2026, 6, 30)).value, Decimal("33.33"))

    def test_signed_start_rate(self):
        # Signed in 2026: a1, a2, a4; started: a1, a2 → 66.67 %.
        self.assertEqual(self.value("signed_start_rate").value, Decimal("66.67"))

    def test_a_rate_without_a_denominator_has_no_value(self):
        value = self.value("signed_start_rate", region=self.region_b)
        self.assertEqual((value.value, value.numerator, value.denominator), (None, 0, 0))


class MoneyTests(IndicatorWorld):
    def test_plan_investment_and_schedule_rate(self):
        AnnualPlan.objects.create(project=self.a1, year=2026, planned_investment=Decimal("1200.00"))
        AnnualPlan.objects.create(project=self.b2, year=2026, planned_investment=Decimal("800.00"))
        AnnualPlan.objects.create(project=self.a2, year=2025, planned_investment=Decimal("999.00"))  # another year
        YearToDate.objects.create(project=self.a1, year=2026, m06=Decimal("300.00"), m11=Decimal("900.50"),
                                  m12=Decimal("1100.00"))
        YearToDate.objects.create(project=self.b2, year=2026, m06=Decimal("200.00"), m11=Decimal("500.00"),
                                  m12=Decimal("700.00"))
        self.assertEqual(self.value("annual_plan").value, Decimal("2000.00"))
        # At 30 November: 900.50 + 500.00 = 1,400.50 of 2,000.00 → 70.03 % (70.025 rounded half up).
        self.assertEqual(self.value("investment_completed", as_of=D(2026, 11, 30)).value, Decimal("1400.50"))
        rate = self.value("schedule_rate", as_of=D(2026, 11, 30))
        self.assertEqual((rate.value, rate.numerator, rate.denominator),
                         (Decimal("70.03"), Decimal("1400.50"), Decimal("2000.00")))
        self.assertEqual(self.value("investment_completed", as_of=D(2026, 6, 30)).value, Decimal("500.00"))


class ProblemAndApprovalRateTests(IndicatorWorld):
    def test_problem_closure_and_on_time_rates(self):
        category, _ = ProblemCategory.objects.get_or_create(name="规划", defaults={"days": 7})
        common = {"project": self.a1, "category": category, "description": "x", "raised_by": self.region_a_editor}
        Problem.objects.create(raised_on=D(2026, 3, 1), deadline=D(2026, 3, 20), status="solved",
                               solved_on=D(2026, 3, 20), **common)  # on the deadline day: on time
        Problem.objects.create(raised_on=D(2026, 4, 1), deadline=D(2026, 4, 10), status="closed",
                               solved_on=D(2026, 4, 11), closed_on=D(2026, 4, 15), **common)  # a day late
        Problem.objects.create(raised_on=D(2026, 5, 1), deadline=D(2026, 5, 10), status="distributed", **common)
        Problem.objects.create(raised_on=D(2025, 5, 1), deadline=D(2025, 5, 10), status="solved",
                               solved_on=D(2025, 5, 2), **common)  # raised last year: not counted
        # Raised in 2026: 3; solved: 2 → 66.67 %; on time: 1 of the 2 solved → 50.00 %.
        closure = self.value("problem_closure_rate")
        self.assertEqual((closure.value, closure.numerator, closure.denominator), (Decimal("66.67"), 2, 3))
        self.assertEqual(self.value("problem_on_time_rate").value, Decimal("50.00"))
        # On 10 April only the first is solved: 1 of the 2 raised by then = 50 %.
        self.assertEqual(self.value("problem_closure_rate", as_of=D(2026, 4, 10)).value, Decimal("50.00"))

    def test_approvals_within_n_working_days(self):
        for project, days in ((self.a1, 51), (self.a2, 52), (self.b2, 30)):
            ApprovalChain.objects.create(project=project, region=project.region, year=2026,
                                         first_applied=D(2026, 1, 5), permitted=D(2026, 6, 1), days=days)
        # Within 51: a1 (exactly 51) and b2 = 2 of 3 → 66.67 %; within 30 only b2 → 33.33 %.
        self.assertEqual(self.value("approvals_within_n_rate").value, Decimal("66.67"))
        self.assertEqual(self.value("approvals_within_n_rate", approval_days=30).value, Decimal("33.33"))


class ScopeTests(IndicatorWorld):
    def test_a_list_scope_counts_its_members(self):
        city_list = ProjectList.objects.create(name="省重点项目", year=2026, region=self.city)
        for project in (self.a1, self.b2, self.a3):
            ProjectListMembership.objects.create(project_list=city_list, project=project)
        scope = Scope("list", city_list, f"list:{city_list.pk}")
        self.assertEqual(self.value("new_starts", projects=scope.projects(self.coordinator)).value, 2)  # a1, b2

    def test_a_department_scope_counts_the_projects_it_leads_or_shares(self):
        self.a1.lead_department = self.dept_x
        self.a1.save()
        self.b2.responsible_departments.set([self.dept_x])
        scope = Scope("department", self.dept_x, "dept:gxj")
        self.assertEqual(self.value("new_starts", projects=scope.projects(self.department)).value, 2)
