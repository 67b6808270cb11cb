"""Optimistic locking: a save that started from an old version is refused, never merged silently."""

from django.db.models import F
from django.utils.translation import gettext as _


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


def advance_version(obj, expected_version=None):
    """Before saving an edit: claim `expected_version` when the caller read one (a page, the API), else
    just count the edit, so that anyone else holding the old version is refused."""
    if expected_version is None:
        obj.version += 1
    else:
        claim_version(obj, expected_version)


def last_editor(obj):
    """Who saved the current version, for the conflict message (from the object's history)."""
    history = getattr(obj, "history", None)
    record = history.select_related("history_user").first() if history is not None else None
    if record and record.history_user:
        return record.history_user.get_full_name() or record.history_user.username
    return _("他人")


def differences(current, mine):
    """The fields where `mine` (name → value the user posted) differs from the saved `current` row:
    [{"label", "mine", "theirs"}], values as a person reads them, for showing both versions."""
    rows = []
    for name, value in mine.items():
        field = current._meta.get_field(name)
        theirs = getattr(current, name)
        if (value or None) == (theirs or None):
            continue
        if field.choices:
            choices = dict(field.flatchoices)
            value, theirs = choices.get(value, value), choices.get(theirs, theirs)
        rows.append({"label": field.verbose_name, "mine": value, "theirs": theirs})
    return rows


def conflict_message(current):
    return _("您编辑期间，%(who)s已保存了新的版本。下面列出两边不同的内容；请核对后再次保存（将以您的填写为准），"
             "或刷新页面放弃修改。") % {"who": last_editor(current)}


def conflict_text(current, mine):
    """The conflict message and both versions on one line, for places that show a message, not a table."""
    rows = differences(current, mine)
    both = "；".join(_("%(label)s：已保存“%(theirs)s”，您填写“%(mine)s”") % {
        "label": row["label"], "theirs": row["theirs"] if row["theirs"] not in (None, "") else "—",
        "mine": row["mine"] if row["mine"] not in (None, "") else "—"} for row in rows)
    return f"{conflict_message(current)}{both or _('字段值相同，仅版本号不同。')}"
