"""The escalation ladder and the monthly cycle, read from the city's settings (系统参数)."""

from dataclasses import dataclass

from tuijin.core.models import Setting


@dataclass(frozen=True)
class Level:
    index: int
    name: str
    days: int  # working days a problem has at this level
    rank: int | None  # the city leader's rank (LeaderRank) who holds it, None for 属地 and 市直部门


def ladder():
    levels = []
    for index, entry in enumerate(Setting.get("escalation_ladder").split(",")):
        parts = [part.strip() for part in entry.split(":")]
        rank = int(parts[2]) if len(parts) > 2 and parts[2] else None
        levels.append(Level(index, parts[0], int(parts[1]) if len(parts) > 1 else 7, rank))
    return levels


def level_name(index, levels=None):
    """The name of a level; a level past the end of a shortened ladder reads as its top."""
    levels = levels or ladder()
    return levels[min(index, len(levels) - 1)].name


def cycle_days():
    """(提出截止日, 交办截止日, 会议截止日) as days of the month."""
    raised, distributed, meeting = (int(day) for day in Setting.get("problem_cycle_days").split(","))
    return raised, distributed, meeting
