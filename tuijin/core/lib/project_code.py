"""The national investment project code (项目代码), as `reference/project-code.md` describes it.

Current format (发改投资〔2020〕1439号, GB/T 40058-2021): `YYMM-RRRRRR-DD-TT-NNNNNC`.
Legacy format (2014–2020-10): `YYYY-RRRRRR-II-TT-NNNNNN`.
The check character's algorithm and the DD/TT tables are not confirmed, so they are not checked:
a code of the right form is accepted and the form's help says so.
"""

import re
from dataclasses import dataclass

CURRENT = "current"
LEGACY = "legacy"

_SHAPE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{5})([0-9A-Z])$")


@dataclass(frozen=True)
class ProjectCode:
    text: str
    format: str
    year: int
    month: int | None
    region_code: str


class ProjectCodeError(ValueError):
    pass


def normalize(text):
    """Codes are typed with full-width dashes, spaces and lower case; store one form."""
    text = (text or "").strip().upper()
    for dash in ("－", "—", "–", "‐", "一"):
        text = text.replace(dash, "-")
    return text.replace(" ", "")


def parse(text):
    code = normalize(text)
    if len(code) != 24:
        raise ProjectCodeError(f"项目代码应为24位（含4个“-”），现为{len(code)}位")
    match = _SHAPE.match(code)
    if not match:
        raise ProjectCodeError(
            "项目代码格式应为“年月-行政区划-部门-类型-流水号校验位”，如 2104-320582-89-01-596340"
        )
    first, region = match.group(1), match.group(2)
    head = int(first)
    if 2014 <= head <= 2020:
        if not match.group(6).isdigit():
            raise ProjectCodeError("旧版项目代码（2014—2020年）的最后6位应全为数字")
        return ProjectCode(code, LEGACY, head, None, region)
    year, month = int(first[:2]), int(first[2:])
    if year < 20 or not 1 <= month <= 12:
        raise ProjectCodeError(
            f"项目代码前4位“{first}”既不是2014—2020年的旧版年份，也不是2020年11月后新版的年月（YYMM）"
        )
    if year == 20 and month < 11:
        raise ProjectCodeError(f"新版项目代码自2020年11月起赋码，“{first}”早于此")
    return ProjectCode(code, CURRENT, 2000 + year, month, region)
