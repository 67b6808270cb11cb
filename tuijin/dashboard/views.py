from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Max, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from tuijin.core.dates import today
from tuijin.core.lib import schedule
from tuijin.core.lib.money import column_unit
from tuijin.core.models import Notification, Setting
from tuijin.core.scope import scope_of
from tuijin.org.models import Leader
from tuijin.problems.models import Decision, Problem
from tuijin.progress.choices import PeriodStatus
from tuijin.progress.cumulative import month_end
from tuijin.progress.models import AnnualPlan, MonthlyReport, ReportingPeriod, YearToDate
from tuijin.progress.summaries import schedule_month, schedule_thresholds
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project

from .todo import todo_for

# Items per section on the home page; the 待办 page lists more.
HOME_TODO_ITEMS = 5
TODO_PAGE_ITEMS = 50


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        projects = Project.objects.visible_to(self.request.user).counted()
        year = today().year
        by_stage = {stage: (n, total) for stage, n, total in
                    projects.values_list("stage").annotate(n=Count("pk"), s=Sum("total_investment"))
                    .values_list("stage", "n", "s")}
        stages = [{"value": s.value, "label": s.label, "count": by_stage.get(s.value, (0, 0))[0],
                   "investment": by_stage.get(s.value, (0, 0))[1] or 0} for s in Stage]
        periods = ReportingPeriod.objects.visible_to(self.request.user).filter(status=PeriodStatus.OPEN)
        leader = Leader.objects.filter(user=self.request.user).first()
        return {
            "todo": todo_for(self.request.user, shown=HOME_TODO_ITEMS),
            "leader": leader,
            "notifications": Notification.objects.filter(user=self.request.user).unread()[:5],
            "open_periods": periods.select_related("region")[:3],
            "year": year,
            "stages": stages,
            "total": sum(n for n, _total in by_stage.values()),
            "new_starts": projects.new_starts(year).count(),
            "continuing": projects.continuing(year).count(),
            "lacking_leader": projects.lacking_leader(Setting.get_decimal("leader_threshold")).count(),
            "lacking_secretary": projects.lacking_secretary(Setting.get_decimal("secretary_threshold")).count(),
        }


class TodoView(LoginRequiredMixin, TemplateView):
    """待办: every section of what waits for the user, more items each than the home page shows."""

    template_name = "dashboard/todo.html"

    def get_context_data(self, **kwargs):
        return {"todo": todo_for(self.request.user, shown=TODO_PAGE_ITEMS), "today": today()}


class InboxView(LoginRequiredMixin, TemplateView):
    """收件箱: the user's notifications; opening the page marks them read."""

    template_name = "dashboard/inbox.html"

    def get_context_data(self, **kwargs):
        notifications = list(Notification.objects.filter(user=self.request.user)[:200])
        unread = [n.pk for n in notifications if n.read_at is None]
        Notification.objects.filter(pk__in=unread).mark_read(timezone.now())
        return {"notifications": notifications, "unread": set(unread)}


class NotificationOpenView(LoginRequiredMixin, View):
    """Follow a notification's link (from the home page or the inbox): marked read, then on to its page.
    Another user's notification is 404."""

    def get(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk, user=request.user)
        Notification.objects.filter(pk=notification.pk).mark_read(timezone.now())
        safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
        return redirect(notification.url if notification.url and safe else "inbox")


def _visible_leader(user, pk):
    leader = get_object_or_404(Leader.objects.select_related("region", "user"), pk=pk)
    if not (leader.user_id == user.pk or scope_of(user).touches(leader.region)):
        raise Http404
    return leader


class LeaderView(LoginRequiredMixin, TemplateView):
    """包保: a leader's projects with stage and 序时进度, problems at its level or on its projects, and
    overdue decisions of the meetings it chaired."""

    template_name = "dashboard/leader.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        leader = _visible_leader(user, self.kwargs["pk"])
        now = today()
        # A city leader's 包保 projects; a district's own leader's, those it leads as 区级责任领导.
        packaged = Project.objects.visible_to(user).filter(Q(leader=leader) | Q(district_leader=leader))
        projects = list(packaged.counted().select_related("region").order_by("-total_investment"))
        # Registered in their real stage and not yet confirmed: named, but outside the figures until 入库审核.
        awaiting = list(packaged.awaiting_intake().order_by("-total_investment"))
        ids = [p.pk for p in projects]
        # 序时进度 on the month 序时进度 opens on: the last closed one, whose figures are final.
        year, month, default_period = schedule_month(self.request.GET, user, now)
        plans = dict(AnnualPlan.objects.filter(project_id__in=ids, year=year)
                     .values_list("project_id", "planned_investment"))
        ytd = dict(YearToDate.objects.filter(project_id__in=ids, year=year)
                   .values_list("project_id", month_end(month)))
        weights, yellow, red = schedule_thresholds()
        expected = schedule.expected_share(month, weights)
        rows = []
        for project in projects:
            done, plan = ytd.get(project.pk), plans.get(project.pk)
            rate, gap, status = schedule.judge(done, plan, expected, yellow, red) if plan else (None, None, None)
            rows.append({"project": project, "plan": plan, "ytd": done,
                         "rate": schedule.percent(rate) if rate is not None else None, "gap": gap,
                         "status": status})
        unit = column_unit([figure for r in rows for figure in (r["plan"], r["ytd"])])
        units = {"plan": unit, "ytd": unit}
        problems = (Problem.objects.visible_to(user).open()
                    .filter(Q(leader=leader) | Q(project_id__in=ids)).select_related("project", "category"))
        decisions = (Decision.objects.visible_to(user).overdue(now).filter(meeting__chair=leader)
                     .select_related("meeting").prefetch_related("departments"))
        return {"leader": leader, "rows": rows, "awaiting": awaiting, "problems": problems, "decisions": decisions,
                "today": now,
                "year": year, "month": month, "default_period": default_period, "units": units,
                "expected": schedule.percent(expected)}
