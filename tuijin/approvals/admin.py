from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tuijin.core.admin import AuditedAdminMixin, ReadOnlyAdminMixin, ScopedAdminMixin
from tuijin.projects.choices import Category

from .models import ProcedureType, ProjectProcedure


class ProcedureTypeForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(label=_("默认适用的项目类别"), choices=Category.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ProcedureType
        fields = "__all__"


@admin.register(ProcedureType)
class ProcedureTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ProcedureTypeForm
    list_display = ["name", "stage", "department", "limit_days", "is_construction_permit", "sort_order", "active"]
    list_editable = ["limit_days", "sort_order", "active"]
    list_filter = ["stage"]


@admin.register(ProjectProcedure)
class ProjectProcedureAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read-only here: procedures change on the project's 前期手续 tab and the API (the services)."""

    list_display = ["project", "procedure_type", "status", "applied_on", "approved_on", "department"]
    list_filter = ["status", "procedure_type"]
    raw_id_fields = ["project"]
