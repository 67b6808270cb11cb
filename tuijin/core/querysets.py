"""The one place scope is enforced: `visible_to(user)` and `editable_by(user)`.

A scoped model declares how it reaches the things scope is made of, e.g. for a project:

    scope_paths = {"region": "region", "departments": ("lead_department", "responsible_departments"),
                   "secretary": "secretary", "owner": "owner_users",
                   "reading_departments": ("procedures__department", "problems__assignments__department")}

and a model hanging off a project uses the same keys prefixed with "project__" (`scope_through`), except
"reading_departments": the departments that work on a case (issue one of its procedures, answer one of
its problems) read the row itself, not everything hanging off it.
"""

from django.db import models
from django.db.models import Q

from .roles import Role
from .scope import scope_of


class ScopedQuerySet(models.QuerySet):
    def _paths(self):
        return self.model.scope_paths

    def _region_q(self, region_paths):
        """Rows whose region lies in one of the subtrees. The region ids are found first (a small
        table) and given as a list, so the big table is filtered by an indexed `region_id IN (1, 2, …)`:
        with a subquery there SQLite's planner, which has no statistics, may walk another index instead."""
        path = self._paths()["region"]
        if not region_paths:
            return Q(pk__in=[])
        region_model = _related_model(self.model, path)
        ids = list(region_model._default_manager.filter(subtree_q(region_paths)).values_list("pk", flat=True))
        return Q(**{f"{path}__in": ids})

    def _via(self, lookup, value):
        """A filter through a possibly many-valued relation, without duplicating rows."""
        return Q(pk__in=self.model._default_manager.filter(**{lookup: value}).values("pk"))

    def _settled(self, scope, user):
        """All rows for a user who sees everything, none for an anonymous one; otherwise None."""
        if scope.everything:
            return self.all()
        if not user or not user.is_authenticated:
            return self.none()
        return None

    def visible_to(self, user):
        scope = scope_of(user)
        if (settled := self._settled(scope, user)) is not None:
            return settled
        paths = self._paths()
        q = self._region_q(scope.read_region_paths)
        if scope.department_ids:
            for lookup in (*paths.get("departments", ()), *paths.get("reading_departments", ())):
                q |= self._via(f"{lookup}__in", scope.department_ids)
        if Role.SECRETARY in scope.roles and "secretary" in paths:
            q |= Q(**{paths["secretary"]: user})
        if Role.OWNER in scope.roles and "owner" in paths:
            q |= self._via(paths["owner"], user)
        return self.filter(q)

    def reviewable_by(self, user):
        scope = scope_of(user)
        if (settled := self._settled(scope, user)) is not None:
            return settled
        return self.filter(self._region_q(scope.review_region_paths))

    def editable_by(self, user):
        scope = scope_of(user)
        if (settled := self._settled(scope, user)) is not None:
            return settled
        return self.filter(self._region_q(scope.edit_region_paths))

    def fillable_by(self, user, *, owners_may_report=None):
        """Rows whose monthly reports `user` may fill: those of its edit subtrees and, when the city lets
        them (系统参数 owners_may_report, read unless passed), those it serves as secretary or belongs to
        as owner. `UserScope.may_fill(project)` is the same rule for one project."""
        scope = scope_of(user)
        if (settled := self._settled(scope, user)) is not None:
            return settled
        paths = self._paths()
        q = self._region_q(scope.edit_region_paths)
        if scope.roles & {Role.SECRETARY, Role.OWNER}:
            if owners_may_report is None:
                from .models import Setting

                owners_may_report = Setting.get_bool("owners_may_report")
            if owners_may_report and Role.SECRETARY in scope.roles and "secretary" in paths:
                q |= Q(**{paths["secretary"]: user})
            if owners_may_report and Role.OWNER in scope.roles and "owner" in paths:
                q |= self._via(paths["owner"], user)
        return self.filter(q)


def subtree_q(region_paths, field="path"):
    """Rows whose region path (`field`, e.g. "region__path") lies in one of the subtrees; none if no
    paths are given. The one prefix match on region paths outside scope.py."""
    q = Q(pk__in=[])
    for region_path in region_paths:
        q |= Q(**{f"{field}__startswith": region_path})
    return q


class RegionQuerySet(models.QuerySet):
    """org.Region's queryset: subtrees, and the regions a user may register projects in."""

    def within(self, *region_paths):
        """The regions of the subtrees rooted at `region_paths` (each root included)."""
        return self.filter(subtree_q(region_paths))

    def visible_to(self, user):
        """The regions a user's filters offer: its read subtrees (a district clerk: its district and
        zones); every region for one who sees everything or whose scope is not a region (a department,
        a secretary, an owner reach projects anywhere); none for the anonymous."""
        scope = scope_of(user)
        if scope.everything or (not scope.read_region_paths and scope.roles):
            return self.all()
        return self.within(*scope.read_region_paths)

    def editable_by(self, user):
        scope = scope_of(user)
        return self.all() if scope.everything else self.within(*scope.edit_region_paths)

    def coordinated_by(self, user):
        scope = scope_of(user)
        return self.all() if scope.everything else self.within(*scope.coordinator_region_paths)


def _related_model(model, path):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


class RegionCatalogQuerySet(ScopedQuerySet):
    """Rows that belong to a region but concern everyone beneath it (a city's lists, its reporting
    periods): a user sees those of its regions' ancestors and subtrees. Users scoped by department
    or by project see all of them; what they show inside is still filtered by the rows' own scope."""

    def visible_to(self, user):
        scope = scope_of(user)
        if (settled := self._settled(scope, user)) is not None:
            return settled
        if not scope.read_region_paths:
            return self.all() if scope.roles else self.none()
        path = self._paths()["region"]
        q = Q(pk__in=[])
        for region_path in scope.read_region_paths:
            q |= Q(**{f"{path}__path__in": ancestor_paths(region_path)}) | Q(**{f"{path}__path__startswith": region_path})
        return self.filter(q)


class UploadQuerySet(ScopedQuerySet):
    """Uploads (`user` their uploader): one's own, and every upload into one's regions (the project office's
    record of who imported what)."""

    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        return super().visible_to(user) | self.filter(user=user)


def ancestor_paths(path):
    """A region path and every path above it: "210000/211100/" → ["210000/", "210000/211100/"]."""
    parts = path.rstrip("/").split("/")
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def scope_through(paths, relation):
    """A related model's scope paths: the same keys, reached through `relation` ("project", "report")."""
    return {key: (tuple(f"{relation}__{p}" for p in value) if isinstance(value, tuple) else f"{relation}__{value}")
            for key, value in paths.items() if key != "reading_departments"}


def in_region_subtree(queryset, field, region_path):
    """Rows whose stored region path (`field`, a copy such as the change log's) lies in the subtree."""
    return queryset.filter(**{f"{field}__startswith": region_path})
