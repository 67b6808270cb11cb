"""Importing a filled monthly workbook: validate all, preview the changes, commit in one transaction.

A batch moves queued → checking → invalid | preview → committing → committed (or failed). The checking
runs in chunks and records how far it got, so a 10,000-row file checked by the task worker shows a
progress bar; small files go through the same steps while the clerk waits.
"""

import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core.excel import WorkbookError, check_archive, open_upload, uncached_formulas
from tuijin.projects.models import Project

from . import services
from .choices import ReportEventKind
from .excel import SHEET, CellError, parse_workbook
from .models import ImportBatch, MonthlyReport

MAX_BYTES = 10 * 1024 * 1024
CHUNK_ROWS = 1000
PREVIEW_ROWS = 500  # changes listed on the page; the rest are counted


def _jsonable(value):
    return str(value) if isinstance(value, Decimal) else value


def _restore(values):
    restored = {}
    for name, value in values.items():
        if name in ("progress_text", "problems_text", "overrun_reason", "workers") or value is None:
            restored[name] = value
        else:
            restored[name] = Decimal(value)
    return restored


def receive(period, data, file_name, *, actor):
    """Keep the uploaded file as a queued batch; `check` reads it (now or in the task worker).

    Raises WorkbookError at once for what is plainly not a workbook (or a zip bomb).
    """
    check_archive(data, max_bytes=MAX_BYTES)
    batch = ImportBatch(period=period, user=actor, file_name=file_name[:200], status=ImportBatch.QUEUED,
                        sha256=hashlib.sha256(data).hexdigest())
    batch.file.save(f"{period.year}-{period.month:02d}.xlsx", ContentFile(data), save=False)
    batch.save()
    return batch


def _progress(batch, **fields):
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=[*fields, "updated_at"])


def check(batch):
    """Validate every row without saving a report; the batch ends `invalid` (with errors) or `preview`."""
    with batch.file.open("rb") as stored:
        data = stored.read()
    _progress(batch, status=ImportBatch.CHECKING, done=0)
    errors, rows, preview = _check(batch, data)
    if errors:
        _progress(batch, status=ImportBatch.INVALID, errors=errors)
    else:
        _progress(batch, status=ImportBatch.PREVIEW, rows=rows, preview=preview[:PREVIEW_ROWS],
                  changed=len(rows), done=batch.total)
    return batch


def _check(batch, data):
    period, actor = batch.period, batch.user
    try:
        workbook = open_upload(data, max_bytes=MAX_BYTES)
    except WorkbookError as problem:
        return [str(problem)], [], []
    parsed = parse_workbook(workbook, period)
    errors = [str(e) for e in parsed.errors]
    errors += [_("单元格 %(c)s 是没有计算结果的公式：请复制后“粘贴为数值”再上传") % {"c": ref}
               for ref in uncached_formulas(data)]
    _progress(batch, total=len(parsed.rows))
    rows, preview = [], []
    for start in range(0, len(parsed.rows), CHUNK_ROWS):
        chunk = parsed.rows[start:start + CHUNK_ROWS]
        chunk_errors, chunk_rows, chunk_preview = _check_chunk(period, chunk, actor)
        errors += chunk_errors
        rows += chunk_rows
        preview += chunk_preview
        _progress(batch, done=start + len(chunk))
    return errors, rows, preview


def _check_chunk(period, chunk, actor):
    ids = [project_id for _n, project_id, _v in chunk]
    due = {p.pk: p for p in services.fillable(services.due_projects(period).filter(pk__in=ids), actor)
           .select_related("region")}
    errors, items = [], []
    for number, project_id, values in chunk:
        if project_id not in due:
            errors.append(str(CellError(SHEET, number, "A（项目ID）",
                                        _("项目ID %(id)s 不在本期您应填报的项目中") % {"id": project_id})))
            continue
        items.append((due[project_id], values, _("工作表“%(s)s”第%(n)s行") % {"s": SHEET, "n": number}))
    existing = {r.project_id: r for r in MonthlyReport.objects.filter(period=period, project_id__in=ids)}
    rule_errors, created, updated = services.prepare_reports_bulk(period, items, actor=actor)
    errors += rule_errors
    changing = {r.project_id for r in created + updated}
    rows, preview = [], []
    for project, values, where in items:
        if project.pk not in changing:
            continue
        before = existing.get(project.pk)
        diff = []
        for name, value in values.items():
            old = getattr(before, name) if before else None
            if value not in (None, "") and old != value:
                label = str(MonthlyReport._meta.get_field(name).verbose_name)
                diff.append([label, _jsonable(old), _jsonable(value)])
        preview.append({"project": project.name, "diff": diff})
        rows.append({"project_id": project.pk, "where": where,
                     "values": {k: _jsonable(v) for k, v in values.items()}})
    return errors, rows, preview


def start_commit(batch, *, actor):
    """Claim a previewed batch for saving; refuses someone else's batch and a second commit."""
    if batch.user_id != actor.pk:
        raise PermissionDenied
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.PREVIEW).update(
        status=ImportBatch.COMMITTING)
    if not claimed:
        raise ValidationError(_("该文件已经导入过了"))
    batch.status = ImportBatch.COMMITTING


def commit(batch):
    """Save every row of a claimed batch, or none: one failing row rolls the whole file back."""
    try:
        with transaction.atomic():
            projects = Project.objects.in_bulk([r["project_id"] for r in batch.rows])
            items = [(projects[r["project_id"]], _restore(r["values"]), r["where"]) for r in batch.rows]
            saved = services.save_reports_bulk(batch.period, items, actor=batch.user,
                                               event=ReportEventKind.IMPORTED)
    except ValidationError as error:
        # Something changed since the preview (a report submitted, the period closed): say what.
        _progress(batch, status=ImportBatch.FAILED, errors=error.messages)
        return 0
    _progress(batch, status=ImportBatch.COMMITTED, changed=saved)
    return saved
