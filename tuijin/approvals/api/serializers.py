from rest_framework import serializers

from ..models import ProcedureType, ProjectProcedure


class ProcedureTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcedureType
        fields = ["id", "name", "stage", "department", "limit_days", "categories", "is_construction_permit"]


class ProjectProcedureSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="procedure_type.name", read_only=True)
    limit_days = serializers.IntegerField(source="procedure_type.limit_days", read_only=True)
    elapsed_days = serializers.SerializerMethodField(help_text="已用工作日；未开始或所在年份日历未录入时为 null")
    over_limit = serializers.SerializerMethodField()
    version = serializers.IntegerField(required=False, help_text="修改时必填：读取时的版本号，用于防止覆盖他人的修改")

    class Meta:
        model = ProjectProcedure
        fields = ["id", "project", "procedure_type", "name", "department", "required", "status", "applied_on",
                  "approved_on", "authority", "document_number", "limit_days", "elapsed_days", "over_limit",
                  "version"]
        read_only_fields = ["project", "procedure_type", "department"]

    def _clock(self, procedure):
        return self.context["clock"](procedure)

    def get_elapsed_days(self, procedure) -> int | None:
        return self._clock(procedure).days

    def get_over_limit(self, procedure) -> bool:
        return self._clock(procedure).over


class NewProcedureSerializer(ProjectProcedureSerializer):
    """A procedure put on a project's checklist (or found there) and recorded in one call."""

    class Meta(ProjectProcedureSerializer.Meta):
        read_only_fields = ["department"]
        validators = []  # one per project and type: the service finds the existing one
