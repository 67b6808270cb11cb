from collections import Counter

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from tuijin.core.concurrency import ConcurrentEditError, conflict_text
from tuijin.core.dates import today
from tuijin.core.models import Setting
from tuijin.core.scope import scope_of
from tuijin.core.uploads import serve_attachment
from tuijin.core.views import error_text, filtered_link, int_param, paginate
from tuijin.core.workdays import WorkCalendar, uncovered_years
from tuijin.org.models import Department, Region
from tuijin.projects.models import Project
from tuijin.projects.services import may_maintain

from . import derived, services
from .choices import ProcedureStatus
from .clocks import Chain, Clock, chains, clock_of, counted_summary, procedure_clock, uncovered_note
from .forms import ProcedureForm
from .models import ProcedureType, ProjectProcedure

ROWS_PAGE = 100


class ProjectProceduresView(LoginRequiredMixin, TemplateView):
    """The project page's 前期手续 tab: the checklist with working-day clocks, and the timeline chart."""

    template_name = "approvals/project_tab.html"

    def project(self):
        return get_object_or_404(Project.objects.visible_to(self.request.user), pk=self.kwargs["project_id"])

    def get_context_data(self, project=None, errors=None, **kwargs):
        user = self.request.user
        project = project or self.project()
        calendar, now = WorkCalendar(), today()
        procedures = list(ProjectProcedure.objects.visible_to(user).filter(project=project)
                          .select_related("procedure_type", "department"))
        may_keep = may_maintain(project, user)
        rows = []
        for procedure in procedures:
            may = services.may_update(procedure, user, maintains=may_keep)
            rows.append({"procedure": procedure, "clock": procedure_clock(procedure, calendar, now), "may": may,
                         "form": ProcedureForm(instance=procedure, prefix=f"p{procedure.pk}", may_assign=may_keep)
                         if may else None, "errors": (errors or {}).get(procedure.pk)})
        timeline = [{"name": r["procedure"].procedure_type.name, "start": r["procedure"].applied_on.isoformat(),
                     "end": (r["procedure"].approved_on or now).isoformat(),
                     "done": r["procedure"].status == ProcedureStatus.DONE, "days": r["clock"].days,
                     "limit": r["clock"].limit, "over": r["clock"].over}
                    for r in rows if r["procedure"].applied_on and r["procedure"].required]
        chain = chains(procedures, calendar)
        have = {p.procedure_type_id for p in procedures}
        return {"project": project, "rows": rows, "may_keep": may_keep, "over": [r for r in rows if r["clock"].over],
                "timeline": timeline, "timeline_id": f"timeline-{project.pk}",
                "chart_height": 60 + 30 * len(timeline),
                "chain": chain[0] if chain else None, "target": Setting.get_int("approval_target_days"),
                "missing_types": ProcedureType.objects.filter(active=True).exclude(pk__in=have) if may_keep else []}

    def post(self, request, project_id):
        project = self.project()
        errors = {}
        try:
            if "ensure" in request.POST:
                services.ensure_checklist(project, actor=request.user)
            elif "add" in request.POST:
                procedure_type = get_object_or_404(ProcedureType, pk=int_param(request.POST["add"], 0), active=True)
                services.add_procedure(project, procedure_type, actor=request.user)
            elif "procedure" in request.POST:
                procedure = get_object_or_404(ProjectProcedure.objects.visible_to(request.user).filter(project=project)
                                              .select_related("procedure_type", "project"),
                                              pk=int_param(request.POST["procedure"], 0))
                keeps = may_maintain(project, request.user)
                if not services.may_update(procedure, request.user, maintains=keeps):
                    raise PermissionDenied
                form = ProcedureForm(request.POST, request.FILES, instance=procedure, prefix=f"p{procedure.pk}",
                                     may_assign=keeps)
                if form.is_valid():
                    values = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
                    upload = request.FILES.get(f"p{procedure.pk}-attachment")
                    expected = int_param(request.POST.get(f"p{procedure.pk}-version"), None, 1)
                    try:
                        services.update_procedure(procedure, actor=request.user, attachment=upload,
                                                  expected_version=expected, **values)
                    except ValidationError as error:
                        errors[procedure.pk] = error_text(error)
                    except ConcurrentEditError as conflict:
                        errors[procedure.pk] = conflict_text(conflict.current, values)
                else:
                    errors[procedure.pk] = error_text(form)
        except ValidationError as error:
            errors[0] = error_text(error)
        context = self.get_context_data(project=project, errors=errors)
        return self.render_to_response(context, status=400 if errors else 200)


class AttachmentView(LoginRequiredMixin, View):
    def get(self, request, pk):
        procedure = get_object_or_404(ProjectProcedure.objects.visible_to(request.user).exclude(attachment=""), pk=pk)
        return serve_attachment(procedure.attachment)


def _rows_link(**params):
    return filtered_link("approvals:rows", **params)


class BoardView(LoginRequiredMixin, TemplateView):
    """Share of projects whose approvals took at most N working days, by year, region, department and
    procedure, with median and slowest; procedures over their limit. Each figure opens its rows.

    The page reads stored figures (`derived.py`): the projects' chains grouped by year, region and days, the
    finished procedures' tallies by type, department and days, the 50 slowest by the stored clock; only the
    open procedures' clocks (they depend on today) are counted on the fly. Python folds the few hundred
    grouped rows into figures (docs/PERFORMANCE.md, approvals_board)."""

    template_name = "approvals/board.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        target = int_param(self.request.GET.get("days"), Setting.get_int("approval_target_days"), 0)
        now = today()
        procedures = services.visible_procedures(user)
        by_year, by_region, overall = {}, {}, Counter()
        for year, region, days, n in derived.chain_counts(user, procedures):
            for counts in (by_year.setdefault(year, Counter()), by_region.setdefault(region, Counter()), overall):
                counts[days] += n
        years = [{"name": year, **counted_summary(counts, target),
                  "link": _rows_link(view="projects", year=year, days=target)}
                 for year, counts in sorted(by_year.items(), reverse=True)]
        regions = [{"name": region.name, **counted_summary(by_region[region.pk], target),
                    "link": _rows_link(view="projects", region=region.pk, days=target)}
                   for region in Region.objects.filter(pk__in=by_region).order_by("code")]
        by_department, by_type = {}, {}
        # Over their limit: the finished ones from the stored counts, the open ones counted on the fly.
        over_count = procedures.open_over_limit(on=now).count()
        finished = derived.done_counts(user, procedures, now)
        for row in finished:
            late = row["elapsed"] is not None and row["elapsed"] > row["limit"]
            over_count += row["n"] if late else 0
            groups = [by_type.setdefault(row["procedure_type_id"], [Counter(), 0])]
            if row["department_id"]:
                groups.append(by_department.setdefault(row["department_id"], [Counter(), 0]))
            for group in groups:
                group[0][row["elapsed"]] += row["n"]
                group[1] += row["n"] if late else 0

        def per_procedure(groups, model, key):
            rows = []
            for group in model.objects.filter(pk__in=groups).order_by("pk"):
                counts, over_limit = groups[group.pk]
                figures = counted_summary(counts, target)
                # A single procedure is measured against its own limit, not the whole chain's target.
                figures["over_limit"] = over_limit
                figures["within"] = figures["known"] - over_limit
                figures["share"] = round(figures["within"] * 100 / figures["known"], 1) if figures["known"] else None
                rows.append({"name": group.name, **figures,
                             "link": _rows_link(view="procedures", **{key: group.pk}, status="done")})
            return rows

        over = procedures.select_related("procedure_type", "department", "project").slowest_over_limit(finished, on=now)
        scope = scope_of(user)
        return {"target": target, "goal": Setting.get_int("approval_target_share"),
                "overall": counted_summary(overall, target), "years": years, "regions": regions,
                "departments": per_procedure(by_department, Department, "department"),
                "types": per_procedure(by_type, ProcedureType, "procedure_type"),
                "over": [(p, Clock(p.elapsed, p.procedure_type.limit_days)) for p in over], "over_count": over_count,
                # A department's page is linked only for those who may open it (a department: its own).
                "openable_departments": {p.department_id for p in over if p.department_id and scope.reads_department(p.department_id)},
                "over_link": _rows_link(view="procedures", over="1"),
                "all_link": _rows_link(view="projects", days=target),
                "uncovered": uncovered_years([now.year, now.year + 1]),
                "my_departments": Department.objects.filter(pk__in=scope.department_ids)}


class RowsView(LoginRequiredMixin, TemplateView):
    """The rows behind a figure of the board: projects with their chain, or procedures with their clock."""

    template_name = "approvals/rows.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET
        user = self.request.user
        target = int_param(query.get("days"), Setting.get_int("approval_target_days"), 0)
        calendar, now = WorkCalendar(), today()
        procedures = services.visible_procedures(user)
        regions = None
        if region := int_param(query.get("region"), None, 1):
            regions = get_object_or_404(Region, pk=region).subtree().values("pk")
        if query.get("view") == "procedures":
            if regions is not None:
                procedures = procedures.filter(project__region__in=regions)
            if department := int_param(query.get("department"), None, 1):
                procedures = procedures.filter(department_id=department)
            if procedure_type := int_param(query.get("procedure_type"), None, 1):
                procedures = procedures.filter(procedure_type_id=procedure_type)
            if query.get("status") == "done":
                procedures = procedures.filter(status=ProcedureStatus.DONE)
            procedures = (procedures.over_limit(on=now) if query.get("over")
                          else procedures.with_elapsed_workdays(on=now))
            page, rest = paginate(self.request, procedures.select_related("procedure_type", "department", "project")
                                  .order_by(F("elapsed").desc(nulls_last=True), "pk"), ROWS_PAGE)
            return {"view": "procedures", "rows": [(p, clock_of(p, calendar, now)) for p in page],
                    "page": page, "query": rest, "target": target}
        found = derived.chain_rows(user, procedures, regions)
        if year := int_param(query.get("year"), None, 1):
            found = [row for row in found if row[2] == year]
        if query.get("within") in ("0", "1"):
            wanted = query["within"] == "1"
            found = [row for row in found if row[5] is not None and (row[5] <= target) == wanted]
        projects = Project.objects.select_related("region").in_bulk([row[0] for row in found])
        project_chains = [Chain(projects[project], first or permitted, permitted,
                                Clock(days, note="" if days is not None
                                      else uncovered_note(first or permitted, permitted, calendar)))
                          for project, _region, _year, first, permitted, days in found]
        page, rest = paginate(self.request, sorted(project_chains, key=lambda c: -(c.clock.days or 0)), ROWS_PAGE)
        return {"view": "projects", "chains": page, "page": page, "query": rest, "target": target}


class DepartmentView(LoginRequiredMixin, TemplateView):
    """A department's procedures: what it must issue, how long each has taken, which are over the limit."""

    template_name = "approvals/department.html"

    def get_context_data(self, **kwargs):
        department = get_object_or_404(Department, pk=self.kwargs["pk"])
        if not scope_of(self.request.user).reads_department(department):
            raise Http404
        calendar, now = WorkCalendar(), today()
        in_hand = (services.visible_procedures(self.request.user).filter(department=department)
                   .exclude(status=ProcedureStatus.DONE))
        page, rest = paginate(self.request, in_hand.with_elapsed_workdays(on=now)
                              .select_related("procedure_type", "project__region")
                              .order_by(F("elapsed").desc(nulls_last=True), "pk"), ROWS_PAGE)
        return {"department": department, "rows": [(p, clock_of(p, calendar, now)) for p in page],
                "page": page, "query": rest, "over": in_hand.over_limit(on=now).count()}
