from django.contrib import admin

from tuijin.core.admin import AuditedAdminMixin, ReadOnlyAdminMixin, ScopedAdminMixin

from .models import Decision, Meeting, Problem, ProblemCategory


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "days", "sort_order", "active"]
    list_editable = ["days", "sort_order", "active"]


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["project", "category", "status", "level", "deadline", "raised_on"]
    list_filter = ["status", "category", "level"]
    search_fields = ["project__name", "description"]
    raw_id_fields = ["project", "raised_by", "leader"]
    readonly_fields = ["status", "level", "version"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "date", "chair"]
    filter_horizontal = ["problems", "projects"]
    raw_id_fields = ["created_by"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "number", "text", "owner", "deadline", "status"]
    list_filter = ["status"]
