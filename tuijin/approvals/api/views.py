from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from tuijin.core.api import ScopedViewSetMixin, required_version
from tuijin.core.dates import today
from tuijin.core.workdays import WorkCalendar

from .. import services
from ..clocks import procedure_clock
from ..models import ProcedureType, ProjectProcedure
from tuijin.projects.models import Project

from .serializers import NewProcedureSerializer, ProcedureTypeSerializer, ProjectProcedureSerializer


class ProjectProcedureViewSet(ScopedViewSetMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Procedures in the caller's scope with their working-day clocks; PATCH goes through the same
    service and rules as the project page (a department only on the procedures it issues)."""

    queryset = ProjectProcedure.objects.all()
    serializer_class = ProjectProcedureSerializer
    select_related = ("procedure_type", "project")
    filterset_fields = ["project", "status", "department", "procedure_type"]

    def get_serializer_context(self):
        calendar, now = WorkCalendar(), today()
        return {**super().get_serializer_context(), "clock": lambda p: procedure_clock(p, calendar, now)}

    @extend_schema(request=NewProcedureSerializer, responses={201: ProjectProcedureSerializer},
                   description="记录一项前期手续：不在清单上的先加入清单，再保存状态和日期")
    def create(self, request):
        serializer = NewProcedureSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        project, procedure_type = data.pop("project"), data.pop("procedure_type")
        data.pop("version", None)
        if not Project.objects.visible_to(request.user).filter(pk=project.pk).exists():
            raise exceptions.NotFound()
        procedure = services.add_procedure(project, procedure_type, actor=request.user)
        if data:
            procedure = services.update_procedure(procedure, actor=request.user, **data)
        procedure = ProjectProcedure.objects.get(pk=procedure.pk)
        return Response(ProjectProcedureSerializer(procedure, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        services.update_procedure(serializer.instance, actor=self.request.user,
                                  expected_version=required_version(data), **data)


class ProcedureTypeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The procedure catalog (手续目录) in use: the ids a procedure is recorded with."""

    queryset = ProcedureType.objects.filter(active=True).order_by("sort_order", "pk")
    serializer_class = ProcedureTypeSerializer
