from django.contrib import admin, messages
from django.http import Http404
from django.utils.translation import gettext as _

from . import audit, workdays
from .dates import today
from .models import AuditEntry, Setting, WorkCalendarDay, WorkCalendarYear


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


class WorkCalendarDayInline(admin.TabularInline):
    model = WorkCalendarDay
    extra = 5


@admin.register(WorkCalendarYear)
class WorkCalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source"]
    inlines = [WorkCalendarDayInline]

    def changelist_view(self, request, extra_context=None):
        missing = workdays.uncovered_years([today().year, today().year + 1])
        if missing:
            messages.warning(request, _("以下年份的节假日和调休安排尚未录入，这些年份的工作日无法计算：%(y)s。"
                                        "国务院公布安排后，请在此添加该年份并录入放假日和调休上班日。")
                             % {"y": "、".join(map(str, missing))})
        return super().changelist_view(request, extra_context)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The change log, read-only for everyone (a superuser included): entries are appended by the
    services and never edited or deleted (等保 2.0: kept at least six months)."""

    list_display = ["at", "actor_name", "kind", "subject_label", "summary", "reason"]
    list_filter = ["kind"]
    search_fields = ["summary", "subject_label", "actor_name", "reason"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    actions = None  # no "delete selected"

    def get_queryset(self, request):
        return AuditEntry.objects.visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and audit.may_read(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
