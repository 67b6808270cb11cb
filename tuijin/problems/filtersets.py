import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuijin.core.filtersets import visible_regions
from tuijin.org.models import Department

from .choices import ProblemStatus
from .ladder import ladder
from .models import Problem, ProblemCategory
from .querysets import problem_overdue_q


def level_choices():
    """The levels of the city's ladder (系统参数 escalation_ladder), by index as stored on a problem."""
    return list(enumerate(level.name for level in ladder()))


class ProblemFilterSet(django_filters.FilterSet):
    """The same filters serve the problem list and the figures' links (each figure opens its rows)."""

    q = django_filters.CharFilter(label=_("搜索（项目名称、问题描述）"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=[("open", _("未解决")), ("done", _("已解决（含销号）")), *ProblemStatus.choices],
                                         method="filter_status")
    category = django_filters.ModelChoiceFilter(label=_("类别"), queryset=ProblemCategory.objects.all())
    level = django_filters.ChoiceFilter(label=_("协调层级"), choices=level_choices, empty_label=_("全部"))
    region = django_filters.ModelChoiceFilter(label=_("区域（含下级）"), queryset=visible_regions,
                                              method="filter_region")
    department = django_filters.ModelChoiceFilter(label=_("责任部门"), queryset=Department.objects.all(),
                                                  method="filter_department")
    # "true" is what the figures' links send; "false" is every problem not overdue (open or solved).
    overdue = django_filters.ChoiceFilter(label=_("是否逾期"), method="filter_overdue", empty_label=_("全部"),
                                          choices=[("true", _("仅看逾期")), ("false", _("未逾期"))])
    year = django_filters.NumberFilter(label=_("提出年度"), field_name="raised_on__year")
    leader = django_filters.NumberFilter(label=_("协调领导"), field_name="leader_id")
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="project_id")

    class Meta:
        model = Problem
        fields = ["q", "status", "category", "level", "region", "department", "overdue", "year", "leader", "project"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(project__name__icontains=value) | Q(description__icontains=value))

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "done":
            return queryset.solved()
        return queryset.filter(status=value)

    def filter_region(self, queryset, name, region):
        return queryset.filter(project__region__in=region.subtree().values("pk"))

    def filter_department(self, queryset, name, department):
        return queryset.filter(pk__in=Problem.objects.filter(assignments__department=department).values("pk"))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "true" else queryset.exclude(problem_overdue_q())
