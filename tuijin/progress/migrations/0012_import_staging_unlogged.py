"""On PostgreSQL the staging table of imports is UNLOGGED: its rows are a preview's scratch copy, written
once and read once, and not worth the write-ahead log (a third of a large import's check). After a
crash PostgreSQL empties the table; the commit notices the missing rows and asks for the file again."""

from django.db import migrations


def _set(logged):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = apps.get_model("progress", "ImportRow")._meta.db_table
            schema_editor.execute(f"ALTER TABLE {table} SET {'LOGGED' if logged else 'UNLOGGED'}")
    return run


class Migration(migrations.Migration):

    dependencies = [("progress", "0011_report_indexes")]

    operations = [migrations.RunPython(_set(logged=False), _set(logged=True))]
