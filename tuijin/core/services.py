"""Changes to core's own state: the city's 系统参数."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import audit, parameters
from .models import Setting
from .scope import scope_of

audit.register_kinds({"setting.update": _("修改系统参数")})


def may_change_settings(user):
    return scope_of(user).everything or user.has_perm("core.change_setting")


@transaction.atomic
def update_setting(key, value, *, actor, reason=""):
    """Validate and save one parameter, with its history and one change-log entry (before → after).

    `actor=None` is the system itself (seeds, tests); a person must be an administrator.
    """
    entry = parameters.parameter(key)
    if actor is not None and not may_change_settings(actor):
        raise PermissionDenied(_("只有系统管理员可以修改系统参数"))
    try:
        text = entry.kind.format(entry.parse(value))
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from None
    row = Setting.objects.select_for_update().filter(key=key).first() or Setting(key=key)
    before = row.value if row.pk else entry.default
    row.value, row.description = text, entry.meaning
    row._history_user = actor
    row._change_reason = reason
    row.save()
    audit.record("setting.update", actor=actor, subject=row, reason=reason,
                 summary=_("系统参数“%(n)s”：%(a)s → %(b)s") % {"n": entry.name, "a": before, "b": text},
                 changes={entry.name: [before, text]} if before != text else {}, data={"key": key})
    return row
