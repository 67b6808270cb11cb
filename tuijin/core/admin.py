from django.contrib import admin, messages
from django.http import Http404
from django.utils.translation import gettext as _

from . import workdays
from .dates import today
from .models import Setting, WorkCalendarDay, WorkCalendarYear


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
