"""A plan for any year of the project, not only the current one (issue 17)."""

import datetime
from decimal import Decimal
from unittest import mock

from django.urls import reverse

from tuijin.progress.models import AnnualPlan
from tuijin.progress.testing import PeriodTestCase
from tuijin.projects.models import Project

TODAY = datetime.date(2026, 12, 4)


@mock.patch("tuijin.progress.views.today", return_value=TODAY)
class PlanYearTests(PeriodTestCase):
    def setUp(self):
        Project.objects.filter(pk=self.project_a.pk).update(planned_start=datetime.date(2025, 3, 1),
                                                            planned_completion=datetime.date(2027, 6, 30))
        self.url = reverse("progress:project_tab", args=[self.project_a.pk])

    def test_the_tab_offers_the_project_years_and_next(self, _today):
        self.client.force_login(self.region_a_editor)
        response = self.client.get(self.url)
        # planned 2025 … 2027, plus the year after completion: 2025, 2026, 2027, 2028
        self.assertEqual(list(response.context["years"]), [2025, 2026, 2027, 2028])
        self.assertEqual(response.context["year"], 2026)
        self.assertContains(response, "2026年计划投资")
        self.assertContains(response, "1,200.00万元")  # the plan PeriodTestCase made for 2026

    def test_a_plan_for_next_year_is_saved_and_shown_for_that_year(self, _today):
        self.client.force_login(self.region_a_editor)
        response = self.client.post(self.url, {"year": 2027, "planned_investment": "3500",
                                               "planned_completion_month": 6})
        self.assertContains(response, "已保存")
        self.assertContains(response, "2027年计划投资")
        self.assertContains(response, "3,500.00万元")
        self.assertEqual(AnnualPlan.objects.get(project=self.project_a, year=2027).planned_investment,
                         Decimal("3500.00"))
        # The current year's plan is untouched, and ?year= opens either.
        self.assertContains(self.client.get(self.url), "1,200.00万元")
        response = self.client.get(self.url, {"year": 2027})
        self.assertContains(response, "3,500.00万元")
        self.assertEqual(response.context["plan_form"]["year"].value(), 2027)

    def test_a_year_without_a_plan_says_so(self, _today):
        self.client.force_login(self.leader_user)
        response = self.client.get(self.url, {"year": 2025})
        self.assertContains(response, "2025年计划投资")
        self.assertContains(response, "未定计划")

    def test_the_plans_page_offers_a_year_select(self, _today):
        self.client.force_login(self.region_a_editor)
        response = self.client.get(reverse("progress:plan_excel"), {"year": 2027})
        self.assertContains(response, "2027年年度计划")
        self.assertContains(response, '<option value="2027" selected>2027</option>', html=True)
        self.assertContains(response, '<option value="2025">2025</option>', html=True)
