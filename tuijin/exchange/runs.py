"""Whether a step of an import runs now or in the task worker: a small file is read and saved while the page
waits, a large one (`services.in_background`) is queued, and the page or the API shows how far it got. The one
place the pages and the API ask."""

from django.db import transaction

from . import services, tasks


def check(batch):
    if services.in_background(batch):
        transaction.on_commit(lambda: tasks.check_list.enqueue(batch.pk))
    else:
        services.check(batch)


def recheck(batch, columns, *, actor):
    if services.in_background(batch):
        mapping = services.queue_recheck(batch, columns, actor=actor)
        transaction.on_commit(lambda: tasks.check_list.enqueue(batch.pk, mapping))
    else:
        services.recheck(batch, columns, actor=actor)


def commit(batch, *, actor):
    """{"new": n, "updated": u} when saved now; None when the worker will."""
    if services.in_background(batch):
        services.start_commit(batch, actor=actor)
        transaction.on_commit(lambda: tasks.commit_list.enqueue(batch.pk, actor.pk))
        return None
    return services.commit(batch, actor=actor)
