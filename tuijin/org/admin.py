from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tuijin.core.admin import AuditedAdminMixin

from . import services
from .accounts import require_password_change
from .models import AccountProfile, Department, Leader, Region, RoleAssignment


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "path", "former_names"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "former_names"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "region", "sort_order"]
    search_fields = ["name", "slug"]

    def save_model(self, request, obj, form, change):
        services.save_department(obj, actor=request.user, reason=_("管理后台"))


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "rank", "region", "user", "active"]
    search_fields = ["name", "title"]
    autocomplete_fields = ["region", "user"]

    def save_model(self, request, obj, form, change):
        services.save_leader(obj, actor=request.user, reason=_("管理后台"))


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["region", "department"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "role", "region", "department"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name"]
    autocomplete_fields = ["user", "region", "department"]


User = get_user_model()
admin.site.unregister(User)


class AccountProfileInline(admin.StackedInline):
    model = AccountProfile
    can_delete = False


def _picking_a_user_to_change(request):
    """An admin autocomplete asking for users, from a page of a model the requester may change (a
    coordinator choosing a project's 服务秘书): it may search the users without opening the user list."""
    match = request.resolver_match
    if match is None or match.url_name != "autocomplete":
        return False
    try:
        model = apps.get_model(request.GET.get("app_label", ""), request.GET.get("model_name", ""))
    except (LookupError, ValueError):
        return False
    source = admin.site._registry.get(model)
    return source is not None and (source.has_change_permission(request) or source.has_add_permission(request))


@admin.register(User)
class TuijinUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = [RoleAssignmentInline, AccountProfileInline]
    list_display = ["username", "first_name", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "first_name", "last_name", "email"]  # what the user pickers search

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or (obj is None and _picking_a_user_to_change(request))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # The administrator chose this password: the new user sets its own at first login.
            require_password_change(form.instance)
