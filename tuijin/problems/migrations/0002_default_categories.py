from django.db import migrations

# Categories named in the policy documents; days: 山西 "13710" settles a problem within 7 working days.
DEFAULTS = [("用地", 10), ("规划", 7), ("环评", 10), ("资金", 10), ("征拆", 15), ("水电气暖", 7), ("审批", 7),
            ("施工环境", 5), ("其他", 7)]


def create(apps, schema_editor):
    Category = apps.get_model("problems", "ProblemCategory")
    for order, (name, days) in enumerate(DEFAULTS):
        Category.objects.get_or_create(name=name, defaults={"days": days, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
