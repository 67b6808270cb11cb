"""What a user may see and edit, computed once per request from its role assignments."""

from dataclasses import dataclass, field

from .roles import REGION_EDIT_ROLES, REGION_READ_ROLES, REGION_REVIEW_ROLES, Role


@dataclass
class UserScope:
    everything: bool = False
    read_region_paths: list = field(default_factory=list)
    edit_region_paths: list = field(default_factory=list)
    review_region_paths: list = field(default_factory=list)
    department_ids: list = field(default_factory=list)
    roles: set = field(default_factory=set)

    @property
    def is_coordinator(self):
        return self.everything or Role.COORDINATOR in self.roles

    @property
    def can_create(self):
        return self.everything or bool(self.edit_region_paths)

    def filter_audit(self, entries, user):
        """Change-log entries: all for an administrator, those of its region subtrees for a region
        role, and always the user's own."""
        from django.db.models import Q

        if self.everything:
            return entries
        if not user or not user.is_authenticated:
            return entries.none()
        q = Q(actor_id=user.pk)
        for path in self.read_region_paths:
            q |= Q(region_path__startswith=path)
        return entries.filter(q)


def scope_of(user):
    """The user's scope, cached on the user object (which lives for one request)."""
    if not user or not user.is_authenticated:
        return UserScope()
    cached = getattr(user, "_tuijin_scope", None)
    if cached is not None:
        return cached
    scope = UserScope(everything=user.is_superuser)
    # role_assignments is the reverse accessor of org.RoleAssignment.user; core does not import org.
    for assignment in user.role_assignments.select_related("region", "department"):
        scope.roles.add(assignment.role)
        if assignment.role == Role.ADMIN:
            scope.everything = True
        if assignment.region_id and assignment.role in REGION_READ_ROLES:
            scope.read_region_paths.append(assignment.region.path)
        if assignment.region_id and assignment.role in REGION_EDIT_ROLES:
            scope.edit_region_paths.append(assignment.region.path)
        if assignment.region_id and assignment.role in REGION_REVIEW_ROLES:
            scope.review_region_paths.append(assignment.region.path)
        if assignment.department_id and assignment.role == Role.DEPARTMENT:
            scope.department_ids.append(assignment.department_id)
    user._tuijin_scope = scope
    return scope
