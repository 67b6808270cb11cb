"""Changes to targets (目标任务). Pages, the API, the decomposition workbook and `load_plan` call these."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.concurrency import advance_version
from tuijin.core.scope import scope_of

from .models import ExternalFigure, Target

audit.register_kinds({
    "target.create": _("新增目标任务"),
    "target.update": _("修改目标任务"),
    "target.delete": _("删除目标任务"),
    "target.task": _("报告任务完成情况"),
    "figure.save": _("录入外部数据"),
})

FIELDS = ["title", "year", "end_year", "indicator", "filters", "region", "department", "project_list", "checkpoint",
          "comparator", "value", "lead_unit", "responsible_units", "basis", "clause", "note", "task_status",
          "evidence", "parent"]
TASK_FIELDS = ["task_status", "evidence"]


def may_set_targets(user, region):
    """Targets are the project office's (项目办) to set and split, in the regions it coordinates."""
    return scope_of(user).coordinates(region)


def may_report_task(user, target):
    """A task's status and evidence: the project office, or the department the task is given to."""
    return may_set_targets(user, target.region) or target.department_id in scope_of(user).department_ids


def _check(user, target, by_command=False):
    """`by_command`: the `load_plan` command loads a published document's targets as the system (actor None);
    it is run by whoever operates the server, so no user's rights apply, but the change is still audited."""
    if by_command:
        return
    if not may_set_targets(user, target.region):
        raise PermissionDenied(_("只有项目办可以设定和分解“%(r)s”的目标任务") % {"r": target.region})
    if target.parent_id and not may_set_targets(user, target.parent.region):
        raise PermissionDenied(_("您无权分解该目标"))


def _save(target, actor, reason):
    target._history_user = actor
    target._change_reason = reason
    target.save()


@transaction.atomic
def create_target(target, *, actor, reason="", by_command=False):
    _check(actor, target, by_command)
    target.full_clean()
    _save(target, actor, reason or _("新增目标任务"))
    after = audit.snapshot(target, FIELDS)
    audit.record("target.create", actor=actor, subject=target, summary=_("新增目标任务：%(t)s") % {"t": target},
                 region=target.region, changes=audit.changes_between({}, {k: v for k, v in after.items() if v}))
    return target


@transaction.atomic
def update_target(target, *, actor, expected_version=None, reason=""):
    """Save edits made from `expected_version` (ConcurrentEditError if someone saved in between)."""
    before_row = Target.objects.get(pk=target.pk)
    _check(actor, before_row)
    _check(actor, target)
    target.full_clean()
    before = audit.snapshot(before_row, FIELDS)
    advance_version(target, expected_version)
    _save(target, actor, reason)
    changes = audit.changes_between(before, audit.snapshot(target, FIELDS))
    audit.record("target.update", actor=actor, subject=target, reason=reason, changes=changes, region=target.region,
                 summary=_("修改目标任务：%(f)s") % {"f": "、".join(changes) or _("无改动")})
    return target


@transaction.atomic
def report_task(target, *, actor, task_status, evidence="", expected_version=None):
    """The responsible unit reports how a task that is not a number stands, with its evidence."""
    if not may_report_task(actor, target):
        raise PermissionDenied(_("您无权报告该任务的完成情况"))
    before = audit.snapshot(target, TASK_FIELDS)
    target.task_status, target.evidence = task_status, evidence.strip()
    target.full_clean()
    advance_version(target, expected_version)
    _save(target, actor, _("报告任务完成情况"))
    audit.record("target.task", actor=actor, subject=target, region=target.region,
                 changes=audit.changes_between(before, audit.snapshot(target, TASK_FIELDS)),
                 summary=_("报告任务完成情况：%(s)s") % {"s": target.get_task_status_display()})
    return target


@transaction.atomic
def delete_target(target, *, actor, reason="", by_command=False):
    _check(actor, target, by_command)
    audit.record("target.delete", actor=actor, subject=target, region=target.region, reason=reason,
                 summary=_("删除目标任务：%(t)s") % {"t": target})
    target._history_user = actor
    target.delete()


FIGURE_FIELDS = ["kind", "region", "year", "month", "value", "source", "reported_on", "note"]


def may_enter_figures(user, region):
    """External figures (全社会固定资产投资 …) are entered by the project office of the region, as targets are."""
    return scope_of(user).coordinates(region)


@transaction.atomic
def save_figure(figure, *, actor, reason=""):
    """Add or correct an external figure; one per kind, region and month (the constraint says so)."""
    before_row = ExternalFigure.objects.filter(pk=figure.pk).select_related("region").first() if figure.pk else None
    for region in {figure.region, before_row.region if before_row else figure.region}:
        if not may_enter_figures(actor, region):
            raise PermissionDenied(_("只有项目办可以录入“%(r)s”的外部数据") % {"r": region})
    figure.full_clean()
    before = audit.snapshot(before_row, FIGURE_FIELDS) if before_row else {}
    figure._history_user = actor
    figure._change_reason = reason
    figure.save()
    changes = audit.changes_between(before, audit.snapshot(figure, FIGURE_FIELDS))
    audit.record("figure.save", actor=actor, subject=figure, region=figure.region, reason=reason, changes=changes,
                 summary=_("外部数据：%(f)s %(v)s%(u)s") % {"f": figure, "v": figure.value, "u": figure.unit})
    return figure
