import calendar
import datetime

from django.apps import apps
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate

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

    def due_in(self, period, *, as_it_stood=False):
        """Must report in the monthly `period` (a progress.ReportingPeriod): in its region's subtree, and
        under construction, or in preparation with planned spending that year. `as_it_stood`: in that stage at
        the month's start or its end, as the project stood then — a period gone by counts the projects due in
        it (one completed since reported its last month), not today's."""
        # EXISTS, not IN: the plan is looked up by its (project, year) index instead of scanning all plans.
        plans = apps.get_model("progress", "AnnualPlan").objects  # progress builds on projects, not the reverse
        spending = plans.filter(project=OuterRef("pk"), year=period.year, planned_investment__gt=0)
        # The region ids as a list, not a subquery: with literal ids SQLite's planner takes the (region,
        # stage) index; with a subquery it walks every project of the stage in the database.
        regions = list(period.region.subtree().values_list("pk", flat=True))
        projects = self.filter(region__in=regions)
        if not as_it_stood:
            return projects.filter(Q(stage=Stage.CONSTRUCTION) | Q(Exists(spending), stage=Stage.PREPARATION))
        first = datetime.date(period.year, period.month, 1)
        last = datetime.date(period.year, period.month, calendar.monthrange(period.year, period.month)[1])
        projects = projects.stage_on(first, "stage_at_start").stage_on(last, "stage_at_end")
        building = Q(stage_at_start=Stage.CONSTRUCTION) | Q(stage_at_end=Stage.CONSTRUCTION)
        preparing = Q(stage_at_start=Stage.PREPARATION) | Q(stage_at_end=Stage.PREPARATION)
        return projects.filter(building | (preparing & Q(Exists(spending))))

    def reporting_in(self, period):
        """Due in `period` and counted (入库审核 done): the projects whose reports the 报送率, its pages, the
        reminders and the to-do lists count. A project awaiting review may report (`due_in`) but is not chased."""
        return self.counted().due_in(period)

    def stage_on(self, day, name="stage_then"):
        """`name`: each project's stage at the end of `day`, its last stage move dated on or before it (a
        move's effective date, else the day it was recorded); none before its first move; its stage today if it
        has no recorded move at all (rows loaded without history)."""
        moves = apps.get_model("projects", "StageTransition").objects.filter(project=OuterRef("pk"))
        last = moves.dated().filter(day__lte=day)
        no_history = Case(When(Exists(moves), then=Value(None)), default=F("stage"), output_field=CharField())
        return self.annotate(**{name: Coalesce(
            Subquery(last.order_by("-day", "-at", "-pk").values("to_stage")[:1]), no_history)})

    def active(self):
        return self.exclude(stage=Stage.WITHDRAWN)

    def counted(self):
        """The projects the figures count: all but those registered in their real stage and not yet
        confirmed by the project office (入库审核). The one rule; every figure over projects starts here."""
        return self.filter(intake_pending=False)

    def awaiting_intake(self):
        return self.filter(intake_pending=True)



class StageTransitionQuerySet(ScopedQuerySet):
    def dated(self):
        """`day`: when a move took effect — its effective date, else the (Asia/Shanghai) day it was recorded."""
        return self.annotate(day=Coalesce("effective_date", TruncDate("at")))
