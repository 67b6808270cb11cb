from tuijin.core.api import ScopedReadOnlyViewSet

from ..filtersets import MonthlyReportFilterSet
from ..models import AnnualPlan, MonthlyReport, ReportingPeriod
from .serializers import AnnualPlanSerializer, MonthlyReportSerializer, ReportingPeriodSerializer


class ReportingPeriodViewSet(ScopedReadOnlyViewSet):
    queryset = ReportingPeriod.objects.all()
    serializer_class = ReportingPeriodSerializer
    select_related = ("region",)
    filterset_fields = ["year", "month", "status"]


class MonthlyReportViewSet(ScopedReadOnlyViewSet):
    queryset = MonthlyReport.objects.all()
    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
    select_related = ("project",)


class AnnualPlanViewSet(ScopedReadOnlyViewSet):
    queryset = AnnualPlan.objects.all()
    serializer_class = AnnualPlanSerializer
    filterset_fields = ["year", "project"]
