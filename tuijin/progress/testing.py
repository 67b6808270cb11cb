import datetime
from decimal import Decimal

from tuijin.core.testing import PersonaTestCase
from tuijin.progress.models import AnnualPlan, ReportingPeriod
from tuijin.projects.models import Project


class PeriodTestCase(PersonaTestCase):
    """Personas, their projects under construction since January 2026, plans, and the November period."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Project.objects.filter(pk__in=[cls.project_a.pk, cls.project_b.pk, cls.project_zone.pk]).update(
            stage="construction", actual_start=datetime.date(2026, 1, 10))
        for project, plan in [(cls.project_a, "1200"), (cls.project_b, "24000"), (cls.project_zone, "600")]:
            AnnualPlan.objects.create(project=project, year=2026, planned_investment=Decimal(plan))
        cls.period = ReportingPeriod.objects.create(region=cls.city, year=2026, month=11,
                                                    deadline=datetime.date(2026, 11, 25))

    def refresh(self, obj):
        return type(obj).objects.get(pk=obj.pk)
