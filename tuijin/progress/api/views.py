from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tuijin.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin, required_version

from .. import services
from ..summaries import report_states

from ..filtersets import MonthlyReportFilterSet
from ..models import AnnualPlan, MonthlyReport, ReportingPeriod
from tuijin.projects.models import Project

from .serializers import (AnnualPlanSerializer, ChaseSerializer, MonthlyReportSerializer, NewReportSerializer,
                          OpenPeriodSerializer, PlanWriteSerializer, ReopenSerializer, ReportingPeriodSerializer,
                          ReturnReasonSerializer)


class ReportingPeriodViewSet(ScopedReadOnlyViewSet):
    queryset = ReportingPeriod.objects.all()
    serializer_class = ReportingPeriodSerializer
    select_related = ("region",)
    filterset_fields = ["year", "month", "status"]

    @extend_schema(request=OpenPeriodSerializer, responses={201: ReportingPeriodSerializer},
                   description="开启填报期（项目办）")
    def create(self, request):
        serializer = OpenPeriodSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        period = services.open_period(data["region"], data["year"], data["month"], actor=request.user,
                                      deadline=data.get("deadline"))
        return Response(ReportingPeriodSerializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReportingPeriodSerializer, description="关闭填报期，月报冻结（项目办）")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        period = self.get_object()
        services.close_period(period, actor=request.user)
        return Response(ReportingPeriodSerializer(ReportingPeriod.objects.get(pk=period.pk)).data)

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
    """Reports in the caller's scope. POST saves a project's report for a period for the first time, PATCH
    goes on from the version read (with `amend_reason`, the coordinator's amendment), and submit, accept
    and return are the batch and review pages' steps — all through the same services and rules."""

    queryset = MonthlyReport.objects.all()
    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
    select_related = ("project", "period")

    @extend_schema(request=NewReportSerializer, responses={201: MonthlyReportSerializer})
    def create(self, request):
        serializer = NewReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        project, period = data.pop("project"), data.pop("period")
        for name in ("version", "amend_reason"):
            data.pop(name, None)
        if not Project.objects.visible_to(request.user).filter(pk=project.pk).exists() or \
                not ReportingPeriod.objects.visible_to(request.user).filter(pk=period.pk).exists():
            raise exceptions.NotFound()
        report, _changed = services.save_report(project, period, data, actor=request.user)
        return Response(MonthlyReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def _step(self, step, **kwargs):
        report = self.get_object()
        step(report, actor=self.request.user, **kwargs)
        return Response(MonthlyReportSerializer(MonthlyReport.objects.get(pk=report.pk)).data)

    @extend_schema(request=None, responses=MonthlyReportSerializer, description="报送月报")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(services.submit_report)

    @extend_schema(request=None, responses=MonthlyReportSerializer, description="审核通过")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(services.accept_report)

    @extend_schema(request=ReturnReasonSerializer, responses=MonthlyReportSerializer, description="退回（须写明原因）")
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        self.get_object()  # another region's report is 404 before its body is read
        serializer = ReturnReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._step(services.return_report, reason=serializer.validated_data["reason"])

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
    """Annual plans in the caller's scope; POST writes a project's plan for a year (new or replacing the
    one there), through the plan form's service."""

    queryset = AnnualPlan.objects.all()
    serializer_class = AnnualPlanSerializer
    filterset_fields = ["year", "project"]

    @extend_schema(request=PlanWriteSerializer, responses={201: AnnualPlanSerializer})
    def create(self, request):
        serializer = PlanWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        project, year = data.pop("project"), data.pop("year")
        if not Project.objects.visible_to(request.user).filter(pk=project.pk).exists():
            raise exceptions.NotFound()
        plan = services.save_annual_plan(project, year=year, actor=request.user, **data)
        return Response(AnnualPlanSerializer(plan).data, status=status.HTTP_201_CREATED)
