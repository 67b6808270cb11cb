"""How the rows behind an indicator read on a page: the project each row concerns, and the facts of its kind."""

from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuijin.approvals.models import ApprovalChain
from tuijin.core.lib.money import format_money
from tuijin.problems.models import Problem
from tuijin.progress.cumulative import month_end
from tuijin.progress.models import AnnualPlan, MonthlyReport, YearToDate
from tuijin.projects.models import Project

from .indicators import Due
from .models import ExternalFigure


def _date(day):
    return day.isoformat() if day else "—"


def _project_facts(p, q):
    return [format_money(p.total_investment), p.get_stage_display(), _date(p.planned_start), _date(p.actual_start),
            _date(p.actual_completion), _date(p.signed_date)]


COLUMNS = {
    Project: ([_("总投资"), _("阶段"), _("计划开工"), _("实际开工"), _("实际竣工"), _("签约日期")], _project_facts, ()),
    AnnualPlan: ([_("年度计划投资")], lambda r, q: [format_money(r.planned_investment)], ("project",)),
    YearToDate: ([_("本年累计完成")], lambda r, q: [format_money(getattr(r, month_end(q.month)) if q.month else 0)],
                 ("project",)),
    Problem: ([_("问题类别"), _("提出日期"), _("办理时限"), _("状态"), _("解决日期")],
              lambda r, q: [r.category.name, _date(r.raised_on), _date(r.deadline), r.get_status_display(),
                            _date(r.solved_on or r.closed_on)], ("project", "category")),
    MonthlyReport: ([_("月份"), _("状态"), _("报送时间"), _("到位资金")],
                    lambda r, q: [r.month, r.get_status_display(),
                                  timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M") if r.submitted_at
                                  else "—", format_money(r.funds_in_place)], ("project", "period")),
    Due: ([_("填报期"), _("报送截止日")], lambda r, q: [str(r.period), _date(r.period.deadline)], ()),
    ExternalFigure: ([_("月份"), _("数值"), _("来源"), _("发布日期")],
                     lambda r, q: [f"{r.year}-{r.month:02d}", f"{r.value} {r.unit}", r.source, _date(r.reported_on)],
                     ()),
    ApprovalChain: ([_("首个手续申请"), _("取得施工许可"), _("用时（工作日）")],
                    lambda r, q: [_date(r.first_applied), _date(r.permitted), r.days], ("project",)),
}


def headers(rows):
    return COLUMNS[rows.model][0]


def table(rows, query):
    """[(project, [cells])] for the rows of one page (`rows` a list or a sliced queryset)."""
    _headers, facts, _related = COLUMNS[type(rows[0])] if rows else (None, None, None)
    return [(_subject(row), facts(row, query)) for row in rows]


def _subject(row):
    """What a row's first two columns name: its project, or for an external figure the figure in its region."""
    if isinstance(row, Project):
        return row
    if isinstance(row, ExternalFigure):
        return SimpleNamespace(name=row.get_kind_display(), region=row.region, get_absolute_url=row.get_absolute_url())
    return row.project


def with_related(rows):
    if isinstance(rows, list):  # pairs already built in order (月报按时报送率's projects due)
        return rows
    if rows.model is ExternalFigure:
        return rows.select_related("region")
    related = COLUMNS[rows.model][2]
    project = "project__region" if related else "region"
    return rows.select_related(project, *[r for r in related if r != "project"]).order_by(
        *(["project__region__path", "project__name", "pk"] if related else ["region__path", "name", "pk"]))
