from django.db.models import Q

from tuijin.core.querysets import ScopedQuerySet
from tuijin.core.scope import scope_of

from .choices import Stage


class ProjectQuerySet(ScopedQuerySet):
    def started_in(self, year):
        return self.filter(actual_start__year=year)

    def new_starts(self, year):
        """新开工: under construction (or beyond) and started in `year`."""
        return self.started_in(year).exclude(stage__in=[Stage.RESERVE, Stage.PREPARATION, Stage.WITHDRAWN])

    def continuing(self, year):
        """续建: under construction in `year`, started before it."""
        return self.filter(stage=Stage.CONSTRUCTION, actual_start__year__lt=year)

    def in_band(self, lower, upper):
        q = Q()
        if lower is not None:
            q &= Q(total_investment__gte=lower)
        if upper is not None:
            q &= Q(total_investment__lt=upper)
        return self.filter(q)

    def lacking_leader(self, threshold):
        return self.active().filter(total_investment__gte=threshold, leader__isnull=True)

    def lacking_secretary(self, threshold):
        return self.active().filter(total_investment__gte=threshold, secretary__isnull=True)

    def active(self):
        return self.exclude(stage=Stage.WITHDRAWN)


class ProjectListQuerySet(ScopedQuerySet):
    """A list belongs to a region, but a county works with its city's and province's lists too:
    a user sees lists of its regions' ancestors and subtrees. Users scoped by department or by
    project see every list; the sizes they are shown still count only projects they may see."""

    def visible_to(self, user):
        scope = scope_of(user)
        if scope.everything:
            return self.all()
        if not user or not user.is_authenticated:
            return self.none()
        if not scope.read_region_paths:
            return self.all() if scope.roles else self.none()
        q = Q(pk__in=[])
        for path in scope.read_region_paths:
            parts = path.rstrip("/").split("/")
            ancestors = ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]
            q |= Q(region__path__in=ancestors) | Q(region__path__startswith=path)
        return self.filter(q)
