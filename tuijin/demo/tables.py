"""Emptying the bench's tables through their models: no table names in SQL, each table before the ones it
points to. Bench data only: these deletes send no signals, write no history and follow no cascade."""

from django.apps import apps


def raw_delete(queryset):
    """One DELETE statement for the queryset's rows."""
    return queryset._raw_delete(queryset.db)


def in_delete_order(models):
    """`models` ordered so that each comes before every model of the list that it points to."""
    remaining, ordered = list(models), []
    while remaining:
        pointed_at = {field.related_model for model in remaining for field in model._meta.concrete_fields
                      if field.is_relation and field.related_model is not model}
        free = [model for model in remaining if model not in pointed_at]
        if not free:
            raise ValueError(f"这些表互相引用，无法确定删除顺序：{[m._meta.label for m in remaining]}")
        ordered += free
        remaining = [model for model in remaining if model not in free]
    return ordered


def clear_app(label):
    """Empty every table of one app (its history and many-to-many tables included)."""
    for model in in_delete_order(apps.get_app_config(label).get_models(include_auto_created=True)):
        raw_delete(model._base_manager.all())
