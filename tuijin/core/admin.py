from django.contrib import admin
from django.http import Http404

from .models import Setting


class ScopedAdminMixin:
    """Admin pages show a non-superuser the same rows its pages do (visible_to / editable_by)."""

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Out of scope is 404 in the admin too, not a redirect that hints the object exists.
        raise Http404

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return self.model.objects.editable_by(request.user).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "description"]
