from django.db import migrations

ALL = ["industry", "infrastructure", "social", "ecology", "urban", "other"]
# name, stage, working-day limit, categories it applies to by default, is the construction permit
DEFAULTS = [
    ("项目审批/核准/备案", "land", 20, ALL, False),
    ("用地预审与选址意见书", "land", 20, ALL, False),
    ("建设用地规划许可证", "land", 20, ALL, False),
    ("环境影响评价批复", "land", 30, ALL, False),
    ("节能审查意见", "land", 20, ["industry", "infrastructure"], False),
    ("水土保持方案批复", "land", 20, ["industry", "infrastructure", "ecology"], False),
    ("建设工程规划许可证", "works", 20, ALL, False),
    ("施工图审查", "works", 10, ALL, False),
    ("施工许可证", "permit", 7, ALL, True),
]


def create(apps, schema_editor):
    ProcedureType = apps.get_model("approvals", "ProcedureType")
    for order, (name, stage, days, categories, permit) in enumerate(DEFAULTS):
        ProcedureType.objects.get_or_create(name=name, defaults={
            "stage": stage, "limit_days": days, "categories": categories, "is_construction_permit": permit,
            "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
