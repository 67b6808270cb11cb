from rest_framework import mixins, viewsets

from tuijin.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin, required_version

from .. import services

from ..filtersets import MonthlyReportFilterSet
from ..models import AnnualPlan, MonthlyReport, ReportingPeriod
from .serializers import AnnualPlanSerializer, MonthlyReportSerializer, ReportingPeriodSerializer


class ReportingPeriodViewSet(ScopedReadOnlyViewSet):
    queryset = ReportingPeriod.objects.all()
    serializer_class = ReportingPeriodSerializer
    select_related = ("region",)
    filterset_fields = ["year", "month", "status"]


class MonthlyReportViewSet(ScopedViewSetMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reports in the caller's scope. PATCH goes through the batch page's service and rules (with the
    version read); with `amend_reason`, through the coordinator's amendment, as the amend page does."""

    queryset = MonthlyReport.objects.all()
    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
    select_related = ("project", "period")

    def perform_update(self, serializer):
        report = serializer.instance
        data = dict(serializer.validated_data)
        expected = required_version(data)
        reason = data.pop("amend_reason", None)
        if reason is not None:
            report, _changed = services.amend_report(report, data, actor=self.request.user, reason=reason,
                                                     expected_version=expected)
        else:
            report, _changed = services.save_report(report.project, report.period, data, actor=self.request.user,
                                                    expected_version=expected)
        serializer.instance = report


class AnnualPlanViewSet(ScopedReadOnlyViewSet):
    queryset = AnnualPlan.objects.all()
    serializer_class = AnnualPlanSerializer
    filterset_fields = ["year", "project"]
