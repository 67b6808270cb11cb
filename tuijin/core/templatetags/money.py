from django import template

from tuijin.core.lib.money import format_wan

register = template.Library()


@register.filter
def wan(value):
    """万元 figures as bulletins print them: 亿元 from 1 亿 up."""
    return format_wan(value if value is not None else 0)
