from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tuijin.core.admin import AuditedAdminMixin, ReadOnlyAdminMixin, ScopedAdminMixin

from . import services
from .models import Project, ProjectFunding, ProjectList, StageTransition


class FundingInline(admin.TabularInline):
    model = ProjectFunding
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    audit_own_fields = False  # update_project / create_project log the project's fields; here the funding rows

    list_display = ["name", "code", "region", "stage", "total_investment", "leader"]
    list_filter = ["stage", "category", "industry"]
    search_fields = ["name", "code", "owner_unit"]
    list_select_related = ["region", "leader"]
    readonly_fields = ["stage", "actual_start", "actual_completion", "version"]
    autocomplete_fields = ["region", "lead_department", "responsible_departments", "leader", "secretary",
                           "owner_users"]
    inlines = [FundingInline]

    def save_model(self, request, obj, form, change):
        # Stage and version are services' business; the admin edits facts only, through the same rules.
        if change:
            services.update_project(obj, expected_version=Project.objects.get(pk=obj.pk).version,
                                    actor=request.user, reason=_("管理后台修改"))
        else:
            services.create_project(obj, actor=request.user, reason=_("管理后台新建"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_list_memberships(form.instance)


@admin.register(StageTransition)
class StageTransitionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["project", "from_stage", "to_stage", "actor", "at", "override"]
    list_select_related = ["project", "actor"]


@admin.register(ProjectList)
class ProjectListAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "year", "region", "rule", "min_total_investment"]
    list_filter = ["year", "rule"]
    actions = ["recompute"]

    def save_model(self, request, obj, form, change):
        services.save_project_list(obj, actor=request.user, reason=_("管理后台"))

    @admin.action(description=_("按规则重新计算清单项目"))
    def recompute(self, request, queryset):
        for project_list in queryset:
            services.recompute_list(project_list)
        messages.success(request, _("已重新计算。"))
