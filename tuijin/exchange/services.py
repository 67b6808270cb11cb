"""Importing a project list: receive the file, read and plan every row (new, update, possible duplicate,
skipped, error), let the user decide the duplicates, then commit in one transaction through the project
services, the file named as the reason in every project's history.

An import moves queued → checking → preview → committing → committed (or failed). Reading and planning
stage the rows in the database a chunk at a time, so a file of any length is held in pieces; the task worker
does it for a large file while the page shows how far it got."""

import functools
import hashlib
import itertools
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.core import audit, progress
from tuijin.core.scope import scope_of
from tuijin.org.models import Region
from tuijin.org.region_names import RegionMatcher
from tuijin.progress.services import import_annual_plans
from tuijin.projects import services as project_services
from tuijin.projects.models import Project

from . import landing
from .matching import Matcher, normal_name
from .listing.mapping import column_key
from .listing.parse import parse_file
from .listing.reader import ReadError
from .models import ImportRow, ListMapping, ProjectImport, StageWord

logger = logging.getLogger(__name__)
audit.register_kinds({"exchange.import": gettext_lazy("导入项目清单"), "exchange.mapping": gettext_lazy("保存清单列对应")})
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 1000
ACTIONS = [action for action, _label in ImportRow.ACTIONS]


def may_import(user, region):
    """A district's editors and the project office may bring a list into their region."""
    return scope_of(user).may_edit_region(region)


def mappings_for(user):
    """Saved column mappings the user may apply: those of the regions the user may import into, and above."""
    regions = Region.objects.editable_by(user)
    paths = {path for region in regions for path in region.ancestor_paths}
    return ListMapping.objects.filter(region__path__in=paths).select_related("region")


def receive(data, file_name, *, region, actor, mapping=None):
    if not may_import(actor, region):
        raise PermissionDenied(_("只能导入到您负责的区域"))
    if len(data) > MAX_BYTES:
        raise ValidationError(_("文件超过20MB，请分成几个文件导入"))
    batch = ProjectImport(region=region, user=actor, file_name=file_name[:200], mapping=mapping,
                          sha256=hashlib.sha256(data).hexdigest())
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else "xlsx"
    batch.file.save(f"list.{suffix}", ContentFile(data), save=False)
    batch.save()
    return batch


def check(batch, *, mapping=None):
    """Read every row and stage its outcome; the batch ends `preview` (or `failed`, saying why). `mapping`
    ({column key: field}) reads the columns as the user corrected them; else the batch's saved mapping, else
    the one the reader proposes. Each chunk of rows is saved as it is read, so the page can show how far a
    large file has got; a failure removes what was staged."""
    if mapping is None and batch.mapping:
        mapping = batch.mapping.fields
    try:
        batch.rows.all().delete()
        batch.status, batch.done, batch.failure = ProjectImport.CHECKING, 0, ""
        batch.save(update_fields=["status", "done", "failure", "updated_at"])
        regions = list(batch.region.subtree())
        result = parse_file(batch.file.path, mapping=mapping, filename=batch.file_name,
                            regions=RegionMatcher.of(regions),
                            stage_words=dict(StageWord.objects.values_list("word", "stage")))
        _plan(batch, result, {r.code: r for r in regions})
    except ReadError as unreadable:
        _failed(batch, str(unreadable))
    except Exception as failure:  # noqa: BLE001 — the batch must end, and say so in words
        logger.exception("project list %s: check failed", batch.pk)
        _failed(batch, _("读取文件时出错（%(e)s），未保存任何数据") % {"e": failure})
    return batch


def _failed(batch, why):
    batch.rows.all().delete()
    batch.status, batch.failure = ProjectImport.FAILED, why
    batch.save(update_fields=["status", "failure", "updated_at"])


def chosen_columns(columns):
    """{column key: field} of a corrected mapping form ("" or an unknown field leaves a column out)."""
    return {key: field for key, field in columns.items() if field in landing.COLUMN_FIELDS}


def _recheck_allowed(batch, columns, actor):
    _check_owner(batch, actor)
    if "name" not in chosen_columns(columns).values():
        raise ValidationError(_("请指定哪一列是项目名称"))


def recheck(batch, columns, *, actor):
    """Read the file again with the columns as the user set them ({column key: field})."""
    _recheck_allowed(batch, columns, actor)
    return check(batch, mapping=chosen_columns(columns))


def queue_recheck(batch, columns, *, actor):
    """`recheck` by the task worker: the batch waits (queued) and the mapping to read it with is returned."""
    _recheck_allowed(batch, columns, actor)
    batch.status = ProjectImport.QUEUED
    batch.save(update_fields=["status", "updated_at"])
    return chosen_columns(columns)


SKIPPED_AS = {
    "total": gettext_lazy("合计行，已跳过（不作为项目导入）"), "section": gettext_lazy("分组行，已跳过"),
    "note": gettext_lazy("备注行，已跳过"), "header": gettext_lazy("重复的表头行，已跳过"),
    "continuation": gettext_lazy("项目名称的下半行，已接到上一行"),
    "continued": gettext_lazy("同一项目的下一行（名称单元格合并），所列单位已并入上一行"),
    "breakdown": gettext_lazy("“其中”分项行，已跳过（不作为项目，也不作分组）"),
    "column_numbers": gettext_lazy("表头下的列序号行，已跳过"),
}


ADDING_TO_THE_ROW_ABOVE = ("continuation", "continued")


def _plan(batch, result, regions):
    plan = Planner(batch, regions).plan
    counts = dict.fromkeys(ACTIONS, 0)
    staged, checked = [], []
    # A row is planned once a row that does not add to it is read: by then a name broken over two rows is joined
    # and the rows of a project's merged name cell have brought their owners.
    held = []
    for parsed in itertools.chain(result, [None]):
        if parsed is not None and held and parsed.kind in ADDING_TO_THE_ROW_ABOVE:
            held.append(parsed)
            continue
        for previous in held:
            row = plan(previous)
            counts[row.action] += 1
            staged.append(row)
            if previous.kind in ("total", "section"):
                checked.append((row, previous))  # a 合计 on top is checked against its rows at the sheet's end
        held = [parsed]
        if len(staged) >= CHUNK:
            with transaction.atomic():
                _stage(staged)
                batch.done += len(staged)
                batch.total = max(batch.done, result.expected_rows)  # rows read of the sheets opened so far
                batch.save(update_fields=["done", "total", "updated_at"])
            staged = []
    _stage(staged)
    _mark_repeats(batch, counts)
    for row, parsed in checked:
        if (reasons := _reasons(parsed)) != row.reasons:
            batch.rows.filter(sheet=row.sheet, number=row.number).update(reasons=reasons)
    batch.columns, batch.notes = _columns(result), _notes(result)
    batch.total = batch.done = sum(counts.values())
    batch.counts, batch.status = counts, ProjectImport.PREVIEW
    batch.save()


def _reasons(parsed):
    return [str(SKIPPED_AS[parsed.kind]), *map(str, parsed.problems)] if parsed.kind in SKIPPED_AS else \
        [str(p) for p in parsed.problems]


def _columns(result):
    """Each sheet's columns as read: [{"sheet", "header" (its key in a mapping), "field"}], in column order."""
    columns = []
    for sheet in result.sheets:
        if sheet.header:
            keys = [column_key(c.index, c.name) for c in sheet.header.columns]
        else:  # a table without a header: its columns by letter
            keys = [column_key(i, "") for i in range(sheet.width)]
        keys += sorted((k for k in sheet.mapping if k not in keys), key=lambda k: (len(k), k))
        columns += [{"sheet": sheet.name, "header": key, "field": sheet.mapping.get(key, "")} for key in keys]
    return columns


def _notes(result):
    notes = []
    for sheet in result.sheets:
        notes += [_("工作表“%(s)s”：%(n)s") % {"s": sheet.name, "n": note} for note in sheet.notes]
        if sheet.skipped:
            notes.append(_("工作表“%(s)s”未导入：%(n)s") % {"s": sheet.name, "n": sheet.skipped})
        elif sheet.unit and sheet.unit != "万元":
            notes.append(_("工作表“%(s)s”：金额单位为%(u)s，已换算为万元") % {"s": sheet.name, "u": sheet.unit})
    shown = {"count": _("项目个数"), "total_investment": _("总投资（万元）"), "annual_plan": _("年度计划投资（万元）")}
    notes += [_("工作表“%(s)s”第%(r)s行“%(l)s”的%(f)s为%(a)s，与所含各行之和%(b)s不一致") % {
        "s": c.sheet, "r": c.row_number, "l": c.label, "f": shown[c.field], "a": c.stated, "b": c.computed}
        for c in result.checks if not c.agrees]
    return notes


class Planned:
    """A row's outcome on its way to the staging table (an ImportRow's columns, without a model per row; its
    `values` already JSON)."""

    __slots__ = ("batch_id", "sheet", "number", "action", "name", "values", "changes", "reasons", "match_id",
                 "ratio", "planned_fields", "key", "code")

    def __init__(self, batch_id, sheet, number, reasons):
        self.batch_id, self.sheet, self.number, self.reasons = batch_id, sheet, number, reasons
        self.action, self.name, self.values, self.changes, self.key, self.code = "", "", "{}", [], "", ""
        self.match_id = self.ratio = self.planned_fields = None


STAGED = ("batch_id", "sheet", "number", "action", "decision", "name", "values", "changes", "reasons", "match_id",
          "ratio", "key", "code")


def _stage(rows):
    """Save a chunk of planned rows in one statement, the changes of its updates worked out from one read of
    their projects."""
    if not rows:
        return
    updates = [row for row in rows if row.action == ImportRow.UPDATE]
    projects = Project.objects.in_bulk([row.match_id for row in updates])
    for row in updates:
        row.changes = landing.changes_to(projects[row.match_id], row.planned_fields)
    meta, quote = ImportRow._meta, connection.ops.quote_name
    columns = [meta.get_field(name.removesuffix("_id")).column for name in STAGED]
    # JSON as text, which PostgreSQL is told to read as jsonb; SQLite keeps the text.
    as_json = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    marks = [as_json if name in ("values", "changes", "reasons") else "%s" for name in STAGED]
    sql = "INSERT INTO %s (%s) VALUES (%s)" % (quote(meta.db_table), ", ".join(map(quote, columns)), ", ".join(marks))
    with connection.cursor() as cursor:
        cursor.executemany(sql, [
            (row.batch_id, row.sheet, row.number, row.action, "", row.name, row.values,
             landing.to_json(row.changes) if row.changes else "[]",
             landing.to_json(row.reasons) if row.reasons else "[]", row.match_id,
             row.ratio, row.key, row.code) for row in rows])


def _mark_repeats(batch, counts):
    """A row with the project code of a new row above it in the same file, or a new row with its name (in its
    region), repeats that row: not a second project, and not an update that would give an existing project the
    code the new one brings. Rows of one list are distinct projects however close their names. The database
    finds the codes and names that occur twice; only the rows holding them are read."""
    planned = batch.rows.filter(action__in=[ImportRow.NEW, ImportRow.UPDATE, ImportRow.DUPLICATE])
    twice_codes = planned.exclude(code="").values("code").annotate(n=Count("pk")).filter(n__gt=1).values("code")
    new = planned.filter(action=ImportRow.NEW).exclude(key="")
    twice_keys = new.values("key").annotate(n=Count("pk")).filter(n__gt=1).values("key")
    rows = planned.filter(Q(code__in=twice_codes) | Q(key__in=twice_keys, action=ImportRow.NEW)).order_by("pk")
    brought = {}  # a code or a name key → the new row that brought it
    repeats = []
    for row in rows.only("pk", "sheet", "number", "name", "action", "key", "code", "reasons"):
        earlier = (row.code and brought.get(("code", row.code))) or (
            row.action == ImportRow.NEW and row.key and brought.get(("key", row.key)))
        if not earlier:
            if row.action == ImportRow.NEW:
                for kind, value in (("code", row.code), ("key", row.key)):
                    if value:
                        brought.setdefault((kind, value), row)
            continue
        counts[row.action] -= 1
        counts[ImportRow.DUPLICATE] += 1
        row.action = ImportRow.DUPLICATE
        where = {"n": earlier.number, "p": earlier.name, "s": earlier.sheet}
        row.reasons = [*row.reasons, _("与本文件第%(n)s行的“%(p)s”重复") % where if earlier.sheet == row.sheet
                       else _("与本文件工作表“%(s)s”第%(n)s行的“%(p)s”重复") % where]
        repeats.append(row)
    ImportRow.objects.bulk_update(repeats, ["action", "reasons"], batch_size=CHUNK)


class Planner:
    """What each row of one import does: new, update, possible duplicate, skipped or error, against the projects
    of the import's regions."""

    def __init__(self, batch, regions):
        self.batch_id, self.default_region, self.regions = batch.pk, batch.region, regions
        self.matcher = Matcher(Project.objects.filter(region__in=[r.pk for r in regions.values()]).order_by("pk")
                               .values_list("pk", "code", "name", "region_id"))
        self.directory = landing.Directory(batch.region,
                                           assigns_city_leaders=project_services.may_assign_leader(batch.user))

    @functools.cached_property
    def linked_leaders(self):
        """{project id: its 包保领导's id}: a list naming him again does not flag him for the office. Read when a
        row that names leaders updates a project."""
        return dict(Project.objects.filter(region__in=[r.pk for r in self.regions.values()], leader__isnull=False)
                    .values_list("pk", "leader_id"))

    def plan(self, parsed):
        row = Planned(self.batch_id, parsed.sheet[:100], parsed.row_number, _reasons(parsed))
        values = parsed.values
        if parsed.kind != "project":
            row.action = ImportRow.SKIPPED
            row.name = str(values.get("label") or values.get("text") or values.get("name_piece") or "")[:300]
            return row
        landed_as = landing.project_fields(values, self.directory)
        row.name = str(values.get("name") or "")[:300]
        region = self.regions.get(values.get("region")) or self.default_region
        later = []  # what the row is told after its fields' flags
        if values.get("region_name") and values.get("region") is None:
            later.append(_("区域“%(r)s”未能识别，按%(d)s登记") % {"r": values["region_name"], "d": self.default_region})
        if error := landed_as.error:
            row.action = ImportRow.ERROR
            row.reasons += landed_as.flags + later
            if not any(str(error) in reason for reason in row.reasons):
                row.reasons.append(error)
            return row
        own = landed_as.own
        own["region"] = region
        if invalid := landed_as.errors():
            row.action = ImportRow.ERROR
            row.reasons += landed_as.flags + later + invalid
            return row
        if (plan := values.get("annual_plan")) is not None:
            own["annual_plan"] = plan
            own["plan_year"] = values.get("annual_plan_year")
            if not own["plan_year"]:
                later.append(_("年度计划投资未注明年度（表头或标题中的“20xx年”），未导入年度计划"))
        match = self.matcher.match(own.get("code"), own["name"], region.pk)
        row.match_id, row.ratio = match.project_id, match.ratio
        if match.kind in ("code", "name"):
            if own.pop("awaiting_intake", False):  # a total the list does not give leaves the project's own
                del own["total_investment"]
            if values.get("region") is None:  # nor does a region it does not name
                del own["region"]
            if values.get("leaders") and (linked := self.linked_leaders.get(match.project_id)):
                landed_as.shared = landing.shared_fields(values, self.directory, linked_leader=linked)
            row.action, row.planned_fields = ImportRow.UPDATE, landed_as.fields  # its changes: `_stage`, by chunk
        elif match.kind == "similar":
            row.action = ImportRow.DUPLICATE
            later.append(_("与已有项目“%(n)s”名称相近（相似度%(r)s）") % {"n": match.name, "r": match.ratio})
        else:
            row.action = ImportRow.NEW
            row.key = f"{region.pk}:{match.key}"[:250] if match.key else ""  # a name of marks alone repeats nothing
        row.code = own.get("code") or ""  # a code one new row of the file brings, no later row may bring again
        row.reasons += landed_as.flags + later
        row.values = landed_as.staged()
        return row


def decide(batch, decisions, *, actor):
    """Record what the user chose for each possible duplicate: {row id: "new" | "update" | "skipped"}."""
    _check_owner(batch, actor)
    rows = {r.pk: r for r in batch.rows.filter(pk__in=decisions, action=ImportRow.DUPLICATE)}
    for pk, decision in decisions.items():
        if pk in rows and decision in (ImportRow.NEW, ImportRow.UPDATE, ImportRow.SKIPPED):
            rows[pk].decision = decision
    ImportRow.objects.bulk_update(rows.values(), ["decision"])


def _check_owner(batch, actor, status=ProjectImport.PREVIEW):
    if batch.user_id != actor.pk and not scope_of(actor).coordinates(batch.region):
        raise PermissionDenied(_("只有上传人或项目办可以确认这次导入"))
    if batch.status != status:
        raise ValidationError(_("这次导入已%(s)s，不能再确认") % {"s": batch.get_status_display()})


def in_background(batch):
    """A file too large to read or save while the page waits: the task worker does it, the page shows progress."""
    return batch.file.size > settings.IMPORT_INLINE_MAX_BYTES


def start_commit(batch, *, actor):
    """Mark the batch as being saved (the worker then calls `commit`); a second click finds it so and stops."""
    _check_owner(batch, actor)
    batch.status = ProjectImport.COMMITTING
    batch.save(update_fields=["status", "updated_at"])


def landed(row):
    """What a staged row does on commit: new, update or nothing (skipped, an error, an undecided duplicate). The
    rows for which it is something: `ImportRow.objects.landing()`."""
    if row.action == ImportRow.DUPLICATE:
        return row.decision if row.decision in (ImportRow.NEW, ImportRow.UPDATE) else None
    return row.action if row.action in (ImportRow.NEW, ImportRow.UPDATE) else None


def commit(batch, *, actor):
    """Create and update the projects of the staged rows, all or none; returns {"new": n, "updated": u}. A
    failure leaves the batch to be confirmed again, saying why."""
    if batch.status != ProjectImport.COMMITTING:
        start_commit(batch, actor=actor)
    _check_owner(batch, actor, status=ProjectImport.COMMITTING)
    try:
        return _commit(batch, actor)
    except ValidationError as refused:  # a row the project services refuse: nothing saved, and it says which
        batch.status, batch.failure = ProjectImport.PREVIEW, "；".join(refused.messages)
        batch.save(update_fields=["status", "failure", "updated_at"])
        raise
    except Exception as failure:  # noqa: BLE001 — in the worker nobody else would hear of it
        logger.exception("project list %s: commit failed", batch.pk)
        batch.status, batch.failure = ProjectImport.PREVIEW, _("保存时出错（%(e)s），未导入任何项目，可再次确认") % {"e": failure}
        batch.save(update_fields=["status", "failure", "updated_at"])
        raise


def _commit(batch, actor):
    said = progress.Progress(batch.progress_key, batch.rows.landing().count(), step="projects")
    try:
        return _save_rows(batch, actor, said)
    finally:
        said.close()


@transaction.atomic
def _save_rows(batch, actor, said):
    reason = _("导入清单：%(f)s") % {"f": batch.file_name}
    done, known, landed_rows, plans = {"new": 0, "updated": 0}, {}, [], {}
    for row in batch.rows.landing().select_related("match"):
        action = landed(row)
        fields = landing.loaded(row.values, batch.region, known)
        plan, plan_year = fields.pop("annual_plan", None), fields.pop("plan_year", None)
        helping = fields.pop("responsible_departments", [])
        waits = fields.pop("awaiting_intake", False)
        if action == ImportRow.UPDATE and row.match is not None:
            project = row.match
            for name, value in fields.items():
                # An update keeps the project's stage (moves have their own rules) and, unless the row names
                # one, its region (the import's default region is for new projects).
                if name != "stage" and (name != "region" or "region" in row.values):
                    setattr(project, name, value)
            # The list's 责任单位 join those the project has.
            helping = [*project.responsible_departments.all(), *helping] if helping else None
            project_services.update_project(project, expected_version=project.version, actor=actor, reason=reason,
                                            responsible_departments=helping)
            done["updated"] += 1
        else:
            project = project_services.create_project(Project(source=batch.file_name[:200], **fields), actor=actor,
                                                      reason=reason, awaiting_intake=waits,
                                                      responsible_departments=helping)
            done["new"] += 1
        if plan is not None and plan_year:
            plans.setdefault(plan_year, []).append((project, {"planned_investment": plan}))
        row.project = project
        landed_rows.append(row)
        said.advance()
    if plans:
        said.turn_to("plans")
    for year, rows in sorted(plans.items()):  # a year's plans as one upload, with one entry in the change log
        import_annual_plans(year, rows, actor=actor, file_name=batch.file_name)
    ImportRow.objects.bulk_update(landed_rows, ["project"], batch_size=CHUNK)
    batch.status, batch.committed_at = ProjectImport.COMMITTED, timezone.now()
    batch.counts = {**batch.counts, "landed_new": done["new"], "landed_updated": done["updated"]}
    batch.save(update_fields=["status", "committed_at", "counts", "updated_at"])
    audit.record("exchange.import", actor=actor, subject=batch, reason=reason,
                 summary=_("导入项目清单%(f)s：新增%(n)s个，更新%(u)s个") % {"f": batch.file_name, "n": done["new"],
                                                                       "u": done["updated"]})
    return done


def save_mapping(batch, name, *, actor):
    """Keep the columns this import read under `name`, for the next file of the same layout."""
    if not may_import(actor, batch.region):
        raise PermissionDenied(_("只能为您负责的区域保存列对应"))
    mapping, _created = ListMapping.objects.update_or_create(
        region=batch.region, name=name.strip()[:100],
        defaults={"columns": [{"header": c["header"], "field": c["field"]} for c in batch.columns],
                  "created_by": actor})
    audit.record("exchange.mapping", actor=actor, subject=mapping, summary=_("保存清单列对应：%(n)s") % {"n": mapping})
    return mapping
