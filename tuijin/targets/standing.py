"""Each target's standing for a viewer on a day: its actual (from the indicator registry) today and at its
checkpoint, what was expected by now, met / not met / on track / behind, the gap, and the rows behind it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuijin.core.dates import today

from . import judge
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
    projects = filtered(scope.projects(user), target.filters, user)
    year = target.checkpoint.year
    since = datetime.date(target.year, 1, 1) if target.end_year else None
    return Query(projects=projects, year=year, as_of=as_of, since=since, region=scope.region,
                 listed=scope.kind == "list" or bool(target.filters.get("list")))


def rows_url(target, as_of):
    params = {"scope": target.scope_param, "year": target.checkpoint.year, "as_of": as_of.isoformat(),
              **target.filters}
    return reverse("targets:indicator_rows", args=[target.indicator]) + "?" + urlencode(params)


def standing(target, user, on=None):
    on = on or today()
    result = Standing(target)
    indicator = target.indicator_def
    if indicator is None:  # a task that is not a number: its status is what the units report
        return result
    at = min(on, target.checkpoint)
    value = indicator.value(query_of(target, user, at))
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
    targets = list(targets)
    found = [standing(t, user, on) for t in targets]
    parts = dict(Target.objects.filter(parent__in=[t.pk for t in targets], value__isnull=False)
                 .values_list("parent").annotate(total=Sum("value")).values_list("parent", "total"))
    for s in found:
        indicator = s.target.indicator_def
        if s.target.pk in parts and indicator is not None and indicator.unit != PERCENT:
            s.parts_total = parts[s.target.pk]
    return found
