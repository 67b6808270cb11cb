"""Optimistic locking: a save that started from an old version is refused, never merged silently."""

from django.db.models import F


class ConcurrentEditError(Exception):
    def __init__(self, current):
        self.current = current
        super().__init__("该记录已被他人修改")


def claim_version(obj, expected_version):
    """Bump the row's version if it is still `expected_version`; otherwise raise with the current row.

    Call inside a transaction, then save the object: the UPDATE holds the row until commit.
    """
    model = type(obj)
    claimed = model._default_manager.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise ConcurrentEditError(model._default_manager.get(pk=obj.pk))
    obj.version = expected_version + 1
