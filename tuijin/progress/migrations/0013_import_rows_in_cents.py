"""The staging table of imports keeps amounts in whole cents. Rows staged before this change are in
万元 and would be read a hundred times too small: previews waiting for confirmation are voided (the
clerk uploads the file again) and their rows dropped before the columns change."""

from django.db import migrations, models


def void_previews(apps, schema_editor):
    ImportBatch = apps.get_model("progress", "ImportBatch")
    waiting = ImportBatch.objects.filter(status__in=["checking", "preview"])
    waiting.update(status="failed", errors=["系统升级后检查结果已作废，未保存；请重新上传文件"])
    apps.get_model("progress", "ImportRow").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('progress', '0012_import_staging_unlogged'),
    ]

    operations = [
        migrations.RunPython(void_previews, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='importrow',
            name='completed',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='fund_bank_loans',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='fund_central_budget',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='fund_other',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='fund_policy_finance',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='fund_provincial',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='fund_self_raised',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='fund_special_bonds',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='old_completed',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='since_start_before',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='importrow',
            name='ytd_before',
            field=models.BigIntegerField(default=0),
        ),
    ]
