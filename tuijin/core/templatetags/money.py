from django import template
from django.utils.translation import gettext as _

from tuijin.core.lib.money import format_in, format_money
from tuijin.core.lib.schedule import percent as to_percent

register = template.Library()


@register.filter
def wan(value):
    """万元 figures as bulletins print them: 亿元 from 1 亿 up; in English "× 100M yuan" / "× 10k yuan"."""
    return format_money(value if value is not None else 0)


@register.filter
def in_unit(value, unit):
    """A 万元 figure as digits in its column's unit (see `column_unit`); "—" when there is none."""
    return format_in(value, unit) if value is not None else "—"


@register.filter
def unit_name(unit):
    """The name of a column's unit ("万元", "亿元") in the page's language."""
    return {"万元": _("万元"), "亿元": _("亿元")}[unit]


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def percent(rate):
    """A 0–1 rate as a percentage with two places."""
    return f"{to_percent(rate)}%"
