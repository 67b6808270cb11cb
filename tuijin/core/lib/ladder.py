"""The escalation ladder (问题协调层级) as the city writes it: "属地:5,市直部门:7,分管副市长:7:1,…".

Each level is 名称:办理时限（工作日）[:市领导层级 1 副市长 / 2 常务副市长 / 3 市长], levels separated by commas.
Django-free: the settings (core.parameters) validate with it, problems.ladder reads the parsed levels.
"""

from dataclasses import dataclass

RANKS = (1, 2, 3)


class LadderError(ValueError):
    pass


@dataclass(frozen=True)
class Level:
    index: int
    name: str
    days: int  # working days a problem has at this level
    rank: int | None  # the city leader's rank (LeaderRank) who holds it, None for 属地 and 市直部门


def parse_ladder(text):
    """'属地:5,市直部门:7,分管副市长:7:1' → [Level, …]; a LadderError names the level that is wrong."""
    levels = []
    entries = [entry for entry in str(text).replace("，", ",").replace("：", ":").split(",") if entry.strip()]
    if not entries:
        raise LadderError("问题协调层级不能为空，格式如“属地:5,市直部门:7,分管副市长:7:1”")
    for index, entry in enumerate(entries):
        parts = [part.strip() for part in entry.split(":")]
        where = f"第{index + 1}级“{entry.strip()}”"
        if len(parts) not in (2, 3) or not parts[0]:
            raise LadderError(f"{where}应写成“名称:办理时限工作日”或“名称:办理时限工作日:领导层级”")
        if not parts[1].isdigit() or int(parts[1]) < 1:
            raise LadderError(f"{where}的办理时限应为不小于1的整数（工作日）")
        rank = None
        if len(parts) == 3 and parts[2]:
            if not parts[2].isdigit() or int(parts[2]) not in RANKS:
                raise LadderError(f"{where}的领导层级应为1（副市长）、2（常务副市长）或3（市长）")
            rank = int(parts[2])
        levels.append(Level(index, parts[0], int(parts[1]), rank))
    return tuple(levels)


def format_ladder(levels):
    return ",".join(f"{level.name}:{level.days}" + (f":{level.rank}" if level.rank else "") for level in levels)
