from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from tuijin.core.concurrency import ConcurrentEditError, conflict_message, differences
from tuijin.core.dates import today
from tuijin.core.scope import scope_of
from tuijin.core.views import error_text, int_param
from tuijin.projects.models import Project

from . import services
from .views import instructions_context
from .forms import DecisionForm, MeetingForm, TextForm
from .models import Decision, Meeting, Problem
from .querysets import problem_open_q


def _home_region(user):
    """The region a coordinator's meetings belong to: the top of its scope."""
    return scope_of(user).home_region


class MeetingListView(LoginRequiredMixin, TemplateView):
    template_name = "problems/meeting_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        region = _home_region(user)
        decisions = Decision.objects.visible_to(user).select_related("meeting").prefetch_related("departments")
        return {"meetings": Meeting.objects.visible_to(user).select_related("chair"),
                "can_add": region is not None and services.may_run_meetings(user, region),
                "overdue_decisions": decisions.overdue()}


def _meeting_form(user, data=None, *, meeting=None, initial=None):
    """The agenda offers the open problems (and their projects) the user sees; a meeting being corrected
    keeps what its agenda has, even a problem solved since."""
    open_problems = problem_open_q()
    open_projects = problem_open_q("problems__")
    if meeting is not None:
        open_problems |= Q(pk__in=meeting.problems.values("pk"))
        open_projects |= Q(pk__in=meeting.projects.values("pk"))
    problems = Problem.objects.visible_to(user).filter(open_problems).select_related("project")
    projects = Project.objects.visible_to(user).filter(open_projects).distinct()
    return MeetingForm(data, problems=problems, projects=projects, instance=meeting, initial=initial)


def _meeting_values(form):
    """The meeting's own fields from a valid form; the agenda and the version go to the service apart."""
    return {name: value for name, value in form.cleaned_data.items() if name not in ("version", "problems", "projects")}


class MeetingCreateView(LoginRequiredMixin, TemplateView):
    template_name = "problems/meeting_form.html"

    def form(self, data=None):
        user = self.request.user
        escalated = Problem.objects.visible_to(user).open().filter(level__gte=1)
        return _meeting_form(user, data, initial={"date": today(), "problems": escalated.values_list("pk", flat=True)})

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.region = _home_region(request.user)
            if self.region is None or not services.may_run_meetings(request.user, self.region):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render_to_response({"form": self.form()})

    def post(self, request):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        values = _meeting_values(form)
        try:
            meeting = services.create_meeting(self.region, actor=request.user, problems=form.cleaned_data["problems"],
                                              projects=form.cleaned_data["projects"], **values)
        except ValidationError as error:
            form.add_error(None, error_text(error))
            return self.render_to_response({"form": form}, status=400)
        return redirect(meeting)


class MeetingEditView(LoginRequiredMixin, TemplateView):
    """Correct a meeting's details and agenda (who, when, where, which problems and projects)."""

    template_name = "problems/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("region"),
                                             pk=kwargs["pk"])
            if not services.may_run_meetings(request.user, self.meeting.region):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render_to_response({"form": _meeting_form(request.user, meeting=self.meeting),
                                        "meeting": self.meeting})

    def post(self, request, pk):
        form = _meeting_form(request.user, request.POST, meeting=self.meeting)
        if not form.is_valid():
            return self.render_to_response({"form": form, "meeting": self.meeting}, status=400)
        values = _meeting_values(form)
        try:
            services.update_meeting(self.meeting, actor=request.user, expected_version=form.cleaned_data["version"],
                                    problems=form.cleaned_data["problems"], projects=form.cleaned_data["projects"],
                                    **values)
        except ConcurrentEditError as conflict:
            form.add_error(None, conflict_message(conflict.current))
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version  # saving again is now deliberate
            return self.render_to_response({"form": form, "meeting": self.meeting,
                                            "conflict": differences(conflict.current, values)}, status=409)
        except ValidationError as error:
            form.add_error(None, error_text(error))
            return self.render_to_response({"form": form, "meeting": self.meeting}, status=400)
        messages.success(request, _("调度会信息已保存"))
        return redirect(self.meeting)


class MeetingDetailView(LoginRequiredMixin, TemplateView):
    template_name = "problems/meeting_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        meeting = get_object_or_404(Meeting.objects.visible_to(user).select_related("chair", "region"),
                                    pk=self.kwargs["pk"])
        decisions = meeting.decisions.prefetch_related("departments", "updates__actor")
        problems = meeting.problems.select_related("project", "category")
        # A department invited by a decision sees the agenda, but opens only the problems assigned to it.
        openable = set(Problem.objects.visible_to(user).filter(meetings=meeting).values_list("pk", flat=True))
        return {"meeting": meeting, "decisions": [(d, services.may_follow_up(d, user), instructions_context(d, user))
                                                  for d in decisions],
                "problems": [(problem, problem.pk in openable) for problem in problems],
                "projects": meeting.projects.all(),
                "can_edit": services.may_run_meetings(user, meeting.region),
                "decision_form": DecisionForm(), "follow_form": TextForm(label=_("进展情况"), required=True)}


class DecisionAddView(LoginRequiredMixin, View):
    def post(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("region"), pk=pk)
        if not services.may_run_meetings(request.user, meeting.region):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, error_text(form))
            return redirect(meeting)
        try:
            services.add_decision(meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect(meeting)


class DecisionFollowView(LoginRequiredMixin, View):
    def post(self, request, pk):
        decision = get_object_or_404(Decision.objects.visible_to(request.user).select_related("meeting__region"),
                                     pk=pk)
        text = request.POST.get("text", "")
        try:
            services.follow_up(decision, actor=request.user, text=text, done="done" in request.POST,
                               expected_version=int_param(request.POST.get("version"), None, 1))
        except ValidationError as error:
            messages.error(request, error_text(error))
        except ConcurrentEditError as conflict:
            latest = conflict.current.updates.order_by("-at", "-pk").first()
            messages.error(request, _("您填写期间，%(who)s已更新第%(n)s项议定事项（最新进展：%(latest)s），您的记录未保存。"
                                      "请核对后重新提交；您填写的是：%(mine)s") % {
                "who": latest.actor.get_full_name() or latest.actor.username if latest else _("他人"),
                "n": decision.number, "latest": latest.text if latest else "—", "mine": text})
        return redirect(decision.meeting)
