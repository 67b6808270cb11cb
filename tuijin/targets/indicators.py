"""The indicator registry: each figure the policy documents track, defined once.

An indicator names the rows it counts or sums (its numerator) and, for a rate, the rows it divides by,
over a `Query`: the scope's projects (already limited to what the viewer may see and to the filters),
a year and the day the value is taken at. Pages, the API, targets and (later) warnings and rankings read
values only through `value()`, so a figure anywhere is the figure here, and `rows()` is what stands
behind it. Every indicator carries its basis: the one line a reader needs to trust the number.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from tuijin.approvals.models import ApprovalChain
from tuijin.problems.models import Problem
from tuijin.problems.querysets import problem_solved_q
from tuijin.progress.cumulative import month_end
from tuijin.progress.models import AnnualPlan, YearToDate
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import Project, StageTransition

COUNT, WAN, PERCENT = "个", "万元", "%"
# The unit as the API gives it is the contract; pages name it in their language.
UNIT_LABELS = {COUNT: _("个"), WAN: _("万元"), PERCENT: "%"}
CENT = Decimal("0.01")
STARTED = [Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING, Stage.SUSPENDED]
# 前期手续 N 个工作日内办结: 长春 2018 asks 80 % of projects within 51 working days.
APPROVAL_DAYS = 51


@dataclass(frozen=True)
class Query:
    projects: object  # a Project queryset: the scope, the viewer's visibility and the filters applied
    year: int
    as_of: datetime.date
    approval_days: int = APPROVAL_DAYS
    # A span (十四五 …) counts from 1 January of its first year instead of the year's.
    since: datetime.date = None

    @property
    def start(self):
        return self.since or datetime.date(self.year, 1, 1)

    @property
    def end(self):
        """The last day counted: `as_of`, or the year's end when `as_of` lies after it."""
        return min(self.as_of, datetime.date(self.year, 12, 31))

    @property
    def month(self):
        """The month whose year-to-date figures apply: `end`'s month (0 before the year began)."""
        return self.end.month if self.end >= self.start else 0


@dataclass
class Value:
    value: object
    numerator: object = None
    denominator: object = None


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    name_en: str
    unit: str
    basis: str
    numerator: object  # Query → queryset of the rows counted (or summed)
    denominator: object = None  # for a rate: Query → queryset of the rows it divides by
    # For a sum (or a rate of sums): Query → the field summed over the rows; None counts rows.
    summed: object = None
    denominator_summed: object = None

    @property
    def is_rate(self):
        return self.denominator is not None

    @property
    def unit_label(self):
        return UNIT_LABELS[self.unit]

    def rows(self, query, part="numerator"):
        return (self.denominator if part == "denominator" else self.numerator)(query)

    def value(self, query):
        top = _measure(self.numerator(query), self.summed, query)
        if not self.is_rate:
            return Value(top)
        return self.rate(top, _measure(self.denominator(query), self.denominator_summed, query))

    def rate(self, top, bottom):
        """A rate's value from its parts, in per cent to two places (none when nothing is divided by)."""
        return Value((Decimal(top) * 100 / Decimal(bottom)).quantize(CENT, ROUND_HALF_UP) if bottom else None,
                     top, bottom)


def _measure(rows, summed, query):
    if summed is None:
        return rows.count()
    total = rows.aggregate(total=Sum(summed(query)))["total"]
    return Decimal(total or 0).quantize(CENT)  # SQLite's SUM drops the scale: 750, not 750.00


REGISTRY = {}


def register(*indicators):
    for indicator in indicators:
        REGISTRY[indicator.key] = indicator


def get(key):
    return REGISTRY[key]


# The rows, each rule once -------------------------------------------------------------------------

def new_starts(q):
    """新开工: actually started between 1 January and the day counted."""
    return q.projects.filter(actual_start__gte=q.start, actual_start__lte=q.end).exclude(stage=Stage.WITHDRAWN)


def continuing(q):
    """续建: started before the year and not completed before it began."""
    return (q.projects.filter(actual_start__lt=q.start).exclude(stage=Stage.WITHDRAWN)
            .filter(Q(actual_completion__isnull=True) | Q(actual_completion__gte=q.start)))


def completions(q):
    return q.projects.filter(actual_completion__gte=q.start, actual_completion__lte=q.end)


def _moved_to(q, stage):
    """Projects that entered `stage` in the window, by the move's effective date (else the day it was recorded)."""
    moves = StageTransition.objects.filter(to_stage=stage, project__in=q.projects).filter(
        Q(effective_date__gte=q.start, effective_date__lte=q.end)
        | Q(effective_date__isnull=True, at__date__gte=q.start, at__date__lte=q.end))
    return q.projects.filter(pk__in=moves.values("project_id"))


def planned_to_start(q):
    """开工计划: planned to start between 1 January and the day counted."""
    return q.projects.filter(planned_start__gte=q.start, planned_start__lte=q.end).exclude(stage=Stage.WITHDRAWN)


def under_way(q):
    """The year's projects under construction: 新开工 and 续建 together."""
    return q.projects.filter(pk__in=new_starts(q).values("pk")) | q.projects.filter(pk__in=continuing(q).values("pk"))


def signed(q):
    return q.projects.filter(signed_date__gte=q.start, signed_date__lte=q.end)


def plans(q):
    return AnnualPlan.objects.filter(year=q.year, project__in=q.projects, planned_investment__gt=0)


def year_to_date(q):
    return YearToDate.objects.filter(year=q.year, project__in=q.projects)


def _ytd_column(q):
    return month_end(q.month) if q.month else F("m01") * 0


def problems_raised(q):
    return Problem.objects.filter(project__in=q.projects, raised_on__gte=q.start, raised_on__lte=q.end)


def problems_solved(q):
    """Raised in the window and solved (or closed) by the day counted; `done_on` is the day it was."""
    return (problems_raised(q).filter(problem_solved_q()).annotate(done_on=Coalesce("solved_on", "closed_on"))
            .filter(done_on__lte=q.end))


def chains_permitted(q):
    return ApprovalChain.objects.filter(project__in=q.projects, permitted__gte=q.start, permitted__lte=q.end,
                                        days__isnull=False)


register(
    Indicator("new_starts", _("新开工项目"), "New starts", COUNT,
              _("按实际开工日期计：1月1日至统计日开工的项目（已出库的不计）"), new_starts),
    Indicator("continuing", _("续建项目"), "Continuing projects", COUNT,
              _("上年及以前开工、本年1月1日前未竣工的项目；上年12月31日开工的计为续建"), continuing),
    Indicator("completions", _("竣工投产项目"), "Completions", COUNT,
              _("按实际竣工日期计：1月1日至统计日竣工的项目"), completions),
    Indicator("reserve_added", _("新增储备项目"), "Added to the reserve", COUNT,
              _("1月1日至统计日登记入储备库或转回储备的项目（按变更的发生日期，未填的按登记日期）"),
              lambda q: _moved_to(q, Stage.RESERVE)),
    Indicator("withdrawn", _("出库项目"), "Withdrawn", COUNT,
              _("1月1日至统计日出库的项目（按出库的发生日期，未填的按登记日期）"),
              lambda q: _moved_to(q, Stage.WITHDRAWN)),
    Indicator("annual_plan", _("年度计划投资"), "Annual plan", WAN,
              _("本年度计划投资之和（万元），计划投资为0的项目不计"), plans, summed=lambda q: "planned_investment"),
    Indicator("investment_completed", _("本年累计完成投资"), "Investment completed", WAN,
              _("月报本年累计完成投资之和（万元），截至统计日所在月份"), year_to_date, summed=_ytd_column),
    Indicator("schedule_rate", _("年度计划完成率"), "Share of the annual plan completed", PERCENT,
              _("本年累计完成投资 ÷ 年度计划投资（序时进度）"), year_to_date, plans,
              summed=_ytd_column, denominator_summed=lambda q: "planned_investment"),
    Indicator("start_rate", _("新开工项目开工率"), "Start rate", PERCENT,
              _("计划于1月1日至统计日开工的项目中，统计日前已实际开工的比例"),
              lambda q: planned_to_start(q).filter(actual_start__isnull=False, actual_start__lte=q.end),
              planned_to_start),
    Indicator("industry_share_of_new_starts", _("产业项目占新开工比重"), "Industry share of new starts", PERCENT,
              _("新开工项目中项目类别为“产业”的个数占比"),
              lambda q: new_starts(q).filter(category=Category.INDUSTRY), new_starts),
    Indicator("statistics_inclusion_rate", _("入统率"), "Statistics inclusion rate", PERCENT,
              _("新开工和续建项目中，统计日前已入统（入统日期不晚于统计日）的比例"),
              lambda q: under_way(q).filter(statistics_included=True, statistics_date__lte=q.end), under_way),
    Indicator("signed_start_rate", _("签约项目开工率"), "Signed projects started", PERCENT,
              _("1月1日至统计日签约的项目中，统计日前已开工的比例"),
              lambda q: signed(q).filter(actual_start__isnull=False, actual_start__lte=q.end), signed),
    Indicator("problem_closure_rate", _("问题办结率"), "Problems solved", PERCENT,
              _("1月1日至统计日提出的问题中，统计日前已解决或销号的比例"), problems_solved, problems_raised),
    Indicator("problem_on_time_rate", _("问题按期办结率"), "Problems solved on time", PERCENT,
              _("已解决的问题中，解决日期不晚于办理时限的比例"),
              lambda q: problems_solved(q).filter(done_on__lte=F("deadline")), problems_solved),
    Indicator("approvals_within_n_rate", _("前期手续限时办结率"), "Approvals within N working days", PERCENT,
              _("1月1日至统计日取得施工许可的项目中，自首个手续申请至施工许可不超过N个工作日（默认51）的比例"),
              lambda q: chains_permitted(q).filter(days__lte=q.approval_days), chains_permitted),
)
