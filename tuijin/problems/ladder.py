"""The escalation ladder and the monthly cycle, read from the city's settings (系统参数)."""

import dataclasses

from django.utils.translation import gettext, gettext_noop

from tuijin.core.models import Setting

# The default ladder's level names, so that the catalog translates them; names a city writes itself
# are shown as written.
LEVEL_NAMES = [gettext_noop("属地"), gettext_noop("市直部门"), gettext_noop("分管副市长"), gettext_noop("常务副市长"),
               gettext_noop("市长")]


def ladder():
    """The levels, parsed and validated once per request (core.parameters), named in the page's language."""
    levels = Setting.typed("escalation_ladder")
    names = [gettext(level.name) for level in levels]
    if names == [level.name for level in levels]:
        return levels  # Chinese: the parsed levels themselves, parsed once per request
    return [dataclasses.replace(level, name=name) for level, name in zip(levels, names)]


def level_name(index, levels=None):
    """The name of a level; a level past the end of a shortened ladder reads as its top."""
    levels = levels or ladder()
    return levels[min(index, len(levels) - 1)].name


def cycle_days():
    """(提出截止日, 交办截止日, 会议截止日) as days of the month."""
    raised, distributed, meeting = Setting.typed("problem_cycle_days")
    return raised, distributed, meeting
