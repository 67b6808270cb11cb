from django.db.models import Q

from tuijin.core.models import Setting
from tuijin.core.querysets import ScopedQuerySet

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

    def lacking_leader(self, threshold=None):
        """应配未配包保领导: not withdrawn, total investment at or above the city's standard, no leader."""
        threshold = Setting.get_decimal("leader_threshold") if threshold is None else threshold
        return self.active().filter(total_investment__gte=threshold, leader__isnull=True)

    def lacking_secretary(self, threshold=None):
        """应配未配服务秘书, by the city's secretary standard."""
        threshold = Setting.get_decimal("secretary_threshold") if threshold is None else threshold
        return self.active().filter(total_investment__gte=threshold, secretary__isnull=True)

    def active(self):
        return self.exclude(stage=Stage.WITHDRAWN)

