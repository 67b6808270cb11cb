from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import ExternalFigure, Target


class TargetSerializer(serializers.ModelSerializer):
    """A target and, read-only, how it stands for the caller today (`standing` in the view's context)."""

    version = serializers.IntegerField(required=False, help_text=_("修改时必填：读取时的版本号，用于防止覆盖他人的修改"))
    scope = serializers.CharField(source="scope_param", read_only=True)
    unit = serializers.SerializerMethodField()
    actual = serializers.SerializerMethodField()
    expected = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    gap = serializers.SerializerMethodField()
    rows_url = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = ["id", "version", "plan", "parent", "year", "end_year", "title", "indicator", "filters", "region",
                  "department", "project_list", "scope", "checkpoint", "comparator", "value", "unit", "lead_unit",
                  "responsible_units", "basis", "clause", "note", "task_status", "evidence",
                  "actual", "expected", "status", "gap", "rows_url"]
        read_only_fields = ["plan"]

    def _standing(self, target):
        return self.context["standings"](target)

    def get_unit(self, target):
        return target.indicator_def.unit if target.indicator_def else None

    def _exact(self, number):
        return None if number is None else str(number)

    def get_actual(self, target):
        return self._exact(self._standing(target).actual)

    def get_expected(self, target):
        return self._exact(self._standing(target).expected)

    def get_status(self, target):
        return self._standing(target).status if target.is_numeric else target.task_status or None

    def get_gap(self, target):
        return self._exact(self._standing(target).gap)

    def get_rows_url(self, target):
        url = self._standing(target).rows_url
        return self.context["request"].build_absolute_uri(url) if url else None


class ExternalFigureSerializer(serializers.ModelSerializer):
    """外部数据: a region's figure of a month (万元, or % for a growth), with its source and date."""

    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = ExternalFigure
        fields = ["id", "kind", "region", "region_code", "year", "month", "value", "unit", "source", "reported_on",
                  "note"]
        read_only_fields = ["unit"]
        # The one-per-month constraint is checked by the service (full_clean), as on the page.
        validators = []
