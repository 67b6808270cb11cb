"""Base viewsets: the same scope as pages, and service errors turned into the right HTTP answers."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from .concurrency import ConcurrentEditError


def required_version(data):
    """Pop the version the caller read from a PATCH/PUT body; an edit without one is refused, since it
    could silently overwrite a colleague's save (409 with the current object when it is stale)."""
    if "version" not in data:
        raise exceptions.ValidationError({"version": _("修改时须提供读取时的版本号（version）")})
    return data.pop("version")


class ScopedViewSetMixin:
    select_related = ()

    def get_queryset(self):
        return self.queryset.model.objects.visible_to(self.request.user).select_related(*self.select_related)

    def check_editable(self, obj):
        """Visible but not editable is 403 (invisible objects are already 404 from get_queryset)."""
        if not type(obj).objects.editable_by(self.request.user).filter(pk=obj.pk).exists():
            raise exceptions.PermissionDenied()

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            exc = exceptions.ValidationError(detail)
        elif isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        elif isinstance(exc, ConcurrentEditError):
            current = self.get_serializer(exc.current).data
            return Response({"detail": str(exc), "current": current}, status=409)
        return super().handle_exception(exc)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
