"""Background work of the monthly cycle, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from . import imports
from .models import ImportBatch


@task()
def check_import(batch_id):
    imports.check(ImportBatch.objects.select_related("period", "user").get(pk=batch_id))


@task()
def commit_import(batch_id):
    imports.commit(ImportBatch.objects.select_related("period", "user").get(pk=batch_id))
