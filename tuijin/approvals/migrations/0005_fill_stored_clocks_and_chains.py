from django.db import migrations


def fill(apps, schema_editor):
    """The finished clocks, chains and tallies of the procedures already saved (set-based, `derived.py`)."""
    from tuijin.approvals.derived import rebuild_all

    rebuild_all()


class Migration(migrations.Migration):
    dependencies = [("approvals", "0004_stored_clocks_and_chains"), ("core", "0007_workday_index")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
