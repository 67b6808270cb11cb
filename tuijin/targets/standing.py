"""Each target's standing for a viewer on a day: its actual (from the indicator registry) today and at its
checkpoint, what was expected by now, met / not met / on track / behind, the gap, and the rows behind it."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuijin.core.dates import today
from tuijin.core.querysets import ancestor_paths
from tuijin.org.models import Region

from . import grouped, judge
from .indicators import PERCENT, Query
from .models import Target
from .params import Scope, filtered

LABELS = {
    judge.MET: _("已完成"), judge.NOT_MET: _("未完成"), judge.ON_TRACK: _("序时达标"), judge.BEHIND: _("落后序时"),
    judge.NO_DATA: _("无数据"),
}


@dataclass
class Standing:
    target: object
    actual: object = None  # the indicator's value on the day (or at the checkpoint once it has passed)
    actual_today: object = None  # after the checkpoint: the value today, which may have moved on
    numerator: object = None
    denominator: object = None
    expected: Decimal = None
    status: str = judge.NO_DATA
    gap: Decimal = None
    rows_url: str = ""
    parts_total: Decimal = None

    @property
    def status_label(self):
        return LABELS[self.status]

    @property
    def parts_disagree(self):
        """The parts of a decomposed target do not add up to it (rates are not added up)."""
        return self.parts_total is not None and self.parts_total != self.target.value


def scope_of_target(target):
    if target.project_list_id:
        return Scope("list", target.project_list, target.scope_param)
    if target.department_id:
        return Scope("department", target.department, target.scope_param)
    return Scope("region", target.region, target.scope_param)


def query_of(target, user, as_of):
    scope = scope_of_target(target)
    return _query(target, filtered(scope.projects(user), target.filters, user), as_of, scope)


def _query(target, projects, as_of, scope):
    since = datetime.date(target.year, 1, 1) if target.end_year else None
    return Query(projects=projects, year=target.checkpoint.year, as_of=as_of, since=since, region=scope.region,
                 listed=scope.kind == "list" or bool(target.filters.get("list")))


def rows_url(target, as_of):
    params = {"scope": target.scope_param, "year": target.checkpoint.year, "as_of": as_of.isoformat(),
              **target.filters}
    return reverse("targets:indicator_rows", args=[target.indicator]) + "?" + urlencode(params)


def standing(target, user, on=None, value=None):
    """`value`, when given, is the indicator's value at min(on, checkpoint), computed beforehand."""
    on = on or today()
    result = Standing(target)
    indicator = target.indicator_def
    if indicator is None:  # a task that is not a number: its status is what the units report
        return result
    at = min(on, target.checkpoint)
    value = value or indicator.value(query_of(target, user, at))
    result.actual, result.numerator, result.denominator = value.value, value.numerator, value.denominator
    if on > target.checkpoint and on.year == target.checkpoint.year:
        result.actual_today = indicator.value(query_of(target, user, on)).value
    result.expected = judge.expected(target.comparator, target.value, target.starts, target.checkpoint, at,
                                     proportional=indicator.unit != PERCENT)
    result.status = judge.status(target.comparator, target.value, value.value, result.expected,
                                 checkpoint=target.checkpoint, on=at)
    result.gap = judge.gap(target.comparator, target.value, value.value)
    result.rows_url = rows_url(target, at)
    return result


def standings(targets, user, on=None):
    """Standings of `targets` in order, each decomposed one with the sum of all its parts beside it."""
    on = on or today()
    targets = list(targets)
    values = _values_of_regions(targets, user, on)
    found = [standing(t, user, on, values.get(t.pk)) for t in targets]
    parts = dict(Target.objects.filter(parent__in=[t.pk for t in targets], value__isnull=False)
                 .values_list("parent").annotate(total=Sum("value")).values_list("parent", "total"))
    for s in found:
        indicator = s.target.indicator_def
        if s.target.pk in parts and indicator is not None and indicator.unit != PERCENT:
            s.parts_total = parts[s.target.pk]
    return found


def _values_of_regions(targets, user, on):
    """{target pk: Value} for the region targets: those sharing an indicator, filters and day (a city target
    and its parts, the districts' own) from one grouped query over the region that holds them all, and every
    measure computed once for the page. Department and list targets are left to `standing`."""
    groups = {}
    for t in targets:
        indicator = t.indicator_def
        if indicator is None or not grouped.groupable(indicator) or t.project_list_id or t.department_id:
            continue
        key = (json.dumps(t.filters, sort_keys=True), min(on, t.checkpoint), t.checkpoint.year,
               t.year if t.end_year else None)
        groups.setdefault(key, []).append(t)
    holders = {r.path: r for r in Region.objects.filter(
        path__in=[common_path(t.region.path for t in members) for members in groups.values()])}
    measures, values = grouped.Measures(), {}
    for members in groups.values():
        holder = holders[common_path(t.region.path for t in members)]
        first = members[0]
        scope = Scope("region", holder, holder.code)
        query = _query(first, filtered(scope.projects(user), first.filters, user), min(on, first.checkpoint), scope)
        for t in members:
            values[t.pk] = measures.for_regions(t.indicator_def, query, [t.region])[t.region]
    return values


def common_path(paths):
    """The deepest region path above or equal to every one of `paths`."""
    common = None
    for path in paths:
        above = set(ancestor_paths(path))
        common = above if common is None else common & above
    return max(common, key=len)
