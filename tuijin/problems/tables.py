from functools import cached_property

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tuijin.core.tables import FastTable

from .ladder import ladder, level_name
from .models import Problem


class ProblemTable(FastTable):
    raised_on = tables.Column(_("提出日期"))
    project = tables.Column(_("项目"), accessor="project__name")
    region = tables.Column(_("区域"), accessor="project__region__name", order_by="project__region__code")
    category = tables.Column(_("类别"), accessor="category__name")
    description = tables.Column(_("问题"))
    status = tables.Column(_("状态"))
    level = tables.Column(_("协调层级"))
    deadline = tables.Column(_("办理时限"))

    link_columns = ("description",)
    link_url_name = "problems:problem"  # Problem.get_absolute_url
    nowrap_columns = ("raised_on", "region", "category", "status", "level", "deadline")
    default_columns = ["raised_on", "project", "region", "category", "description", "status", "level", "deadline"]

    class Meta:
        model = Problem
        fields = ()

    @cached_property
    def levels(self):
        return ladder()  # read once per page, not per row

    def cell_text(self, record, bound_column):
        if bound_column.name == "description":
            return record.description[:40]
        if bound_column.name == "level":
            return level_name(record.level, self.levels)
        if bound_column.name == "deadline" and record.is_overdue:
            return format_html('<span class="badge bg-red text-red-fg">{} {}</span>', record.deadline, _("逾期"))
        return super().cell_text(record, bound_column)
