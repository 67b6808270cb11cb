"""Changing a project's checklist and its procedures; who may do it and what must hold."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tuijin.core import audit, uploads
from tuijin.core.concurrency import advance_version
from tuijin.core.dates import today
from tuijin.core.scope import scope_of
from tuijin.projects.services import may_maintain

from .choices import ProcedureStatus
from .models import ProcedureType, ProjectProcedure

audit.register_kinds({
    "checklist.create": _("生成前期手续清单"),
    "procedure.add": _("添加前期手续"),
    "procedure.update": _("更新前期手续"),
})


def may_update(procedure, user, *, maintains=None):
    """Those who keep the checklist (`may_maintain`), and the issuing department for its own procedures.

    `maintains`: `may_maintain(procedure.project, user)` when the caller already knows it (a page of rows).
    """
    if maintains is None:
        maintains = may_maintain(procedure.project, user)
    return maintains or procedure.department_id in scope_of(user).department_ids


def defaults_for(project):
    return [t for t in ProcedureType.objects.filter(active=True) if project.category in (t.categories or [])]


@transaction.atomic
def ensure_checklist(project, *, actor):
    """Add the catalog's default procedures for the project's category that it lacks; returns how many."""
    if not may_maintain(project, actor):
        raise PermissionDenied
    have = set(project.procedures.values_list("procedure_type_id", flat=True))
    new = [ProjectProcedure(project=project, procedure_type=t, department=t.department)
           for t in defaults_for(project) if t.pk not in have]
    for procedure in new:
        procedure._history_user = actor
        procedure.save()
    if new:
        names = [p.procedure_type.name for p in new]
        audit.record("checklist.create", actor=actor, subject=project,
                     summary=_("按项目类别生成前期手续清单：新增%(n)s项") % {"n": len(new)},
                     changes={str(_("前期手续")): ["", "、".join(names)]}, data={"procedures": names})
    return len(new)


@transaction.atomic
def add_procedure(project, procedure_type, *, actor):
    if not may_maintain(project, actor):
        raise PermissionDenied
    procedure = ProjectProcedure.objects.filter(project=project, procedure_type=procedure_type).first()
    if procedure is None:
        procedure = ProjectProcedure(project=project, procedure_type=procedure_type,
                                     department=procedure_type.department)
        changes = {str(_("前期手续")): ["", procedure_type.name]}
    elif not procedure.required:
        before = audit.snapshot(procedure, ["required", "status"])
        procedure.required, procedure.status = True, ProcedureStatus.NOT_STARTED
        procedure.version += 1
        changes = audit.changes_between(before, audit.snapshot(procedure, ["required", "status"]))
    else:
        return procedure  # already on the checklist: nothing changes
    procedure._history_user = actor
    procedure.save()
    audit.record("procedure.add", actor=actor, subject=procedure, changes=changes,
                 summary=_("添加前期手续：%(n)s") % {"n": procedure_type.name})
    return procedure


FIELDS = ("required", "status", "applied_on", "approved_on", "authority", "document_number", "department")
AUDITED = (*FIELDS, "attachment")


@uploads.atomic_with_files()
def update_procedure(procedure, *, actor, attachment=None, expected_version=None, **values):
    """Save a procedure's status, dates and document; the 施工许可's number becomes the project's."""
    if not may_update(procedure, actor):
        raise PermissionDenied
    if attachment is not None:
        uploads.check_attachment(attachment)
    if "department" in values and not may_maintain(procedure.project, actor):
        values.pop("department")  # a department does not reassign a procedure to another
    # From the saved row: a page's form has already written its values onto `procedure`.
    before = audit.snapshot(ProjectProcedure.objects.select_related("department").get(pk=procedure.pk), AUDITED)
    for name, value in values.items():
        if name in FIELDS:
            setattr(procedure, name, value)
    if not procedure.required:
        procedure.status = ProcedureStatus.NOT_NEEDED
    _check(procedure)
    if attachment is not None:
        uploads.store(procedure.attachment, attachment.name, attachment)
    advance_version(procedure, expected_version)
    procedure._history_user = actor
    procedure.save()
    changes = audit.changes_between(before, audit.snapshot(procedure, AUDITED))
    if (procedure.procedure_type.is_construction_permit and procedure.status == ProcedureStatus.DONE
            and procedure.document_number and procedure.project.construction_permit != procedure.document_number):
        project = procedure.project
        changes[str(_("项目施工许可证号"))] = [project.construction_permit, procedure.document_number]
        project.construction_permit = procedure.document_number
        project._history_user = actor
        project._change_reason = _("前期手续：施工许可证办结")
        project.version += 1
        project.save(update_fields=["construction_permit", "version", "updated_at"])
    audit.record("procedure.update", actor=actor, subject=procedure, changes=changes,
                 summary=_("%(n)s：%(f)s") % {"n": procedure.procedure_type.name, "f": "、".join(changes) or _("无改动")})
    return procedure


def _check(procedure):
    errors = {}
    now = today()
    status = procedure.status
    if status == ProcedureStatus.NOT_NEEDED:
        procedure.required = False
    if status in (ProcedureStatus.IN_PROGRESS, ProcedureStatus.DONE) and not procedure.applied_on:
        errors["applied_on"] = _("办理中或已办结的手续须填写申请日期")
    if status == ProcedureStatus.DONE and not procedure.approved_on:
        errors["approved_on"] = _("已办结的手续须填写办结日期")
    if status != ProcedureStatus.DONE and procedure.approved_on:
        errors["status"] = _("填写了办结日期，状态应为“已办结”")
    for name in ("applied_on", "approved_on"):
        day = getattr(procedure, name)
        if day and day > now:
            errors[name] = _("日期不能晚于今天")
    if procedure.applied_on and procedure.approved_on and procedure.approved_on < procedure.applied_on:
        errors["approved_on"] = _("办结日期不能早于申请日期")
    if errors:
        raise ValidationError(errors)


def visible_procedures(user):
    return ProjectProcedure.objects.visible_to(user).filter(Q(required=True) & ~Q(status=ProcedureStatus.NOT_NEEDED))
