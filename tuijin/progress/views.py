import json
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from tuijin.core.concurrency import ConcurrentEditError, conflict_message, differences
from tuijin.core.dates import today
from tuijin.core.forms import add_refusal
from tuijin.core.excel import XLSX, WorkbookError, write_xlsx
from tuijin.core.models import Setting
from tuijin.core.roles import Role
from tuijin.core.lib import schedule
from tuijin.core.lib.money import column_unit
from tuijin.core.scope import scope_of
from tuijin.core.uploads import serve_attachment, serve_image
from tuijin.core.views import YearWorkbookView, error_text, int_param, paginate
from tuijin.org.models import Region
from tuijin.projects.models import Project

from . import imports, plan_excel, reminders, services, tasks
from .batch_html import BatchRows
from .excel import build_template
from .forms import AmendForm, AnnualPlanForm, PeriodForm, ReportRowForm, ReturnForm
from .choices import FILLER_EDITABLE, FUND_FIELDS, PeriodStatus, ReportStatus
from .filtersets import BatchFilterSet
from .cumulative import month_end
from .models import FILLER_FIELDS, AnnualPlan, ImportBatch, MonthlyReport, ReportingPeriod, ReportPhoto, YearToDate
from .summaries import (GROUPS, LATE, MISSING, ON_TIME, compliance, report_states, schedule_month, schedule_summary,
                        schedule_thresholds)




def visible_period(request, pk):
    return get_object_or_404(ReportingPeriod.objects.visible_to(request.user).select_related("region"), pk=pk)


def visible_report(request, pk):
    return get_object_or_404(MonthlyReport.objects.visible_to(request.user).select_related("project", "period"),
                             pk=pk)


class PeriodListView(LoginRequiredMixin, TemplateView):
    template_name = "progress/period_list.html"

    def get_context_data(self, **kwargs):
        scope = scope_of(self.request.user)
        return {"periods": ReportingPeriod.objects.visible_to(self.request.user).select_related("region"),
                "form": kwargs.get("form") or PeriodForm(), "can_open": scope.is_coordinator,
                "still_open": kwargs.get("still_open")}

    def post(self, request):
        form = PeriodForm(request.POST)
        scope = scope_of(request.user)
        if not scope.is_coordinator:
            raise PermissionDenied
        if form.is_valid():
            region = _coordinator_region(request.user)
            still_open = list(ReportingPeriod.objects.filter(region=region, status=PeriodStatus.OPEN)
                              .exclude(year=form.cleaned_data["year"], month=form.cleaned_data["month"]))
            if still_open and not request.POST.get("confirm"):
                # Two months open at once is allowed (a late month kept open for a district), but asked.
                return self.render_to_response(self.get_context_data(form=form, still_open=still_open))
            try:
                period = services.open_period(region, form.cleaned_data["year"], form.cleaned_data["month"],
                                              actor=request.user, deadline=form.cleaned_data["deadline"])
                messages.success(request, _("已开启%(p)s填报期。") % {"p": period})
                return redirect(period)
            except ValidationError as error:
                form.add_error(None, error_text(error))
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _coordinator_region(user):
    """The top region the user coordinates (the city for a city's project office); for an administrator,
    the region its figures are broken down under (the city, not the province above it)."""
    scope = scope_of(user)
    if scope.everything:
        return scope.home_region
    return Region.objects.coordinated_by(user).order_by("path").first() or scope.home_region


class PeriodView(LoginRequiredMixin, TemplateView):
    template_name = "progress/period_detail.html"

    def get_context_data(self, **kwargs):
        period = visible_period(self.request, self.kwargs["pk"])
        rows, total = compliance(period, self.request.user)
        scope = scope_of(self.request.user)
        if not scope.is_coordinator:
            rows = [row for row in rows if row.due]  # a county sees its own line, not its neighbours' zeros
        owners_fill = Setting.get_bool("owners_may_report") and bool(scope.roles & {Role.SECRETARY, Role.OWNER})
        confirm_close = kwargs.get("close_error") is not None or self.request.GET.get("close") == "1"
        return {"period": period, "rows": rows, "total": total, "is_coordinator": scope.is_coordinator,
                "can_review": scope.everything or bool(scope.review_region_paths),
                "can_fill": scope.everything or bool(scope.edit_region_paths) or owners_fill,
                "confirm_close": confirm_close and not period.is_closed,
                # Closing before the deadline cuts the districts short: say how many have not reported.
                "early_close": today() < period.deadline and total.missing,
                "close_error": kwargs.get("close_error"), "reopen_error": kwargs.get("reopen_error"),
                "reopen_reason": kwargs.get("reopen_reason", "")}

    def post(self, request, pk):
        """Close the period, once the coordinator has ticked 确认关闭 on the confirmation step."""
        period = visible_period(request, pk)
        if not request.POST.get("confirm"):
            if not scope_of(request.user).coordinates(period.region):
                raise PermissionDenied
            return self.render_to_response(self.get_context_data(close_error=_("请勾选“确认关闭”后再关闭填报期。")),
                                           status=400)
        services.close_period(period, actor=request.user)
        messages.success(request, _("%(p)s填报期已关闭，月报已冻结。") % {"p": period})
        return redirect(period)


class PeriodReopenView(PeriodView):
    """Reopen a closed period, with the reason the change log keeps."""

    def post(self, request, pk):
        period = visible_period(request, pk)
        reason = request.POST.get("reason", "")
        try:
            services.reopen_period(period, actor=request.user, reason=reason)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(reopen_error=error_text(error),
                                                                 reopen_reason=reason), status=400)
        messages.success(request, _("%(p)s填报期已重新开启，县区可以继续填报。") % {"p": period})
        return redirect(period)


class PeriodChaseView(LoginRequiredMixin, View):
    """催报 from 报送情况: every district with projects not yet submitted, or the one district of a row."""

    def post(self, request, pk):
        period = visible_period(request, pk)
        region_id = request.POST.get("region", "")
        regions = [get_object_or_404(Region.objects.within(period.region.path), pk=region_id)] if region_id.isdigit() else None
        try:
            told = services.chase_non_reporters(period, actor=request.user, regions=regions)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(period)
        if told:
            messages.success(request, ngettext("已催报：通知%(n)s人。", "已催报：通知%(n)s人。", told) % {"n": told})
        else:
            messages.info(request, _("没有新的催报对象：未报送项目的填报人今天已收到催报，或项目均已报送。"))
        return redirect(period)


class NonReporterExportView(LoginRequiredMixin, View):
    """The projects not yet submitted that the user sees, with who fills them and the days late, as .xlsx."""

    def get(self, request, pk):
        period = visible_period(request, pk)
        day = today()
        header = [_("区域"), _("项目"), _("项目单位"), _("填报人/联系人"), _("状态"), _("逾期天数（自然日）")]
        title = _("%(p)s未报送项目（截至%(d)s；截止日%(deadline)s，逾期天数按自然日计）") % {
            "p": period, "d": day.isoformat(), "deadline": period.deadline.isoformat()}
        body = write_xlsx(_("未报送"), header, reminders.non_reporter_rows(period, request.user, day), title=title)
        response = HttpResponse(body, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="missing-{period.year}-{period.month:02d}.xlsx"'
        return response


class DueListView(LoginRequiredMixin, TemplateView):
    """The projects behind a compliance figure: due in the period, in a region, in a state."""

    template_name = "progress/due_list.html"

    def get_context_data(self, **kwargs):
        period = visible_period(self.request, self.kwargs["pk"])
        states = report_states(period, self.request.user)
        wanted = self.request.GET.get("state")
        projects = Project.objects.filter(pk__in=[pk for pk, s in states.items() if not wanted or s == wanted])
        region_id = self.request.GET.get("region", "")
        if region_id.isdigit():
            region = get_object_or_404(Region, pk=region_id)
            projects = projects.filter(region__in=region.subtree().values("pk"))
        projects = projects.select_related("region").order_by("region__path", "-total_investment")
        reports = {r.project_id: r for r in MonthlyReport.objects.filter(period=period, project__in=projects)}
        rows = [(p, states[p.pk], reports.get(p.pk)) for p in projects]
        labels = {ON_TIME: _("按时报送"), LATE: _("逾期报送"), MISSING: _("未报送")}
        return {"period": period, "rows": rows, "labels": labels, "state": wanted}


BATCH_PAGE = 150  # rows a page: a district's usual 100–140 projects on one screen, 2,000 in 14 pages


class BatchView(LoginRequiredMixin, TemplateView):
    """Spreadsheet-like page: every project the user fills this period, one row each, saved by htmx;
    filtered by status, stage, open problem and a search, paged past BATCH_PAGE rows."""

    template_name = "progress/batch.html"

    def get_context_data(self, **kwargs):
        period = visible_period(self.request, self.kwargs["pk"])
        due = services.fillable_due(period, self.request.user)
        filters = BatchFilterSet(self.request.GET, queryset=due, period=period)
        projects = Project.objects.none() if period.is_closed else filters.qs
        page, query = paginate(self.request, projects.select_related("region")
                               .order_by("region__path", "-total_investment", "pk"), BATCH_PAGE)
        drafts = 0 if period.is_closed else batch_drafts(period, due).count()
        rows = batch_rows(period, list(page))
        return {"period": period, "rows": rows, "rows_html": BatchRows(period).rows(rows), "page": page,
                "filters": filters,
                "drafts": drafts, "query": query, "fund_fields": FUND_FIELDS}


def batch_drafts(period, projects):
    """The reports among `projects` (those the clerk fills) a 全部报送 would submit: drafts and returned."""
    return (MonthlyReport.objects.filter(period=period, project__in=projects, status__in=FILLER_EDITABLE)
            .select_related("project__region", "period").order_by("project__region__path", "-project__total_investment"))


SHOWN_REFUSALS = 10


def refusals(request, refused, text):
    """A bulk action's refused reports, each with why, as messages: the first ten, then how many more."""
    for report, why in refused[:SHOWN_REFUSALS]:
        messages.error(request, text % {"p": report.project, "why": why})
    if len(refused) > SHOWN_REFUSALS:
        messages.error(request, _("另有%(n)s份月报未处理，原因同上类。") % {"n": len(refused) - SHOWN_REFUSALS})


class BatchSubmitView(LoginRequiredMixin, View):
    """全部报送: every draft (and returned report) the clerk fills this period, through `submit_reports`;
    the refused ones named with the reason, the projects not filled in counted."""

    def post(self, request, pk):
        period = visible_period(request, pk)
        if period.is_closed:
            messages.error(request, _("%(p)s填报期已关闭，月报已冻结，不能报送。") % {"p": period})
            return redirect("progress:batch", pk=period.pk)
        due = services.fillable_due(period, request.user)
        done, refused = services.submit_reports(list(batch_drafts(period, due)), actor=request.user)
        if done:
            messages.success(request, _("已报送%(n)s份月报。") % {"n": len(done)})
        refusals(request, refused, _("%(p)s未报送：%(why)s"))
        missing = due.exclude(pk__in=MonthlyReport.objects.filter(period=period).values("project_id")).count()
        if missing:
            messages.warning(request, _("另有%(n)s个项目尚未填写本月数据，请填写保存后再报送。") % {"n": missing})
        if not (done or refused or missing):
            messages.info(request, _("没有待报送的月报。"))
        url = reverse("progress:batch", args=[period.pk])
        query = request.POST.get("query", "")
        return redirect(f"{url}?{query}" if query else url)


def batch_rows(period, projects):
    ids = [p.pk for p in projects]
    reports = {r.project_id: r for r in MonthlyReport.objects.filter(period=period, project_id__in=ids)}
    plans = dict(AnnualPlan.objects.filter(year=period.year, project_id__in=ids)
                 .values_list("project_id", "planned_investment"))
    previous = dict(MonthlyReport.objects.filter(project_id__in=ids, year=period.year, month=period.month - 1)
                    .values_list("project_id", "ytd"))
    return [{"project": project, "report": reports.get(project.pk), "plan": plans.get(project.pk),
             "previous_ytd": previous.get(project.pk)} for project in projects]


class RowView(LoginRequiredMixin, View):
    """POST one batch row: save it (or submit it) and answer with the row, re-rendered."""

    def post(self, request, pk, project_id, action="save"):
        period = visible_period(request, pk)
        project = get_object_or_404(Project.objects.visible_to(request.user).select_related("region"),
                                    pk=project_id)
        row = batch_rows(period, [project])[0]
        status, form = 200, None
        try:
            if action == "submit":
                if row["report"] is None:
                    raise ValidationError(_("请先填写并保存本月数据"))
                services.submit_report(row["report"], actor=request.user)
                row = batch_rows(period, [project])[0]
                row["message"] = _("已报送")
            else:
                form = ReportRowForm(request.POST, instance=row["report"], prefix=f"p{project.pk}")
                if not form.is_valid():
                    raise ValidationError([f"{form.fields[name].label}：{message}"
                                           for name, errors in form.errors.items() for message in errors])
                values = {name: form.cleaned_data[name] for name in FILLER_FIELDS}
                # The version the clerk's page showed (0: no report yet), so a colleague's save in between
                # is refused instead of overwritten.
                expected = int_param(request.POST.get(f"p{project.pk}-version"), None, 0)
                _report, changed = services.save_report(project, period, values, actor=request.user,
                                                        expected_version=expected)
                row = batch_rows(period, [project])[0]
                row["message"] = _("已保存") if changed else _("无变化")
        except ConcurrentEditError as conflict:
            # Both versions shown; the clerk's figures stay in the boxes and a second save, now on top of
            # the current version, is deliberate.
            row["form"] = form
            row["report"] = conflict.current
            row["conflict"] = differences(conflict.current, values)
            row["error"] = conflict_message(conflict.current)
            status = 409
        except ValidationError as error:
            row["error"] = error_text(error)
            if form is not None:  # the clerk's figures stay in the boxes, each refusal at its box
                row["form"] = form if form.errors else add_refusal(form, error)
            status = 400
        except PermissionDenied as denied:
            row["error"] = str(denied) or _("无权操作")
            status = 403
        response = HttpResponse(BatchRows(period).row(row), status=status)
        # The page's 全部报送 button counts the drafts; app.js updates it from this event.
        drafts = batch_drafts(period, services.fillable_due(period, request.user)).count()
        response["HX-Trigger"] = json.dumps({"tuijin:drafts": {"count": drafts, "label": submit_all_label(drafts)}})
        return response


def submit_all_label(drafts):
    return ngettext("全部报送（%(n)s份草稿）", "全部报送（%(n)s份草稿）", drafts) % {"n": drafts}


class ReviewView(LoginRequiredMixin, TemplateView):
    template_name = "progress/review.html"

    def get_context_data(self, **kwargs):
        period = visible_period(self.request, self.kwargs["pk"])
        waiting_first = Case(When(status=ReportStatus.SUBMITTED, then=Value(0)), default=Value(1))
        reports = (MonthlyReport.objects.reviewable_by(self.request.user).filter(period=period)
                   .exclude(status=ReportStatus.DRAFT).select_related("project", "project__region", "submitted_by")
                   .order_by(waiting_first, "project__region__path", "project__name"))
        reports = list(reports)
        for report in reports:
            report.return_form = return_form(report)
        waiting = sum(1 for r in reports if r.status == ReportStatus.SUBMITTED)
        return {"period": period, "reports": reports, "waiting": waiting}


def return_form(report, data=None):
    """The reason box of one review row (id `reason-<report id>`)."""
    return ReturnForm(data, auto_id=f"%s-{report.pk}")


class ReviewBulkView(LoginRequiredMixin, View):
    """通过 / 退回 the ticked reports (or, for 全部通过, every report waiting), one reason for a return."""

    def post(self, request, pk):
        period = visible_period(request, pk)
        reports = (MonthlyReport.objects.reviewable_by(request.user).filter(period=period, status=ReportStatus.SUBMITTED)
                   .select_related("project__region", "period").order_by("project__region__path", "project__name"))
        if request.POST.get("scope") != "all":
            reports = reports.filter(pk__in=[int(v) for v in request.POST.getlist("report") if v.isdigit()])
        reports = list(reports)
        action = request.POST.get("action")
        if not reports:
            messages.error(request, _("请先勾选要审核的已报送月报。"))
        else:
            try:
                if action == "return":
                    done, refused = services.return_reports(reports, actor=request.user,
                                                            reason=request.POST.get("reason", ""))
                    messages.success(request, _("已退回%(n)s份月报，填报人会收到消息。") % {"n": len(done)})
                else:
                    done, refused = services.accept_reports(reports, actor=request.user)
                    messages.success(request, _("已审核通过%(n)s份月报。") % {"n": len(done)})
                refusals(request, refused, _("%(p)s未处理：%(why)s"))
            except ValidationError as error:
                messages.error(request, error_text(error))
        return redirect("progress:review", pk=period.pk)


class ReviewActionView(LoginRequiredMixin, View):
    def post(self, request, report_id, action):
        report = get_object_or_404(MonthlyReport.objects.visible_to(request.user).select_related("period"),
                                   pk=report_id)
        error = None
        try:
            if action == "accept":
                services.accept_report(report, actor=request.user)
            else:
                services.return_report(report, actor=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            error = error_text(exc)
            # A refused return keeps the typed reason, the message under it; another refusal (an accept
            # a colleague made first) shows in the row's status.
            report.return_form = add_refusal(return_form(report, request.POST), exc)
        report.refresh_from_db()
        if not error:
            report.return_form = return_form(report)
        return render(request, "progress/review_row.html", {"report": report}, status=400 if error else 200)


class AmendView(LoginRequiredMixin, TemplateView):
    """The coordinator corrects a report (accepted, or frozen in a closed period); the reason is kept with
    the change, and a colleague's save since the page was opened is refused, not overwritten."""

    template_name = "progress/amend.html"

    def get_report(self):
        report = visible_report(self.request, self.kwargs["report_id"])
        if not scope_of(self.request.user).is_coordinator:
            raise PermissionDenied
        return report

    def get_context_data(self, **kwargs):
        report = self.get_report()
        form = kwargs.get("form") or AmendForm(instance=report, initial={"version": report.version})
        return {"report": report, "form": form}

    def post(self, request, report_id):
        report = self.get_report()
        form = AmendForm(request.POST, instance=MonthlyReport.objects.get(pk=report.pk))
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in FILLER_FIELDS}
            try:
                services.amend_report(report, values, actor=request.user, reason=form.cleaned_data["amend_reason"],
                                      expected_version=form.cleaned_data["version"])
                messages.success(request, _("已修正，原因已记录。"))
                return redirect(report.period)
            except ConcurrentEditError as conflict:
                form.add_error(None, conflict_message(conflict.current))
            except ValidationError as error:
                form.add_error(None, error_text(error))
        return self.render_to_response({"report": report, "form": form}, status=400)


class ScheduleView(LoginRequiredMixin, TemplateView):
    """序时进度 by region, lead department, industry or category for a year and month."""

    template_name = "progress/schedule.html"

    def get_context_data(self, **kwargs):
        year, month, default_period = schedule_month(self.request.GET, self.request.user, today())
        group = self.request.GET.get("group") if self.request.GET.get("group") in GROUPS else "region"
        # By region: the children of the region the user covers (a city leader: the city's districts).
        root = scope_of(self.request.user).home_region if group == "region" else None
        rows, total, expected = schedule_summary(year, month, self.request.user, group=group, root=root)
        # One unit for both money columns, so plan and done compare at a glance.
        unit = column_unit([figure for r in [*rows, total] for figure in (r.plan, r.ytd)])
        units = {"plan": unit, "ytd": unit}
        return {"rows": rows, "total": total, "expected": expected, "year": year, "month": month, "group": group,
                "default_period": default_period, "units": units,
                "months": range(1, 13), "groups": [("region", _("区域")), ("lead_department", _("牵头部门")),
                                                   ("industry", _("行业")), ("category", _("项目类别")),
                                                   ("project_list", _("清单"))]}


def plan_years(project, current):
    """The years a project's plan may be for: from its planned start to the year after its planned
    completion, always with this year and the next (a plan is often made for the coming year)."""
    first = min([current] + [d.year for d in (project.planned_start, project.actual_start) if d])
    last = max([current] + [d.year for d in (project.planned_completion,) if d]) + 1
    return list(range(max(first, last - 15), last + 1))  # at most 16 years in the select


class ProjectProgressView(LoginRequiredMixin, TemplateView):
    """The 月报 tab of a project page: plan against actual for the year, the reports, the plan form."""

    template_name = "progress/project_tab.html"

    def get_project(self):
        return get_object_or_404(Project.objects.visible_to(self.request.user), pk=self.kwargs["project_id"])

    def get_context_data(self, **kwargs):
        project = self.get_project()
        current = today().year
        years = plan_years(project, current)
        year = kwargs.get("year") or int_param(self.request.GET.get("year"), current, years[0], years[-1])
        plan = AnnualPlan.objects.filter(project=project, year=year).first()
        reports = list(MonthlyReport.objects.filter(project=project).select_related("period")
                       .order_by("-year", "-month")[:36])
        ytd = sum((r.completed for r in reports if r.year == year), start=0)
        rate = (ytd / plan.planned_investment * 100) if plan and plan.planned_investment else None
        form = kwargs.get("form")
        if form is None and services.can_fill(project, self.request.user):
            form = AnnualPlanForm(initial={
                "year": year, "planned_investment": plan.planned_investment if plan else None,
                "planned_start_month": plan.planned_start_month if plan else None,
                "planned_completion_month": plan.planned_completion_month if plan else None,
                "monthly_plan": ",".join(plan.monthly_plan) if plan else ""}, years=years)
        return {"project": project, "plan": plan, "reports": reports, "year": year, "ytd": ytd, "rate": rate,
                "plan_form": form, "saved": kwargs.get("saved"), "years": years}

    def post(self, request, project_id):
        project = self.get_project()
        form = AnnualPlanForm(request.POST, years=plan_years(project, today().year))
        if form.is_valid():
            try:
                services.save_annual_plan(project, actor=request.user, **form.cleaned_data)
                return self.render_to_response(self.get_context_data(saved=True, year=form.cleaned_data["year"]))
            except ValidationError as error:
                form.add_error(None, error_text(error))
            except PermissionDenied:
                raise
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TemplateDownloadView(LoginRequiredMixin, View):
    """The period's workbook for the user's scope, pre-filled with projects, plans and last month."""

    def get(self, request, pk):
        period = visible_period(request, pk)
        # Every project the clerk fills (under the page's filters), not one page of them.
        due = services.fillable_due(period, request.user)
        projects = BatchFilterSet(request.GET, queryset=due, period=period).qs
        projects = projects.select_related("region").order_by("region__path", "-total_investment", "pk")
        content = build_template(period, batch_rows(period, list(projects)))
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="monthly-{period.year}-{period.month:02d}.xlsx"'
        return response


class ImportView(LoginRequiredMixin, TemplateView):
    """Upload → every error listed, nothing saved; or a preview of the changes → commit.

    Small files are checked and saved while the clerk waits; large ones go to the task worker and the
    clerk watches the progress on the batch's own page (`ImportStatusView`).
    """

    template_name = "progress/import.html"

    RECORD_ROWS = 20

    def get_context_data(self, **kwargs):
        period = visible_period(self.request, self.kwargs["pk"])
        context = {"period": period, **kwargs}
        batch = context.get("batch")
        if batch is not None and "errors" not in context:
            context["errors"], context["unlisted_errors"] = batch.errors, batch.unlisted_errors
        context.setdefault("unlisted_errors", 0)
        # The record never reads the batches' error lists and previews: up to MB each, on every visit.
        context["record"] = (ImportBatch.objects.visible_to(self.request.user).filter(period=period)
                             .defer("errors", "preview").select_related("user")[:self.RECORD_ROWS])
        return context

    def render_batch(self, batch):
        failed = batch.status in (ImportBatch.INVALID, ImportBatch.FAILED)
        return self.render_to_response(self.get_context_data(batch=batch), status=400 if failed else 200)

    def post(self, request, pk):
        period = visible_period(request, pk)
        if "batch" in request.POST:
            return self.commit(request, period)
        upload = request.FILES.get("file")
        if upload is None:
            return self.render_to_response(self.get_context_data(errors=[_("请选择要上传的文件")]), status=400)
        if upload.size > imports.MAX_BYTES:
            errors = [_("文件大小 %(s).1f MB，超过上限 %(m)s MB；请分批上传")
                      % {"s": upload.size / 1024 / 1024, "m": imports.MAX_BYTES // 1024 // 1024}]
            return self.render_to_response(self.get_context_data(errors=errors), status=400)
        try:
            batch = imports.receive(period, upload.read(), upload.name, actor=request.user)
        except WorkbookError as problem:
            return self.render_to_response(self.get_context_data(errors=[str(problem)]), status=400)
        if upload.size <= settings.IMPORT_INLINE_MAX_BYTES:
            return self.render_batch(imports.check(batch))
        transaction.on_commit(lambda: tasks.check_import.enqueue(batch.pk))
        return redirect("progress:import_status", pk=period.pk, batch_id=batch.pk)

    def commit(self, request, period):
        batch = get_object_or_404(ImportBatch, pk=request.POST["batch"], period=period, user=request.user)
        try:
            imports.start_commit(batch, actor=request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(errors=error.messages), status=400)
        if batch.file and batch.file.size > settings.IMPORT_INLINE_MAX_BYTES:
            transaction.on_commit(lambda: tasks.commit_import.enqueue(batch.pk))
            return redirect("progress:import_status", pk=period.pk, batch_id=batch.pk)
        saved = imports.commit(batch)
        if batch.status != ImportBatch.COMMITTED:
            return self.render_batch(batch)
        messages.success(request, _("导入完成：%(n)s个项目的月报有变动。") % {"n": saved})
        return redirect("progress:batch", pk=period.pk)


class ImportStatusView(ImportView):
    """One upload's page: a progress bar polled by htmx while the worker runs, then its outcome."""

    def get(self, request, pk, batch_id):
        period = visible_period(request, pk)
        batch = get_object_or_404(ImportBatch, pk=batch_id, period=period, user=request.user)
        if request.headers.get("HX-Request"):
            if batch.is_running:
                return render(request, "progress/import_progress.html", {"period": period, "batch": batch})
            response = HttpResponse()
            response["HX-Refresh"] = "true"  # finished: show the outcome as a whole page
            return response
        return self.render_batch(batch)


class ImportFileView(LoginRequiredMixin, View):
    """The file an upload kept, for its uploader and for those who see the period's imports."""

    def get(self, request, pk, batch_id):
        batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=batch_id, period_id=pk)
        if not batch.file:
            raise Http404
        return serve_attachment(batch.file, batch.file_name)


class PlanRowsView(LoginRequiredMixin, TemplateView):
    """The projects behind a 序时进度 figure: their plan, year-to-date and gap, for one group."""

    template_name = "progress/plan_rows.html"

    def get_context_data(self, **kwargs):
        now = today()
        year = int_param(self.request.GET.get("year"), now.year, 2000, 2100)
        month = int_param(self.request.GET.get("month"), now.month, 1, 12)
        plans = (AnnualPlan.objects.visible_to(self.request.user)
                 .filter(year=year, planned_investment__gt=0).select_related("project", "project__region"))
        region_id = self.request.GET.get("region", "")
        if region_id.isdigit():
            region = get_object_or_404(Region, pk=region_id)
            plans = plans.filter(project__region__in=region.subtree().values("pk"))
        for key, lookup in (("lead_department", "project__lead_department"), ("industry", "project__industry"),
                            ("category", "project__category"),
                            ("project_list", "project__memberships__project_list")):
            if self.request.GET.get(key):
                plans = plans.filter(**{lookup: self.request.GET[key]})
        done = Subquery(YearToDate.objects.filter(project=OuterRef("project"), year=year).values(month_end(month)))
        plans = plans.annotate(ytd=Coalesce(done, Value(Decimal(0)))).order_by("project__region__path",
                                                                                "-planned_investment")
        weights, yellow, red = schedule_thresholds()
        expected = schedule.expected_share(month, weights)
        rows = []
        for plan in plans:
            rows.append((plan, *schedule.judge(plan.ytd, plan.planned_investment, expected, yellow, red)))
        return {"rows": rows, "year": year, "month": month, "expected": schedule.percent(expected)}


class ReportHistoryView(LoginRequiredMixin, TemplateView):
    """Every version of a report: who saved, submitted, reviewed, amended or imported it, when and why."""

    template_name = "progress/report_history.html"
    VERSIONS = 200

    def get_context_data(self, **kwargs):
        report = visible_report(self.request, self.kwargs["report_id"])
        versions = report.history.select_related("history_user").order_by("-history_date", "-history_id")
        return {"report": report, "versions": versions[:self.VERSIONS], **kwargs}


class ReportPhotosView(LoginRequiredMixin, TemplateView):
    """A report's site photos: see them, and add more while the report can still be changed."""

    template_name = "progress/report_photos.html"

    def get_report(self):
        return visible_report(self.request, self.kwargs["report_id"])

    def get_context_data(self, **kwargs):
        report = self.get_report()
        can_add = not report.period.is_closed and services.can_fill(report.project, self.request.user)
        return {"report": report, "photos": report.photos.select_related("uploaded_by"), "can_add": can_add,
                **kwargs}

    def post(self, request, report_id):
        report = self.get_report()
        upload = request.FILES.get("image")
        try:
            if upload is None:
                raise ValidationError(_("请选择照片"))
            services.add_photo(report, upload, actor=request.user, caption=request.POST.get("caption", ""))
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(error=error_text(error)), status=400)
        messages.success(request, _("照片已上传。"))
        return redirect("progress:report_photos", report_id=report.pk)


class PhotoFileView(LoginRequiredMixin, View):
    """Photos are served through the scope check, not from a public media folder."""

    def get(self, request, photo_id):
        photo = get_object_or_404(ReportPhoto.objects.visible_to(request.user), pk=photo_id)
        return serve_image(photo.image)


class PlanExcelView(YearWorkbookView):
    """Annual plans for a year: download the workbook of one's projects, upload it filled."""

    template_name = "progress/plan_import.html"
    filename = "plans-{year}.xlsx"
    saved_message = gettext_lazy("已导入%(n)s个项目的年度计划。")

    def build(self, year, user):
        return plan_excel.build_plan_template(year, user)

    def read(self, data, user):
        return plan_excel.import_plans(self.year(), data, actor=user)

    def get_context_data(self, **kwargs):
        year, current = self.year(), today().year
        years = sorted({*range(current - 1, current + 3), year})
        return {"year": year, "years": years, **kwargs}

    def success_url(self):
        return f"{self.request.path}?year={self.year()}"
