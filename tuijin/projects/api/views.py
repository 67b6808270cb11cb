from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tuijin.core.api import ScopedViewSetMixin, required_version

from .. import services
from ..filtersets import ProjectFilterSet
from ..models import Project, ProjectList
from .serializers import (MembershipSerializer, ProjectListSerializer, ProjectSerializer, ResumptionSerializer,
                          TransitionSerializer)


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


class ProjectListViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Lists in the caller's scope (its regions' and those above them). POST makes one (its region's
    editors: the admin's service and rules); a hand-kept list takes projects in and out with /add/ and
    /remove/, by the project's id, as on the project page."""

    queryset = ProjectList.objects.all()
    serializer_class = ProjectListSerializer
    select_related = ("region",)
    filterset_fields = ["year", "rule"]

    def perform_create(self, serializer):
        serializer.instance = services.save_project_list(ProjectList(**serializer.validated_data),
                                                         actor=self.request.user)

    def _membership(self, request, step):
        project_list = self.get_object()
        self.check_editable(project_list)  # a reader is refused before its body is read
        serializer = MembershipSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = Project.objects.visible_to(request.user).filter(pk=serializer.validated_data["project"]).first()
        if project is None:
            raise exceptions.NotFound()
        step(project_list, project, actor=request.user)
        return Response(ProjectListSerializer(project_list).data)

    @extend_schema(request=MembershipSerializer, responses=ProjectListSerializer, description="手工加入清单")
    @action(detail=True, methods=["post"])
    def add(self, request, pk=None):
        return self._membership(request, services.add_to_list)

    @extend_schema(request=MembershipSerializer, responses=ProjectListSerializer, description="移出清单")
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        return self._membership(request, services.remove_from_list)
