"""A decision keeps every responsible department chosen (issue 17): its one department becomes a set."""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def copy_department(apps, schema_editor):
    Decision = apps.get_model("problems", "Decision")
    through = Decision.departments.through
    through.objects.bulk_create(
        through(decision_id=pk, department_id=department_id)
        for pk, department_id in Decision.objects.filter(department__isnull=False).values_list("pk", "department_id"))


def copy_back(apps, schema_editor):
    Decision = apps.get_model("problems", "Decision")
    for row in Decision.departments.through.objects.order_by("decision_id", "department_id"):
        Decision.objects.filter(pk=row.decision_id, department__isnull=True).update(department_id=row.department_id)


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0002_account_profile'),
        ('problems', '0004_instructions'),
    ]

    operations = [
        migrations.AlterField(
            model_name='decision',
            name='department',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='org.department', verbose_name='责任单位'),
        ),
        migrations.AddField(
            model_name='decision',
            name='departments',
            field=models.ManyToManyField(blank=True, related_name='decisions', to='org.department', verbose_name='责任单位'),
        ),
        migrations.CreateModel(
            name='HistoricalDecision_departments',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('decision', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='problems.decision')),
                ('department', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.department')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='problems.historicaldecision')),
            ],
            options={
                'verbose_name': 'HistoricalDecision_departments',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(copy_department, copy_back),
        migrations.RemoveField(
            model_name='decision',
            name='department',
        ),
        migrations.RemoveField(
            model_name='historicaldecision',
            name='department',
        ),
    ]
