"""GET /api/v1/audit/: the change log, read-only (list and one entry), filtered like the page."""

from rest_framework import permissions, serializers

from . import audit
from .api import ScopedReadOnlyViewSet
from .filtersets import AuditEntryFilterSet
from .models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "actor_name", "kind", "kind_label", "summary", "subject_type", "subject_id",
                  "subject_label", "subject_url", "project_id", "region_path", "reason", "changes", "data"]
        read_only_fields = fields

    def get_kind_label(self, entry) -> str:
        return audit.kind_label(entry.kind)


class MayReadAudit(permissions.BasePermission):
    def has_permission(self, request, view):
        return audit.may_read(request.user)


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """Entries the caller may read, newest first. There is no create, update or delete: the log is
    written by the services only."""

    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilterSet
    permission_classes = [permissions.IsAuthenticated, MayReadAudit]
