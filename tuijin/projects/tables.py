import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Project


class ProjectTable(tables.Table):
    code = tables.Column(verbose_name=_("项目代码"))
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__path",))
    total_investment = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    lead_department = tables.Column(order_by=("lead_department__sort_order",))
    leader = tables.Column(order_by=("leader__rank", "leader__name"))
    secretary = tables.Column(accessor="secretary__first_name", order_by=("secretary__first_name",))
    statistics_included = tables.BooleanColumn()
    planned_start = tables.DateColumn(format="Y-m-d")
    actual_start = tables.DateColumn(format="Y-m-d")
    planned_completion = tables.DateColumn(format="Y-m-d")
    actual_completion = tables.DateColumn(format="Y-m-d")

    # Shown when the user has not chosen columns.
    default_columns = ["code", "name", "region", "stage", "category", "total_investment", "actual_start",
                       "lead_department", "leader"]

    class Meta:
        model = Project
        fields = ["code", "name", "owner_unit", "region", "stage", "category", "industry", "nature",
                  "total_investment", "planned_start", "actual_start", "planned_completion", "actual_completion",
                  "lead_department", "leader", "secretary", "statistics_included"]
        order_by = ("-total_investment",)

    def render_total_investment(self, value):
        return f"{value:,.2f}"

    def value_total_investment(self, value):
        return value

    def value_stage(self, record):
        return record.get_stage_display()

    @classmethod
    def column_choices(cls):
        return [(name, column.verbose_name) for name, column in cls.base_columns.items()]
