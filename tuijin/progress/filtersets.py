import django_filters
from django.utils.translation import gettext_lazy as _

from tuijin.core.filtersets import visible_regions

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
