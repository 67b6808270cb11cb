"""/api/v1/list-imports/: the list import over the same services as the pages — upload (read at once, or by the
task worker for a large file), the rows with their outcomes, the duplicates decided, the columns corrected, commit."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from tuijin.core.api import ScopedViewSetMixin
from tuijin.org.models import Region

from .. import runs, services
from ..models import ImportRow, ProjectImport
from .serializers import (ColumnsSerializer, DecisionsSerializer, ImportRowSerializer, ProjectImportSerializer,
                          UploadSerializer)


class ProjectImportViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Imports in the caller's scope; another region's are 404."""

    queryset = ProjectImport.objects.all()
    serializer_class = ProjectImportSerializer
    select_related = ("region",)
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses=ProjectImportSerializer)
    def create(self, request, *args, **kwargs):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        if not Region.objects.editable_by(request.user).filter(pk=data["region"].pk).exists():
            raise exceptions.NotFound()
        mapping = data.get("mapping")
        if mapping is not None and not services.mappings_for(request.user).filter(pk=mapping.pk).exists():
            raise exceptions.NotFound()
        file = data["file"]
        batch = services.receive(file.read(), file.name, region=data["region"], actor=request.user, mapping=mapping)
        runs.check(batch)
        return Response(self.get_serializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ImportRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def rows(self, request, pk=None):
        """Each row's outcome; `?action=new|update|duplicate|skipped|error` for one kind."""
        rows = self.get_object().rows.all()
        if (kind := request.query_params.get("action")) in dict(ImportRow.ACTIONS):
            rows = rows.filter(action=kind)
        page = self.paginate_queryset(rows)
        serializer = ImportRowSerializer(page if page is not None else rows, many=True)
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)

    def _done(self, batch):
        return Response(self.get_serializer(self.get_queryset().get(pk=batch.pk)).data)

    @extend_schema(request=DecisionsSerializer, responses=ProjectImportSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        batch = self.get_object()
        serializer = DecisionsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decisions = {int(key): value for key, value in serializer.validated_data["decisions"].items()
                     if str(key).isdigit()}
        services.decide(batch, decisions, actor=request.user)
        return self._done(batch)

    @extend_schema(request=ColumnsSerializer, responses=ProjectImportSerializer)
    @action(detail=True, methods=["post"])
    def recheck(self, request, pk=None):
        batch = self.get_object()
        serializer = ColumnsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        runs.recheck(batch, serializer.validated_data["columns"], actor=request.user)
        return self._done(batch)

    @extend_schema(request=None, responses=ProjectImportSerializer)
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        """Save the new and updated rows in one transaction (the task worker's, for a large file)."""
        batch = self.get_object()
        runs.commit(batch, actor=request.user)
        return self._done(batch)
