"""Copy the domain event tables written before the change log existed into it (`backfill_audit`).

Each copied entry carries `data["source"] = "<app.model>:<pk>"` (plus a suffix where one row gives two
entries), so a second run skips what the first copied. Rows younger than the first entry a service wrote
itself for the same kind are skipped too (with a margin of a few seconds: the service writes its event
row just before its entry): from then on the service records that kind, and copying its event rows
would list each change twice.

Set-based: each source is read with one `values()` query (names of users, regions and related objects
from dictionaries read once), and the entries are written with `bulk_create` — the model refuses updates,
not new rows. The apps are reached through `apps.get_model`: core does not import the apps above it.
"""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, Min, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import audit
from .dates import day_start
from .models import AuditEntry

LABELS = {
    "project.create": _("登记项目"), "project.update": _("修改项目"), "project.stage": _("阶段变更"),
    "report.save": _("保存月报"), "report.submit": _("报送月报"), "report.accept": _("月报审核通过"),
    "report.return": _("退回月报"), "report.amend": _("修正月报"), "report.import": _("Excel导入月报"),
    "period.open": _("开启填报期"), "period.close": _("关闭填报期"),
    "problem.raise": _("提出问题"), "problem.distribute": _("交办问题"), "problem.answer": _("答复问题"),
    "problem.confirm": _("确认解决"), "problem.return": _("退回重办"), "problem.close": _("问题销号"),
    "problem.escalate": _("问题升级"),
    "decision.add": _("新增议定事项"), "decision.follow_up": _("议定事项督办"),
    "meeting.create": _("新建调度会"), "meeting.update": _("修改调度会"),
    "procedure.update": _("更新前期手续"), "setting.update": _("修改系统参数"),
}
# The apps' own services register these names too; their labels win, whichever module loads first.
audit.register_kinds(LABELS, fallback=True)
# A meeting's log lists its decisions (decision.add, decision.follow_up) as well.
audit.register_parts("problems.meeting", "problems.decision", "meeting")

REPORT_KINDS = {"saved": "report.save", "submitted": "report.submit", "accepted": "report.accept",
                "returned": "report.return", "amended": "report.amend", "imported": "report.import"}
PROBLEM_KINDS = {"raised": "problem.raise", "distributed": "problem.distribute", "answered": "problem.answer",
                 "confirmed": "problem.confirm", "returned": "problem.return", "escalated": "problem.escalate",
                 "closed": "problem.close"}
# Steps whose text is why it was done (the others' text is what was said: the answer, the problem).
PROBLEM_REASON_KINDS = {"returned", "escalated", "closed", "confirmed"}
HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at"}
BATCH = 2000
# An event row written by a service just before the service's own entry is that entry's twin.
TWIN_MARGIN = datetime.timedelta(seconds=5)


def backfill():
    """Copy every source not copied yet; returns {source: entries written}."""
    run = _Run()
    counts = {}
    with transaction.atomic():
        for name, source in SOURCES:
            entries = [entry for entry in source(run) if run.fresh(entry)]
            AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
            counts[name] = len(entries)
    return counts


class _Run:
    """What one backfill reads once: sources already copied, per-kind cut-offs, names and pages."""

    def __init__(self):
        self.copied = set(AuditEntry.objects.filter(data__has_key="source").values_list("data__source", flat=True))
        self.cutoff = dict(AuditEntry.objects.exclude(data__has_key="source").order_by().values("kind")
                           .annotate(first=Min("at")).values_list("kind", "first"))
        self.users = {row["id"]: ((f"{row['first_name']} {row['last_name']}".strip() or row["username"])[:150])
                      for row in get_user_model().objects.values("id", "username", "first_name", "last_name")}
        Region = apps.get_model("org", "Region")
        self.region_paths = dict(Region.objects.values_list("pk", "path"))
        self._names = {}
        self._urls = {}

    def fresh(self, entry):
        if entry.data["source"] in self.copied:
            return False
        first = self.cutoff.get(entry.kind)
        return first is None or entry.at < first - TWIN_MARGIN

    def url(self, name, pk):
        if pk is None:
            return ""
        if name not in self._urls:
            self._urls[name] = reverse(name, args=[999999999]).replace("999999999", "{}")
        return self._urls[name].format(pk)

    def name(self, model, pk):
        """A related object's name, read once per backfill however often it appears."""
        if (model, pk) not in self._names:
            target = model._default_manager.filter(pk=pk).first()
            self._names[(model, pk)] = str(target) if target else str(pk)
        return self._names[(model, pk)]

    def entry(self, kind, *, at, actor_id, source, subject_type, subject_id, subject_label, subject_url="",
              project_id=None, region_path="", summary="", reason="", changes=None, data=None):
        return AuditEntry(
            at=at, actor_id=actor_id if actor_id in self.users else None,
            actor_name=self.users.get(actor_id, "系统"), kind=kind,
            summary=str(summary or audit.kind_label(kind))[:300], subject_type=subject_type, subject_id=subject_id,
            subject_label=str(subject_label)[:300], subject_url=subject_url[:200], project_id=project_id,
            region_path=region_path or "", reason=reason or "", changes=changes or {},
            data={"source": source, **(data or {})})


def _model(label):
    return apps.get_model(label)


def _choice(model, field_name, value):
    return str(dict(model._meta.get_field(field_name).flatchoices).get(value, value or ""))


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value) if not isinstance(value, (int, str)) else value


def _history_changes(run, model, fields, before, after):
    """{field label: [before, after]} of the tracked fields that differ between two history rows."""
    changes = {}
    for field in fields:
        old, new = before.get(field.attname), after.get(field.attname)
        if old == new:
            continue
        if field.choices:
            old, new = _choice(model, field.name, old), _choice(model, field.name, new)
        elif field.is_relation:
            old = run.name(field.related_model, old) if old is not None else ""
            new = run.name(field.related_model, new) if new is not None else ""
        changes[str(field.verbose_name)] = [_plain(old), _plain(new)]
    return changes


def _history(run, label, *, create_kind, update_kind, describe, hidden=()):
    """Entries from a model's simple-history rows: its creation, then each save that changed something."""
    model = _model(label)
    historical = model.history.model
    fields = [f for f in historical.tracked_fields if f.name not in HIDDEN_FIELDS | set(hidden)]
    previous = {}
    # In the order the rows were written (a clock set back, as in tests, does not reorder them).
    rows = historical.objects.order_by("id", "history_id").values().iterator(chunk_size=BATCH)
    for row in rows:
        before = previous.get(row["id"])
        previous[row["id"]] = row
        if row["history_type"] == "+" and create_kind:
            kind, changes = create_kind, {}
        elif row["history_type"] == "~" and update_kind and before is not None:
            kind, changes = update_kind, _history_changes(run, model, fields, before, row)
            if not changes:
                continue
        else:
            continue
        yield run.entry(kind, at=row["history_date"], actor_id=row["history_user_id"],
                        source=f"{historical._meta.label_lower}:{row['history_id']}",
                        reason=row.get("history_change_reason") or "", changes=changes, **describe(row))


def project_history(run):
    def describe(row):
        return {"subject_type": "projects.project", "subject_id": row["id"], "subject_label": row["name"],
                "subject_url": run.url("projects:project", row["id"]), "project_id": row["id"],
                "region_path": run.region_paths.get(row["region_id"], ""),
                "summary": _("登记项目：%(p)s") % {"p": row["name"]} if row["history_type"] == "+"
                else _("修改项目：%(f)s") % {"f": row["name"]}}

    # The stage is listed by its own entries (project.stage), with the reason and evidence of the move.
    return _history(run, "projects.Project", create_kind="project.create", update_kind="project.update",
                    describe=describe, hidden={"stage"})


def stage_transitions(run):
    StageTransition = _model("projects.StageTransition")
    rows = StageTransition.objects.order_by("pk").values(
        "pk", "project_id", "project__name", "project__region__path", "from_stage", "to_stage", "actor_id", "at",
        "effective_date", "reason", "evidence")
    for row in rows.iterator(chunk_size=BATCH):
        old = _choice(StageTransition, "from_stage", row["from_stage"]) or "登记入库"
        new = _choice(StageTransition, "to_stage", row["to_stage"])
        yield run.entry("project.stage", at=row["at"], actor_id=row["actor_id"],
                        source=f"projects.stagetransition:{row['pk']}", subject_type="projects.project",
                        subject_id=row["project_id"], subject_label=row["project__name"],
                        subject_url=run.url("projects:project", row["project_id"]), project_id=row["project_id"],
                        region_path=row["project__region__path"], summary=_("阶段：%(a)s → %(b)s") % {"a": old, "b": new},
                        reason=row["reason"], changes={"项目阶段": [old if row["from_stage"] else "", new]},
                        data={k: _plain(row[k]) for k in ("effective_date", "evidence") if row[k]})


def _report_subject(run, row, prefix="report__"):
    project_id = row[f"{prefix}project_id"]
    return {"subject_type": "progress.monthlyreport", "subject_id": row[f"{prefix}id"],
            "subject_label": f"{row[f'{prefix}project__name']} {row[f'{prefix}year']}年{row[f'{prefix}month']}月",
            "subject_url": run.url("projects:project", project_id), "project_id": project_id,
            "region_path": row[f"{prefix}project__region__path"]}


def report_events(run):
    ReportEvent = _model("progress.ReportEvent")
    rows = ReportEvent.objects.order_by("pk").values(
        "pk", "kind", "actor_id", "at", "reason", "report__id", "report__project_id", "report__project__name",
        "report__project__region__path", "report__year", "report__month")
    for row in rows.iterator(chunk_size=BATCH):
        kind = REPORT_KINDS.get(row["kind"])
        if kind is None:
            continue
        yield run.entry(kind, at=row["at"], actor_id=row["actor_id"], source=f"progress.reportevent:{row['pk']}",
                        summary=_("%(k)s：%(p)s月报") % {"k": _choice(ReportEvent, "kind", row["kind"]),
                                                         "p": f"{row['report__year']}年{row['report__month']}月"},
                        reason=row["reason"], **_report_subject(run, row))


def reports_without_events(run):
    """Reports loaded in bulk (the demo city's three years) have no events: their submission and
    review are copied from the report's own who/when fields."""
    MonthlyReport, ReportEvent = _model("progress.MonthlyReport"), _model("progress.ReportEvent")
    fields = ("id", "project_id", "project__name", "project__region__path", "year", "month")
    for field, actor, event_kind, kind, label in (("submitted_at", "submitted_by_id", "submitted", "report.submit", "报送"),
                                                  ("reviewed_at", "reviewed_by_id", "accepted", "report.accept", "审核通过")):
        has_event = ReportEvent.objects.filter(report=OuterRef("pk"), kind=event_kind)
        rows = (MonthlyReport.objects.exclude(**{field: None}).filter(~Exists(has_event)).order_by("pk")
                .values(*fields, field, actor, "status"))
        for row in rows.iterator(chunk_size=BATCH):
            if kind == "report.accept" and row["status"] != "accepted":
                continue
            subject = _report_subject(run, {f"r_{k}": v for k, v in row.items()}, prefix="r_")
            yield run.entry(kind, at=row[field], actor_id=row[actor], source=f"progress.monthlyreport:{row['id']}:{event_kind}",
                            summary=_("%(k)s：%(p)s月报") % {"k": label, "p": f"{row['year']}年{row['month']}月"}, **subject)


def import_batches(run):
    ImportBatch = _model("progress.ImportBatch")
    rows = ImportBatch.objects.filter(status=ImportBatch.COMMITTED).order_by("pk").values(
        "pk", "user_id", "updated_at", "file_name", "changed", "total", "period_id", "period__year", "period__month",
        "period__region__path")
    for row in rows.iterator(chunk_size=BATCH):
        yield run.entry("report.import", at=row["updated_at"], actor_id=row["user_id"],
                        source=f"progress.importbatch:{row['pk']}", subject_type="progress.reportingperiod",
                        subject_id=row["period_id"], subject_label=f"{row['period__year']}年{row['period__month']}月",
                        subject_url=run.url("progress:period", row["period_id"]), region_path=row["period__region__path"],
                        summary=_("Excel导入：%(f)s，变动 %(c)s 行（共 %(n)s 行）") % {
                            "f": row["file_name"], "c": row["changed"], "n": row["total"]},
                        data={"file_name": row["file_name"], "changed": row["changed"], "total": row["total"]})


def periods(run):
    ReportingPeriod = _model("progress.ReportingPeriod")

    def describe(row):
        return {"subject_type": "progress.reportingperiod", "subject_id": row["id"],
                "subject_label": f"{row['year']}年{row['month']}月", "subject_url": run.url("progress:period", row["id"]),
                "region_path": run.region_paths.get(row["region_id"], ""),
                "summary": _("开启填报期：%(p)s，截止 %(d)s") % {"p": f"{row['year']}年{row['month']}月",
                                                        "d": f"{row['deadline']:%Y-%m-%d}"}}

    yield from _history(run, "progress.ReportingPeriod", create_kind="period.open", update_kind=None, describe=describe)
    rows = ReportingPeriod.objects.exclude(closed_at=None).order_by("pk").values(
        "pk", "year", "month", "closed_at", "closed_by_id", "region__path")
    for row in rows.iterator(chunk_size=BATCH):
        yield run.entry("period.close", at=row["closed_at"], actor_id=row["closed_by_id"],
                        source=f"progress.reportingperiod:{row['pk']}:close", subject_type="progress.reportingperiod",
                        subject_id=row["pk"], subject_label=f"{row['year']}年{row['month']}月",
                        subject_url=run.url("progress:period", row["pk"]), region_path=row["region__path"],
                        summary=_("关闭填报期：%(p)s") % {"p": f"{row['year']}年{row['month']}月"},
                        changes={"状态": ["填报中", "已关闭"]})


def problem_events(run):
    ProblemEvent = _model("problems.ProblemEvent")
    rows = ProblemEvent.objects.order_by("pk").values(
        "pk", "kind", "actor_id", "at", "level", "text", "problem_id", "problem__description",
        "problem__category__name", "problem__project_id", "problem__project__name", "problem__project__region__path")
    for row in rows.iterator(chunk_size=BATCH):
        kind = PROBLEM_KINDS.get(row["kind"])
        if kind is None:
            continue
        step = _choice(ProblemEvent, "kind", row["kind"])
        text = row["text"] or ""
        # One catalog message per shape, so that a reader in English sees the summary in English.
        values = {"s": step, "c": row["problem__category__name"], "l": row["level"], "t": text}
        escalated, with_text = row["kind"] == "escalated", bool(text) and row["kind"] not in PROBLEM_REASON_KINDS
        summary = (_("%(s)s：%(c)s问题，升至第 %(l)s 级——%(t)s") if escalated and with_text
                   else _("%(s)s：%(c)s问题，升至第 %(l)s 级") if escalated
                   else _("%(s)s：%(c)s问题——%(t)s") if with_text
                   else _("%(s)s：%(c)s问题")) % values
        yield run.entry(kind, at=row["at"], actor_id=row["actor_id"], source=f"problems.problemevent:{row['pk']}",
                        subject_type="problems.problem", subject_id=row["problem_id"],
                        subject_label=_("%(n)s：%(f)s") % {"n": row["problem__project__name"],
                                                              "f": row["problem__description"][:30]},
                        subject_url=run.url("problems:problem", row["problem_id"]),
                        project_id=row["problem__project_id"], region_path=row["problem__project__region__path"],
                        summary=summary, reason=text if row["kind"] in PROBLEM_REASON_KINDS else "",
                        data={"level": row["level"]})


def meetings(run):
    def describe(row):
        return {"subject_type": "problems.meeting", "subject_id": row["id"], "subject_label": row["title"],
                "subject_url": run.url("meetings:meeting", row["id"]),
                "region_path": run.region_paths.get(row["region_id"], ""),
                "summary": (_("新建调度会：%(t)s") if row["history_type"] == "+" else _("修改调度会：%(t)s")) % {"t": row["title"]}}

    return _history(run, "problems.Meeting", create_kind="meeting.create", update_kind="meeting.update",
                    describe=describe)


def decisions(run):
    Meeting, Problem = _model("problems.Meeting"), _model("problems.Problem")
    meeting_rows = {row["pk"]: row for row in Meeting.objects.values("pk", "title", "region__path")}
    problem_projects = dict(Problem.objects.values_list("pk", "project_id"))

    def subject(decision_id, meeting_id, number, problem_id):
        meeting = meeting_rows.get(meeting_id, {"title": "", "region__path": ""})
        return {"subject_type": "problems.decision", "subject_id": decision_id,
                "subject_label": _("%(t)s 第%(n)s项") % {"t": meeting["title"], "n": number}, "subject_url": run.url("meetings:meeting", meeting_id),
                "project_id": problem_projects.get(problem_id), "region_path": meeting["region__path"]}

    def describe(row):
        return {**subject(row["id"], row["meeting_id"], row["number"], row["problem_id"]),
                "summary": _("议定事项：%(t)s（时限 %(d)s）") % {"t": row["text"][:200], "d": f"{row['deadline']:%Y-%m-%d}"}}

    yield from _history(run, "problems.Decision", create_kind="decision.add", update_kind=None, describe=describe)
    DecisionUpdate = _model("problems.DecisionUpdate")
    rows = DecisionUpdate.objects.order_by("pk").values(
        "pk", "text", "actor_id", "at", "decision_id", "decision__meeting_id", "decision__number", "decision__problem_id")
    for row in rows.iterator(chunk_size=BATCH):
        yield run.entry("decision.follow_up", at=row["at"], actor_id=row["actor_id"],
                        source=f"problems.decisionupdate:{row['pk']}", summary=_("督办：%(t)s") % {"t": row["text"][:250]},
                        **subject(row["decision_id"], row["decision__meeting_id"], row["decision__number"],
                                  row["decision__problem_id"]))


def procedures(run):
    ProjectProcedure = _model("approvals.ProjectProcedure")
    projects = {}

    def project(project_id):
        if project_id not in projects:
            projects[project_id] = (_model("projects.Project").objects.filter(pk=project_id)
                                    .values("name", "region__path").first() or {"name": "", "region__path": ""})
        return projects[project_id]

    def describe(row, type_name=None):
        info = project(row["project_id"])
        type_name = type_name or run.name(_model("approvals.ProcedureType"), row["procedure_type_id"])
        status = _choice(ProjectProcedure, "status", row["status"])
        return {"subject_type": "approvals.projectprocedure", "subject_id": row["id"],
                "subject_label": _("%(n)s：%(f)s") % {"n": info["name"], "f": type_name}, "subject_url": run.url("projects:project", row["project_id"]),
                "project_id": row["project_id"], "region_path": info["region__path"], "summary": _("%(n)s：%(f)s") % {"n": type_name, "f": status}}

    yield from _history(run, "approvals.ProjectProcedure", create_kind=None, update_kind="procedure.update",
                        describe=describe)
    # Checklists loaded in bulk (the demo city's) have no history: a started procedure's present state,
    # dated by its own document (the day it was approved, or applied for) rather than by the load.
    historical = ProjectProcedure.history.model
    rows = (ProjectProcedure.objects.exclude(status="not_started")
            .filter(~Exists(historical.objects.filter(id=OuterRef("pk")))).order_by("pk")
            .values("id", "project_id", "procedure_type_id", "procedure_type__name", "status", "updated_at",
                    "applied_on", "approved_on", "document_number"))
    for row in rows.iterator(chunk_size=BATCH):
        day = row["approved_on"] or row["applied_on"]
        yield run.entry("procedure.update", at=day_start(day) if day else row["updated_at"], actor_id=None,
                        source=f"approvals.projectprocedure:{row['id']}",
                        changes={"状态": ["未启动", _choice(ProjectProcedure, "status", row["status"])]},
                        data={k: _plain(row[k]) for k in ("applied_on", "approved_on", "document_number") if row[k]},
                        **describe(row, row["procedure_type__name"]))


SOURCES = [
    ("project history", project_history), ("stage transitions", stage_transitions), ("report events", report_events),
    ("reports without events", reports_without_events), ("imports", import_batches), ("periods", periods),
    ("problem events", problem_events), ("meetings", meetings), ("decisions", decisions), ("procedures", procedures),
]
