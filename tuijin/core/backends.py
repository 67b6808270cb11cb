"""Django model permissions granted by roles, so the admin and `has_perm` follow RoleAssignment
rather than hand-kept groups. What rows a permission reaches is still decided by the querysets."""

from django.contrib.auth.backends import BaseBackend

from .roles import Role
from .scope import scope_of

ROLE_PERMISSIONS = {
    Role.COORDINATOR: {
        "projects.view_project", "projects.add_project", "projects.change_project",
        "projects.view_projectlist", "projects.add_projectlist", "projects.change_projectlist",
        "projects.delete_projectlist", "projects.view_stagetransition", "projects.view_projectfunding",
        "projects.add_projectfunding", "projects.change_projectfunding", "projects.delete_projectfunding",
        "org.view_region", "org.view_department", "org.add_department", "org.change_department",
        "org.view_leader", "org.add_leader", "org.change_leader",
    },
    Role.REGION_EDITOR: {"projects.view_project", "projects.add_project", "projects.change_project"},
}


class RolePermissionBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        granted = set()
        for role in scope_of(user_obj).roles:
            granted |= ROLE_PERMISSIONS.get(role, set())
        return granted

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
