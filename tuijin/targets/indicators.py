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
from tuijin.progress.choices import FUND_FIELDS, ReportStatus
from tuijin.progress.models import AnnualPlan, MonthlyReport, ReportingPeriod, YearToDate
from tuijin.projects.choices import Category, Stage
from tuijin.projects.models import Project, Resumption, StageTransition

COUNT, WAN, PERCENT, TIMES = "个", "万元", "%", "次"
# The unit as the API gives it is the contract; pages name it in their language.
UNIT_LABELS = {COUNT: _("个"), WAN: _("万元"), PERCENT: "%", TIMES: _("次")}
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
    # The scope's region (a department's or a list's own for those scopes): reporting periods and the
    # external figures (FAI …) are the region's. `listed` says a list narrows the projects (list: or list=).
    region: object = None
    listed: bool = False

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
    # For a value that is not a count or sum of rows (a stored figure, a count of pairs): Query → Value.
    compute: object = None

    @property
    def is_rate(self):
        return self.denominator is not None

    @property
    def unit_label(self):
        return UNIT_LABELS[self.unit]

    def rows(self, query, part="numerator"):
        return (self.denominator if part == "denominator" else self.numerator)(query)

    def value(self, query):
        if self.compute is not None:
            return self.compute(query)
        top = _measure(self.numerator(query), self.summed, query)
        if not self.is_rate:
            return Value(top)
        return rate(top, _measure(self.denominator(query), self.denominator_summed, query))

    def rate(self, top, bottom):
        return rate(top, bottom)


def rate(top, bottom):
    """A rate in % (two decimals, half up) with its parts; no value without a denominator."""
    value = (Decimal(top) * 100 / Decimal(bottom)).quantize(CENT, ROUND_HALF_UP) if bottom else None
    return Value(value, top, bottom)


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


class OfProjects:
    """Rows of a model keyed to a project (plans, year-to-date figures), of the scope's projects; `lookups(q)`
    are the rows' own conditions. Called, it gives the rows; `joined` gives the scope's projects joined to them
    (one row per project and matching row), which a count or sum grouped by region reads through a join
    rather than through an IN (SELECT …) of 100,000 project ids (grouped.py)."""

    def __init__(self, model, related_name, lookups):
        self.model, self.related_name, self.lookups = model, related_name, lookups

    def __call__(self, q):
        return self.model.objects.filter(project__in=q.projects, **self.lookups(q))

    def joined(self, q):
        return q.projects.filter(**{f"{self.related_name}__{k}": v for k, v in self.lookups(q).items()})


plans = OfProjects(AnnualPlan, "plans", lambda q: {"year": q.year, "planned_investment__gt": 0})
year_to_date = OfProjects(YearToDate, "year_to_date", lambda q: {"year": q.year})


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


def resumed(q):
    """复工: 续建 projects with a resumption recorded between 1 January and the day counted."""
    days = Resumption.objects.filter(day__gte=q.start, day__lte=q.end).values("project_id")
    return continuing(q).filter(pk__in=days)


def starts(q):
    """开工: 新开工 and 复工 together, each project once."""
    return q.projects.filter(pk__in=new_starts(q).values("pk")) | q.projects.filter(pk__in=resumed(q).values("pk"))


def reserve_at_start(q):
    """In the reserve on 1 January: the last move dated before it went to 储备."""
    return q.projects.stage_on(q.start - datetime.timedelta(days=1)).filter(stage_then=Stage.RESERVE)


def reserve_converted(q):
    """Of the reserve on 1 January, those moved on to 前期 or 在建 (or beyond) by the day counted."""
    moved = StageTransition.objects.dated().filter(to_stage__in=[Stage.PREPARATION, *STARTED], day__gte=q.start, day__lte=q.end)
    return reserve_at_start(q).filter(pk__in=moved.values("project_id"))


def periods_due(q):
    """The year's reporting periods of the scope's region or a region above it, their deadline passed."""
    if q.region is None:
        return ReportingPeriod.objects.none()
    return ReportingPeriod.objects.filter(region__path__in=q.region.ancestor_paths, year=q.year,
                                          deadline__lt=q.as_of).select_related("region").order_by("year", "month")


def _due(q):
    """Each past period and the projects due in it as they stood that month (one completed since was due)."""
    return [(period, q.projects.due_in(period, as_it_stood=True)) for period in periods_due(q)]


class Due:
    """A project due to report in a period: a row of 月报按时报送率's denominator."""

    def __init__(self, period, project):
        self.period, self.project = period, project


class DueRows(list):
    model = Due


def projects_due(q):
    return DueRows(Due(period, project) for period, due in _due(q)
                   for project in due.select_related("region").order_by("region__path", "name", "pk"))


def reports_on_time(q, due_in_periods=None):
    due = Q()
    for period, projects in _due(q) if due_in_periods is None else due_in_periods:
        due |= Q(period=period, project__in=projects)
    if not due:
        return MonthlyReport.objects.none()
    return MonthlyReport.objects.filter(due).filter(submitted_at__isnull=False,
                                                   submitted_at__date__lte=F("period__deadline"))


def _report_on_time_rate(q):
    due = _due(q)  # the periods and their due projects, read once for both sides of the rate
    return rate(reports_on_time(q, due).count(), sum(projects.count() for _period, projects in due))


def reports_to_date(q):
    return MonthlyReport.objects.filter(year=q.year, month__lte=q.month, project__in=q.projects,
                                        status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])


def _funds(q):
    total = F(FUND_FIELDS[0][0])
    for name, _label in FUND_FIELDS[1:]:
        total = total + F(name)
    return total


def figures(kind):
    """The latest external figure of `kind` for the scope's region, of the year up to the month counted."""
    def latest(q):
        from .models import ExternalFigure  # the models module reads the registry
        if q.region is None or not q.month:
            return ExternalFigure.objects.none()
        found = (ExternalFigure.objects.filter(kind=kind, region=q.region, year=q.year, month__lte=q.month)
                 .order_by("-month").values_list("pk", flat=True)[:1])
        return ExternalFigure.objects.filter(pk__in=list(found))
    return latest


def stored(kind):
    def value(q):
        figure = figures(kind)(q).first()
        return Value(figure.value if figure else None)
    return value


def _list_share_of_fai(q):
    completed = get("investment_completed").value(q).value
    fai = stored("fai")(q).value
    if not q.listed:
        return Value(None, completed, fai)
    return rate(completed, fai)


FIGURE_BASIS = _("统计局等部门报送的本区域数值（外部数据），取本年截至统计日所在月份的最新一期（累计数）")

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

register(
    Indicator("resumed", _("续建项目复工"), "Continuing projects resumed", COUNT,
              _("续建项目中，1月1日至统计日登记了复工（按复工日期）的项目"), resumed),
    Indicator("starts", _("开工项目（新开工+复工）"), "Starts (new and resumed)", COUNT,
              _("新开工项目与复工的续建项目之和，同一项目只计一次"), starts),
    Indicator("resumption_rate", _("续建项目复工率"), "Resumption rate", PERCENT,
              _("复工的续建项目 ÷ 续建项目"), resumed, continuing),
    Indicator("reserve_conversion_rate", _("储备项目转化率"), "Reserve conversion rate", PERCENT,
              _("基数为1月1日在储备库的项目（上年12月31日及以前最后一次阶段变更为转入储备）；"
                "其中1月1日至统计日转入前期或开工（及以后阶段）的比例"), reserve_converted, reserve_at_start),
    Indicator("report_on_time_rate", _("月报按时报送率"), "Monthly reports on time", PERCENT,
              _("本年截止日已过的填报期（本区域及上级区域的）中，应报项目按时报送（报送日期不晚于截止日）的比例；"
                "分母为应报的项目期次"), reports_on_time, projects_due, compute=_report_on_time_rate),
    Indicator("funds_in_place_rate", _("资金到位率"), "Funds in place", PERCENT,
              _("本年截至统计日所在月份已报送（或已审核）月报的到位资金之和 ÷ 年度计划投资"),
              reports_to_date, plans, summed=_funds, denominator_summed=lambda q: "planned_investment"),
    Indicator("fai", _("全社会固定资产投资"), "Fixed-asset investment (statistics)", WAN, FIGURE_BASIS,
              figures("fai"), compute=stored("fai")),
    Indicator("fai_growth", _("全社会固定资产投资增速"), "Fixed-asset investment growth", PERCENT, FIGURE_BASIS,
              figures("fai_growth"), compute=stored("fai_growth")),
    Indicator("signed_amount", _("招商引资签约额"), "Investment signed", WAN, FIGURE_BASIS,
              figures("signed_amount"), compute=stored("signed_amount")),
    # 银企对接: the financial office's count of matchmaking events held and the financing agreed at them.
    Indicator("bank_events", _("银企对接活动"), "Bank–enterprise matchmaking events", TIMES, FIGURE_BASIS,
              figures("bank_events"), compute=stored("bank_events")),
    Indicator("bank_financing", _("银企对接融资额"), "Financing agreed at bank–enterprise matchmaking", WAN,
              FIGURE_BASIS, figures("bank_financing"), compute=stored("bank_financing")),
    Indicator("tech_investment", _("技改投资"), "Technical renovation investment", WAN, FIGURE_BASIS,
              figures("tech_investment"), compute=stored("tech_investment")),
    Indicator("tech_investment_growth", _("技改投资增速"), "Technical renovation investment growth", PERCENT,
              FIGURE_BASIS, figures("tech_investment_growth"), compute=stored("tech_investment_growth")),
    Indicator("list_share_of_fai", _("清单项目投资占全社会固定资产投资比重"), "A list's share of FAI", PERCENT,
              _("清单项目本年累计完成投资 ÷ 本区域全社会固定资产投资（均为万元，截至统计日所在月份）；"
                "须按清单统计（list: 范围或 list= 筛选）"), year_to_date, figures("fai"),
              compute=_list_share_of_fai),
)
