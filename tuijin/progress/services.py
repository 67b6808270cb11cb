"""The monthly cycle: open and close periods, save, submit, accept, return and amend reports.

Views, the Excel import and the API call these; none sets a report's status itself.
"""

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import dates, uploads
from tuijin.core.audit import changes_between, kind_label, record, register_kinds
from tuijin.core.bulk import update_rows
from tuijin.core.concurrency import claim_version
from tuijin.core.lib.money import from_cents, to_cents
from tuijin.core.models import Setting
from tuijin.core.notifications import notify
from tuijin.core.roles import Role
from tuijin.core.scope import scope_of
from tuijin.org.models import Region
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project

from . import reminders, staging
from .choices import FILLER_EDITABLE, FUND_FIELDS, PeriodStatus, ReportEventKind, ReportStatus
from .cumulative import rebuild_year_to_date
from .excel import KEEP
from .models import (FILLER_FIELDS, MONEY_FIELDS, AnnualPlan, MonthlyReport, ReportEvent, ReportingPeriod, ReportPhoto,
                     funds_beyond)

FUND_NAMES = [name for name, _label in FUND_FIELDS]

register_kinds({
    "period.open": _("开启填报期"), "period.close": _("关闭填报期"), "report.save": _("填报月报"),
    "report.submit": _("报送月报"), "report.accept": _("审核通过月报"), "report.return": _("退回月报"),
    "report.amend": _("修正月报"), "report.import": _("Excel导入月报"), "plan.save": _("填报年度计划"),
    "report.photo": _("上传现场照片"), "plan.import": _("Excel导入年度计划"),
    "report.bulk_submit": _("批量报送月报"), "report.bulk_accept": _("批量审核通过月报"),
    "report.bulk_return": _("批量退回月报"),
    "period.reopen": _("重新开启填报期"), "period.chase": _("催报"),
})

def default_deadline(year, month):
    day = Setting.get_int("report_deadline_day")
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day, last))


def deadline_end(period):
    """Reports saved before the end of the deadline day, Beijing time, are on time."""
    midnight = datetime.datetime.combine(period.deadline + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight)


def _check_coordinator(region, actor, refusal=None):
    if not scope_of(actor).coordinates(region):
        raise PermissionDenied(refusal or _("只有项目办可以开启或关闭填报期"))


@transaction.atomic
def open_period(region, year, month, *, actor, deadline=None):
    _check_coordinator(region, actor)
    if ReportingPeriod.objects.filter(region=region, year=year, month=month).exists():
        raise ValidationError(_("%(y)s年%(m)s月的填报期已经存在") % {"y": year, "m": month})
    period = ReportingPeriod(region=region, year=year, month=month, deadline=deadline or default_deadline(year, month))
    if not (period.deadline.year, period.deadline.month) >= (year, month):
        raise ValidationError({"deadline": _("截止日不能早于填报月份")})
    period.full_clean()
    period._change_reason = _("开启填报期")
    period._history_user = actor
    period.save()
    record("period.open", actor=actor, subject=period, summary=_("开启%(p)s填报期，截止%(d)s")
           % {"p": period, "d": period.deadline.isoformat()}, data={"deadline": period.deadline})
    return period


@transaction.atomic
def close_period(period, *, actor):
    _check_coordinator(period.region, actor)
    period.status = PeriodStatus.CLOSED
    period.closed_at = timezone.now()
    period.closed_by = actor
    period._change_reason = _("关闭填报期")
    period._history_user = actor
    period.save()
    record("period.close", actor=actor, subject=period, summary=_("关闭%(p)s填报期，月报冻结") % {"p": period})


@transaction.atomic
def reopen_period(period, *, actor, reason):
    """Reopen a closed period (a district's late reports, a correction): its reports can be filled again."""
    _check_coordinator(period.region, actor, _("只有项目办可以重新开启填报期"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("重新开启须写明原因")})
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        raise ValidationError(_("%(p)s填报期未关闭，无需重新开启") % {"p": period})
    period.status, period.closed_at, period.closed_by = PeriodStatus.OPEN, None, None
    period._change_reason = _("重新开启填报期：%(r)s") % {"r": reason}
    period._history_user = actor
    period.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    record("period.reopen", actor=actor, subject=period, reason=reason,
           summary=_("重新开启%(p)s填报期") % {"p": period})
    return period


@transaction.atomic
def chase_non_reporters(period, *, actor, regions=None):
    """催报: tell each district editor (the district's contacts, who fill its reports) how many of its
    projects due in `period` are not yet submitted; with `regions`, only theirs. Once a day per period:
    the message key names the period and the day, so a second click the same day tells nobody twice
    (someone not yet told that day, say of another district, still is); every click is on record.
    Returns how many people were told."""
    _check_coordinator(period.region, actor, _("只有项目办可以催报"))
    if period.is_closed:
        raise ValidationError(_("%(p)s填报期已关闭，无需催报") % {"p": period})
    regions = list(regions or [])
    inside = set(Region.objects.within(period.region.path).filter(pk__in=[r.pk for r in regions])
                 .values_list("pk", flat=True))
    if any(region.pk not in inside for region in regions):
        raise ValidationError(_("只能催报本填报期所辖区域"))
    day = dates.today()
    late = day > period.deadline
    told = 0
    for user, missing in reminders.missing_by_editor(period, regions).items():
        text = (_("项目办催报：%(p)s月报已于%(d)s截止，您所辖仍有%(n)s个项目未报送，请尽快报送。") if late else
                _("项目办催报：%(p)s月报将于%(d)s截止，您所辖仍有%(n)s个项目未报送，请按时报送。")) % {
            "p": period, "d": period.deadline.isoformat(), "n": missing}
        told += notify([user], f"chase:{period.pk}:{day.isoformat()}", text,
                       reverse("progress:batch", args=[period.pk]), kind="chase", subject=period)
    missing = reminders.missing_projects(period, regions).count()
    where = "、".join(region.name for region in regions) or period.region.name
    record("period.chase", actor=actor, subject=period,
           summary=_("催报%(p)s月报（%(w)s）：%(m)s个项目未报送，通知%(n)s人") % {
               "p": period, "w": where, "m": missing, "n": told},
           data={"regions": [region.pk for region in regions], "missing": missing, "told": told})
    return told


def fillable(projects, actor):
    """The projects among `projects` whose reports `actor` may fill (scope: UserScope.may_fill)."""
    return projects.fillable_by(actor)


def fillable_due(period, actor):
    """The projects due in `period` whose reports `actor` fills: the clerk's own subtree is filtered first,
    so that SQLite walks the district's projects by the region index, not the whole city's."""
    return Project.objects.fillable_by(actor).due_in(period)


def can_fill(project, actor):
    return scope_of(actor).may_fill(project)


def _check_can_fill(project, actor):
    if not can_fill(project, actor):
        raise PermissionDenied(_("您无权填报该项目的月报"))


def unreportable(stage, actual_start, period):
    """Why a project in `stage`, started on `actual_start`, cannot report for `period`; None if it can."""
    if stage == Stage.WITHDRAWN:
        return _("项目已出库，不能填报月报")
    if actual_start and (period.year, period.month) < (actual_start.year, actual_start.month):
        return _("项目于%(d)s开工，不能填报开工前（%(p)s）的月报") % {"d": actual_start.isoformat(), "p": period}
    return None


def row_refusal(period, project_id, *, due, stage=None, actual_start=None):
    """Why a filler may not report project `project_id` for `period`; None if it may.

    The one row-check of a single save and of every row of an Excel import, on plain values: the import
    reads `due` (among the projects the clerk fills this period), stage and start for a whole chunk of
    rows at once, `save_report` for its one project (the import knows no stage for a project not due)."""
    problem = unreportable(stage, actual_start, period)
    if problem or due:
        return problem
    return _("项目ID %(id)s 不在本期您应填报的项目中") % {"id": project_id}


def locked_by_status(status):
    """Why a filler may not change a report in `status`; None for a draft or a returned report."""
    if status in FILLER_EDITABLE:
        return None
    return _("该月报%(s)s，须退回后才能修改") % {"s": ReportStatus(status).label}


def _check_reportable(project, period):
    problem = unreportable(project.stage, project.actual_start, period)
    if problem:
        raise ValidationError(problem)


NO_PAST = staging.Past(0, 0, 0, 0)


def judge_amount(completed, overrun_reason, total_investment, past, factor):
    """The rules on a month's amount against the project's other months (`past`, a `staging.Past`), all
    amounts in whole cents.

    Since-start beyond total investment needs a written justification (projects do overrun); a month
    far above the project's usual pace (more than `factor` times its average month) is flagged for the
    reviewer, not refused. Returns (the refusal or None, the jump flag)."""
    since_start = past.total + completed
    if since_start > total_investment and not overrun_reason.strip():
        return _("自开工累计完成投资（%(c)s万元）将超过项目总投资（%(t)s万元）；如确属超概算，请在“超概算说明”中写明原因"
                 ) % {"c": from_cents(since_start), "t": from_cents(total_investment)}, False
    return None, past.months > 0 and completed * past.months > past.total * factor


def funds_refusal(completed, funds, refused):
    """Why a month's funds in place (`funds`, whole cents) may not exceed its investment completed, when
    the city sets that rule (系统参数 funds_beyond_completed_refused, `refused`); None otherwise — the
    batch page and the import preview then only warn (`models.funds_warning`)."""
    if not refused or funds <= completed:
        return None
    return _("%(fact)s；本市规定到位资金不得超过完成投资，请核对后修改") % {
        "fact": funds_beyond(from_cents(funds), from_cents(completed))}


def _locked_for_writing(project, period):
    """The project and its report of `period` (or None), locked for this transaction."""
    # First wait for an import being committed, holding nothing it needs (it locks this project's row
    # to check a new report's foreign key): what is read below is then what the import left.
    lock_reports("ROW SHARE")
    project = Project.objects.select_for_update().get(pk=project.pk)
    return project, MonthlyReport.objects.select_for_update().filter(project=project, period=period).first()


@transaction.atomic
def save_report(project, period, values, *, actor, expected_version=None):
    """Create or change the report of `project` for `period` with `values` (a dict of FILLER_FIELDS), as
    its filler: only in an open period, only a draft or a returned report (the coordinator corrects the
    others with `amend_report`). The batch page, the API and commands all come here.

    Returns (report, changed). Saving the same values again changes nothing and records nothing.
    """
    project, report = _locked_for_writing(project, period)
    if period.is_closed:
        raise ValidationError(_("%(p)s的填报期已关闭，月报已冻结；如需更正，请联系项目办修正") % {"p": period})
    _check_can_fill(project, actor)
    problem = row_refusal(period, project.pk, due=Project.objects.due_in(period).filter(pk=project.pk).exists(),
                          stage=project.stage, actual_start=project.actual_start)
    if problem:
        raise ValidationError(problem)
    if report is None:
        report = MonthlyReport(project=project, period=period, year=period.year, month=period.month)
    elif locked_by_status(report.status):
        raise ValidationError(locked_by_status(report.status))
    return _write_report(project, report, values, actor=actor, expected_version=expected_version,
                         kind=ReportEventKind.SAVED)


@transaction.atomic
def amend_report(report, values, *, actor, reason, expected_version=None):
    """The coordinator corrects a report whatever its status, in an open period or a closed one (frozen
    reports too); the reason is kept in the report's history, its record and the change log, and the
    status stays what it was. Returns (report, changed)."""
    if not scope_of(actor).may_amend(report):
        raise PermissionDenied(_("只有项目办可以修正月报"))
    if not reason.strip():
        raise ValidationError({"reason": _("修正月报须写明原因（如：统计局反馈数据更正）")})
    project, report = _locked_for_writing(report.project, report.period)
    _check_reportable(project, report.period)
    return _write_report(project, report, values, actor=actor, expected_version=expected_version,
                         kind=ReportEventKind.AMENDED, reason=reason.strip())


def _write_report(project, report, values, *, actor, expected_version, kind, reason=""):
    """The write shared by `save_report` and `amend_report`, once each has checked who and when: the
    amount rules, the version, history, the derived cumulative figures, the report's record and the log."""
    changed = [name for name in FILLER_FIELDS if name in values and getattr(report, name) != values[name]]
    if report.pk and not changed:
        return report, False
    before = {name: getattr(report, name) for name in changed} if report.pk else {}
    past = staging.past_sums(report.period, [project.pk]).get(project.pk, NO_PAST)
    past = past.without(to_cents(report.completed) if report.pk else 0)
    for name in changed:
        setattr(report, name, values[name])
    report.full_clean(exclude=["project", "period"])

    overrun, report.jump_flag = judge_amount(to_cents(report.completed), report.overrun_reason,
                                             to_cents(project.total_investment), past,
                                             Setting.get_decimal("report_jump_factor"))
    if overrun:
        raise ValidationError({"overrun_reason": overrun})
    refusal = funds_refusal(to_cents(report.completed), sum(to_cents(getattr(report, name)) for name in FUND_NAMES),
                            Setting.get_bool("funds_beyond_completed_refused"))
    if refusal:
        raise ValidationError(refusal)

    if report.pk and expected_version is not None:
        claim_version(report, expected_version)
    elif report.pk:
        report.version += 1
    report._change_reason = reason
    report._history_user = actor  # not left to the request: the API, tasks and commands save reports too
    report.save()
    recompute_cumulative(project.pk)
    ReportEvent.objects.create(report=report, kind=kind, actor=actor, reason=reason)
    labels = {name: MonthlyReport._meta.get_field(name).verbose_name for name in FILLER_FIELDS}
    after = {name: getattr(report, name) for name in changed}
    record("report.amend" if kind == ReportEventKind.AMENDED else "report.save", actor=actor, subject=report,
           summary=(_("修正%(r)s") if kind == ReportEventKind.AMENDED else _("填报%(r)s")) % {"r": report},
           reason=reason, changes=changes_between(before, after, labels),
           data={"completed": report.completed, "version": report.version})
    report.refresh_from_db()
    return report, True


def recompute_cumulative(*project_ids):
    """Year-to-date and since-start are running sums of the months: derived, so no history rows."""
    rows = (MonthlyReport.objects.filter(project_id__in=project_ids).order_by("project_id", "year", "month")
            .values_list("pk", "project_id", "year", "completed", "ytd", "since_start"))
    stale, key, ytd, since_start = [], None, Decimal(0), Decimal(0)
    for pk, project_id, year, completed, old_ytd, old_since in rows.iterator(chunk_size=5000):
        if key != (project_id, year):
            ytd = Decimal(0)
            if key is None or key[0] != project_id:
                since_start = Decimal(0)
            key = (project_id, year)
        ytd += completed
        since_start += completed
        if (old_ytd, old_since) != (ytd, since_start):
            stale.append(MonthlyReport(pk=pk, ytd=ytd, since_start=since_start))
    update_rows(stale, ["ytd", "since_start"])
    rebuild_year_to_date(project_ids)


def _transition(report, to_status, kind, *, actor, reason="", audit=True):
    before = report.get_status_display()
    report.status = to_status
    report._change_reason = reason or str(kind.label)
    report._history_user = actor
    report.version += 1
    report.save()
    ReportEvent.objects.create(report=report, kind=kind, actor=actor, reason=reason)
    audit_kind = {ReportEventKind.SUBMITTED: "report.submit", ReportEventKind.ACCEPTED: "report.accept",
                  ReportEventKind.RETURNED: "report.return"}[kind]
    if audit:  # a bulk action writes one entry for all its reports instead
        record(audit_kind, actor=actor, subject=report, summary=f"{kind.label}：{report}", reason=reason,
               changes={str(_("状态")): [before, report.get_status_display()]})
    return report


def _told_about(report, editors_of=None):
    """Who hears of a review's outcome: whoever submitted the report and the editors of its region
    (`editors_of`: a cache by region, for a bulk action)."""
    region = report.project.region
    editors_of = {} if editors_of is None else editors_of
    if region.pk not in editors_of:
        editors_of[region.pk] = list(get_user_model().objects.filter(
            is_active=True, role_assignments__role=Role.REGION_EDITOR,
            role_assignments__region__path__in=region.ancestor_paths).distinct())
    return {user.pk: user for user in [report.submitted_by, *editors_of[region.pk]] if user is not None}


def _tell_filler(report, kind, text):
    """The review's outcome to the people who fill the report (inbox, home page 待办 and e-mail), linking
    to the report's row on the batch page."""
    url = reverse("progress:batch", args=[report.period_id]) + f"#row-{report.project_id}"
    notify(_told_about(report).values(), f"report-{kind}:{report.pk}:{report.version}", text, url,
           kind=kind, subject=report)


def _tell_fillers_of_batch(reports, kind, entry, reason=""):
    """A bulk review: one message a person, naming how many of its reports and which, not one per report."""
    if len(reports) == 1:
        report = reports[0]
        return _tell_filler(report, kind, _review_text(kind, report, reason))
    mine, editors_of = {}, {}
    for report in reports:
        for pk, user in _told_about(report, editors_of).items():
            mine.setdefault(pk, (user, []))[1].append(report)
    period = reports[0].period
    status = ReportStatus.RETURNED if kind == "return" else ReportStatus.ACCEPTED
    url = reverse("progress:batch", args=[period.pk]) + f"?status={status}"
    for user, theirs in mine.values():
        names = "、".join(str(r.project) for r in theirs[:3]) + (_("等") if len(theirs) > 3 else "")
        if kind == "return":
            text = _("%(p)s有%(n)s份月报被退回（%(names)s）：%(why)s。请修改后重新报送。") % {
                "p": period, "n": len(theirs), "names": names, "why": reason}
        else:
            text = _("%(p)s有%(n)s份月报已审核通过（%(names)s）。") % {"p": period, "n": len(theirs), "names": names}
        notify([user], f"report-{kind}-batch:{entry.pk}", text, url, kind=kind, subject=period)


def _review_text(kind, report, reason=""):
    if kind == "return":
        return _("%(r)s被退回：%(why)s。请修改后重新报送。") % {"r": report, "why": reason}
    return _("%(r)s已审核通过。") % {"r": report}


# `alone=False`: the report is one of a bulk action, which writes the change-log entry and the messages
# for all its reports at once.


@transaction.atomic
def submit_report(report, *, actor, alone=True):
    report = MonthlyReport.objects.select_for_update().select_related("project__region").get(pk=report.pk)
    _check_can_fill(report.project, actor)
    if report.period.is_closed:
        raise ValidationError(_("填报期已关闭"))
    if not report.is_editable_by_filler:
        raise ValidationError(_("该月报%(s)s") % {"s": report.get_status_display()})
    _check_reportable(report.project, report.period)  # a draft saved before the project was withdrawn
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    return _transition(report, ReportStatus.SUBMITTED, ReportEventKind.SUBMITTED, actor=actor, audit=alone)


def _check_reviewer(report, actor):
    if not MonthlyReport.objects.reviewable_by(actor).filter(pk=report.pk).exists():
        raise PermissionDenied(_("您无权审核该月报"))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("只有已报送的月报可以审核，该月报%(s)s") % {"s": report.get_status_display()})


@transaction.atomic
def accept_report(report, *, actor, alone=True):
    report = MonthlyReport.objects.select_for_update().select_related("project__region").get(pk=report.pk)
    _check_reviewer(report, actor)
    report.reviewed_at, report.reviewed_by, report.return_reason = timezone.now(), actor, ""
    _transition(report, ReportStatus.ACCEPTED, ReportEventKind.ACCEPTED, actor=actor, audit=alone)
    if alone:  # else the bulk action tells each person once
        _tell_filler(report, "accept", _review_text("accept", report))
    return report


def _return_reason(reason):
    if not reason.strip():
        raise ValidationError({"reason": _("退回须写明原因，填报人据此修改")})
    return reason.strip()


@transaction.atomic
def return_report(report, *, actor, reason, alone=True):
    report = MonthlyReport.objects.select_for_update().select_related("project__region").get(pk=report.pk)
    _check_reviewer(report, actor)
    reason = _return_reason(reason)
    report.reviewed_at, report.reviewed_by, report.return_reason = timezone.now(), actor, reason
    _transition(report, ReportStatus.RETURNED, ReportEventKind.RETURNED, actor=actor, reason=reason, audit=alone)
    if alone:
        _tell_filler(report, "return", _review_text("return", report, reason))
    return report


def _why(error):
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or _("无权操作")


def _in_bulk(reports, act, kind, *, actor, reason="", tell=None):
    """`act` on each report, each in its own savepoint, so that one refusal stops no other; one change-log
    entry for the batch (the count and the ids in its data); with `tell` ("accept", "return"), one message
    to each person who fills some of them. Returns (done, [(report, why refused)])."""
    done, refused = [], []
    for report in reports:
        try:
            with transaction.atomic():
                done.append(act(report))
        except (ValidationError, PermissionDenied) as error:
            refused.append((report, _why(error)))
    if done:
        region = _common_region({r.project.region for r in done})
        entry = record(kind, actor=actor, subject=done[0].period, region=region, reason=reason,
                       summary=_("%(what)s：%(n)s份（%(p)s）") % {"what": kind_label(kind), "n": len(done),
                                                                 "p": done[0].period},
                       data={"count": len(done), "ids": [r.pk for r in done],
                             "refused": {str(r.pk): why for r, why in refused}})
        if tell:
            _tell_fillers_of_batch(done, tell, entry, reason)
    return done, refused


@transaction.atomic
def submit_reports(reports, *, actor):
    """报送 each of `reports` the rules let `actor` submit (through `submit_report`); the others come back
    with the reason, e.g. a report already submitted or a period closed."""
    return _in_bulk(reports, lambda r: submit_report(r, actor=actor, alone=False), "report.bulk_submit",
                    actor=actor)


@transaction.atomic
def accept_reports(reports, *, actor):
    return _in_bulk(reports, lambda r: accept_report(r, actor=actor, alone=False), "report.bulk_accept",
                    actor=actor, tell="accept")


@transaction.atomic
def return_reports(reports, *, actor, reason):
    """退回 every one of `reports` with the one reason; an empty reason refuses the whole batch."""
    reason = _return_reason(reason)
    return _in_bulk(reports, lambda r: return_report(r, actor=actor, reason=reason, alone=False),
                    "report.bulk_return", actor=actor, reason=reason, tell="return")


def _put_plan(project, *, year, actor, planned_investment, planned_start_month=None,
              planned_completion_month=None, monthly_plan=()):
    """Check and save one project's plan for `year`; returns its figures before and after, for the log."""
    _check_can_fill(project, actor)
    # Not get_or_create: a new plan is saved once, with its figures, so its history starts with them (not a
    # 0.00 plan changed a moment later).
    plan = AnnualPlan.objects.filter(project=project, year=year).first()
    created = plan is None
    if created:
        plan = AnnualPlan(project=project, year=year)
    before = {} if created else {"planned_investment": plan.planned_investment, "monthly_plan": plan.monthly_plan}
    plan.planned_investment = planned_investment
    plan.planned_start_month = planned_start_month
    plan.planned_completion_month = planned_completion_month
    plan.monthly_plan = [str(v) for v in monthly_plan]
    if plan.monthly_plan and sum(Decimal(v) for v in plan.monthly_plan) != Decimal(planned_investment):
        raise ValidationError({"monthly_plan": _("月度计划之和应等于年度计划投资")})
    plan.full_clean()
    plan._history_user = actor
    plan.save()
    return plan, before, {"planned_investment": plan.planned_investment, "monthly_plan": plan.monthly_plan}


@transaction.atomic
def save_annual_plan(project, *, year, actor, **figures):
    plan, before, after = _put_plan(project, year=year, actor=actor, **figures)
    record("plan.save", actor=actor, subject=plan, summary=_("填报%(y)s年度计划") % {"y": year},
           changes=changes_between(before, after, PLAN_LABELS))
    return plan


@transaction.atomic
def import_annual_plans(year, rows, *, actor, file_name=""):
    """Save the plans of an Excel upload, all or none, with ONE change-log entry for the batch.
    `rows` are (project, figures as `save_annual_plan` takes them). Returns the number saved; a refused
    row raises ValidationError naming its project."""
    changed = 0
    for project, figures in rows:
        try:
            _plan, before, after = _put_plan(project, year=year, actor=actor, **figures)
        except ValidationError as problem:
            raise ValidationError(f"“{project.name}”：{'；'.join(problem.messages)}") from problem
        changed += bool(changes_between(before, after))
    if rows:
        record("plan.import", actor=actor, region=_common_region([project.region for project, _f in rows]),
               summary=_("Excel导入%(y)s年度计划：%(n)s个项目") % {"y": year, "n": len(rows)},
               data={"year": year, "file": file_name, "rows": len(rows), "changed": changed,
                     "projects": [project.pk for project, _f in rows]})
    return len(rows)


def _common_region(regions):
    """The lowest region holding all of `regions` (the log entry of a batch is filed there)."""
    shared = set.intersection(*(set(region.ancestor_paths) for region in regions))
    return Region.objects.filter(path__in=shared).order_by("-path").first()


PLAN_LABELS = {"planned_investment": _("年度计划投资（万元）"), "monthly_plan": _("月度计划")}


READ_CHUNK = 2000  # ids a query: the size the check's chunks have, planned as fast


class ReportRowCheck:
    """`save_report`'s rules for the rows of an Excel import, a chunk at a time, without writing anything.

    Each `check` costs a few queries whatever the number of rows; what does not depend on the rows (the
    user's fillable projects as SQL, the jump factor) is prepared once.
    """

    def __init__(self, period, *, actor):
        self.period = period
        self.read_facts = staging.facts_reader(fillable(Project.objects.due_in(period), actor))
        self.factor = Setting.get_decimal("report_jump_factor")
        self.funds_refused = Setting.get_bool("funds_beyond_completed_refused")
        self.facts, self.past, self.reports = {}, {}, {}

    def read_ahead(self, project_ids, limit):
        """Read the facts, sums and reports of up to `limit` projects before their rows arrive (the
        projects a template was made for, while calamine parses the sheet); `check` reads only the others."""
        project_ids = project_ids[:limit]
        for start in range(0, len(project_ids), READ_CHUNK):
            self._read(project_ids[start:start + READ_CHUNK])

    def _read(self, ids):
        facts = self.read_facts(ids)
        self.facts.update(facts)
        self.facts.update(dict.fromkeys(set(ids) - facts.keys()))  # not fillable: known, not read again
        self.past.update(staging.past_sums(self.period, list(facts)))
        self.reports.update(staging.period_reports(self.period, list(facts)))

    def _take(self, ids):
        """{id: facts}, {id: sums} and {id: report} of these projects, from what was read ahead or from the
        database; taken out of the cache, so memory stays bounded by what was read ahead."""
        missing = [pk for pk in ids if pk not in self.facts]
        if missing:
            self._read(missing)
        facts, past, reports = self.facts, self.past, self.reports
        return ({pk: facts.pop(pk) for pk in ids if pk in facts}, {pk: past.pop(pk) for pk in ids if pk in past},
                {pk: reports.pop(pk) for pk in ids if pk in reports})

    def check(self, rows):
        """`rows` are (row number, project id, values), values a list in FILLER_FIELDS order (KEEP where
        the sheet lacks the column). Returns (errors, staged, changes): errors as (row number, project
        name or None, message); the rows that change a report, as tuples for `staging.stage` (batch id
        left out); and per such row (project name, new values, the report's old values or None) for the
        preview. Amounts, in and out, are whole cents."""
        period = self.period
        if period.is_closed:
            return [(0, None, _("%(p)s的填报期已关闭，月报已冻结") % {"p": period})], [], []
        ids = [project_id for _number, project_id, _values in rows]
        projects, past, existing = self._take(ids)
        errors, staged, changes = [], [], []
        for number, project_id, values in rows:
            facts = projects.get(project_id)
            name, stage, actual_start, total_investment = facts or (None, None, None, None)
            problem = row_refusal(period, project_id, due=facts is not None, stage=stage, actual_start=actual_start)
            if problem:
                errors.append((number, name, problem))
                continue
            report = existing.get(project_id)
            old = report[3] if report else None
            if old is None and values.count(None) + values.count("") + values.count(KEEP) == len(values):
                continue  # a blank row of the template: not reported, not a report of zero
            new = [kept if value is KEEP else value for value, kept in zip(values, old or BLANK_REPORT)]
            for position in MONEY_POSITIONS:
                if new[position] is None:
                    new[position] = 0
            if old == new:
                continue
            problem = report and locked_by_status(report[2])
            if problem:
                errors.append((number, name, problem))
                continue
            history = past.get(project_id, NO_PAST).without(old[COMPLETED] if old else 0)
            overrun, jump = judge_amount(new[COMPLETED], new[OVERRUN_REASON], total_investment, history, self.factor)
            overrun = overrun or funds_refusal(new[COMPLETED], sum(new[p] for p in FUND_POSITIONS), self.funds_refused)
            if overrun:
                errors.append((number, name, overrun))
                continue
            staged.append((number, project_id, report[0] if report else None, report[1] if report else None,
                           *new, jump, old[COMPLETED] if old else 0, history.ytd_before, history.since_start_before))
            changes.append((name, new, old))
        return errors, staged, changes


# A report not yet filled, as the import's rules and preview compare it: FILLER_FIELDS, amounts in cents.
BLANK_REPORT = [0 if name in MONEY_FIELDS else None if name in ("progress_percent", "workers") else ""
                for name in FILLER_FIELDS]
MONEY_POSITIONS = [FILLER_FIELDS.index(name) for name in MONEY_FIELDS]
COMPLETED, OVERRUN_REASON = FILLER_FIELDS.index("completed"), FILLER_FIELDS.index("overrun_reason")
FUND_POSITIONS = [FILLER_FIELDS.index(name) for name in FUND_NAMES]


def lock_reports(mode="EXCLUSIVE"):
    """Lock the monthly reports table until this transaction ends (PostgreSQL; SQLite has one writer
    at a time and needs nothing).

    An import's commit takes EXCLUSIVE: it checks that nothing it read has changed, then writes
    thousands of reports, and no save, submission or review may slip in between; readers go on.
    Locking the table costs nothing, where locking 10,000 project rows wrote each of them. The other
    report writers wait for it (at most the commit's second): `save_report` takes ROW SHARE before any
    row lock, since the import needs its project's row for a new report's foreign key (waiting while
    holding it deadlocked); submit, accept and return read their report FOR UPDATE first.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {MonthlyReport._meta.db_table} IN {mode} MODE")


@transaction.atomic
def commit_import(batch, *, actor):
    """Write the rows an import's check staged, all or none. Returns the number of reports written.
    Each report's history row names the batch, the import's record.

    Refused, with nothing written, when the period has closed, the uploader may no longer fill one of
    the projects, or anything the check relied on changed since it ran (see `staging.count_stale`):
    the clerk uploads the file again and sees the check's verdict on the data as it now is.
    """
    lock_reports()
    period = ReportingPeriod.objects.get(pk=batch.period_id)
    if period.is_closed:
        raise ValidationError(_("%(p)s的填报期已关闭，月报已冻结") % {"p": period})
    staged = batch.staged.count()
    if staged != batch.changed:  # PostgreSQL empties the (unlogged) staging table after a crash
        raise ValidationError(_("检查结果已失效（服务器曾重启），未保存；请重新上传文件"))
    if fillable(Project.objects.filter(pk__in=batch.staged.values("project_id")), actor).count() != staged:
        raise ValidationError(_("您已无权填报本文件中的部分项目，未保存；请重新下载模板"))
    stale = staging.count_stale(batch)
    if stale:
        raise ValidationError(_("检查之后，本文件中有 %(n)s 个项目的月报或项目信息被修改，为免覆盖他人的修改，未保存；"
                                "请重新上传文件，核对后再确认") % {"n": stale})
    written = staging.write_staged(batch, actor=actor, reason=import_reason(batch), now=timezone.now())
    record("report.import", actor=actor, subject=period, region=period.region, reason=import_reason(batch),
           summary=_("Excel导入%(p)s月报：%(n)s个项目有变动") % {"p": period, "n": written},
           data={"batch": batch.pk, "file": batch.file_name, "rows": batch.total, "changed": written})
    return written


def import_reason(batch):
    """The change reason of the history rows an import writes: which upload it was."""
    return _("Excel导入 #%(n)s") % {"n": batch.pk}


PHOTO_MAX_BYTES = 8 * 1024 * 1024


@uploads.atomic_with_files()
def add_photo(report, upload, *, actor, caption=""):
    """Attach a site photo to a report (images only, size- and pixel-limited, EXIF date read and the bytes
    kept), stored under the extension of the format its bytes show, whatever the upload was called."""
    _check_can_fill(report.project, actor)
    if report.period.is_closed:
        raise ValidationError(_("填报期已关闭"))
    data, image_format, taken_at = uploads.check_photo(upload, max_bytes=PHOTO_MAX_BYTES)
    digest = hashlib.sha256(data).hexdigest()
    if report.photos.filter(sha256=digest).exists():
        raise ValidationError(_("这张照片已经上传过了"))
    photo = ReportPhoto(report=report, sha256=digest, caption=caption.strip()[:200], uploaded_by=actor,
                        taken_at=timezone.make_aware(taken_at) if taken_at else None)
    uploads.store(photo.image, uploads.photo_name(digest[:16], image_format), upload)
    photo.save()
    record("report.photo", actor=actor, subject=report, summary=_("上传现场照片：%(r)s") % {"r": report},
           data={"photo": photo.pk, "sha256": digest, "caption": photo.caption})
    return photo
