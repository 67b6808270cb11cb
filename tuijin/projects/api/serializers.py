from rest_framework import serializers

from ..models import Project


class ProjectSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    lead_department = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    leader = serializers.StringRelatedField()
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail")

    class Meta:
        model = Project
        fields = ["id", "url", "code", "name", "owner_unit", "region", "region_name", "address", "longitude",
                  "latitude", "industry", "category", "nature", "content", "total_investment", "stage",
                  "stage_display", "planned_start", "planned_completion", "actual_start", "actual_completion",
                  "lead_department", "leader", "statistics_included", "statistics_date", "version"]
