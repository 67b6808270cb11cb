from rest_framework import mixins, viewsets

from tuijin.core.api import ScopedViewSetMixin, required_version
from tuijin.core.dates import today
from tuijin.core.workdays import WorkCalendar

from .. import services
from ..clocks import procedure_clock
from ..models import ProjectProcedure
from .serializers import ProjectProcedureSerializer


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

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        services.update_procedure(serializer.instance, actor=self.request.user,
                                  expected_version=required_version(data), **data)
