from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tuijin.core.api import ScopedViewSetMixin, required_version

from .. import services
from ..filtersets import ProjectFilterSet
from ..models import Project
from .serializers import ProjectSerializer, ResumptionSerializer, TransitionSerializer


class ProjectViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                     viewsets.ReadOnlyModelViewSet):
    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    select_related = ("region", "lead_department", "leader")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("responsible_departments")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        departments = data.pop("responsible_departments", [])
        data.pop("version", None)
        serializer.instance = services.create_project(Project(**data), actor=self.request.user,
                                                      responsible_departments=departments)

    def perform_update(self, serializer):
        project = serializer.instance
        self.check_editable(project)
        data = dict(serializer.validated_data)
        expected = required_version(data)
        departments = data.pop("responsible_departments", None)
        for name, value in data.items():
            setattr(project, name, value)
        services.update_project(project, expected_version=expected, actor=self.request.user,
                                responsible_departments=departments)

    @extend_schema(request=None, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def intake(self, request, pk=None):
        """入库审核: the project office confirms a project registered in its real stage (body: {"note": …})."""
        project = self.get_object()
        services.confirm_intake(project, actor=request.user, note=str(request.data.get("note", "")))
        project = self.get_queryset().get(pk=project.pk)
        return Response(ProjectSerializer(project, context={"request": request}).data, status=status.HTTP_200_OK)

    @extend_schema(request=TransitionSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the project to another lifecycle stage; the rules are those of the project page."""
        project = self.get_object()
        self.check_editable(project)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.transition_stage(project, actor=request.user, **serializer.validated_data)
        project = self.get_queryset().get(pk=project.pk)
        return Response(ProjectSerializer(project, context={"request": request}).data, status=status.HTTP_200_OK)

    @extend_schema(request=ResumptionSerializer, responses=ResumptionSerializer)
    @action(detail=True, methods=["post"])
    def resumption(self, request, pk=None):
        """复工: record the day the project resumed work (the 复工 indicators count it)."""
        project = self.get_object()
        self.check_editable(project)
        serializer = ResumptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        resumption = services.record_resumption(project, actor=request.user, on=data["day"], note=data["note"])
        return Response(ResumptionSerializer(resumption).data, status=status.HTTP_201_CREATED)
