"""Every district's figure from one grouped query is the figure the district's own query gives."""

import datetime as dt
from decimal import Decimal

from tuijin.approvals.models import ApprovalChain
from tuijin.core.testing import make_project
from tuijin.problems.models import Problem, ProblemCategory
from tuijin.progress.models import AnnualPlan, YearToDate
from tuijin.projects.models import ProjectList, ProjectListMembership
from tuijin.targets import grouped, indicators
from tuijin.targets.indicators import Query
from tuijin.targets.models import Target
from tuijin.targets.params import Scope, filtered
from tuijin.targets.standing import standings

from .test_indicators import IndicatorWorld

D = dt.date


class GroupedTests(IndicatorWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        AnnualPlan.objects.create(project=cls.a1, year=2026, planned_investment=Decimal("1200.00"))
        AnnualPlan.objects.create(project=cls.b2, year=2026, planned_investment=Decimal("800.00"))
        YearToDate.objects.create(project=cls.a1, year=2026, m11=Decimal("900.50"))
        YearToDate.objects.create(project=cls.b2, year=2026, m11=Decimal("500.00"))
        category, _ = ProblemCategory.objects.get_or_create(name="规划", defaults={"days": 7})
        Problem.objects.create(project=cls.a1, category=category, description="x", raised_by=cls.region_a_editor,
                               raised_on=D(2026, 3, 1), deadline=D(2026, 3, 20), status="solved",
                               solved_on=D(2026, 3, 20))
        Problem.objects.create(project=cls.a3, category=category, description="y", raised_by=cls.region_a_editor,
                               raised_on=D(2026, 4, 1), deadline=D(2026, 4, 10), status="distributed")
        ApprovalChain.objects.create(project=cls.b2, region=cls.region_b, year=2026, first_applied=D(2026, 1, 5),
                                     permitted=D(2026, 6, 1), days=30)

    def query(self, region):
        return Query(projects=Scope("region", region, region.code).projects(self.coordinator), year=2026,
                     as_of=D(2026, 11, 30))

    def test_each_indicator_grouped_by_district_equals_the_districts_own_value(self):
        for key, indicator in indicators.REGISTRY.items():
            if not grouped.groupable(indicator):
                continue
            with self.subTest(key):
                found = grouped.for_regions(indicator, self.query(self.city), [self.region_a, self.region_b])
                for region in (self.region_a, self.region_b):
                    self.assertEqual(found[region], indicator.value(self.query(region)))

    def test_by_hand_new_starts_and_schedule_rate_per_district(self):
        found = grouped.for_regions(indicators.get("new_starts"), self.query(self.city), [self.region_a, self.region_b])
        # A: a1 (30 June) and a2 (1 July); a3 started on 31 Dec 2025 is 续建. B: b2.
        self.assertEqual((found[self.region_a].value, found[self.region_b].value), (2, 1))
        rate = grouped.for_regions(indicators.get("schedule_rate"), self.query(self.city), [self.region_a, self.region_b])
        # A: 900.50 of 1,200.00 = 75.04 % (75.0417); B: 500.00 of 800.00 = 62.50 %.
        self.assertEqual(rate[self.region_a].value, Decimal("75.04"))
        self.assertEqual(rate[self.region_b].value, Decimal("62.50"))

    def test_a_region_without_rows_reads_zero_and_a_rate_without_a_base_none(self):
        self.b2.delete()
        found = grouped.for_regions(indicators.get("problem_closure_rate"), self.query(self.city),
                                    [self.region_a, self.region_b])
        self.assertEqual((found[self.region_b].value, found[self.region_b].denominator), (None, 0))
        self.assertEqual(grouped.for_regions(indicators.get("new_starts"), self.query(self.city),
                                             [self.region_b])[self.region_b].value, 0)

    def test_the_target_page_gives_split_targets_the_same_actuals_as_one_by_one(self):
        common = {"year": 2026, "indicator": "new_starts", "comparator": "gte", "checkpoint": D(2026, 12, 31)}
        whole = Target.objects.create(region=self.city, title="新开工", value=Decimal("5"), **common)
        parts = [Target.objects.create(region=r, parent=whole, title="新开工", value=Decimal(n), **common)
                 for r, n in ((self.region_a, 3), (self.region_b, 2))]
        # The targets, the region holding them, the viewer's roles and visible regions; one count grouped by
        # project region for the city and both parts, the region paths; the parts' sum: 7, whatever the number
        # of parts.
        with self.assertNumQueries(7):
            found = standings(Target.objects.select_related("region").filter(pk__in=[whole.pk] + [p.pk for p in parts])
                              .order_by("pk"), self.coordinator, D(2026, 11, 30))
        self.assertEqual([s.actual for s in found], [3, 2, 1])

    def test_plans_and_year_to_date_read_through_the_projects_join_count_only_their_rows(self):
        # Not counted: a1's plan of another year, a2's plan of 0, the plan and figures of a project awaiting intake.
        AnnualPlan.objects.create(project=self.a1, year=2025, planned_investment=Decimal("999.00"))
        AnnualPlan.objects.create(project=self.a2, year=2026, planned_investment=Decimal("0.00"))
        pending = make_project(self.region_a, name="pending", total_investment=Decimal("100.00"), intake_pending=True)
        AnnualPlan.objects.create(project=pending, year=2026, planned_investment=Decimal("70.00"))
        YearToDate.objects.create(project=pending, year=2026, m11=Decimal("7.00"))
        regions = [self.city, self.region_a, self.region_b]
        plan = grouped.for_regions(indicators.get("annual_plan"), self.query(self.city), regions)
        done = grouped.for_regions(indicators.get("investment_completed"), self.query(self.city), regions)
        # City: 1,200.00 + 800.00 planned, 900.50 + 500.00 done by November; A: a1's; B: b2's.
        self.assertEqual([plan[r].value for r in regions], [Decimal("2000.00"), Decimal("1200.00"), Decimal("800.00")])
        self.assertEqual([done[r].value for r in regions], [Decimal("1400.50"), Decimal("900.50"), Decimal("500.00")])
        self.assertTrue(grouped._joins_nothing(self.query(self.city).projects))

    def test_projects_narrowed_through_a_join_are_summed_from_the_rows_themselves(self):
        # A list membership joins the projects' table: the sum then reads the plans by IN (SELECT …), still exact.
        listed = ProjectList.objects.create(name="市重点", year=2026, region=self.city)
        ProjectListMembership.objects.create(project_list=listed, project=self.a1)
        projects = filtered(Scope("region", self.city, self.city.code).projects(self.coordinator),
                            {"list": str(listed.pk)}, self.coordinator)
        self.assertFalse(grouped._joins_nothing(projects))
        query = Query(projects=projects, year=2026, as_of=D(2026, 11, 30))
        found = grouped.for_regions(indicators.get("annual_plan"), query, [self.city, self.region_b])
        self.assertEqual((found[self.city].value, found[self.region_b].value), (Decimal("1200.00"), Decimal("0.00")))
