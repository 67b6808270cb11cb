"""Changes to projects. Views, the API, imports and commands call these; none saves a stage itself."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.concurrency import claim_version
from tuijin.core.dates import today
from tuijin.core.notifications import notify
from tuijin.core.roles import Role
from tuijin.core.scope import scope_of

from .choices import ListRule, Stage
from .models import (REQUIRED_FROM_PREPARATION, Project, ProjectList, ProjectListMembership, Resumption,
                     StageTransition, WorkLog)

audit.register_kinds({
    "project.create": _("登记项目"),
    "project.intake": _("入库审核"),
    "project.update": _("修改项目"),
    "project.stage": _("项目阶段变更"),
    "list.add": _("加入清单"),
    "list.remove": _("移出清单"),
    "worklog.add": _("服务秘书工作日志"),
    "list.save": _("维护项目清单"),
    "project.resumption": _("登记复工"),
})

# What the change log compares on a project edit: the facts a person edits (not stage, version, times).
# `owner_units` is read in its text, `owner_unit` ("甲、乙"), which changes with it.
AUDITED_FIELDS = [f.name for f in Project._meta.fields
                  if f.editable and not f.primary_key and f.name != "owner_units"] + [
    "responsible_departments", "owner_users"]
STAGE_FIELDS = ["stage", "actual_start", "actual_completion", "construction_permit"]
# A 储备 project may lack its industry and category; from 前期 on they are needed (the figures group by them).
NEEDS_STAGE_FIELDS = (Stage.PREPARATION, Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING)

ALLOWED_TRANSITIONS = {
    Stage.RESERVE: {Stage.PREPARATION, Stage.WITHDRAWN},
    Stage.PREPARATION: {Stage.CONSTRUCTION, Stage.RESERVE, Stage.SUSPENDED, Stage.WITHDRAWN},
    Stage.CONSTRUCTION: {Stage.COMPLETED, Stage.SUSPENDED},
    Stage.SUSPENDED: {Stage.CONSTRUCTION, Stage.PREPARATION, Stage.WITHDRAWN},
    Stage.COMPLETED: {Stage.OPERATING},
    Stage.OPERATING: set(),
    Stage.WITHDRAWN: {Stage.RESERVE},
}
# Moves that need a written reason: they take a project out of the normal forward flow.
REASON_REQUIRED = {Stage.SUSPENDED, Stage.WITHDRAWN}


def _check_region_editable(region, actor):
    if not scope_of(actor).may_edit_region(region):
        raise PermissionDenied(_("您无权在“%(region)s”登记或修改项目") % {"region": region})


def _check_project_editable(project, actor):
    if not Project.objects.editable_by(actor).filter(pk=project.pk).exists():
        raise PermissionDenied(_("您无权修改该项目"))


def may_assign_leader(actor):
    """A city 包保领导 is assigned by the coordinator (项目办), not by the district that reports the project."""
    return scope_of(actor).is_coordinator


def _check_leader_assignment(project, actor, previous_leader_id=None):
    if project.leader_id != previous_leader_id and not may_assign_leader(actor):
        raise PermissionDenied(_("包保领导由项目办（发改委）确定，县区不能指定或更改"))


def _check_responsible(project, departments):
    if refusal := project.responsible_refusal(departments or ()):
        raise ValidationError({"responsible_departments": refusal})


def may_maintain(project, user):
    """Who keeps a project's day-to-day records (work log, procedure checklist): its region's editors
    and its service secretary."""
    return project.secretary_id == user.pk or Project.objects.editable_by(user).filter(pk=project.pk).exists()


@transaction.atomic
def create_project(project, *, actor, responsible_departments=(), reason="", awaiting_intake=False):
    """Register `project` in its stage as it stands (储备 by default). A project registered in any other
    stage — an existing one, from a list or typed in — waits for the project office's 入库审核 before the
    figures count it; what it lacks is listed as 待补充, never refused. `awaiting_intake` makes a 储备 project
    wait too (a list row without its total investment)."""
    _check_region_editable(project.region, actor)
    _check_leader_assignment(project, actor)
    project.full_clean()
    _check_responsible(project, responsible_departments)
    project.intake_pending = awaiting_intake or project.stage != Stage.RESERVE
    project._history_user = actor
    project._change_reason = reason or (_("按实际阶段登记：%(s)s") % {"s": project.get_stage_display()}
                                        if project.intake_pending else _("新建项目"))
    project.save()
    if responsible_departments:  # a new project has none to take away
        project.responsible_departments.set(responsible_departments)
    # Registered in its real stage from its source, not moved there: what it lacks is recorded, not refused.
    missing = project.pending_fields
    StageTransition.objects.create(
        project=project, from_stage="", to_stage=project.stage, actor=actor,
        effective_date=project.actual_start if project.stage == Stage.CONSTRUCTION else None,
        evidence=project.source[:200],
        reason=(_("按实际阶段登记入库，待入库审核") if project.intake_pending else _("登记入库"))
        + (_("（来源：%(s)s）") % {"s": project.source} if project.source else "")
        + (_("（待补：%(m)s）") % {"m": "、".join(map(str, missing))} if missing else ""))
    refresh_list_memberships(project, new=True)
    after = audit.snapshot(project, AUDITED_FIELDS,
                           related={"responsible_departments": responsible_departments, "owner_users": ()})
    audit.record("project.create", actor=actor, subject=project, summary=_("登记项目：%(p)s") % {"p": project},
                 reason=project._change_reason,
                 changes=audit.changes_between({}, {k: v for k, v in after.items() if v not in ("", None, False)}))
    return project


@transaction.atomic
def update_project(project, *, expected_version, actor, responsible_departments=None, reason=""):
    """Save edits made from `expected_version`. Raises ConcurrentEditError if someone saved in between."""
    _check_project_editable(project, actor)
    # A county user must not move a project into another county.
    _check_region_editable(project.region, actor)
    _check_leader_assignment(project, actor, Project.objects.values_list("leader_id", flat=True).get(pk=project.pk))
    project.full_clean()
    _check_responsible(project, responsible_departments)
    before = audit.snapshot(Project.objects.get(pk=project.pk), AUDITED_FIELDS)
    claim_version(project, expected_version)
    project._history_user = actor
    project._change_reason = reason
    project.save()
    if responsible_departments is not None:
        project.responsible_departments.set(responsible_departments)
    refresh_list_memberships(project)
    changes = audit.changes_between(before, audit.snapshot(project, AUDITED_FIELDS))
    audit.record("project.update", actor=actor, subject=project, reason=reason, changes=changes,
                 summary=_("修改项目：%(f)s") % {"f": "、".join(changes) or _("无改动")})
    return project


@transaction.atomic
def transition_stage(project, to_stage, *, actor, effective_date=None, reason="", evidence="",
                     construction_permit="", override=False):
    """Move `project` to `to_stage` if the rules allow it, and record who, when, from, to and why."""
    _check_project_editable(project, actor)
    project = Project.objects.select_for_update().get(pk=project.pk)
    before = audit.snapshot(project, STAGE_FIELDS)
    from_stage = Stage(project.stage)
    to_stage = Stage(to_stage)
    reason = reason.strip()
    if to_stage not in ALLOWED_TRANSITIONS[from_stage]:
        raise ValidationError(
            _("项目不能从“%(a)s”直接转为“%(b)s”。") % {"a": from_stage.label, "b": to_stage.label}
        )
    # Every refusal of this move at once, each at its field, so one correction is enough.
    errors = {}
    if not reason and (why := reason_needed(from_stage, to_stage, override)):
        errors["reason"] = why
    if effective_date and effective_date > today():
        errors["effective_date"] = _("发生日期不能晚于今天")
    if to_stage in NEEDS_STAGE_FIELDS:
        for name in REQUIRED_FROM_PREPARATION:
            if not getattr(project, name):
                errors[name] = _("转为“%(b)s”前请先在项目信息中填写%(f)s") % {
                    "b": to_stage.label, "f": Project._meta.get_field(name).verbose_name}
    if to_stage == Stage.CONSTRUCTION:
        errors = {**_start_refusals(project, effective_date, override), **errors}
    elif to_stage == Stage.COMPLETED:
        if not effective_date:
            errors["effective_date"] = _("请填写实际竣工日期")
        elif project.actual_start and effective_date < project.actual_start:
            errors.setdefault("effective_date", _("竣工日期不能早于开工日期（%(d)s）") % {"d": project.actual_start})
    if errors:
        raise ValidationError(errors)

    if to_stage == Stage.CONSTRUCTION:
        if project.actual_start is None:
            project.actual_start = effective_date
        if override and construction_permit.strip() and not project.construction_permit:
            project.construction_permit = construction_permit.strip()
    elif to_stage == Stage.COMPLETED:
        project.actual_completion = effective_date

    project.stage = to_stage
    project.version += 1
    project._history_user = actor
    project._change_reason = _("阶段变更：%(a)s → %(b)s。%(r)s") % {"a": from_stage.label, "b": to_stage.label,
                                                                     "r": reason}
    project.save()
    transition = StageTransition.objects.create(
        project=project, from_stage=from_stage, to_stage=to_stage, actor=actor, effective_date=effective_date,
        reason=reason, evidence=evidence.strip() or construction_permit.strip(), override=override,
    )
    refresh_list_memberships(project)
    audit.record("project.stage", actor=actor, subject=project, reason=reason,
                 summary=_("阶段：%(a)s → %(b)s") % {"a": from_stage.label, "b": to_stage.label},
                 changes=audit.changes_between(before, audit.snapshot(project, STAGE_FIELDS)),
                 data={"effective_date": effective_date, "evidence": transition.evidence, "override": override})
    return transition


@transaction.atomic
def confirm_intake(project, *, actor, note=""):
    """入库审核: the project office confirms a project registered in its real stage; from now on the
    figures count it. The district's editors hear of it."""
    if not scope_of(actor).coordinates(project.region):
        raise PermissionDenied(_("只有项目办可以进行入库审核"))
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.intake_pending:
        raise ValidationError(_("该项目不在待入库审核之列"))
    project.intake_pending = False
    project.intake_confirmed_by, project.intake_confirmed_at = actor, timezone.now()
    project.version += 1
    project._history_user = actor
    project._change_reason = _("入库审核通过。%(n)s") % {"n": note.strip()}
    project.save()
    audit.record("project.intake", actor=actor, subject=project, reason=note.strip(),
                 summary=_("入库审核通过：%(p)s（%(s)s）") % {"p": project, "s": project.get_stage_display()})
    editors = get_user_model().objects.filter(
        is_active=True, role_assignments__role=Role.REGION_EDITOR,
        role_assignments__region__path__in=project.region.ancestor_paths).distinct()
    notify(editors, f"intake:{project.pk}", _("项目办已审核入库：%(p)s，自此计入统计。") % {"p": project},
           project.get_absolute_url(), kind="intake", subject=project)
    return project


def reason_needed(from_stage, to_stage, override):
    """Why this move needs a written reason (the message to show when it is missing), or "": a move out of
    the forward flow (REASON_REQUIRED), back from 出库, or past a rule. A start with its 施工许可 needs none."""
    if override:
        return _("越过规则须写明原因（如：按规定无需办理施工许可、许可证已核发待补录）")
    if to_stage in REASON_REQUIRED:
        return _("转为“%(b)s”须写明原因") % {"b": to_stage.label}
    if from_stage == Stage.WITHDRAWN:
        return _("从“出库”恢复须写明原因")
    return ""


def reason_hint():
    """The stage form's words for the rule `reason_needed` applies."""
    stages = _("、").join(_("“%(s)s”") % {"s": stage.label} for stage in Stage if stage in REASON_REQUIRED)
    return _("转为%(s)s、从“出库”恢复或越过规则时须写明原因；其他变更可不填。") % {"s": stages}


def _start_refusals(project, effective_date, override):
    """What stops `project` from starting construction now, by field: the start date, the 施工许可."""
    errors = {}
    if project.actual_start is None and not effective_date:
        errors["effective_date"] = _("转为在建须填写实际开工日期")
    # The permit number is the 施工许可证 procedure's (approvals.services.update_procedure writes it); a
    # number typed here counts only as the evidence of an override with a reason.
    if not project.construction_permit and not override:
        errors["construction_permit"] = _(
            "转为在建须已取得施工许可：请先在“前期手续”中把施工许可证登记为已办结（其文号即施工许可证号）；"
            "确无施工许可（如按规定不需办理）的，请勾选“越过规则”并写明原因"
        )
    return errors


def refresh_list_memberships(project, *, new=False):
    """Put `project` into the rule-based lists it now matches and take it out of those it no longer does. A `new`
    project is in no list yet: nothing to read or take out."""
    rule_lists = ProjectList.objects.filter(rule=ListRule.INVESTMENT).select_related("region")
    current, manual = set(), set()
    if not new:
        memberships = ProjectListMembership.objects.filter(project=project).values_list("project_list_id", "by_rule")
        for list_id, by_rule in memberships:
            (current if by_rule else manual).add(list_id)
    should = {pl.pk for pl in rule_lists if pl.matching_projects().filter(pk=project.pk).exists()}
    if current - should:
        ProjectListMembership.objects.filter(project=project, by_rule=True,
                                             project_list_id__in=current - should).delete()
    ProjectListMembership.objects.bulk_create([
        ProjectListMembership(project_list_id=pk, project=project, by_rule=True) for pk in should - current - manual
    ])


@transaction.atomic
def recompute_list(project_list):
    """Rebuild the rule-based part of a list from its rule; hand-added members stay."""
    if project_list.rule != ListRule.INVESTMENT:
        project_list.memberships.filter(by_rule=True).delete()
        return 0
    matching = project_list.matching_projects()
    project_list.memberships.filter(by_rule=True).exclude(project_id__in=matching.values("pk")).delete()
    missing = matching.exclude(pk__in=project_list.memberships.values("project_id")).values_list("pk", flat=True)
    ProjectListMembership.objects.bulk_create(
        [ProjectListMembership(project_list=project_list, project_id=pk, by_rule=True) for pk in missing.iterator()],
        batch_size=2000,
    )
    return matching.count()


LIST_FIELDS = ["name", "year", "region", "rule", "min_total_investment", "categories", "include_stages"]


@transaction.atomic
def save_project_list(project_list, *, actor, reason=""):
    """Add or edit a list (its rule, its threshold); its rule-based members are recomputed."""
    adding = project_list.pk is None
    refused = _("您无权维护该区域的项目清单")
    if not adding and not ProjectList.objects.editable_by(actor).filter(pk=project_list.pk).exists():
        raise PermissionDenied(refused)
    before = {} if adding else audit.snapshot(ProjectList.objects.get(pk=project_list.pk), LIST_FIELDS)
    project_list.full_clean()
    project_list._history_user = actor
    project_list._change_reason = reason
    project_list.save()
    if not ProjectList.objects.editable_by(actor).filter(pk=project_list.pk).exists():
        raise PermissionDenied(refused)  # created in, or moved to, another region
    size = recompute_list(project_list)
    after = audit.snapshot(project_list, LIST_FIELDS)
    changes = audit.changes_between(before, {k: v for k, v in after.items() if not adding or v not in ("", None)})
    audit.record("list.save", actor=actor, subject=project_list, reason=reason, changes=changes,
                 summary=(_("新建清单：%(l)s") if adding else _("修改清单：%(l)s")) % {"l": project_list},
                 data={"rule_members": size})
    return project_list


def _check_list_kept_by_hand(project_list, actor):
    """Projects go into (or out of) a list by hand only on a hand-kept list its region's editors keep."""
    if not ProjectList.objects.editable_by(actor).filter(pk=project_list.pk).exists():
        raise PermissionDenied(_("您无权维护该区域的项目清单"))
    if project_list.rule != ListRule.MANUAL:
        raise ValidationError(_("“%(l)s”按规则入库，不能手工加入或移出项目") % {"l": project_list})


@transaction.atomic
def add_to_list(project_list, project, *, actor):
    _check_list_kept_by_hand(project_list, actor)
    _check_project_editable(project, actor)
    _membership, created = ProjectListMembership.objects.get_or_create(project_list=project_list, project=project,
                                                                       defaults={"by_rule": False})
    if created:
        audit.record("list.add", actor=actor, subject=project, summary=_("加入清单“%(l)s”") % {"l": project_list},
                     changes={str(_("清单")): ["", str(project_list)]}, data={"list_id": project_list.pk})


@transaction.atomic
def remove_from_list(project_list, project, *, actor):
    _check_list_kept_by_hand(project_list, actor)
    _check_project_editable(project, actor)
    removed, _counts = project_list.memberships.filter(project=project, by_rule=False).delete()
    if removed:
        audit.record("list.remove", actor=actor, subject=project, summary=_("移出清单“%(l)s”") % {"l": project_list},
                     changes={str(_("清单")): [str(project_list), ""]}, data={"list_id": project_list.pk})


@transaction.atomic
def add_work_log(project, *, actor, day, kind, text):
    """A service secretary's (or the region's) record of a visit, a call or help given."""
    if not may_maintain(project, actor):
        raise PermissionDenied(_("只有该项目的服务秘书和所在地区的填报人员可以记工作日志"))
    if day > today():
        raise ValidationError({"day": _("日期不能晚于今天")})
    log = WorkLog(project=project, author=actor, day=day, kind=kind, text=text)
    log.full_clean()
    log.save()
    audit.record("worklog.add", actor=actor, subject=project,
                 summary=_("工作日志（%(k)s）：%(t)s") % {"k": log.get_kind_display(), "t": text[:60]},
                 data={"day": day, "kind": kind, "text": text, "work_log_id": log.pk})
    return log


@transaction.atomic
def record_resumption(project, *, actor, on, note=""):
    """复工: the day a project resumed work, recorded by who may edit it (not in the future)."""
    _check_project_editable(project, actor)
    if on > today():
        raise ValidationError({"day": _("复工日期不能晚于今天")})
    resumption = Resumption(project=project, day=on, note=note, actor=actor)
    resumption._history_user = actor
    resumption.full_clean()
    resumption.save()
    audit.record("project.resumption", actor=actor, subject=project,
                 summary=_("登记复工：%(d)s") % {"d": on.isoformat()},
                 data={"day": on, "note": note, "resumption_id": resumption.pk})
    return resumption
