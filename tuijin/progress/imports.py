"""Importing a filled monthly workbook: validate all, preview the changes, commit in one transaction."""

import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core.excel import WorkbookError, open_upload, uncached_formulas
from tuijin.projects.models import Project

from . import services
from .choices import ReportEventKind
from .excel import SHEET, CellError, parse_workbook
from .models import ImportBatch, MonthlyReport

MAX_BYTES = 10 * 1024 * 1024


def _jsonable(values):
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def _restore(values):
    restored = {}
    for name, value in values.items():
        if name in ("progress_text", "problems_text", "overrun_reason") or value is None:
            restored[name] = value if value is not None else None
        elif name == "workers":
            restored[name] = value
        else:
            restored[name] = Decimal(value)
    return restored


def validate_upload(period, data, file_name, *, actor):
    """Returns (batch or None, errors, changes). Nothing is saved to reports here."""
    try:
        workbook = open_upload(data, max_bytes=MAX_BYTES)
    except WorkbookError as problem:
        return None, [str(problem)], []
    parsed = parse_workbook(workbook, period)
    errors = [str(e) for e in parsed.errors]
    errors += [_("单元格 %(c)s 是没有计算结果的公式：请复制后“粘贴为数值”再上传") % {"c": ref}
               for ref in uncached_formulas(data)]
    ids = [project_id for _n, project_id, _v in parsed.rows]
    due = {p.pk: p for p in services.fillable(services.due_projects(period).filter(pk__in=ids), actor)
           .select_related("region")}
    items = []
    for number, project_id, values in parsed.rows:
        if project_id not in due:
            errors.append(str(CellError(SHEET, number, "A（项目ID）",
                                        _("项目ID %(id)s 不在本期您应填报的项目中") % {"id": project_id})))
            continue
        items.append((due[project_id], values, _("工作表“%(s)s”第%(n)s行") % {"s": SHEET, "n": number}))
    existing = {r.project_id: r for r in MonthlyReport.objects.filter(period=period, project_id__in=ids)}
    rule_errors, created, updated = services.prepare_reports_bulk(period, items, actor=actor)
    errors += rule_errors
    if errors:
        return None, errors, []
    changing = {r.project_id for r in created + updated}
    changes, rows = [], []
    for project, values, where in items:
        if project.pk not in changing:
            continue
        before = existing.get(project.pk)
        diff = [(MonthlyReport._meta.get_field(name).verbose_name, getattr(before, name) if before else None, value)
                for name, value in values.items() if value not in (None, "")
                and (getattr(before, name) if before else None) != value]
        changes.append((project, diff))
        rows.append({"project_id": project.pk, "where": where, "values": _jsonable(values)})
    batch = ImportBatch.objects.create(period=period, user=actor, file_name=file_name[:200],
                                       sha256=hashlib.sha256(data).hexdigest(), rows=rows, changed=len(rows))
    return batch, [], changes


@transaction.atomic
def commit_import(batch, *, actor):
    """Save every row of a previewed batch, or none: one failing row rolls the whole file back."""
    if batch.user_id != actor.pk:
        raise PermissionDenied
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.PREVIEW:
        raise ValidationError(_("该文件已经导入过了"))
    projects = Project.objects.in_bulk([r["project_id"] for r in batch.rows])
    items = [(projects[r["project_id"]], _restore(r["values"]), r["where"]) for r in batch.rows]
    saved = services.save_reports_bulk(batch.period, items, actor=actor, event=ReportEventKind.IMPORTED)
    batch.status = ImportBatch.COMMITTED
    batch.save(update_fields=["status", "updated_at"])
    return saved
