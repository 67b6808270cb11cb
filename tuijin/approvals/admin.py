from django.contrib import admin

from tuijin.core.admin import ScopedAdminMixin

from .models import ProcedureType, ProjectProcedure


@admin.register(ProcedureType)
class ProcedureTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "stage", "department", "limit_days", "is_construction_permit", "sort_order", "active"]
    list_editable = ["limit_days", "sort_order", "active"]
    list_filter = ["stage"]


@admin.register(ProjectProcedure)
class ProjectProcedureAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["project", "procedure_type", "status", "applied_on", "approved_on", "department"]
    list_filter = ["status", "procedure_type"]
    raw_id_fields = ["project"]
