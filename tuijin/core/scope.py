"""What a user may see and do, computed once per request from its role assignments.

This module and `querysets.py` are the only places that compare region paths. Everything else asks the
scope object: `scope_of(user).may_fill(project)`, `.coordinates(region)`, `.home_region` …

A region is known here by its `path`, the chain of codes from the root ("210000/211100/211102/"), so
"region R lies in the subtree of S" is `R.path.startswith(S.path)`. Methods taking a region accept a
Region (anything with `.path`) or a path string. The class stays Django-light: the few methods that
need the database (`home_region`, `may_fill` for owners) import their models lazily.
"""

from dataclasses import dataclass, field

from .roles import REGION_EDIT_ROLES, REGION_READ_ROLES, REGION_REVIEW_ROLES, Role


def path_of(region):
    """A region's path, from a Region, a path string, or None."""
    if region is None or isinstance(region, str):
        return region
    return region.path


def within(path, roots):
    """Whether `path` lies in one of the subtrees rooted at `roots` (paths)."""
    return path is not None and any(path.startswith(root) for root in roots)


def highest(paths):
    """The highest of some region paths (fewest levels; the first by code among equals), or None."""
    return min(paths, key=lambda p: (p.count("/"), p), default=None)


def region_of(obj):
    """The region a project, a report (through its project) or a region itself belongs to."""
    if obj is None or isinstance(obj, str) or hasattr(obj, "path"):
        return obj
    if hasattr(obj, "project"):
        return obj.project.region
    return obj.region


@dataclass
class UserScope:
    everything: bool = False
    read_region_paths: list = field(default_factory=list)
    edit_region_paths: list = field(default_factory=list)
    review_region_paths: list = field(default_factory=list)
    # The subtrees the user coordinates (项目办): a coordinator role, not an editor's.
    coordinator_region_paths: list = field(default_factory=list)
    department_ids: list = field(default_factory=list)
    roles: set = field(default_factory=set)
    user_id: int = None

    @property
    def is_coordinator(self):
        return self.everything or Role.COORDINATOR in self.roles

    @property
    def keeps_org_catalog(self):
        """May keep the departments and leaders of its own region (org.services; the city's by its coordinator)."""
        return self.is_coordinator or Role.REGION_EDITOR in self.roles

    @property
    def can_create(self):
        return self.everything or bool(self.edit_region_paths)

    # --- where the user stands ---------------------------------------------------------------

    @property
    def home_path(self):
        """The path of the highest region the user reads (a city's leader: the city), or None when its
        scope is not a region (everything, a department, a secretary, an owner)."""
        return highest(self.read_region_paths)

    @property
    def home_region(self):
        """The Region the user's figures are broken down under: its highest read region; for a user who
        sees everything, or whose scope is not a region, the top of the region tree where it branches
        (a city under a province: the city, not the province, since the province has nothing else)."""
        if not hasattr(self, "_home_region"):
            from django.apps import apps

            Region = apps.get_model("org", "Region")
            if self.home_path:
                self._home_region = Region.objects.filter(path=self.home_path).first()
            else:
                self._home_region = Region.objects.filter(parent=None).order_by("path").first()
                while self._home_region is not None:
                    children = list(self._home_region.children.all()[:2])
                    if len(children) != 1:
                        break
                    self._home_region = children[0]
        return self._home_region

    # --- what the user reads -----------------------------------------------------------------

    def covers(self, region):
        """The region lies inside one of the user's read subtrees."""
        return self.everything or within(path_of(region), self.read_region_paths)

    def touches(self, region):
        """The region lies inside one of the user's read subtrees or above one (the city's leaders and
        meetings concern a district's users too)."""
        path = path_of(region)
        return self.covers(path) or (path is not None and any(read.startswith(path)
                                                               for read in self.read_region_paths))

    def reads_department(self, department):
        """Open a department's own page (its procedures in hand, `/approvals/departments/<id>/`): one who
        reads regions (the procedures shown are still those of its regions), and the department's users."""
        department_id = getattr(department, "pk", department)
        return self.everything or bool(self.read_region_paths) or department_id in self.department_ids

    # --- what the user may do ----------------------------------------------------------------

    def may_edit_region(self, region):
        """Register and edit projects in the region: an editor (or coordinator) of a subtree holding it."""
        return self.everything or within(path_of(region), self.edit_region_paths)

    def may_review(self, project_or_region):
        """Accept or return the monthly reports of a project (or of a region's projects)."""
        return self.everything or within(path_of(region_of(project_or_region)), self.review_region_paths)

    def coordinates(self, region):
        """The user is the project office (coordinator) of a subtree holding the region: it opens and
        closes periods, runs meetings, manages accounts there."""
        return self.everything or within(path_of(region), self.coordinator_region_paths)

    def may_amend(self, report_or_region):
        """Amend a report after the fact (accepted, or in a closed period): the coordinator only, of the
        report's project region (or of the region given)."""
        return self.coordinates(region_of(report_or_region))

    def may_fill(self, project, *, owners_may_report=None):
        """Fill and submit the project's monthly reports: an editor of its region; and, when the city
        lets them (系统参数 owners_may_report, read unless passed), its service secretary and its owner
        (项目单位) users."""
        if self.may_edit_region(project.region):
            return True
        if not self.user_id or not self.roles & {Role.SECRETARY, Role.OWNER}:
            return False
        if owners_may_report is None:
            from .models import Setting

            owners_may_report = Setting.get_bool("owners_may_report")
        if not owners_may_report:
            return False
        if Role.SECRETARY in self.roles and project.secretary_id == self.user_id:
            return True
        return Role.OWNER in self.roles and project.owner_users.filter(pk=self.user_id).exists()

    def may_instruct(self, kind, region, *, packaged_by_user=False, on_project=False, on_decision=False):
        """Write a 批示 (kind "instruction": a leader, on a problem of a region it reads or on a project it
        packages) or a 督办 note (kind "supervision": the inspector, on a problem or a decision of a region
        it reads). `packaged_by_user`: the project (of the target) is packaged by this user."""
        if kind == "instruction":
            if Role.LEADER not in self.roles or on_decision:
                return False
            return packaged_by_user or (not on_project and within(path_of(region), self.read_region_paths))
        if kind == "supervision":
            return (Role.INSPECTOR in self.roles and not on_project
                    and within(path_of(region), self.read_region_paths))
        return False

    def filter_audit(self, entries, user):
        """Change-log entries: all for an administrator, those of its region subtrees for a region
        role, and always the user's own; a coordinator also reads the entries that belong to no region
        (系统参数 and accounts, which apply city-wide)."""
        from django.db.models import Q

        if self.everything:
            return entries
        if not user or not user.is_authenticated:
            return entries.none()
        q = Q(actor_id=user.pk)
        for path in self.read_region_paths:
            q |= Q(region_path__startswith=path)
        if self.coordinator_region_paths:
            q |= Q(region_path="")
        return entries.filter(q)


def scope_of(user):
    """The user's scope, cached on the user object (which lives for one request)."""
    if not user or not user.is_authenticated:
        return UserScope()
    cached = getattr(user, "_tuijin_scope", None)
    if cached is not None:
        return cached
    scope = UserScope(everything=user.is_superuser, user_id=user.pk)
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
        if assignment.region_id and assignment.role == Role.COORDINATOR:
            scope.coordinator_region_paths.append(assignment.region.path)
        if assignment.department_id and assignment.role == Role.DEPARTMENT:
            scope.department_ids.append(assignment.department_id)
    user._tuijin_scope = scope
    return scope
