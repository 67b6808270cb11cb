from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from tuijin.core.concurrency import ConcurrentEditError, conflict_text
from tuijin.core.dates import today
from tuijin.core.models import Setting
from tuijin.core.scope import scope_of
from tuijin.core.uploads import serve_attachment
from tuijin.core.views import error_text, filtered_link, int_param
from tuijin.core.workdays import WorkCalendar, uncovered_years
from tuijin.org.models import Department, Region
from tuijin.projects.models import Project
from tuijin.projects.services import may_maintain

from . import services
from .choices import ProcedureStatus
from .clocks import chains, procedure_clock, summary
from .forms import ProcedureForm
from .models import ProcedureType, ProjectProcedure


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
    procedure, with median and slowest; procedures over their limit. Each figure opens its rows."""

    template_name = "approvals/board.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        target = int_param(self.request.GET.get("days"), Setting.get_int("approval_target_days"), 0)
        calendar, now = WorkCalendar(), today()
        procedures = list(services.visible_procedures(user).select_related(
            "procedure_type", "department", "project__region"))
        project_chains = chains(procedures, calendar)
        by_year, by_region = {}, {}
        for chain in project_chains:
            by_year.setdefault(chain.permitted.year, []).append(chain.clock.days)
            by_region.setdefault(chain.project.region, []).append(chain.clock.days)
        years = [{"name": year, **summary(days, target), "link": _rows_link(view="projects", year=year, days=target)}
                 for year, days in sorted(by_year.items(), reverse=True)]
        regions = [{"name": region.name, **summary(days, target),
                    "link": _rows_link(view="projects", region=region.pk, days=target)}
                   for region, days in sorted(by_region.items(), key=lambda item: item[0].code)]
        by_department, by_type, over = {}, {}, []
        for procedure in procedures:
            clock = procedure_clock(procedure, calendar, now)
            if clock.over:
                over.append((procedure, clock))
            if procedure.status != ProcedureStatus.DONE:
                continue
            by_type.setdefault(procedure.procedure_type, []).append(clock)
            if procedure.department_id:
                by_department.setdefault(procedure.department, []).append(clock)

        def per_procedure(groups, key):
            rows = []
            for group, clocks in sorted(groups.items(), key=lambda item: item[0].pk):
                figures = summary([c.days for c in clocks], target)
                # A single procedure is measured against its own limit, not the whole chain's target.
                figures["over_limit"] = sum(1 for c in clocks if c.over)
                figures["within"] = figures["known"] - figures["over_limit"]
                figures["share"] = round(figures["within"] * 100 / figures["known"], 1) if figures["known"] else None
                rows.append({"name": group.name, **figures,
                             "link": _rows_link(view="procedures", **{key: group.pk}, status="done")})
            return rows

        share_goal = Setting.get_int("approval_target_share")
        overall = summary([c.clock.days for c in project_chains], target)
        return {"target": target, "goal": share_goal, "overall": overall, "years": years, "regions": regions,
                "departments": per_procedure(by_department, "department"),
                "types": per_procedure(by_type, "procedure_type"),
                "over": sorted(over, key=lambda item: -item[1].days)[:50], "over_count": len(over),
                "over_link": _rows_link(view="procedures", over="1"),
                "all_link": _rows_link(view="projects", days=target),
                "uncovered": uncovered_years([now.year, now.year + 1]),
                "my_departments": Department.objects.filter(pk__in=scope_of(user).department_ids)}


class RowsView(LoginRequiredMixin, TemplateView):
    """The rows behind a figure of the board: projects with their chain, or procedures with their clock."""

    template_name = "approvals/rows.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET
        user = self.request.user
        target = int_param(query.get("days"), Setting.get_int("approval_target_days"), 0)
        calendar, now = WorkCalendar(), today()
        procedures = services.visible_procedures(user).select_related("procedure_type", "department",
                                                                      "project__region")
        if region := int_param(query.get("region"), None, 1):
            region = get_object_or_404(Region, pk=region)
            procedures = procedures.filter(project__region__in=region.subtree().values("pk"))
        if query.get("view") == "procedures":
            if department := int_param(query.get("department"), None, 1):
                procedures = procedures.filter(department_id=department)
            if procedure_type := int_param(query.get("procedure_type"), None, 1):
                procedures = procedures.filter(procedure_type_id=procedure_type)
            if query.get("status") == "done":
                procedures = procedures.filter(status=ProcedureStatus.DONE)
            rows = [(p, procedure_clock(p, calendar, now)) for p in procedures]
            if query.get("over"):
                rows = [(p, c) for p, c in rows if c.over]
            return {"view": "procedures", "rows": rows, "target": target}
        project_chains = chains(list(procedures), calendar)
        if year := int_param(query.get("year"), None, 1):
            project_chains = [c for c in project_chains if c.permitted.year == year]
        if query.get("within") in ("0", "1"):
            wanted = query["within"] == "1"
            project_chains = [c for c in project_chains if c.clock.days is not None
                              and (c.clock.days <= target) == wanted]
        return {"view": "projects", "chains": sorted(project_chains, key=lambda c: -(c.clock.days or 0)),
                "target": target}


class DepartmentView(LoginRequiredMixin, TemplateView):
    """A department's procedures: what it must issue, how long each has taken, which are over the limit."""

    template_name = "approvals/department.html"

    def get_context_data(self, **kwargs):
        department = get_object_or_404(Department, pk=self.kwargs["pk"])
        scope = scope_of(self.request.user)
        if not (scope.everything or scope.read_region_paths or department.pk in scope.department_ids):
            raise Http404
        procedures = (services.visible_procedures(self.request.user).filter(department=department)
                      .select_related("procedure_type", "project__region"))
        calendar, now = WorkCalendar(), today()
        rows = [(p, procedure_clock(p, calendar, now)) for p in procedures.exclude(status=ProcedureStatus.DONE)]
        return {"department": department, "rows": sorted(rows, key=lambda r: -(r[1].days or 0)),
                "over": sum(1 for _p, c in rows if c.over)}
