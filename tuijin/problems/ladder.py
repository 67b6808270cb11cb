"""The escalation ladder and the monthly cycle, read from the city's settings (系统参数)."""

from tuijin.core.models import Setting


def ladder():
    """The levels, parsed and validated once per request (core.parameters)."""
    return Setting.typed("escalation_ladder")


def level_name(index, levels=None):
    """The name of a level; a level past the end of a shortened ladder reads as its top."""
    levels = levels or ladder()
    return levels[min(index, len(levels) - 1)].name


def cycle_days():
    """(提出截止日, 交办截止日, 会议截止日) as days of the month."""
    raised, distributed, meeting = Setting.typed("problem_cycle_days")
    return raised, distributed, meeting
