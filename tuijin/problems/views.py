import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tuijin.core.dates import today
from tuijin.core.lib.numbers import median_shown
from tuijin.core.uploads import serve_attachment
from tuijin.core.views import ObjectListView, error_text, filtered_link, int_param
from tuijin.projects.models import Project

from . import services
from .choices import ProblemStatus
from .filtersets import ProblemFilterSet
from .forms import DistributeForm, InstructionForm, ProblemForm, TextForm
from .ladder import cycle_days, ladder, level_name
from .models import Decision, Meeting, Problem, ProblemAttachment
from .querysets import problem_overdue_q, problem_solved_q
from .tables import ProblemTable


class ProblemListView(ObjectListView):
    model = Problem
    filterset_class = ProblemFilterSet
    table_class = ProblemTable
    template_name = "problems/problem_list.html"
    select_related = ("project__region", "category")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_raise"] = services.raisable_projects(self.request.user).exists()
        return context


class ProblemCreateView(LoginRequiredMixin, TemplateView):
    template_name = "problems/problem_form.html"

    def form(self, data=None, files=None):
        projects = services.raisable_projects(self.request.user).exclude(stage="withdrawn").order_by("name")
        initial = {}
        if project := self.asked_project():
            initial["project"] = project
        return ProblemForm(data, files, projects=projects, initial=initial)

    def asked_project(self):
        """The project named by ?project= (404 unless the user may raise problems on it), or None."""
        project_id = self.request.GET.get("project", "").strip()
        if not project_id:
            return None
        return get_object_or_404(services.raisable_projects(self.request.user),
                                 pk=project_id if project_id.isdigit() else 0)

    def get(self, request):
        project = self.asked_project()
        if project and (refusal := services.raise_refusal(project)):  # said in words, not a bare 404
            return self.render_to_response({"project": project, "refusal": refusal})
        return self.render_to_response({"form": self.form()})

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                problem = services.raise_problem(data["project"], actor=request.user, category=data["category"],
                                                 description=data["description"], help_wanted=data["help_wanted"],
                                                 attachments=data["attachments"])
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("问题已提出，项目办将交办责任部门。"))
                return redirect(problem)
        return self.render_to_response({"form": form}, status=400)


class ProblemDetailView(LoginRequiredMixin, TemplateView):
    template_name = "problems/problem_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        problem = get_object_or_404(Problem.objects.visible_to(user).select_related(
            "project__region", "category", "leader", "raised_by"), pk=self.kwargs["pk"])
        is_open = problem.is_open
        coordinator = services.is_coordinator_of(problem, user)
        levels = ladder()
        assignments = list(problem.assignments.select_related("department", "answered_by"))
        return {
            "problem": problem,
            # A department assigned the problem may not see the project itself: no link to a 404.
            "project_visible": Project.objects.visible_to(user).filter(pk=problem.project_id).exists(),
            "level_name": level_name(problem.level, levels),
            "levels": levels,
            "overdue": problem.is_overdue,
            "assignments": assignments,
            "events": problem.events.select_related("actor"),
            "attachments": problem.attachments.all(),
            "can_distribute": coordinator and is_open,
            "can_answer": problem.status == ProblemStatus.DISTRIBUTED
            and services.open_assignment_for(problem, user) is not None,
            "can_confirm": problem.status == ProblemStatus.ANSWERED and services.may_confirm(problem, user),
            "can_close": coordinator and problem.status == ProblemStatus.SOLVED,
            "can_escalate": is_open and problem.level + 1 < len(levels) and services.may_escalate(problem, user),
            "distribute_form": DistributeForm(initial={"departments": [a.department_id for a in assignments]}),
            "answer_form": TextForm(label=_("办理情况"), required=True),
            "escalate_form": TextForm(label=_("升级理由"), required=True),
            "meetings": problem.meetings.all(),
            "instruction_box": instructions_context(problem, user),
        }


class ProblemActionView(LoginRequiredMixin, View):
    """The steps of a problem, each a service call: 403 when not allowed, a message when refused."""

    ACTIONS = {"distribute", "answer", "confirm", "return", "close", "escalate"}

    def post(self, request, pk, action):
        if action not in self.ACTIONS:
            raise Http404
        problem = get_object_or_404(Problem.objects.visible_to(request.user).select_related(
            "project__region", "category", "raised_by"), pk=pk)
        text = request.POST.get("text", "")
        try:
            if action == "distribute":
                form = DistributeForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(error_text(form))
                services.distribute_problem(problem, actor=request.user, departments=list(form.cleaned_data["departments"]),
                                    deadline=form.cleaned_data["deadline"], note=form.cleaned_data["note"])
            elif action == "answer":
                services.answer_problem(problem, actor=request.user, text=text)
            elif action == "confirm":
                services.confirm_problem(problem, actor=request.user, solved=True, reason=text)
            elif action == "return":
                services.confirm_problem(problem, actor=request.user, solved=False, reason=text)
            elif action == "close":
                services.close_problem(problem, actor=request.user, note=text)
            elif action == "escalate":
                services.escalate_problem(problem, actor=request.user, reason=text)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("已保存。"))
        return redirect(problem)


class AttachmentFileView(LoginRequiredMixin, View):
    def get(self, request, attachment_id):
        attachment = get_object_or_404(ProblemAttachment, pk=attachment_id,
                                       problem__in=Problem.objects.visible_to(request.user))
        return serve_attachment(attachment.file, attachment.name)


def _list_link(**params):
    return filtered_link("problems:problem_list", **params)


class BoardView(LoginRequiredMixin, TemplateView):
    """The coordinator's board: this month's problem list against the cycle's dates."""

    template_name = "problems/board.html"

    def get_context_data(self, **kwargs):
        now = today()
        raise_by, distribute_by, meet_by = (datetime.date(now.year, now.month, min(day, 28)) for day in cycle_days())
        problems = Problem.objects.visible_to(self.request.user)
        raised = problems.filter(raised_on__year=now.year, raised_on__month=now.month).count()
        waiting = problems.filter(status=ProblemStatus.RAISED).count()
        held = (Meeting.objects.visible_to(self.request.user).held(now)
                .filter(date__year=now.year, date__month=now.month).count())
        steps = [
            (_("问题提出"), raise_by, raised, _("本月已提出%(n)s个问题") % {"n": raised},
             "done" if now > raise_by else "open", _list_link(year=now.year)),
            (_("交办责任部门"), distribute_by, waiting, _("待交办%(n)s个") % {"n": waiting},
             "done" if not waiting else ("late" if now > distribute_by else "open"),
             _list_link(status=ProblemStatus.RAISED)),
            (_("联席会议研究解决"), meet_by, held, _("本月已召开%(n)s次调度会") % {"n": held},
             "done" if held else ("late" if now > meet_by else "open"), reverse("meetings:meeting_list")),
        ]
        overdue = problems.overdue(now)
        levels = ladder()
        by_level = dict(problems.open().values_list("level").annotate(n=Count("pk")))
        return {"steps": steps, "today": now, "overdue": overdue.count(), "overdue_link": _list_link(overdue="true"),
                "levels": [(level, by_level.get(level.index, 0), _list_link(status="open", level=level.index))
                           for level in levels]}


class FiguresView(LoginRequiredMixin, TemplateView):
    """Raised / solved / overdue, solving rate and median days to solve, by one dimension."""

    template_name = "problems/figures.html"
    DIMENSIONS = {
        "department": (gettext_lazy("责任部门"), "assignments__department", "assignments__department__name"),
        "region": (gettext_lazy("区域"), "project__region", "project__region__name"),
        "category": (gettext_lazy("类别"), "category", "category__name"),
        "level": (gettext_lazy("协调层级"), "level", None),
    }

    def get_context_data(self, **kwargs):
        by = self.request.GET.get("by", "department")
        if by not in self.DIMENSIONS:
            by = "department"
        label, key, name_key = self.DIMENSIONS[by]
        year = int_param(self.request.GET.get("year"), today().year, 2000, 2100)
        problems = Problem.objects.visible_to(self.request.user).filter(raised_on__year=year)
        now = today()
        solved_q = problem_solved_q()
        values = [key] + ([name_key] if name_key else [])
        rows = (problems.values(*values).annotate(
            raised=Count("pk", distinct=True), solved=Count("pk", filter=solved_q, distinct=True),
            overdue=Count("pk", filter=problem_overdue_q(now), distinct=True))
            .order_by(key))
        durations = {}
        for group, raised_on, solved_on in problems.filter(solved_q, solved_on__isnull=False).values_list(
                key, "raised_on", "solved_on"):
            durations.setdefault(group, []).append((solved_on - raised_on).days)
        levels = ladder()
        param = {"department": "department", "region": "region", "category": "category", "level": "level"}[by]
        table = []
        for row in rows:
            group = row[key]
            if group is None:
                continue
            name = row[name_key] if name_key else level_name(group, levels)
            link = {param: group, "year": year}
            table.append({
                "name": name, "raised": row["raised"], "solved": row["solved"], "overdue": row["overdue"],
                "rate": row["solved"] * 100 / row["raised"] if row["raised"] else None,
                "median": median_shown(durations.get(group, ())),
                "raised_link": _list_link(**link), "solved_link": _list_link(status="done", **link),
                "overdue_link": _list_link(overdue="true", **link),
            })
        return {"rows": table, "by": by, "label": label, "year": year, "dimensions": self.DIMENSIONS.items()}


class ProjectProblemsView(LoginRequiredMixin, TemplateView):
    """The project page's 问题 tab (htmx): its problems as this user may see them."""

    template_name = "problems/project_tab.html"

    def get_context_data(self, **kwargs):
        project = get_object_or_404(Project.objects.visible_to(self.request.user), pk=self.kwargs["project_id"])
        return {"project": project,
                "problems": Problem.objects.visible_to(self.request.user).filter(project=project)
                .select_related("category"),
                "can_raise": services.raisable_projects(self.request.user).filter(pk=project.pk).exists(),
                "raise_refusal": services.raise_refusal(project),
                "instruction_box": instructions_context(project, self.request.user)}


def instructions_context(target, user, form=None):
    """The 批示和督办 box of a problem, a decision or a project: the notes, and a form for who may write."""
    name = target._meta.model_name
    kinds = services.instruction_kinds_for(target, user)
    if form is None and kinds:
        form = InstructionForm(kinds=kinds)
    url = {"problem": "problems:instructions", "project": "problems:project_instructions",
           "decision": "meetings:decision_instructions"}[name]
    return {"instructions": target.instructions.select_related("author"), "form": form if kinds else None,
            "post_url": reverse(url, args=[target.pk]), "box_id": f"instructions-{name}-{target.pk}"}


class InstructionView(LoginRequiredMixin, View):
    """POST a 批示 or 督办 note on a target the user may see (404 otherwise); answers the box, 400 with the
    message at the field when refused."""

    TARGETS = {"problem": Problem, "decision": Decision, "project": Project}

    def post(self, request, pk, target):
        obj = get_object_or_404(self.TARGETS[target].objects.visible_to(request.user), pk=pk)
        kinds = services.instruction_kinds_for(obj, request.user)
        if not kinds:
            raise PermissionDenied
        form = InstructionForm(request.POST, kinds=kinds)
        status = 400
        if form.is_valid():
            try:
                services.give_instruction(obj, form.cleaned_data["text"], actor=request.user,
                                          kind=form.cleaned_data["kind"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                form, status = None, 200
        return render(request, "problems/instructions.html", instructions_context(obj, request.user, form),
                      status=status)
