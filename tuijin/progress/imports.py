"""Importing a filled monthly workbook: validate all, preview the changes, commit in one transaction.

A batch moves queued → checking → invalid | preview → committing → committed (or failed). The checking
runs in chunks and records how far it got, so a 10,000-row file checked by the task worker shows a
progress bar; small files go through the same steps while the clerk waits.
"""

import datetime
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from decimal import Decimal
from itertools import islice

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tuijin.core.excel import (DAMAGE_ERRORS, DAMAGED, WORKBOOK_MAX_BYTES, WorkbookError, check_archive, open_upload,
                               uncached_formulas)
from tuijin.core.lib.collector import collector_paused
from tuijin.core.lib.money import from_cents

from . import services, staging
from .choices import FUND_FIELDS
from .excel import SHEET, ErrorList, parse_workbook, read_manifest
from .models import FILLER_FIELDS, MONEY_FIELDS, ImportBatch, ImportRow, MonthlyReport, funds_warning

logger = logging.getLogger(__name__)
MAX_BYTES = WORKBOOK_MAX_BYTES
CHUNK_ROWS = 2000
READ_AHEAD = 10_000  # projects' facts held at most, a few MB: beyond that, rows are read as they come
PREVIEW_ROWS = 500  # changes listed on the page; the rest are counted
SUPERSEDED = _lazy("之后又上传了新的文件，这次的检查结果已作废；请以最新上传的文件为准")
PREVIEW_LIFETIME = datetime.timedelta(days=1)
EXPIRED = _lazy("检查结果超过一天未确认，已作废；请重新上传文件")
CHECK_BUSY = _lazy("检查时数据库繁忙，未保存任何数据；请稍后重新上传")
UNEXPECTED = _lazy("处理文件时出错（导入编号 #%(n)s），未保存任何数据；请重新上传，仍不成功请把文件和编号告诉系统管理员")
MAX_ERRORS = 1000  # errors kept and listed; the rest are counted (a sheet of 200,000 wrong rows is 9 MB of them)


def receive(period, data, file_name, *, actor):
    """Keep the uploaded file as a queued batch; `check` reads it (now or in the task worker).

    Raises WorkbookError at once for what is plainly not a workbook (or a zip bomb).
    """
    check_archive(data, max_bytes=MAX_BYTES)
    # Previews never confirmed would keep their staged rows for good: a new file replaces the clerk's
    # previews of this period, and anyone's upload (or the daily `expire_imports`) clears older ones.
    _void(ImportBatch.objects.filter(status=ImportBatch.PREVIEW, period=period, user=actor), SUPERSEDED)
    expire_previews()
    batch = ImportBatch(period=period, user=actor, file_name=file_name[:200], status=ImportBatch.QUEUED,
                        sha256=hashlib.sha256(data).hexdigest())
    batch.file.save(f"{period.year}-{period.month:02d}.xlsx", ContentFile(data), save=False)
    batch.save()
    return batch


def expire_previews():
    """Void the previews left unconfirmed for a day, and drop their staged rows. Returns how many."""
    previews = ImportBatch.objects.filter(status=ImportBatch.PREVIEW,
                                          updated_at__lt=timezone.now() - PREVIEW_LIFETIME)
    return _void(previews, EXPIRED)


def _void(previews, reason):
    # Status first: a preview being confirmed at this moment is either claimed by `start_commit`
    # (and keeps its rows) or failed here (and loses them), never both.
    ids = list(previews.values_list("pk", flat=True))
    voided = ImportBatch.objects.filter(pk__in=ids, status=ImportBatch.PREVIEW).update(
        status=ImportBatch.FAILED, errors=[str(reason)])
    ImportRow.objects.filter(batch__in=ids, batch__status=ImportBatch.FAILED).delete()
    return voided


def _progress(batch, **fields):
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=[*fields, "updated_at"])


def check(batch):
    """Validate every row, staging the changes without touching a report; the batch ends `invalid`
    (with the first MAX_ERRORS errors and a count of the rest), `preview` (with the changes, ready to
    commit), or `failed` when the check itself broke down (a damaged file, say: logged, nothing kept).

    The one place a check's failure is caught, for the page and the task worker alike: a batch is
    never left `checking` by an exception."""
    try:
        # Inside the request's transaction a failed statement would spoil it: roll back to here instead.
        # The worker runs in autocommit, so its progress stays visible to the page polling it.
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            with batch.file.open("rb") as stored:
                data = stored.read()
            batch.staged.all().delete()  # a check run again (a worker restarted) starts from nothing
            # Set before anything is read: a change made after this moment makes the commit refuse.
            _progress(batch, status=ImportBatch.CHECKING, done=0, checked_at=timezone.now())
            with collector_paused():  # the rows are freed by reference counting: see core.lib.collector
                errors, unlisted, changed, preview = _check(batch, data)
    except Exception as failure:  # anything at all: the batch must end, and say so in words
        logger.exception("import %s: check failed", batch.pk)
        if isinstance(failure, DAMAGE_ERRORS):
            _fail(batch, DAMAGED)
        else:
            _fail(batch, CHECK_BUSY if isinstance(failure, DatabaseError) else UNEXPECTED % {"n": batch.pk})
        return batch
    if errors:
        batch.staged.all().delete()
        _progress(batch, status=ImportBatch.INVALID, errors=errors, unlisted_errors=unlisted)
    else:
        _progress(batch, status=ImportBatch.PREVIEW, preview=preview, changed=changed, done=batch.total)
    return batch


def _fail(batch, message):
    """End a batch whose check or commit broke down: nothing staged is kept, the clerk reads why."""
    batch.staged.all().delete()
    _progress(batch, status=ImportBatch.FAILED, errors=[str(message)], unlisted_errors=0)


def _check(batch, data):
    period, actor = batch.period, batch.user
    try:
        workbook = open_upload(data, max_bytes=MAX_BYTES)
    except WorkbookError as problem:
        return [str(problem)], 0, 0, []
    manifest = read_manifest(workbook, period)
    rules = services.ReportRowCheck(period, actor=actor)
    # Two things at once, one per core: calamine parses the sheet (outside the GIL) while this thread
    # reads the database for the projects the template was made for, then scans the XML for formulas
    # (zlib, also outside the GIL). A third thread for the scan only made the three share two cores.
    with ThreadPoolExecutor(max_workers=1) as pool:
        # In the clerk's language: the pool's thread starts in the default one.
        sheet = pool.submit(translation.override(translation.get_language())(parse_workbook), workbook, period,
                            manifest, max_errors=MAX_ERRORS)
        if manifest and manifest["this_period"]:
            rules.read_ahead(manifest["projects"], limit=READ_AHEAD)
        formulas = ErrorList(MAX_ERRORS)
        formulas.extend(uncached_formulas(data))
        parsed = sheet.result()
    _progress(batch, total=parsed.total)
    rule_errors, changed, preview, done = ErrorList(MAX_ERRORS), 0, [], 0
    rows = iter(parsed.rows)
    while chunk := list(islice(rows, CHUNK_ROWS)):
        errors, staged, changes = rules.check(chunk)
        rule_errors.extend(errors)
        if not (rule_errors or parsed.errors or formulas):  # once the file is refused, staging is waste
            staging.stage([(batch.pk, *row) for row in staged])
        changed += len(staged)
        preview += [_difference(*change) for change in changes[:PREVIEW_ROWS - len(preview)]]
        done += len(chunk)
        _progress(batch, done=done)
    # The sheet's errors, then the formulas, then the rules', as before; only the first MAX_ERRORS worded.
    kept = ([str(error) for error in parsed.errors]
            + [_("单元格 %(c)s 是没有计算结果的公式：请复制后“粘贴为数值”再上传") % {"c": ref} for ref in formulas]
            + [_where(*error) for error in rule_errors])[:MAX_ERRORS]
    unlisted = parsed.errors.total + formulas.total + rule_errors.total - len(kept)
    return kept, unlisted, changed, preview


def _where(number, project_name, message):
    """An error as the clerk reads it: 工作表“月报”第5行（项目名）：rule broken."""
    if not number:
        return message
    where = _("工作表“%(s)s”第%(n)s行") % {"s": SHEET, "n": number}
    return f"{where}（{project_name}）：{message}" if project_name else f"{where}：{message}"


LABELS = {name: MonthlyReport._meta.get_field(name).verbose_name for name in FILLER_FIELDS}


def _difference(project_name, new, old):
    """What the preview shows of one changed report: [label, old, new] per field that changes."""
    diff = []
    for name, value, before, blank in zip(FILLER_FIELDS, new, old or [None] * len(new), services.BLANK_REPORT):
        if value != (blank if old is None else before):
            diff.append([str(LABELS[name]), _shown(name, before), _shown(name, value)])
    change = {"project": project_name, "diff": diff}
    funds = sum(new[FILLER_FIELDS.index(name)] or 0 for name, _label in FUND_FIELDS)
    if warning := funds_warning(from_cents(funds), from_cents(new[FILLER_FIELDS.index("completed")] or 0)):
        change["warning"] = str(warning)
    return change


def _shown(name, value):
    if value is not None and name in MONEY_FIELDS:
        return str(from_cents(value))
    return str(value) if isinstance(value, Decimal) else value


def start_commit(batch, *, actor):
    """Claim a previewed batch for saving; refuses someone else's batch and a second commit."""
    if batch.user_id != actor.pk:
        raise PermissionDenied
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.PREVIEW).update(
        status=ImportBatch.COMMITTING)
    if not claimed:
        batch.refresh_from_db()
        raise ValidationError(_("该文件已经导入过了") if batch.status in (ImportBatch.COMMITTING, ImportBatch.COMMITTED)
                              else batch.errors or _("该文件未通过检查，不能导入"))
    batch.status = ImportBatch.COMMITTING


def commit(batch):
    """Save every staged row of a claimed batch, or none."""
    try:
        saved = services.commit_import(batch, actor=batch.user)
    except ValidationError as error:
        batch.staged.all().delete()
        _progress(batch, status=ImportBatch.FAILED, errors=error.messages)
        return 0
    except Exception as failure:
        # Rolled back (a database error: on SQLite, typically another writer got in first; anything else is
        # logged for the administrator): say so rather than leave the batch 保存中 for good.
        logger.exception("import %s: commit failed", batch.pk)
        _fail(batch, _("保存时数据库繁忙，未保存任何数据；请稍后重新上传") if isinstance(failure, DatabaseError)
              else UNEXPECTED % {"n": batch.pk})
        return 0
    _progress(batch, status=ImportBatch.COMMITTED, changed=saved)
    return saved
