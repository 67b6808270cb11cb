from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Sum
from django.views.generic import TemplateView

from tuijin.core.dates import today
from tuijin.core.models import Setting
from tuijin.progress.choices import PeriodStatus
from tuijin.progress.models import Reminder, ReportingPeriod
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        projects = Project.objects.visible_to(self.request.user)
        year = today().year
        by_stage = {stage: (n, total) for stage, n, total in
                    projects.values_list("stage").annotate(n=Count("pk"), s=Sum("total_investment"))
                    .values_list("stage", "n", "s")}
        stages = [{"value": s.value, "label": s.label, "count": by_stage.get(s.value, (0, 0))[0],
                   "investment": by_stage.get(s.value, (0, 0))[1] or 0} for s in Stage]
        periods = ReportingPeriod.objects.visible_to(self.request.user).filter(status=PeriodStatus.OPEN)
        return {
            "reminders": Reminder.objects.filter(user=self.request.user, read_at=None).select_related("period")[:5],
            "open_periods": periods.select_related("region")[:3],
            "year": year,
            "stages": stages,
            "total": sum(n for n, _total in by_stage.values()),
            "new_starts": projects.new_starts(year).count(),
            "continuing": projects.continuing(year).count(),
            "lacking_leader": projects.lacking_leader(Setting.get_decimal("leader_threshold")).count(),
            "lacking_secretary": projects.lacking_secretary(Setting.get_decimal("secretary_threshold")).count(),
        }
