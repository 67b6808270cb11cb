from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tuijin.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin, required_version

from .. import services
from ..summaries import report_states

from ..filtersets import MonthlyReportFilterSet
from ..models import AnnualPlan, MonthlyReport, ReportingPeriod
from .serializers import (AnnualPlanSerializer, ChaseSerializer, MonthlyReportSerializer, ReopenSerializer,
                          ReportingPeriodSerializer)


class ReportingPeriodViewSet(ScopedReadOnlyViewSet):
    queryset = ReportingPeriod.objects.all()
    serializer_class = ReportingPeriodSerializer
    select_related = ("region",)
    filterset_fields = ["year", "month", "status"]

    @action(detail=True)
    def due(self, request, pk=None):
        """The projects due to report in the period that the caller sees, each with its state (on_time,
        late or missing): the figures of the period page, as rows."""
        states = report_states(self.get_object(), request.user)
        return Response([{"project": project_id, "state": state} for project_id, state in sorted(states.items())])

    @extend_schema(request=ChaseSerializer, responses={200: {"type": "object", "properties": {"told": {"type": "integer"}}}},
                   description="催报：通知未报送项目的县区填报人（每期每天每人一次）")
    @action(detail=True, methods=["post"])
    def chase(self, request, pk=None):
        period = self.get_object()
        serializer = ChaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        told = services.chase_non_reporters(period, actor=request.user, regions=serializer.validated_data.get("regions"))
        return Response({"told": told})

    @extend_schema(request=ReopenSerializer, responses=ReportingPeriodSerializer, description="重新开启已关闭的填报期（须写明原因）")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        period = self.get_object()
        serializer = ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        period = services.reopen_period(period, actor=request.user, reason=serializer.validated_data["reason"])
        return Response(ReportingPeriodSerializer(period).data)


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
