"""Every step of a problem and a meeting decision; each checks who may take it and records it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.core import uploads
from tuijin.core.audit import changes_between, record, register_kinds, snapshot
from tuijin.core.concurrency import advance_version
from tuijin.core.dates import today
from tuijin.core.models import Setting
from tuijin.core.notifications import notify
from tuijin.core.roles import Role
from tuijin.core.scope import scope_of
from tuijin.core.workdays import CalendarNotCovered, WorkCalendar
from tuijin.org.models import Leader
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project

from .choices import DecisionStatus, InstructionKind, ProblemEventKind, ProblemStatus
from .ladder import ladder
from .models import Decision, DecisionUpdate, Instruction, Meeting, Problem, ProblemAssignment, ProblemAttachment, ProblemEvent
from .querysets import is_past

register_kinds({
    "problem.raise": gettext_lazy("提出问题"),
    "problem.attach": gettext_lazy("上传问题附件"),
    "problem.distribute": gettext_lazy("交办问题"),
    "problem.answer": gettext_lazy("答复问题"),
    "problem.confirm": gettext_lazy("确认问题办理结果"),
    "problem.close": gettext_lazy("问题销号"),
    "problem.escalate": gettext_lazy("问题升级"),
    "meeting.create": gettext_lazy("新建调度会"),
    "meeting.update": gettext_lazy("修改调度会"),
    "decision.add": gettext_lazy("新增议定事项"),
    "decision.follow_up": gettext_lazy("督办议定事项"),
    "decision.close": gettext_lazy("议定事项办结"),
    "instruction.give": gettext_lazy("领导批示"),
    "supervision.give": gettext_lazy("督查室督办"),
})

# What a problem's step changes, as the change log shows it (before → after).
PROBLEM_FIELDS = ["status", "level", "leader", "deadline", "solved_on", "closed_on"]
MEETING_FIELDS = ["kind", "title", "number", "date", "place", "chair", "attendees", "summary", "copy_to", "issuer",
                  "problems", "projects"]
DECISION_FIELDS = ["number", "text", "departments", "owner_text", "deadline", "problem"]


# --- who -----------------------------------------------------------------------------------------

def raise_refusal(project):
    """Why no problem may be raised on `project` now (a message), or "" when one may."""
    if project.stage == Stage.WITHDRAWN:
        return _("项目已出库，不能再提出问题；如项目恢复推进，请先在项目的“阶段”中变更阶段。")
    return ""


def raisable_projects(user):
    """Projects a user may raise problems on: its region's (editor, reviewer, coordinator), its own
    (owner), those it serves (secretary)."""
    scope = scope_of(user)
    if scope.everything:
        return Project.objects.all()
    q = Q(pk__in=Project.objects.editable_by(user).values("pk"))
    q |= Q(pk__in=Project.objects.reviewable_by(user).values("pk"))
    if Role.SECRETARY in scope.roles:
        q |= Q(secretary=user)
    if Role.OWNER in scope.roles:
        q |= Q(pk__in=Project.objects.filter(owner_users=user).values("pk"))
    return Project.objects.filter(q)


def is_coordinator_of(problem, user):
    scope = scope_of(user)
    return scope.is_coordinator and Problem.objects.editable_by(user).filter(pk=problem.pk).exists()


def may_confirm(problem, user):
    return problem.raised_by_id == user.pk or raisable_projects(user).filter(pk=problem.project_id).exists()


def open_assignment_for(problem, user):
    departments = scope_of(user).department_ids
    return problem.assignments.filter(department_id__in=departments, answered_at__isnull=True).first()


def _users(**role_filter):
    return list(get_user_model().objects.filter(is_active=True, **{f"role_assignments__{k}": v
                                                                  for k, v in role_filter.items()}).distinct())


def coordinators_of(project):
    return _users(role=Role.COORDINATOR, region__path__in=project.region.ancestor_paths)


def department_users(department_ids):
    return _users(role=Role.DEPARTMENT, department_id__in=list(department_ids))


def leader_for(project, rank):
    """The leader holding a level: the project's packaging leader when of that rank, else the city's."""
    if project.leader_id and project.leader.rank == rank and project.leader.active:
        return project.leader
    return (Leader.objects.filter(rank=rank, active=True, region__path__in=project.region.ancestor_paths)
            .order_by("-region__path", "pk").first())


def people_at_level(problem):
    """Who must act at the problem's current level (notified when it arrives there)."""
    level = ladder()[problem.level]
    if level.rank:
        return [problem.leader.user] if problem.leader_id and problem.leader.user_id else []
    if problem.level == 0:
        return [problem.raised_by]
    return coordinators_of(problem.project) + department_users(problem.assignments.values_list("department", flat=True))


# --- steps ---------------------------------------------------------------------------------------

def _event(problem, kind, actor, text=""):
    ProblemEvent.objects.create(problem=problem, kind=kind, actor=actor, level=problem.level, text=text)


def _save(problem, actor, reason, fields):
    problem.version += 1
    problem._change_reason = reason
    problem._history_user = actor
    problem.save(update_fields=[*fields, "version", "updated_at"])


def _link(problem):
    return problem.get_absolute_url()


def _deadline(start, days, calendar=None):
    """`days` working days after `start`, or None with the reason when the calendar lacks that year:
    the problem goes on without a deadline rather than with a guessed one."""
    try:
        return (calendar or WorkCalendar()).add(start, days), ""
    except CalendarNotCovered as missing:
        return None, str(missing)


@uploads.atomic_with_files()
def raise_problem(project, *, actor, category, description, help_wanted="", attachments=()):
    if not raisable_projects(actor).filter(pk=project.pk).exists():
        raise PermissionDenied
    for upload in attachments:  # all checked before any is stored
        uploads.check_attachment(upload)
    if not description.strip():
        raise ValidationError(_("请写明问题"))
    if refusal := raise_refusal(project):
        raise ValidationError(refusal)
    start = today()
    deadline, missing = _deadline(start, ladder()[0].days)
    problem = Problem(project=project, category=category, description=description.strip(),
                      help_wanted=help_wanted.strip(), raised_by=actor, raised_on=start, deadline=deadline)
    problem._history_user, problem._change_reason = actor, _("提出")
    problem.save()
    stored = [_store_attachment(problem, upload, actor) for upload in attachments]
    _event(problem, ProblemEventKind.RAISED, actor, "\n".join(filter(None, [problem.description, missing])))
    record("problem.raise", actor=actor, subject=problem, reason=missing,
           summary=_("提出%(c)s问题") % {"c": category.name},
           data={**snapshot(problem, ["category", "description", "help_wanted", "deadline"]),
                 str(_("附件")): [a.name for a in stored]})
    notify(coordinators_of(project), f"problem-raised:{problem.pk}",
           _("%(p)s 提出新问题（%(c)s），待交办") % {"p": project.name, "c": category.name}, _link(problem))
    return problem


@uploads.atomic_with_files()
def add_attachment(problem, upload, *, actor):
    """A file added to a problem after it was raised (by whoever may see it and confirm it)."""
    departments = scope_of(actor).department_ids
    if not (may_confirm(problem, actor) or is_coordinator_of(problem, actor)
            or problem.assignments.filter(department_id__in=departments).exists()):
        raise PermissionDenied
    attachment = _store_attachment(problem, upload, actor)
    record("problem.attach", actor=actor, subject=problem, summary=_("上传附件：%(n)s") % {"n": attachment.name},
           data={str(_("附件")): attachment.name})
    return attachment


def _store_attachment(problem, upload, actor):
    uploads.check_attachment(upload)
    attachment = ProblemAttachment(problem=problem, name=upload.name[:200], uploaded_by=actor)
    uploads.store(attachment.file, upload.name, upload)
    attachment.save()
    return attachment


def _record_step(kind, problem, actor, before, *, summary, reason="", data=None):
    """The change-log entry of a problem's step: what it changed since `before` (a snapshot)."""
    record(kind, actor=actor, subject=problem, summary=summary, reason=reason, data=data,
           changes=changes_between(before, snapshot(problem, PROBLEM_FIELDS)))


@transaction.atomic
def distribute_problem(problem, *, actor, departments, deadline=None, note=""):
    """交办: the coordinator sends the problem to one or more departments with a deadline."""
    if not is_coordinator_of(problem, actor):
        raise PermissionDenied
    if not problem.is_open:
        raise ValidationError(_("问题已%(s)s，不能再交办") % {"s": problem.get_status_display()})
    if not departments:
        raise ValidationError(_("请至少选择一个责任部门"))
    start = today()
    if deadline is None:
        deadline, missing = _deadline(start, problem.category.days)
        if deadline is None:
            raise ValidationError(missing + _("。请直接填写办理时限。"))
    if deadline < start:
        raise ValidationError(_("办理时限不能早于今天"))
    before = snapshot(problem, PROBLEM_FIELDS)
    for department in departments:
        ProblemAssignment.objects.update_or_create(
            problem=problem, department=department,
            defaults={"deadline": deadline, "answer": "", "answered_at": None, "answered_by": None})
    problem.status, problem.deadline, problem.level = ProblemStatus.DISTRIBUTED, deadline, max(problem.level, 1)
    _save(problem, actor, _("交办"), ["status", "deadline", "level"])
    names = "、".join(d.name for d in departments)
    _event(problem, ProblemEventKind.DISTRIBUTED, actor, _("交办%(d)s，限%(t)s前办结。%(n)s") % {
        "d": names, "t": deadline, "n": note})
    _record_step("problem.distribute", problem, actor, before, reason=note,
                 summary=_("交办%(d)s，限%(t)s前办结") % {"d": names, "t": deadline},
                 data={str(_("责任部门")): [d.name for d in departments]})
    notify(department_users(d.pk for d in departments), f"problem-assigned:{problem.pk}:{deadline}",
           _("交办：%(p)s——%(c)s问题，请于%(t)s前办结") % {"p": problem.project.name, "c": problem.category.name,
                                                      "t": deadline}, _link(problem))


@transaction.atomic
def answer_problem(problem, *, actor, text):
    """A department reports what it did; when every department has answered the raiser is asked."""
    assignment = open_assignment_for(problem, actor)
    if assignment is None or problem.status != ProblemStatus.DISTRIBUTED:
        raise PermissionDenied
    if not text.strip():
        raise ValidationError(_("请填写办理情况"))
    before = snapshot(problem, PROBLEM_FIELDS)
    assignment.answer, assignment.answered_at, assignment.answered_by = text.strip(), timezone.now(), actor
    assignment.save()
    _event(problem, ProblemEventKind.ANSWERED, actor, f"{assignment.department.name}：{assignment.answer}")
    if not problem.assignments.filter(answered_at__isnull=True).exists():
        problem.status = ProblemStatus.ANSWERED
        _save(problem, actor, _("答复"), ["status"])
        notify([problem.raised_by], f"problem-answered:{problem.pk}:{problem.version}",
               _("%(p)s 的问题已答复，请确认是否解决") % {"p": problem.project.name}, _link(problem))
    _record_step("problem.answer", problem, actor, before,
                 summary=_("%(d)s答复办理情况") % {"d": assignment.department.name},
                 data={str(_("责任部门")): assignment.department.name, str(_("办理情况")): assignment.answer})


@transaction.atomic
def confirm_problem(problem, *, actor, solved, reason=""):
    """The raiser (or its region) confirms the problem solved, or sends it back with a reason."""
    if not may_confirm(problem, actor):
        raise PermissionDenied
    if problem.status != ProblemStatus.ANSWERED:
        raise ValidationError(_("问题尚未答复，不能确认"))
    before = snapshot(problem, PROBLEM_FIELDS)
    if solved:
        problem.status, problem.solved_on = ProblemStatus.SOLVED, today()
        _save(problem, actor, _("确认解决"), ["status", "solved_on"])
        _event(problem, ProblemEventKind.CONFIRMED, actor, reason)
        notify(coordinators_of(problem.project), f"problem-solved:{problem.pk}",
               _("%(p)s 的问题已确认解决，待销号") % {"p": problem.project.name}, _link(problem))
        _record_step("problem.confirm", problem, actor, before, summary=_("确认问题已解决"), reason=reason,
                     data={"solved": True})
        return
    if not reason.strip():
        raise ValidationError(_("退回须说明理由"))
    problem.assignments.update(answered_at=None)
    problem.status = ProblemStatus.DISTRIBUTED
    _save(problem, actor, _("退回重办"), ["status"])
    _event(problem, ProblemEventKind.RETURNED, actor, reason.strip())
    notify(department_users(problem.assignments.values_list("department", flat=True)),
           f"problem-returned:{problem.pk}:{problem.version}",
           _("%(p)s 的问题被退回重办：%(r)s") % {"p": problem.project.name, "r": reason.strip()}, _link(problem))
    _record_step("problem.confirm", problem, actor, before, summary=_("退回重办"), reason=reason.strip(),
                 data={"solved": False})


@transaction.atomic
def close_problem(problem, *, actor, note=""):
    """销号 by the coordinator, once the raiser has confirmed the problem solved."""
    if not is_coordinator_of(problem, actor):
        raise PermissionDenied
    if problem.status != ProblemStatus.SOLVED:
        raise ValidationError(_("提出方确认解决后才能销号"))
    before = snapshot(problem, PROBLEM_FIELDS)
    problem.status, problem.closed_on = ProblemStatus.CLOSED, today()
    _save(problem, actor, _("销号"), ["status", "closed_on"])
    _event(problem, ProblemEventKind.CLOSED, actor, note)
    _record_step("problem.close", problem, actor, before, summary=_("销号"), reason=note)


def may_escalate(problem, user):
    return is_coordinator_of(problem, user) or (problem.level == 0 and may_confirm(problem, user))


@transaction.atomic
def escalate_problem(problem, *, actor, reason, calendar=None):
    """Move the problem one level up the ladder with a new deadline; `actor` None is the overdue job."""
    if actor is not None and not may_escalate(problem, actor):
        raise PermissionDenied
    if not problem.is_open:
        raise ValidationError(_("问题已%(s)s，不能升级") % {"s": problem.get_status_display()})
    levels = ladder()
    if problem.level + 1 >= len(levels):
        raise ValidationError(_("已在最高协调层级（%(l)s）") % {"l": levels[-1].name})
    if not reason.strip():
        raise ValidationError(_("升级须说明理由"))
    level = levels[problem.level + 1]
    before = snapshot(problem, PROBLEM_FIELDS)
    problem.level = level.index
    problem.leader = leader_for(problem.project, level.rank) if level.rank else None
    problem.deadline, missing = _deadline(today(), level.days, calendar)
    _save(problem, actor, _("升级"), ["level", "leader", "deadline"])
    _event(problem, ProblemEventKind.ESCALATED, actor, "\n".join(filter(None, [
        _("升级至%(l)s：%(r)s") % {"l": level.name, "r": reason.strip()}, missing])))
    _record_step("problem.escalate", problem, actor, before, summary=_("升级至%(l)s") % {"l": level.name},
                 reason="\n".join(filter(None, [reason.strip(), missing])))
    notify(people_at_level(problem), f"problem-escalated:{problem.pk}:{level.index}",
           _("问题升级至%(l)s：%(p)s——%(c)s，限%(t)s前协调解决") % {
               "l": level.name, "p": problem.project.name, "c": problem.category.name, "t": problem.deadline},
           _link(problem))


def escalate_overdue(*, on=None):
    """The cron job: escalate each overdue open problem one level, warn of deadlines near and passed.

    Running it twice a day changes nothing the second time: an escalated problem has a new deadline,
    and each notification's key names the problem and the deadline it is about.
    """
    on = on or today()
    calendar = WorkCalendar()
    warn_days = Setting.get_int("deadline_warning_days")
    top = len(ladder()) - 1
    escalated = warned = 0
    open_problems = Problem.objects.open().filter(deadline__isnull=False)
    for problem in open_problems.select_related("project__region", "project__leader", "leader__user", "category",
                                                "raised_by"):
        if is_past(problem.deadline, on):  # the rule of Problem.objects.overdue(on)
            warned += notify(people_at_level(problem), f"problem-overdue:{problem.pk}:{problem.deadline}",
                             _("已逾期：%(p)s——%(c)s问题，时限%(t)s") % {
                                 "p": problem.project.name, "c": problem.category.name, "t": problem.deadline},
                             _link(problem))
            if problem.level < top and problem.status != ProblemStatus.ANSWERED:
                escalate_problem(problem, actor=None, reason=_("超过办理时限%(t)s未解决，自动升级") % {"t": problem.deadline},
                         calendar=calendar)
                escalated += 1
        elif _within(calendar, on, problem.deadline, warn_days):
            warned += notify(people_at_level(problem), f"problem-due-soon:{problem.pk}:{problem.deadline}",
                             _("即将到期：%(p)s——%(c)s问题，请于%(t)s前办结") % {
                                 "p": problem.project.name, "c": problem.category.name, "t": problem.deadline},
                             _link(problem))
    warned += _warn_decisions(on, calendar, warn_days)
    return escalated, warned


def _within(calendar, on, deadline, days):
    try:
        return calendar.between(on, deadline) <= days
    except CalendarNotCovered:
        return (deadline - on).days <= days  # a year not entered yet: calendar days, the stricter count


def _warn_decisions(on, calendar, warn_days):
    sent = 0
    for decision in Decision.objects.open().select_related("meeting").prefetch_related("departments"):
        if is_past(decision.deadline, on):  # the rule of Decision.objects.overdue(on)
            key, text = "overdue", _("议定事项已逾期：%(t)s（时限%(d)s）")
        elif _within(calendar, on, decision.deadline, warn_days):
            key, text = "due-soon", _("议定事项即将到期：%(t)s（时限%(d)s）")
        else:
            continue
        users = department_users(_department_ids(decision))
        sent += notify(users, f"decision-{key}:{decision.pk}:{decision.deadline}",
                       text % {"t": decision.text[:40], "d": decision.deadline}, decision.meeting.get_absolute_url())
    return sent


# --- meetings ------------------------------------------------------------------------------------

def may_run_meetings(user, region):
    return scope_of(user).coordinates(region)


def _check_agenda(actor, problems, projects):
    """An agenda names only problems and projects the one calling the meeting may see (an agenda being
    corrected may keep what it has: `problems`/`projects` are then only the ones added)."""
    problem_ids = {p.pk for p in problems or ()}
    project_ids = {p.pk for p in projects or ()}
    if problem_ids and len(problem_ids) != Problem.objects.visible_to(actor).filter(pk__in=problem_ids).count():
        raise ValidationError(_("议题中有您无权查看的问题，请从列表中重新选择"))
    if project_ids and len(project_ids) != Project.objects.visible_to(actor).filter(pk__in=project_ids).count():
        raise ValidationError(_("议题中有您无权查看的项目，请从列表中重新选择"))


def _require_meeting_details(meeting):
    if not (meeting.title or "").strip():
        raise ValidationError(_("请填写会议名称"))
    if meeting.date is None:
        raise ValidationError(_("请填写会议日期"))


@transaction.atomic
def create_meeting(region, *, actor, problems=(), projects=(), **values):
    """Call a 调度会 of `region` with its agenda; only who runs meetings there (the coordinator) may."""
    if not may_run_meetings(actor, region):
        raise PermissionDenied
    _check_agenda(actor, problems, projects)
    meeting = Meeting(region=region, created_by=actor, **values)
    _require_meeting_details(meeting)
    meeting._history_user, meeting._change_reason = actor, _("新建调度会")
    meeting.save()
    meeting.problems.set(problems)
    meeting.projects.set(projects)
    record("meeting.create", actor=actor, subject=meeting,
           summary=_("新建调度会：%(t)s（%(d)s）") % {"t": meeting.title, "d": meeting.date},
           data=snapshot(meeting, MEETING_FIELDS))
    return meeting


@transaction.atomic
def update_meeting(meeting, *, actor, expected_version=None, problems=None, projects=None, **values):
    """Correct a meeting's details and agenda; refused (ConcurrentEditError) if someone saved since
    `expected_version` was read."""
    if not may_run_meetings(actor, meeting.region):
        raise PermissionDenied
    kept_problems = set(meeting.problems.values_list("pk", flat=True))
    kept_projects = set(meeting.projects.values_list("pk", flat=True))
    _check_agenda(actor, [p for p in problems or () if p.pk not in kept_problems],
                  [p for p in projects or () if p.pk not in kept_projects])
    # From the database: a page's model form has already written what was typed onto `meeting`.
    before = snapshot(Meeting.objects.get(pk=meeting.pk), MEETING_FIELDS)
    for name, value in values.items():
        setattr(meeting, name, value)
    _require_meeting_details(meeting)
    advance_version(meeting, expected_version)
    meeting._history_user, meeting._change_reason = actor, _("修改调度会")
    meeting.save()
    if problems is not None:
        meeting.problems.set(problems)
    if projects is not None:
        meeting.projects.set(projects)
    record("meeting.update", actor=actor, subject=meeting, summary=_("修改调度会：%(t)s") % {"t": meeting.title},
           changes=changes_between(before, snapshot(meeting, MEETING_FIELDS)))
    return meeting


def _record_decision(kind, decision, actor, *, summary, reason="", changes=None, data=None):
    """Decisions belong to the meeting's region, and to a project when they settle one of its problems."""
    record(kind, actor=actor, subject=decision, summary=summary, reason=reason, changes=changes, data=data,
           region=decision.meeting.region, project=decision.problem.project if decision.problem_id else None)


def _department_ids(decision):
    """The responsible departments of a decision (from a prefetch of `departments` when there is one)."""
    return [department.pk for department in decision.departments.all()]


@transaction.atomic
def add_decision(meeting, *, actor, text, deadline, departments=(), owner_text="", problem=None):
    """A decision of `meeting`, carried out by every department in `departments` and/or the units typed in
    `owner_text`; each department hears of it once."""
    if not may_run_meetings(actor, meeting.region):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError(_("请填写议定事项"))
    departments = list(departments or ())
    if not (departments or owner_text.strip()):
        raise ValidationError(_("请指定责任单位"))
    if deadline is None:
        raise ValidationError(_("请填写完成时限"))
    if problem is not None:
        _check_agenda(actor, [problem], ())
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # two clerks adding at once: one waits
    number = (meeting.decisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    decision = Decision(meeting=meeting, number=number, text=text.strip(), deadline=deadline,
                        owner_text=owner_text.strip(), problem=problem)
    decision._history_user, decision._change_reason = actor, _("新增议定事项")
    decision.save()
    decision.departments.set(departments)
    if departments:
        notify(department_users([department.pk for department in departments]), f"decision-assigned:{decision.pk}",
               _("调度会议定事项交你单位办理：%(t)s，限%(d)s前完成") % {"t": decision.text[:60], "d": deadline},
               meeting.get_absolute_url())
    _record_decision("decision.add", decision, actor, data=snapshot(decision, DECISION_FIELDS),
                     summary=_("新增第%(n)s项议定事项（%(o)s，限%(d)s前完成）") % {
                         "n": number, "o": decision.owner, "d": deadline})
    return decision


def may_follow_up(decision, user):
    mine = set(scope_of(user).department_ids)
    return may_run_meetings(user, decision.meeting.region) or bool(mine.intersection(_department_ids(decision)))


@transaction.atomic
def follow_up(decision, *, actor, text, done=False, expected_version=None):
    """督办: a progress note on a decision; `done` closes it (the owner department or the coordinator).

    From a page that showed `expected_version`: if someone followed it up since, nothing is saved
    (ConcurrentEditError), so nobody closes a decision on progress they have not read.
    """
    if not may_follow_up(decision, actor):
        raise PermissionDenied
    if decision.status == DecisionStatus.DONE:
        raise ValidationError(_("该事项已办结"))
    if not text.strip():
        raise ValidationError(_("请填写进展情况"))
    before = snapshot(decision, ["status", "done_on"])
    advance_version(decision, expected_version)
    decision._history_user = actor
    decision._change_reason = _("办结") if done else _("督办")
    DecisionUpdate.objects.create(decision=decision, text=text.strip(), actor=actor)
    if done:
        decision.status, decision.done_on = DecisionStatus.DONE, today()
    decision.save(update_fields=["status", "done_on", "version", "updated_at"])
    _record_decision("decision.close" if done else "decision.follow_up", decision, actor, reason=text.strip(),
                     changes=changes_between(before, snapshot(decision, ["status", "done_on"])),
                     summary=(_("第%(n)s项议定事项办结") if done else _("第%(n)s项议定事项督办：%(t)s")) % {
                         "n": decision.number, "t": text.strip()[:60]})
    return decision


def close_decision(decision, *, actor, text, expected_version=None):
    """办结: the last follow-up note, which closes the decision."""
    return follow_up(decision, actor=actor, text=text, done=True, expected_version=expected_version)


# --- 批示 and 督办 --------------------------------------------------------------------------------

def _target_project(target):
    """The project a 批示 or 督办 is about (a decision's through its problem), or None."""
    if isinstance(target, Project):
        return target
    if isinstance(target, Decision):
        return target.problem.project if target.problem_id else None
    return target.project


def _target_region(target):
    return target.meeting.region if isinstance(target, Decision) else _target_project(target).region


def may_instruct(target, user, kind):
    """Whether `user` may write a note of `kind` (InstructionKind) on a Problem, Decision or Project."""
    return InstructionKind(kind) in instruction_kinds_for(target, user)


def instruction_kinds_for(target, user):
    """The kinds of note `user` may write on `target` (for the pages' forms); the target's project, leader
    and region are read once for both kinds (a meeting page asks this for every decision)."""
    if not user or not user.is_authenticated:
        return []
    project = _target_project(target)
    packaged = bool(project and project.leader_id and project.leader.user_id == user.pk)
    scope, region = scope_of(user), _target_region(target)
    return [kind for kind in InstructionKind
            if scope.may_instruct(kind, region, packaged_by_user=packaged, on_project=isinstance(target, Project),
                                  on_decision=isinstance(target, Decision))]


def _concerned(target):
    """Who hears of a 批示 or 督办: the region editors and reviewers of the project's region, the departments
    working on it, its service secretary, the one who raised the problem; for a decision its department and
    the meeting's coordinators."""
    project = _target_project(target)
    users = []
    if project is not None:
        users += _users(role__in=[Role.REGION_EDITOR, Role.REGION_REVIEWER], region__path__in=project.region.ancestor_paths)
        users.append(project.secretary)
    if isinstance(target, Problem):
        users += department_users(target.assignments.values_list("department", flat=True))
        users.append(target.raised_by)
    elif isinstance(target, Decision):
        users += department_users(_department_ids(target))
        users += _users(role=Role.COORDINATOR, region__path__in=target.meeting.region.ancestor_paths)
    else:
        departments = [project.lead_department_id] if project.lead_department_id else []
        users += department_users(departments + list(project.responsible_departments.values_list("pk", flat=True)))
    return users


@transaction.atomic
def give_instruction(target, text, *, actor, kind):
    """A leader's 批示 or the inspector's 督办 note on a problem, a decision or a packaged project: saved,
    written in the problem's 办理记录 and the change log, and sent once to the people concerned."""
    kind = InstructionKind(kind)
    if not may_instruct(target, actor, kind):
        raise PermissionDenied(_("只有包保或分管领导可以批示，只有督查室可以督办；您无权在此处填写。"))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写%(k)s内容") % {"k": kind.label}})
    field = {Problem: "problem", Decision: "decision", Project: "project"}[type(target)]
    instruction = Instruction.objects.create(kind=kind, author=actor, text=text, **{field: target})
    name = actor.get_full_name() or actor.username
    if isinstance(target, Problem):
        _event(target, ProblemEventKind.INSTRUCTED if kind == InstructionKind.INSTRUCTION
               else ProblemEventKind.SUPERVISED, actor, text)
    what = {Problem: lambda: _("%(p)s——%(c)s问题") % {"p": target.project.name, "c": target.category.name},
            Decision: lambda: _("议定事项第%(n)s项（%(m)s）") % {"n": target.number, "m": target.meeting.title},
            Project: lambda: target.name}[type(target)]()
    summary = _("%(k)s（%(a)s）：%(t)s") % {"a": name, "k": kind.label, "t": text[:60]}
    project = _target_project(target)
    record("instruction.give" if kind == InstructionKind.INSTRUCTION else "supervision.give", actor=actor,
           subject=target, summary=summary, data={str(_("内容")): text}, project=project,
           region=_target_region(target))
    notify([u for u in _concerned(target) if u is not None and u.pk != actor.pk], f"instruction:{instruction.pk}",
           _("%(k)s（%(a)s）：%(w)s——%(t)s") % {"k": kind.label, "a": name, "w": what, "t": text[:80]},
           target.get_absolute_url(), kind="instruction", subject=target)
    return instruction
