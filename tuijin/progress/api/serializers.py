from rest_framework import serializers

from tuijin.org.models import Region

from ..models import FILLER_FIELDS, AnnualPlan, MonthlyReport, ReportingPeriod


class ReportingPeriodSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "region", "year", "month", "deadline", "status", "closed_at"]


class ChaseSerializer(serializers.Serializer):
    regions = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Region.objects.all(), required=False,
                                           help_text="只催报这些区域（代码）；留空为本期全部区域")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="重新开启的原因（必填）")


class MonthlyReportSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    version = serializers.IntegerField(required=False, help_text="修改时必填：读取时的版本号，用于防止覆盖他人的修改")
    amend_reason = serializers.CharField(required=False, write_only=True, max_length=500,
                                         help_text="项目办修正已审核或已关闭填报期的月报时必填：修正原因")

    class Meta:
        model = MonthlyReport
        fields = ["id", "project", "project_name", "period", "year", "month", *FILLER_FIELDS, "ytd", "since_start",
                  "status", "submitted_at", "reviewed_at", "return_reason", "jump_flag", "version", "amend_reason"]
        read_only_fields = ["project", "period"]


class AnnualPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualPlan
        fields = ["id", "project", "year", "planned_investment", "planned_start_month", "planned_completion_month",
                  "monthly_plan"]


class OpenPeriodSerializer(serializers.Serializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), help_text="区域代码")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    deadline = serializers.DateField(required=False, help_text="报送截止日；留空按规则（当月25日，遇节假日顺延）")


class NewReportSerializer(MonthlyReportSerializer):
    """A report saved for the first time: the project and the period are named (the batch page's row save)."""

    class Meta(MonthlyReportSerializer.Meta):
        read_only_fields = []


class ReturnReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="退回原因")


class PlanWriteSerializer(AnnualPlanSerializer):
    class Meta(AnnualPlanSerializer.Meta):
        validators = []  # one plan per project and year: the service updates the existing one
