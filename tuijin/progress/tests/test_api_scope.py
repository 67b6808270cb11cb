"""API routes of progress: a district's period, its reports and plans are 404 to another district."""

import datetime
from decimal import Decimal

from tuijin.core.testing_views import ScopedApiChecks
from tuijin.progress import services
from tuijin.progress.models import AnnualPlan, ReportingPeriod
from tuijin.progress.testing import PeriodTestCase


class ProgressApiScopeTests(ScopedApiChecks, PeriodTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.period_a = ReportingPeriod.objects.create(region=cls.region_a, year=2026, month=11,
                                                      deadline=datetime.date(2026, 11, 25))
        cls.report_a, _ = services.save_report(cls.project_a, cls.period, {"completed": Decimal("5")},
                                               actor=cls.region_a_editor)
        cls.plan_a = AnnualPlan.objects.get(project=cls.project_a, year=2026)

    cases = [
        ("api:reportingperiod-detail", lambda t: {"pk": t.period_a.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
        ("api:monthlyreport-detail", lambda t: {"pk": t.report_a.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
        ("api:annualplan-detail", lambda t: {"pk": t.plan_a.pk}, "get", "region_a_editor", None, "region_b_editor"),
        ("api:reportingperiod-due", lambda t: {"pk": t.period_a.pk}, "get", "region_a_editor", None,
         "region_b_editor"),
        ("api:reportingperiod-chase", lambda t: {"pk": t.period_a.pk}, "post", "coordinator", "region_a_editor",
         "region_b_editor"),
        ("api:reportingperiod-reopen", lambda t: {"pk": t.period_a.pk}, "post", "coordinator", "region_a_editor",
         "region_b_editor"),
        ("api:monthlyreport-submit", lambda t: {"pk": t.report_a.pk}, "post", "region_a_editor", None,
         "region_b_editor"),
        ("api:monthlyreport-accept", lambda t: {"pk": t.report_a.pk}, "post", "coordinator", None, "region_b_editor"),
        ("api:monthlyreport-send-back", lambda t: {"pk": t.report_a.pk}, "post", "coordinator", None,
         "region_b_editor"),
        ("api:reportingperiod-close", lambda t: {"pk": t.period_a.pk}, "post", "coordinator", "region_a_editor",
         "region_b_editor"),
    ]
