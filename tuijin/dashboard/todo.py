"""待办: what waits for a user, one section per office it holds.

Each section is built from the read rules the pages use (the projects due in a period, the reports a
reviewer may accept, open and overdue problems, running procedure clocks), so a count here is the count
of the page its link opens. A section with nothing in it is left out; a user with several roles sees
several sections.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.approvals.models import ProjectProcedure
from tuijin.core.dates import today
from tuijin.core.roles import Role
from tuijin.core.scope import scope_of
from tuijin.org.models import Department, Leader
from tuijin.problems.choices import ProblemStatus
from tuijin.problems.models import Decision, Problem, ProblemAssignment
from tuijin.problems.querysets import is_past
from tuijin.progress.choices import FILLER_EDITABLE, PeriodStatus, ReportStatus
from tuijin.progress.models import MonthlyReport, ReportingPeriod
from tuijin.progress.services import fillable_due
from tuijin.projects.models import Project

# Items listed per section; the count and the link give the rest.
SHOWN = 8
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass
class Item:
    text: str
    url: str
    deadline: datetime.date = None
    late: bool = False
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    count: int
    items: list = field(default_factory=list)
    more_url: str = ""


def todo_for(user, on=None, shown=SHOWN):
    """The user's sections, in the order a working day takes them."""
    on = on or today()
    scope = scope_of(user)
    sections = []
    for build in (_reports_to_fill, _reports_to_review, _periods_to_chase, _intake_to_confirm, _problems_to_distribute,
                  _problems_to_answer, _decisions_to_do, _procedures_in_hand, _escalated_to_me,
                  _my_projects_overdue, _to_supervise):
        sections.extend(s for s in build(user, scope, on, shown) if s.count)
    return sections


def _url(name, *args, **query):
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _open_periods(user):
    return list(ReportingPeriod.objects.visible_to(user).filter(status=PeriodStatus.OPEN)
                .select_related("region").order_by("year", "month", "region__path"))


def _deadline_note(period, on):
    if period.deadline < on:
        return _("已过截止日%(n)s天") % {"n": (on - period.deadline).days}
    return _("截止 %(d)s") % {"d": period.deadline.isoformat()}


def _reports_to_fill(user, scope, on, shown):
    """The clerk's (and a reporting owner's) projects not yet reported, its drafts and its returns."""
    if not ({Role.REGION_EDITOR, Role.OWNER} & scope.roles):
        return []
    sections = []
    for period in _open_periods(user):
        due = fillable_due(period, user)
        states = dict(MonthlyReport.objects.filter(period=period, project__in=due).values_list("project_id", "status"))
        unfilled = due.count() - len(states)
        drafts = sum(1 for s in states.values() if s == ReportStatus.DRAFT)
        returned = (MonthlyReport.objects.filter(period=period, project__in=due, status=ReportStatus.RETURNED)
                    .select_related("project").order_by("project__name"))
        late = period.deadline < on
        items = [Item(_("%(p)s：被退回，请修改后重报") % {"p": r.project.name},
                      _url("progress:batch", period.pk, status=ReportStatus.RETURNED, q=r.project.name),
                      period.deadline, late, r.return_reason) for r in returned[:shown]]
        if unfilled:
            items.append(Item(_("%(n)s个项目尚未填报") % {"n": unfilled},
                              _url("progress:batch", period.pk, status="none"), period.deadline, late))
        if drafts:
            items.append(Item(_("%(n)s份草稿尚未报送") % {"n": drafts},
                              _url("progress:batch", period.pk, status=ReportStatus.DRAFT), period.deadline, late))
        count = unfilled + sum(1 for s in states.values() if s in FILLER_EDITABLE)
        sections.append(Section(f"fill-{period.pk}",
                                _("%(p)s月报待填报（%(note)s）") % {"p": period, "note": _deadline_note(period, on)},
                                count, items, _url("progress:batch", period.pk)))
    return sections


def _reports_to_review(user, scope, on, shown):
    if not ({Role.REGION_REVIEWER, Role.COORDINATOR} & scope.roles or scope.everything):
        return []
    sections = []
    for period in _open_periods(user):
        waiting = (MonthlyReport.objects.reviewable_by(user).filter(period=period, status=ReportStatus.SUBMITTED)
                   .select_related("project", "project__region").order_by("submitted_at"))
        n = waiting.count()
        items = [Item(_("%(r)s · %(p)s") % {"r": r.project.region, "p": r.project.name},
                      _url("progress:review", period.pk), note=_("报送于 %(t)s") % {
                          "t": r.submitted_at.date().isoformat() if r.submitted_at else "—"})
                 for r in waiting[:shown]]
        sections.append(Section(f"review-{period.pk}", _("%(p)s月报待审核") % {"p": period}, n, items,
                                _url("progress:review", period.pk)))
    return sections


def _periods_to_chase(user, scope, on, shown):
    """The coordinator's open periods past their deadline with projects still unreported (催报)."""
    if not scope.is_coordinator:
        return []
    sections = []
    for period in _open_periods(user):
        if period.deadline >= on:
            continue
        due = Project.objects.visible_to(user).reporting_in(period)
        reported = MonthlyReport.objects.filter(period=period, project__in=due, status__in=REPORTED).count()
        missing = due.count() - reported
        sections.append(Section(
            f"chase-{period.pk}", _("%(p)s月报逾期未报（%(note)s）") % {"p": period, "note": _deadline_note(period, on)},
            missing, [Item(_("%(n)s个项目已过截止日仍未报送，可在报送情况中催报") % {"n": missing},
                           _url("progress:period", period.pk), period.deadline, True)],
            _url("progress:period", period.pk)))
    return sections


def _problem_item(problem, on, note=""):
    return Item(_("%(p)s：%(c)s") % {"p": problem.project.name, "c": problem.category.name},
                problem.get_absolute_url(), problem.deadline, is_past(problem.deadline, on), note)


def _decision_item(decision, on):
    return Item(_("%(m)s 第%(n)s项：%(t)s") % {"m": decision.meeting.title, "n": decision.number,
                                              "t": decision.text[:40]},
                decision.get_absolute_url(), decision.deadline, is_past(decision.deadline, on))


def _procedure_item(procedure):
    return Item(_("%(p)s：%(t)s") % {"p": procedure.project.name, "t": procedure.procedure_type.name},
                procedure.project.get_absolute_url(), late=True,
                note=_("已用%(e)s个工作日，时限%(l)s个") % {"e": procedure.elapsed,
                                                      "l": procedure.procedure_type.limit_days})


def _intake_to_confirm(user, scope, on, shown):
    """Projects registered in their real stage that the figures leave out until the coordinator confirms them."""
    if not scope.is_coordinator:
        return []
    waiting = (Project.objects.visible_to(user).awaiting_intake().select_related("region")
               .order_by("created_at", "pk"))
    items = [Item(_("%(r)s · %(p)s（%(s)s）") % {"r": p.region.name, "p": p.name, "s": p.get_stage_display()},
                  p.get_absolute_url()) for p in waiting[:shown]]
    return [Section("intake", _("待入库审核"), waiting.count(), items, _url("projects:project_list", intake="pending"))]


def _problems_to_distribute(user, scope, on, shown):
    """Problems raised in the coordinator's regions that no department has been given yet (待交办)."""
    if not scope.is_coordinator:
        return []
    raised = (Problem.objects.visible_to(user).filter(status=ProblemStatus.RAISED)
              .select_related("project", "category").order_by("deadline", "pk"))
    return [Section("distribute", _("问题待交办"), raised.count(), [_problem_item(p, on) for p in raised[:shown]],
                    _url("problems:problem_list", status=ProblemStatus.RAISED))]


def _problems_to_answer(user, scope, on, shown):
    """A department's share of open problems it has not answered yet."""
    if not scope.department_ids:
        return []
    waiting = (ProblemAssignment.objects.filter(department_id__in=scope.department_ids, answered_at__isnull=True,
                                                problem__status=ProblemStatus.DISTRIBUTED)
               .select_related("problem__project", "problem__category").order_by("deadline", "pk"))
    items = [Item(_("%(p)s：%(c)s") % {"p": a.problem.project.name, "c": a.problem.category.name},
                  a.problem.get_absolute_url(), a.deadline, is_past(a.deadline, on)) for a in waiting[:shown]]
    query = {"status": ProblemStatus.DISTRIBUTED}
    if len(scope.department_ids) == 1:
        query["department"] = scope.department_ids[0]
    return [Section("answer", _("交办给本部门、待答复的问题"), waiting.count(), items,
                    _url("problems:problem_list", **query))]


def _decisions_to_do(user, scope, on, shown):
    """议定事项 a department is responsible for, still 督办中."""
    if not scope.department_ids:
        return []
    open_decisions = (Decision.objects.open().filter(departments__in=scope.department_ids).distinct()
                      .select_related("meeting").order_by("deadline", "pk"))
    items = [_decision_item(d, on) for d in open_decisions[:shown]]
    return [Section("decisions", _("本部门负责的会议议定事项"), open_decisions.count(), items)]


def _procedures_in_hand(user, scope, on, shown):
    """A department's running procedure clocks, those furthest over their limit first."""
    sections = []
    for department in Department.objects.filter(pk__in=scope.department_ids):
        running = ProjectProcedure.objects.filter(department=department).open_clocks()
        late = list(running.open_over_limit(on).with_elapsed_workdays(on)
                    .select_related("project", "procedure_type").order_by("applied_on", "pk")[:shown])
        items = [_procedure_item(p) for p in late]
        sections.append(Section(f"procedures-{department.pk}",
                                _("%(d)s在办的前期手续") % {"d": department.name}, running.count(), items,
                                reverse("approvals:department", args=[department.pk])))
    return sections


def _escalated_to_me(user, scope, on, shown):
    """The leader's desk: problems brought to it for coordination, and its meetings' overdue decisions."""
    leader = Leader.objects.filter(user=user).first()
    if leader is None:
        return []
    problems = (Problem.objects.visible_to(user).open().filter(leader=leader)
                .select_related("project", "category").order_by("deadline", "pk"))
    overdue = (Decision.objects.visible_to(user).overdue(on).filter(meeting__chair=leader)
               .select_related("meeting").order_by("deadline", "pk"))
    return [
        Section("escalated", _("提请我协调的问题"), problems.count(), [_problem_item(p, on) for p in problems[:shown]],
                _url("problems:problem_list", status="open", leader=leader.pk)),
        Section("chaired", _("我主持会议的逾期议定事项"), overdue.count(),
                [_decision_item(d, on) for d in overdue[:shown]],
                reverse("leader", args=[leader.pk])),
    ]


def _my_projects_overdue(user, scope, on, shown):
    """What is late on the projects a secretary serves or an owner runs: problems past their deadline,
    procedures past their limit, reports missing after the deadline."""
    sections = []
    for role, relation, title in ((Role.SECRETARY, "secretary", _("我服务的项目：逾期事项")),
                                  (Role.OWNER, "owner_users", _("本单位项目：逾期事项"))):
        if role not in scope.roles:
            continue
        mine = Project.objects.filter(**{relation: user})
        items = [_problem_item(p, on, _("问题逾期未解决")) for p in
                 Problem.objects.overdue(on).filter(project__in=mine).select_related("project", "category")
                 .order_by("deadline", "pk")]
        items += [_procedure_item(p) for p in ProjectProcedure.objects.filter(project__in=mine).open_over_limit(on)
                  .with_elapsed_workdays(on).select_related("project", "procedure_type").order_by("applied_on")]
        for period in _open_periods(user):
            if period.deadline >= on:
                continue
            unreported = (mine.reporting_in(period).exclude(reports__period=period,
                                                      reports__status__in=REPORTED).order_by("name"))
            items += [Item(_("%(p)s：%(m)s月报未报送") % {"p": p.name, "m": period}, p.get_absolute_url(),
                           period.deadline, True, _deadline_note(period, on)) for p in unreported]
        sections.append(Section(relation, title, len(items), items[:shown]))
    return sections


def _to_supervise(user, scope, on, shown):
    """The inspector (督查室): overdue problems and overdue decisions in its regions, the targets of 督办."""
    if Role.INSPECTOR not in scope.roles:
        return []
    problems = (Problem.objects.visible_to(user).overdue(on).select_related("project", "category")
                .order_by("deadline", "pk"))
    decisions = (Decision.objects.visible_to(user).overdue(on).select_related("meeting").order_by("deadline", "pk"))
    return [
        Section("supervise-problems", _("逾期未解决的问题（待督办）"), problems.count(),
                [_problem_item(p, on) for p in problems[:shown]], _url("problems:problem_list", overdue="true")),
        Section("supervise-decisions", _("逾期未办结的议定事项（待督办）"), decisions.count(),
                [_decision_item(d, on) for d in decisions[:shown]]),
    ]
