from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tuijin.core.admin import ScopedAdminMixin

from .models import AnnualPlan, MonthlyReport, ReportEvent, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "region", "deadline", "status"]
    list_filter = ["status", "year"]
    readonly_fields = ["status", "closed_at", "closed_by"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["project", "year", "planned_investment"]
    list_filter = ["year"]
    search_fields = ["project__name", "project__code"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Read-only here: reports change through the pages, the import and the services' rules."""

    list_display = ["project", "period", "completed", "ytd", "status", "jump_flag"]
    list_filter = ["status", "year", "month", "jump_flag"]
    search_fields = ["project__name", "project__code"]
    list_select_related = ["project", "period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["report", "kind", "actor", "at", "reason"]
    list_filter = ["kind"]
    list_select_related = ["report__project", "report__period", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
