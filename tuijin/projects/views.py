from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, Sum
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from tuijin.core.concurrency import ConcurrentEditError, conflict_message
from tuijin.core.forms import add_refusal
from tuijin.core.scope import scope_of
from tuijin.core.views import (EditPermissionMixin, ObjectActionView, ObjectExportView, ObjectListView, ObjectView,
                               ScopedMixin, error_text)

from . import services
from .filtersets import ProjectFilterSet
from .forms import ProjectForm, TransitionForm
from .history import history_entries
from .choices import ListRule
from .models import Project, ProjectList, StageTransition
from .tables import ProjectTable

LIST_SELECT_RELATED = ("region", "lead_department", "leader", "district_leader", "secretary")


class ProjectListView(ObjectListView):
    model = Project
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    template_name = "projects/project_list.html"
    select_related = LIST_SELECT_RELATED


class ProjectExportView(ObjectExportView):
    model = Project
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    select_related = LIST_SELECT_RELATED
    export_name = "projects"


class ProjectView(ObjectView):
    model = Project
    template_name = "projects/project_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related(
            "region", "lead_department", "leader", "district_leader", "secretary"
        ).prefetch_related("responsible_departments", "funding",
                           Prefetch("transitions", StageTransition.objects.select_related("actor")),
                           "memberships__project_list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        context["can_edit"] = Project.objects.editable_by(self.request.user).filter(pk=project.pk).exists()
        context["transition_form"] = kwargs.get("transition_form") or TransitionForm(project=project)
        context["history"] = history_entries(project)
        if context["can_edit"]:
            member_of = [m.project_list_id for m in project.memberships.all()]
            context["addable_lists"] = (ProjectList.objects.editable_by(self.request.user)
                                        .filter(rule=ListRule.MANUAL).exclude(pk__in=member_of))
        this = Project.objects.filter(pk=project.pk)
        context["needs_leader"] = this.lacking_leader().exists()
        context["needs_secretary"] = this.lacking_secretary().exists()
        context["may_confirm_intake"] = project.intake_pending and scope_of(self.request.user).coordinates(project.region)
        return context


class ProjectIntakeView(ObjectActionView):
    """入库审核: the project office confirms a project registered in its real stage."""

    model = Project

    def post(self, request, pk):
        project = self.get_object()
        try:
            services.confirm_intake(project, actor=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, error_text(error))
            return project_page(request, pk, status=400)
        messages.success(request, _("已审核入库，该项目自此计入统计。"))
        return redirect(project)


def project_page(request, pk, *, status, **context):
    """The project page again, answering an action it refused (the reason shown where it belongs)."""
    view = ProjectView()
    view.setup(request, pk=pk)
    view.object = view.get_object()
    return render(request, view.template_name, view.get_context_data(**context), status=status)


class ProjectEditView(EditPermissionMixin, TemplateView):
    """Add (no pk) or edit a project. A save made from an old version is refused and both are shown."""

    model = Project
    template_name = "projects/project_edit.html"

    def get_project(self):
        if "pk" in self.kwargs:
            return self.get_object()
        self.check_can_create()
        return Project()

    def get(self, request, *args, **kwargs):
        project = self.get_project()
        return self.render_to_response({"form": ProjectForm(instance=project, user=request.user),
                                        "project": project})

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        form = ProjectForm(request.POST, instance=project, user=request.user)
        context = {"form": form, "project": project}
        if form.is_valid():
            project = form.save(commit=False)
            reason = form.cleaned_data.get("change_reason", "")
            departments = form.cleaned_data["responsible_departments"]
            try:
                if project.pk:
                    services.update_project(project, expected_version=form.cleaned_data["version"] or 0,
                                            actor=request.user, responsible_departments=departments, reason=reason)
                    messages.success(request, _("已保存。"))
                else:
                    services.create_project(project, actor=request.user, responsible_departments=departments,
                                            reason=reason)
                    messages.success(request, _("项目已登记。"))
                return redirect(project)
            except ConcurrentEditError as conflict:
                context["conflict"] = _conflict_rows(form, conflict.current)
                context["current_version"] = conflict.current.version
                form.add_error(None, conflict_message(conflict.current))
            except ValidationError as error:
                form.add_error(None, error)
            except PermissionDenied as denied:
                form.add_error("region", str(denied) or _("您无权在该区域登记项目"))
        return self.render_to_response(context, status=409 if "conflict" in context else 200)


def _conflict_rows(form, current):
    rows = []
    for name in form.Meta.fields:
        field = Project._meta.get_field(name)
        mine = form.cleaned_data.get(name)
        if field.many_to_many:
            theirs = list(getattr(current, name).all())
            mine = list(mine or [])
            differs = {o.pk for o in theirs} != {o.pk for o in mine}
            theirs, mine = "、".join(map(str, theirs)), "、".join(map(str, mine))
        else:
            theirs = getattr(current, name)
            differs = (mine or None) != (theirs or None)
            if field.choices:
                theirs, mine = current._get_FIELD_display(field), dict(field.flatchoices).get(mine, mine)
        if differs:
            rows.append({"label": field.verbose_name, "mine": mine, "theirs": theirs})
    # The user re-saves on top of the current version, deliberately.
    form.data = form.data.copy()
    form.data["version"] = current.version
    return rows


class ProjectTransitionView(ObjectActionView):
    model = Project

    def post(self, request, pk):
        project = self.get_object()
        if not Project.objects.editable_by(request.user).filter(pk=project.pk).exists():
            raise PermissionDenied
        form = TransitionForm(request.POST, project=project)
        if form.is_valid():
            data = form.cleaned_data
            try:
                transition = services.transition_stage(
                    project, data["to_stage"], actor=request.user, effective_date=data["effective_date"],
                    reason=data["reason"], evidence=data["evidence"],
                    construction_permit=data["construction_permit"], override=data["override"])
                messages.success(request, _("项目已转为“%(s)s”。") % {"s": transition.get_to_stage_display()})
                return redirect(project)
            except ValidationError as error:
                add_refusal(form, error)
        return project_page(request, pk, status=400, transition_form=form, open_tab="stage")


class ProjectMembershipView(ObjectActionView):
    """Add the project to a hand-kept list, or take it out of one."""

    model = Project

    def post(self, request, pk):
        project = self.get_object()
        if not request.POST.get("project_list", "").isdigit():
            return HttpResponseBadRequest(_("请选择清单。"))
        project_list = get_object_or_404(ProjectList.objects.editable_by(request.user).filter(rule=ListRule.MANUAL),
                                         pk=request.POST.get("project_list"))
        if request.POST.get("action") == "remove":
            services.remove_from_list(project_list, project, actor=request.user)
            messages.success(request, _("已移出“%(l)s”。") % {"l": project_list})
        else:
            services.add_to_list(project_list, project, actor=request.user)
            messages.success(request, _("已加入“%(l)s”。") % {"l": project_list})
        return redirect(project)


class ProjectListsView(ScopedMixin, TemplateView):
    """The lists a city keeps, with their size; each opens the project list filtered by it."""

    model = ProjectList
    template_name = "projects/lists.html"

    def get_context_data(self, **kwargs):
        # Sizes count only the projects the user may see: a county user sees its share of a city list.
        visible = Project.objects.visible_to(self.request.user).values("pk")
        in_scope = Q(memberships__project__in=visible)
        lists = (ProjectList.objects.visible_to(self.request.user).select_related("region")
                 .annotate(size=Count("memberships", filter=in_scope),
                           investment=Sum("memberships__project__total_investment", filter=in_scope)))
        return {"lists": lists}
