"""Figures leaders read: reporting compliance per region, and 序时进度 per region, department, industry …

Each row carries the filter that reproduces it, so every figure links to the rows behind it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from tuijin.core.lib import schedule
from tuijin.core.views import int_param
from tuijin.core.models import Setting
from tuijin.org.models import Department, Region
from tuijin.projects.choices import Category, Industry
from tuijin.projects.models import Project, ProjectList

from .choices import ReportStatus
from .cumulative import month_end
from .models import AnnualPlan, MonthlyReport, ReportingPeriod
from .services import deadline_end

ON_TIME, LATE, MISSING = "on_time", "late", "missing"


@dataclass
class ComplianceRow:
    region: Region
    due: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def rate(self):
        return schedule.percent(Decimal(self.on_time + self.late) / self.due) if self.due else None


def _due_states(period, user):
    """{project_id: (region_id, on_time | late | missing)} for the projects due in `period` that `user` may see
    and the figures count (入库审核 done, as 月报按时报送率 counts them)."""
    due = Project.objects.visible_to(user).reporting_in(period)
    end = deadline_end(period)
    states = {pk: (region_id, MISSING) for pk, region_id in due.values_list("pk", "region_id")}
    reports = MonthlyReport.objects.filter(period=period, project__in=due,
                                           status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
    for project_id, submitted_at in reports.values_list("project_id", "submitted_at"):
        states[project_id] = (states[project_id][0], ON_TIME if submitted_at and submitted_at < end else LATE)
    return states


def report_states(period, user):
    """{project_id: on_time | late | missing} for the projects due in `period` that `user` may see."""
    return {pk: state for pk, (_region, state) in _due_states(period, user).items()}


def compliance(period, user):
    """One row per region directly under the period's region, and a total row."""
    regions = list(period.region.children.order_by("sort_order", "code"))
    rows = {r.pk: ComplianceRow(r) for r in regions}
    top_of = _top_level_map(period.region, regions)
    for region_id, state in _due_states(period, user).values():
        row = rows.get(top_of.get(region_id))
        if row is None:
            continue
        row.due += 1
        setattr(row, state, getattr(row, state) + 1)
    total = ComplianceRow(period.region)
    for row in rows.values():
        for name in ("due", "on_time", "late", "missing"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return list(rows.values()), total


def _top_level_map(root, children):
    """region id → id of the child of `root` it lies under."""
    mapping = {}
    for child in children:
        for pk in child.subtree().values_list("pk", flat=True):
            mapping[pk] = child.pk
    return mapping


@dataclass
class ScheduleRow:
    key: object
    label: str
    filter: dict = field(default_factory=dict)
    projects: int = 0
    plan: Decimal = Decimal(0)
    ytd: Decimal = Decimal(0)
    rate: Decimal = None
    gap: Decimal = None
    status: str = None


GROUPS = {
    "region": "region_id",
    "lead_department": "lead_department_id",
    "industry": "industry",
    "category": "category",
    # A project in several lists counts in each of them; projects in none are left out.
    "project_list": "memberships__project_list_id",
}


def schedule_thresholds():
    return (list(Setting.typed("schedule_weights")), Setting.typed("schedule_yellow_gap"),
            Setting.typed("schedule_red_gap"))


def schedule_summary(year, month, user, group="region", root=None):
    """序时进度 by group: annual plan, year-to-date through `month`, rate, gap in points, status."""
    weights, yellow, red = schedule_thresholds()
    expected = schedule.expected_share(month, weights)
    projects = Project.objects.visible_to(user).counted()
    key = GROUPS[group]
    plans = (projects.filter(plans__year=year, plans__planned_investment__gt=0)
             .values_list(key).annotate(total=Sum("plans__planned_investment"), n=Count("plans")))
    # Year-to-date through `month` comes from the YearToDate table: one row per project and year with
    # the running sum at every month end, instead of each project's latest report among a million.
    month_column = f"year_to_date__{month_end(month)}"
    done = (projects.filter(year_to_date__year=year).values_list(key).annotate(total=Sum(month_column)))
    rows = {}
    fold = _folder(group, root)
    for raw_key, total, n in plans:
        if raw_key is None and group == "project_list":
            continue
        row = rows.setdefault(fold(raw_key), ScheduleRow(fold(raw_key), ""))
        row.plan += total
        row.projects += n
    for raw_key, total in done:
        if raw_key is None and group == "project_list":
            continue
        row = rows.setdefault(fold(raw_key), ScheduleRow(fold(raw_key), ""))
        row.ytd += total
    labels = _labels(group, rows)
    all_row = ScheduleRow(None, _("合计"))
    for row in rows.values():
        row.label, row.filter = labels.get(row.key, ("—", {}))
        all_row.plan += row.plan
        all_row.ytd += row.ytd
        all_row.projects += row.projects
    if group == "project_list":
        # Lists overlap: the total is every planned project once, not the sum of the lists.
        totals = (AnnualPlan.objects.filter(year=year, planned_investment__gt=0, project__in=projects)
                  .aggregate(total=Sum("planned_investment"), n=Count("pk")))
        all_row.plan, all_row.projects = totals["total"] or Decimal(0), totals["n"]
        all_row.ytd = (projects.filter(year_to_date__year=year).aggregate(total=Sum(month_column))["total"]
                       or Decimal(0))
    for row in [*rows.values(), all_row]:
        row.rate, row.gap, row.status = schedule.judge(row.ytd, row.plan, expected, yellow, red)
    return _ordered(group, rows), all_row, schedule.percent(expected)


def _ordered(group, rows):
    """Regions in code order (a district before its zones), other groups by name."""
    if group != "region":
        return sorted(rows.values(), key=lambda r: r.label)
    paths = dict(Region.objects.filter(pk__in=[k for k in rows if k is not None]).values_list("pk", "path"))
    return sorted(rows.values(), key=lambda r: (paths.get(r.key) is None, paths.get(r.key) or "", r.label))


def default_month(user, now):
    """(year, month, period) 序时进度 opens on: the last closed period `user` may see, whose figures are
    final — the open month expects its full share before anyone has reported; without one, the month
    before `now` (period None)."""
    period = ReportingPeriod.objects.last_closed_for(user)
    if period is not None:
        return period.year, period.month, period
    first = now.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month, None


def schedule_month(params, user, now):
    """(year, month, default period or None) from ?year=&month=, else `default_month`: the explicit
    month wins; the period is returned only when the page shows the default."""
    default_year, default_month_, period = default_month(user, now)
    if params.get("year") or params.get("month"):
        year = int_param(params.get("year"), default_year, 2000, 2100)
        return year, int_param(params.get("month"), default_month_, 1, 12), None
    return default_year, default_month_, period


def _folder(group, root):
    if group != "region" or root is None:
        return lambda value: value
    children = list(root.children.all())
    mapping = _top_level_map(root, children)
    return lambda value: mapping.get(value, value)


def _labels(group, rows):
    keys = [k for k in rows if k is not None]
    if group == "region":
        return {r.pk: (r.name, {"region": r.pk}) for r in Region.objects.filter(pk__in=keys)}
    if group == "lead_department":
        return {d.pk: (d.name, {"lead_department": d.pk}) for d in Department.objects.filter(pk__in=keys)}
    if group == "project_list":
        return {pl.pk: (str(pl), {"project_list": pl.pk}) for pl in ProjectList.objects.filter(pk__in=keys)}
    if group == "industry":
        return {k: (f"{k} {Industry(k).label}" if k else _("待补充"), {"industry": k}) for k in keys}
    return {k: (str(Category(k).label) if k else _("待补充"), {"category": k}) for k in keys}
