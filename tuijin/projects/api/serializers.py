from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tuijin.core.lib.project_code import ProjectCodeError, normalize, parse
from tuijin.org.models import Department, Region

from ..choices import Stage
from ..models import Project, ProjectList


class ProjectSerializer(serializers.ModelSerializer):
    """Reads and writes a project. Writes go through services; `version` must be the one read."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    lead_department = serializers.SlugRelatedField(slug_field="slug", queryset=Department.objects.all(),
                                                   required=False, allow_null=True)
    responsible_departments = serializers.SlugRelatedField(slug_field="slug", many=True, required=False,
                                                           queryset=Department.objects.all())
    owner_units = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, allow_empty=False,
        help_text=_("项目单位（可多个）；只写 owner_unit 时按顿号、逗号、分号拆分"))
    district_leader_name = serializers.StringRelatedField(source="district_leader", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail")
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    actual_start = serializers.DateField(required=False, allow_null=True)
    actual_completion = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, help_text=_("修改时必填：读取时的版本号，用于防止覆盖他人的修改"))

    class Meta:
        model = Project
        fields = ["id", "url", "code", "name", "owner_units", "owner_unit", "source", "intake_pending", "region", "region_name", "address", "longitude",
                  "latitude", "industry", "category", "nature", "content", "total_investment", "stage",
                  "stage_display", "planned_start", "planned_completion", "actual_start", "actual_completion",
                  "construction_permit", "lead_department", "responsible_departments", "leader", "district_leader",
                  "district_leader_name",
                  "statistics_included", "statistics_date", "signed_date", "signing_party", "landing_status",
                  "contact", "version"]
        # The permit number comes from the 施工许可证 procedure. On registration `stage` and the actual dates may be given: an existing project registered as it
        # stands (then 待入库审核). Afterwards they move only through /transition/.
        read_only_fields = ["construction_permit", "intake_pending"]
        extra_kwargs = {"owner_unit": {"required": False}}

    def validate(self, data):
        moved = [f for f in ("stage", "actual_start", "actual_completion")
                 if self.instance is not None and f in data and data[f] != getattr(self.instance, f)]
        if moved:
            raise serializers.ValidationError({f: [_("阶段和实际日期请通过 transition 变更")] for f in moved})
        if "owner_units" in data:
            data["owner_unit"] = "、".join(u.strip() for u in data["owner_units"] if u.strip())
        elif "owner_unit" in data:
            data["owner_units"] = []  # split from the text on save
        return data

    def validate_code(self, value):
        if not value:
            return None
        try:
            return parse(normalize(value)).text
        except ProjectCodeError as error:
            raise serializers.ValidationError(str(error)) from None


class TransitionSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    effective_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    construction_permit = serializers.CharField(required=False, allow_blank=True, default="")
    override = serializers.BooleanField(required=False, default=False)


class ResumptionSerializer(serializers.Serializer):
    """复工: the day the project resumed work, and a note."""

    day = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    id = serializers.IntegerField(read_only=True)


class ProjectListSerializer(serializers.ModelSerializer):
    """A list a city keeps (六个清单, 集中开工批次 …): by rule (总投资不低于, categories, stages) or by hand."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = ProjectList
        fields = ["id", "name", "year", "region", "rule", "min_total_investment", "categories", "include_stages"]
        validators = []  # one name per region and year: the service's full_clean says so, as in the admin


class MembershipSerializer(serializers.Serializer):
    project = serializers.IntegerField(help_text=_("项目ID"))
