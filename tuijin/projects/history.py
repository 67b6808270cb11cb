"""The change history of a project as a person reads it: who, when, which fields, from what to what, why."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: object
    who: str
    kind: str
    reason: str
    changes: list = field(default_factory=list)


HIDDEN_FIELDS = {"version", "created_at", "updated_at", "owner_units"}  # owner_unit is its text


def _display(record, name, value, names):
    model_field = record.instance_type._meta.get_field(name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation and not model_field.many_to_many:
        return _name(model_field.related_model, value, names)
    if model_field.many_to_many:
        labels = []
        for row in value:
            labels.append(str(_name(model_field.related_model, row.get(model_field.m2m_reverse_field_name()), names)))
        return "、".join(labels) or "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return value


def _name(model, pk, names):
    """A related object's name, read once per history page however often it appears."""
    if (model, pk) not in names:
        target = model._default_manager.filter(pk=pk).first()
        names[(model, pk)] = str(target) if target else pk
    return names[(model, pk)]


def _changes(record, previous, names):
    """Every tracked field that differs. simple-history's diff_against skips non-editable fields
    (stage, actual start), which are exactly the ones a reader asks about."""
    changes = []
    for model_field in record.tracked_fields:
        if model_field.name in HIDDEN_FIELDS:
            continue
        old, new = getattr(previous, model_field.attname), getattr(record, model_field.attname)
        if old != new:
            changes.append(Change(str(model_field.verbose_name), _display(record, model_field.name, old, names),
                                  _display(record, model_field.name, new, names)))
    m2m_names = [f.name for f in record._history_m2m_fields]
    if m2m_names:
        for change in record.diff_against(previous, included_fields=m2m_names).changes:
            label = record.instance_type._meta.get_field(change.field).verbose_name
            changes.append(Change(str(label), _display(record, change.field, change.old, names),
                                  _display(record, change.field, change.new, names)))
    return changes


def history_entries(obj, limit=100):
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit + 1])
    entries, names = [], {}
    kinds = {"+": _("新建"), "~": _("修改"), "-": _("删除")}
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        entry = HistoryEntry(
            when=record.history_date,
            who=(record.history_user.get_full_name() or record.history_user.username) if record.history_user else _("系统"),
            kind=kinds.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
        )
        if previous is not None:
            entry.changes = _changes(record, previous, names)
        entries.append(entry)
    return entries
