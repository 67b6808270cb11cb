from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tuijin.core.admin import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import AnnualPlan, MonthlyReport, ReportEvent, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Read-only here: periods are opened and closed on the 月报 pages (the services)."""

    list_display = ["__str__", "region", "deadline", "status"]
    list_filter = ["status", "year"]
    readonly_fields = ["status", "closed_at", "closed_by"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Read-only here: plans are set on the plan page and by its Excel import (the services)."""

    list_display = ["project", "year", "planned_investment"]
    list_filter = ["year"]
    search_fields = ["project__name", "project__code"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Read-only here: reports change through the pages, the import and the services' rules."""

    list_display = ["project", "period", "completed", "ytd", "status", "jump_flag"]
    list_filter = ["status", "year", "month", "jump_flag"]
    search_fields = ["project__name", "project__code"]
    list_select_related = ["project", "period"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["report", "kind", "actor", "at", "reason"]
    list_filter = ["kind"]
    list_select_related = ["report__project", "report__period", "actor"]
