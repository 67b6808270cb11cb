"""The list import's long parts, run by the task worker (`manage.py db_worker`) for large files."""

from django.contrib.auth import get_user_model
from django_tasks import task

from . import services
from .models import ProjectImport


def _batch(batch_id):
    return ProjectImport.objects.select_related("region", "mapping", "user").get(pk=batch_id)


@task()
def check_list(batch_id, mapping=None):
    services.check(_batch(batch_id), mapping=mapping)


@task()
def commit_list(batch_id, user_id):
    try:
        services.commit(_batch(batch_id), actor=get_user_model().objects.get(pk=user_id))
    except Exception:  # noqa: BLE001, S110 — commit has put the batch back to be confirmed, with the reason
        return
