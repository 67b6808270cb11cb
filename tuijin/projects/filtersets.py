import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuijin.core.filtersets import visible_regions
from tuijin.core.lib.project_code import normalize
from tuijin.org.models import Department, Leader

from .choices import INVESTMENT_BANDS, Category, Industry, Stage
from .models import Project, ProjectList

BANDS = {key: (lower, upper) for key, _label, lower, upper in INVESTMENT_BANDS}


def visible_lists(request):
    if request is None:
        return ProjectList.objects.none()
    return ProjectList.objects.visible_to(request.user).select_related("region")


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_text",
                                  widget=forms.TextInput(attrs={"placeholder": _("名称、项目单位或项目代码")}))
    region = django_filters.ModelChoiceFilter(label=_("区域（含下级）"), queryset=visible_regions,
                                              method="filter_region")
    stage = django_filters.MultipleChoiceFilter(label=_("项目阶段"), choices=Stage.choices,
                                                widget=forms.CheckboxSelectMultiple, distinct=False)
    start_year = django_filters.NumberFilter(label=_("开工年份"), field_name="actual_start", lookup_expr="year")
    industry = django_filters.ChoiceFilter(label=_("国民经济行业"), choices=Industry.choices)
    category = django_filters.ChoiceFilter(label=_("项目类别"), choices=Category.choices)
    project_list = django_filters.ModelChoiceFilter(label=_("所属清单"), queryset=visible_lists,
                                                    field_name="memberships__project_list")
    band = django_filters.ChoiceFilter(label=_("投资规模"), method="filter_band",
                                       choices=[(key, label) for key, label, _l, _u in INVESTMENT_BANDS])
    leader = django_filters.ModelChoiceFilter(label=_("包保领导"), queryset=Leader.objects.all())
    lead_department = django_filters.ModelChoiceFilter(label=_("牵头部门"), queryset=Department.objects.all())
    statistics_included = django_filters.BooleanFilter(
        label=_("是否入统"),
        widget=forms.Select(choices=[("", _("全部")), ("true", _("已入统")), ("false", _("未入统"))]),
    )
    intake = django_filters.ChoiceFilter(label=_("入库审核"), method="filter_intake", empty_label=_("全部"), choices=[
        ("pending", _("待入库审核")), ("counted", _("已计入统计")),
    ])
    lacking = django_filters.ChoiceFilter(label=_("配置缺口"), method="filter_lacking", choices=[
        ("leader", _("应配未配包保领导")), ("secretary", _("应配未配服务秘书")),
    ])

    class Meta:
        model = Project
        fields = ["q", "region", "stage", "start_year", "industry", "category", "project_list", "band", "leader",
                  "lead_department", "statistics_included", "intake", "lacking"]

    def filter_intake(self, queryset, name, value):
        return queryset.awaiting_intake() if value == "pending" else queryset.counted()

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(owner_unit__icontains=value)
                               | Q(code__icontains=normalize(value)))

    def filter_region(self, queryset, name, region):
        return queryset.filter(region__in=region.subtree().values("pk"))

    def filter_band(self, queryset, name, value):
        return queryset.in_band(*BANDS[value])

    def filter_lacking(self, queryset, name, value):
        if value == "leader":
            return queryset.lacking_leader()
        return queryset.lacking_secretary()
