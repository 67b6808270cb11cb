import django_filters
from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from tuijin.core.filtersets import visible_regions
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project

from .choices import ReportStatus
from .models import MonthlyReport


class MonthlyReportFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    month = django_filters.NumberFilter(label=_("月份"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ReportStatus.choices)
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="project_id")
    region = django_filters.ModelChoiceFilter(label=_("区域（含下级）"), queryset=visible_regions,
                                              method="filter_region")

    class Meta:
        model = MonthlyReport
        fields = ["year", "month", "status", "project", "region"]

    def filter_region(self, queryset, name, region):
        return queryset.filter(project__region__in=region.subtree().values("pk"))


NOT_FILLED = "none"


class BatchFilterSet(django_filters.FilterSet):
    """The batch page's filters over the projects due in a period (`period` in the constructor)."""

    status = django_filters.ChoiceFilter(label=_("状态"), method="filter_status", empty_label=_("全部状态"),
                                         choices=[*ReportStatus.choices, (NOT_FILLED, _("未填"))])
    # Only these two stages report (`Project.objects.due_in`).
    stage = django_filters.ChoiceFilter(label=_("阶段"), empty_label=_("全部阶段"),
                                        choices=[(s.value, s.label) for s in (Stage.CONSTRUCTION, Stage.PREPARATION)])
    problem = django_filters.ChoiceFilter(label=_("问题"), method="filter_problem", empty_label=_("问题不限"),
                                          choices=[("yes", _("有未解决问题")), ("no", _("无未解决问题"))])
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")

    class Meta:
        model = Project
        fields = ["status", "stage", "problem", "q"]

    def __init__(self, *args, period, **kwargs):
        self.period = period
        super().__init__(*args, **kwargs)

    def filter_status(self, queryset, name, value):
        reports = MonthlyReport.objects.filter(period=self.period, project=OuterRef("pk"))
        if value == NOT_FILLED:
            return queryset.exclude(Exists(reports))
        return queryset.filter(Exists(reports.filter(status=value)))

    def filter_problem(self, queryset, name, value):
        open_problems = apps.get_model("problems", "Problem").objects.open().filter(project=OuterRef("pk"))
        return queryset.filter(Exists(open_problems)) if value == "yes" else queryset.exclude(Exists(open_problems))

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else queryset
