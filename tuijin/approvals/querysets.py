"""Read rules of the approvals app as queries: each procedure's working-day clock, those over their limit, and
each project's chain from its first application to its 施工许可, all counted by the database through the
stored working-day index (`core.WorkdayIndex`), never by a loop over every procedure."""

import datetime

from django.db import connection
from django.db.models import Case, Count, DateField, F, IntegerField, Max, Min, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from tuijin.core.dates import today
from tuijin.core.models import WorkdayIndex
from tuijin.core.querysets import ScopedQuerySet
from tuijin.core.workdays import elapsed_workdays

from .choices import ProcedureStatus

DONE, NOT_NEEDED = ProcedureStatus.DONE, ProcedureStatus.NOT_NEEDED
OPEN = [status for status in ProcedureStatus.values if status not in (DONE, NOT_NEEDED)]


class ProcedureQuerySet(ScopedQuerySet):
    def clocked(self):
        """The procedures a clock runs on: required, and not marked 无需办理."""
        return self.filter(required=True).exclude(status=NOT_NEEDED)

    def with_elapsed_workdays(self, on=None):
        """`elapsed`: working days from application to approval, or to `on` (today) while in progress, as
        `clocks.procedure_clock` counts them; NULL when not started, not needed, or in a year nobody covered.
        A finished procedure's clock is its stored `workdays`; only the open ones are counted on the fly."""
        on = on or today()
        return self.annotate(clock_end=Value(on, output_field=DateField())).annotate(elapsed=Case(
            When(Q(required=False) | Q(status=NOT_NEEDED) | Q(applied_on=None), then=None),
            When(status=DONE, approved_on__isnull=False, then=F("workdays")),
            default=elapsed_workdays("applied_on", "clock_end"), output_field=IntegerField()))

    def over_limit(self, on=None):
        """Procedures whose clock has passed their type's limit (finished late, or still open and late)."""
        return self.with_elapsed_workdays(on).filter(elapsed__gt=F("procedure_type__limit_days"))

    def open_clocks(self):
        """The clocked procedures whose clock still runs (applied for, not finished): a small share of all."""
        return self.filter(required=True, status__in=OPEN, applied_on__isnull=False)

    def open_over_limit(self, on=None):
        """`open_clocks().over_limit(on)` as date ranges the index on (status, applied_on) answers: a clock
        running to `on` has passed a limit of L working days when it was applied for on or after the start
        of `on`'s covered run and before the first day whose running count is running(on) − L."""
        on = on or today()
        opened = self.open_clocks()
        found = WorkdayIndex.objects.filter(date=on).values_list("running", "covered_from").first()
        if found is None:  # today's year not covered: no open clock can be counted
            return opened.none()
        running, start = found
        first_day = dict(WorkdayIndex.objects.filter(covered_from=start, date__lte=on).values_list("running")
                         .annotate(first=Min("date")).order_by())
        limits = self.model._meta.get_field("procedure_type").related_model.objects.values_list("pk", "limit_days")
        ends = {pk: first_day[running - limit] for pk, limit in limits if running - limit > 0}
        if not ends:
            return opened.none()
        late = Q(pk__in=[])
        for type_id, end in ends.items():
            late |= Q(procedure_type_id=type_id, applied_on__lt=end)
        return opened.filter(late, applied_on__gte=start, applied_on__lt=max(ends.values()))

    def slowest_over_limit(self, finished_counts, on=None, limit=50):
        """The `limit` procedures furthest over their limit (largest `elapsed` first, then catalog order).
        `finished_counts`: the rows of (elapsed, limit, n) of this queryset's finished procedures, from which
        the least stored clock among the slowest is found, so the finished ones are read by the index on
        `workdays` (then scoped by id); the open ones are the earliest applied for."""
        order = ("-elapsed", "procedure_type__sort_order", "procedure_type_id", "pk")
        finished = self.filter(status=DONE, workdays__gt=F("procedure_type__limit_days")).annotate(elapsed=F("workdays"))
        late, least = 0, None
        for row in sorted((r for r in finished_counts if r["elapsed"] is not None and r["elapsed"] > r["limit"]),
                          key=lambda r: -r["elapsed"]):
            late, least = late + row["n"], row["elapsed"]
            if late >= limit:
                break
        if late >= limit:
            candidates = list(self.model.objects.filter(workdays__gte=least).values_list("pk", flat=True))
            finished = finished.filter(pk__in=candidates)
        opened = self.open_over_limit(on)
        earliest = list(opened.order_by("applied_on").values_list("applied_on", flat=True)[limit - 1:limit])
        if earliest:  # every open clock at least as long as the `limit`-th earliest one's (ties included)
            opened = opened.filter(applied_on__lte=self._last_day_level_with(earliest[0]))
        both = [*finished.order_by(*order)[:limit], *opened.with_elapsed_workdays(on)]
        both.sort(key=lambda p: (-p.elapsed, p.procedure_type.sort_order, p.procedure_type_id, p.pk))
        return both[:limit]

    @staticmethod
    def _last_day_level_with(day):
        """The last day with the same running count as `day` (a clock applied for then is as long)."""
        found = WorkdayIndex.objects.filter(date=day).values_list("running", "covered_from").first()
        if found is None:
            return day
        return (WorkdayIndex.objects.filter(covered_from=found[1], running=found[0]).aggregate(last=Max("date"))["last"]
                or day)

    def elapsed_counts(self, *groups, on=None):
        """Rows of (*groups, elapsed, limit, n): how many procedures took each number of working days —
        the few hundred rows from which a board takes counts, shares, medians and the slowest."""
        return (self.with_elapsed_workdays(on).values(*groups, "elapsed", limit=F("procedure_type__limit_days"))
                .annotate(n=Count("pk")).order_by())

    def chain_dates(self, permitted_only=True):
        """One row per project with a 施工许可 issued (or with any clocked procedure: `permitted_only=False`),
        over the clocked procedures of this queryset: its region, `first_applied`, `permitted` and the permit's
        `year`; `chain_start` is the first application (or the permit itself when nothing records one)."""
        permit = Q(procedure_type__is_construction_permit=True, status=DONE, approved_on__isnull=False)
        permitted = Max("approved_on", filter=permit)
        chains = (self.clocked().values("project_id", region_id=F("project__region_id"))
                  .annotate(first_applied=Min("applied_on"), permitted=permitted,
                            chain_start=Coalesce(Min("applied_on"), permitted), year=ExtractYear(permitted))
                  .order_by())
        return chains.filter(permitted__isnull=False) if permitted_only else chains

    def chain_sql(self, permitted_only=True):
        """The chains with `days` (NULL in a year nobody covered): the grouped query above, joined twice to
        the working-day index. Django cannot join an aggregate to another table, so this one step is SQL."""
        inner, params = self.chain_dates(permitted_only).query.sql_with_params()
        index = connection.ops.quote_name(WorkdayIndex._meta.db_table)
        return f"""SELECT c.project_id, c.region_id, c.year, c.first_applied, c.permitted,
                          CASE WHEN c.permitted <= c.chain_start THEN 0 ELSE b.running - a.running END AS days
                   FROM ({inner}) c
                   LEFT JOIN {index} b ON b.date = c.permitted AND b.covered_from <= c.chain_start
                   LEFT JOIN {index} a ON a.date = c.chain_start""", params

    def chain_counts(self):
        """[(year, region_id, days, n)]: how many projects' chains took each number of working days."""
        sql, params = self.chain_sql()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT year, region_id, days, COUNT(*) FROM ({sql}) t GROUP BY year, region_id, days",
                           params)
            return [(int(year), region, days, n) for year, region, days, n in cursor.fetchall()]

    def chain_rows(self):
        """[(project_id, region_id, year, first_applied, permitted, days)], one per project with a permit."""
        sql, params = self.chain_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(project, region, int(year), _date(first), _date(permitted), days)
                    for project, region, year, first, permitted, days in cursor.fetchall()]


def _date(value):
    """SQLite hands back a date column of a raw query as text."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value
