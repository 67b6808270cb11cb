"""A district's own leader (rank 区县领导) set as a project's 包保领导 — list imports did so before the rule that
a 包保领导 is a city leader — becomes its 区级责任领导, so those projects can be saved again."""

from django.db import migrations

DISTRICT = 0  # org.LeaderRank.DISTRICT


def forwards(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    for project in Project.objects.filter(leader__rank=DISTRICT).select_related("leader"):
        if project.district_leader_id is None:
            project.district_leader_id = project.leader_id
        elif project.district_leader_id != project.leader_id:
            project.leader_text = "、".join(filter(None, [project.leader_text, project.leader.name]))[:100]
        project.leader_id = None
        project.save(update_fields=["leader", "district_leader", "leader_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_indicator_indexes"),
        ("org", "0004_region_former_names"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
