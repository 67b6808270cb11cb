from django import template

from tuijin.core.lib.money import format_money
from tuijin.core.lib.schedule import percent as to_percent

register = template.Library()


@register.filter
def wan(value):
    """万元 figures as bulletins print them: 亿元 from 1 亿 up; in English "× 100M yuan" / "× 10k yuan"."""
    return format_money(value if value is not None else 0)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def percent(rate):
    """A 0–1 rate as a percentage with two places."""
    return f"{to_percent(rate)}%"
