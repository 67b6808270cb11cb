import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from tuijin.core.tables import FastTable

from .models import Project


class ProjectTable(FastTable):
    code = tables.Column(verbose_name=_("项目代码"))
    region = tables.Column(order_by=("region__path",))
    lead_department = tables.Column(order_by=("lead_department__sort_order",))
    leader = tables.Column(order_by=("leader__rank", "leader__name"))
    district_leader = tables.Column(order_by=("district_leader__name",))
    secretary = tables.Column(accessor="secretary__first_name", order_by=("secretary__first_name",))

    link_columns = ("name",)
    link_url_name = "projects:project"  # Project.get_absolute_url
    number_columns = ("total_investment",)
    # Shown when the user has not chosen columns.
    default_columns = ["code", "name", "region", "stage", "category", "total_investment", "actual_start",
                       "lead_department", "leader"]

    class Meta:
        model = Project
        fields = ["code", "name", "owner_unit", "region", "stage", "category", "industry", "nature",
                  "total_investment", "planned_start", "actual_start", "planned_completion", "actual_completion",
                  "lead_department", "leader", "district_leader", "secretary", "statistics_included"]
        order_by = ("-total_investment",)

    def value_total_investment(self, value):
        return value

    def value_stage(self, record):
        return record.get_stage_display()
