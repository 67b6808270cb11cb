from rest_framework import serializers

from ..models import FILLER_FIELDS, AnnualPlan, MonthlyReport, ReportingPeriod


class ReportingPeriodSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "region", "year", "month", "deadline", "status", "closed_at"]


class MonthlyReportSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)

    class Meta:
        model = MonthlyReport
        fields = ["id", "project", "project_name", "period", "year", "month", *FILLER_FIELDS, "ytd", "since_start",
                  "status", "submitted_at", "reviewed_at", "return_reason", "jump_flag", "version"]


class AnnualPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualPlan
        fields = ["id", "project", "year", "planned_investment", "planned_start_month", "planned_completion_month",
                  "monthly_plan"]
