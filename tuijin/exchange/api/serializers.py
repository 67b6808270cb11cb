from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tuijin.org.models import Region

from ..models import ImportRow, ListMapping, ProjectImport


class ProjectImportSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    rows_workbook = serializers.SerializerMethodField()
    saving = serializers.SerializerMethodField()

    class Meta:
        model = ProjectImport
        fields = ["id", "file_name", "region", "status", "mapping", "total", "done", "counts", "notes", "columns",
                  "failure", "created_at", "committed_at", "rows_workbook", "saving"]
        read_only_fields = fields

    def get_saving(self, batch) -> dict | None:
        """While the worker saves: {"done", "total", "step": "projects" | "plans"}; else null."""
        return batch.saving

    def get_rows_workbook(self, batch) -> str:
        request = self.context.get("request")
        url = f"/exchange/imports/{batch.pk}/rows.xlsx"
        return request.build_absolute_uri(url) if request else url


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_(".xlsx、.xls 或 .csv"))
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(),
                                          help_text=_("默认区域代码：行内没有写区域或无法识别时归入该区域"))
    mapping = serializers.PrimaryKeyRelatedField(queryset=ListMapping.objects.all(), required=False, allow_null=True,
                                                 help_text=_("已保存的列对应；不填则按表头自动识别"))


class ImportRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRow
        fields = ["id", "sheet", "number", "action", "decision", "name", "values", "changes", "reasons", "match",
                  "ratio", "project"]
        read_only_fields = fields


class DecisionsSerializer(serializers.Serializer):
    decisions = serializers.DictField(child=serializers.ChoiceField(choices=[c for c, _l in ImportRow.DECISIONS]),
                                      help_text=_("{疑似重复行的ID: new | update | skipped}"))


class ColumnsSerializer(serializers.Serializer):
    columns = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                    help_text=_("{列（表头文字或“列C”）: 字段}；空字段表示不导入"))
