"""Find a list's header among its first rows: one row, or a parent row over child rows; its unit."""

import re
import unicodedata
from dataclasses import dataclass, field

from .mapping import FIELD_OF, field_for

SCAN_ROWS = 15
# "(亿元)", "(亿)", "(单位:万元)", "/亿元" or a trailing 亿元 in a header cell; "单位：万元", "金额：亿元" or a bare "(亿元)"
# line above the table.
UNIT_IN_HEADER = re.compile(r"\((?:单位:|金额:)?(元|万元|亿元|亿|万)\)|(?<=[^\d])(亿元|万元)$")
UNIT_NOTE = re.compile(r"(?:单位|金额)[:：]?\s*(?:[个项、，,\s]*)(亿元|万元|元)|^\((亿元|万元|元)\)$")
SHORT_UNITS = {"亿": "亿元", "万": "万元"}
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def normalise(value):
    """Header text compared by its words: full-width folded, spaces and line breaks gone."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"\s+", "", text).replace("：", ":")


def split_unit(name):
    """("总投资额(亿元)") → ("总投资额", "亿元")."""
    match = UNIT_IN_HEADER.search(name)
    if not match:
        return name, None
    unit = match.group(1) or match.group(2)
    return (name[: match.start()] + name[match.end():]).strip().rstrip("/"), SHORT_UNITS.get(unit, unit)


@dataclass
class Column:
    index: int
    name: str  # normalised, unit taken off; "parent/child" for a two-row header
    unit: str | None = None
    year: int | None = None


@dataclass
class Header:
    first_row: int  # 0-based
    last_row: int
    columns: list
    unit: str | None  # the table's money unit from a note line; None when no line says
    title_year: int | None = None
    notes: list = field(default_factory=list)


def _score(cells, known=()):
    names = [split_unit(normalise(c))[0] for c in cells]
    return sum(1 for name in names if name and (name in known or field_for(name)[0] is not None))


def _is_header_like(cells):
    """A row of short texts and no numbers (a child header row)."""
    texts = [normalise(c) for c in cells if c not in ("", None)]
    return bool(texts) and all(isinstance(c, str) for c in cells if c not in ("", None)) and all(
        len(t) <= 30 and not re.fullmatch(r"\(?\d+[)、.]?", t) for t in texts)


def find_header(first_rows, merges=None, known=()):
    """The header of a sheet from its first rows (already merge-filled), or None when no row reads as one.
    `known`: header texts of a saved mapping, counted like the known spellings."""
    best, best_score = None, 0
    for index, cells in enumerate(first_rows[:SCAN_ROWS]):
        score = _score(cells, known)
        if score > best_score:
            best, best_score = index, score
    if best is None or best_score < 2:
        return None
    # A parent row over the best one: its cells merged down into it (序号, 项目名称 over two rows) — the parent
    # holds what the child row does not, such as "投资（亿元）" over 总投资 and 2025年计划投资.
    while best > 0 and _is_header_like(first_rows[best - 1]) and _score(first_rows[best - 1], known) >= 1 and \
            _merged_into(merges, best - 1, best):
        best -= 1
    rows = [first_rows[best]]
    last = best
    while last + 1 < len(first_rows) and len(rows) < 3:
        below = first_rows[last + 1]
        if not _is_header_like(below) or not _continues(rows[-1], below, merges, last):
            break
        rows.append(below)
        last += 1
    width = max(len(r) for r in rows)
    columns = []
    for col in range(width):
        parts = []
        for row in rows:
            text = normalise(row[col] if col < len(row) else "")
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        name = _join(parts)
        name, unit = split_unit(name)
        if unit is None and "/" in name:
            parent, child = name.split("/", 1)
            parent, unit = split_unit(parent)
            name = f"{parent}/{child}"
        columns.append(Column(col, name, unit, field_for(name)[1]))
    unit, title_year, notes = None, None, []
    for cells in first_rows[:best]:
        text = normalise("".join(str(c) for c in cells if c not in ("", None)))
        match = UNIT_NOTE.search(text)
        if match and unit is None:
            unit = match.group(1) or match.group(2)
        year = YEAR.search(text)
        if year and title_year is None:
            title_year = int(year.group(1))
        if text:
            notes.append(text)
    return Header(best, last, columns, unit, title_year, notes)


def _join(parts):
    """Words of one column over the header rows: "建设起"+"止年限" joined where that makes a known
    spelling, else parent/child ("2024年计划投资/小计")."""
    if not parts:
        return ""
    name = parts[0]
    for part in parts[1:]:
        joined = name + part
        if split_unit(joined)[0] in FIELD_OF or (field_for(split_unit(joined)[0])[0] and not field_for(part)[0]
                                                 and not field_for(name)[0]):
            name = joined
        else:
            name = f"{name}/{part}"
    return name


def _merged_into(merges, upper_index, lower_index):
    """Whether a cell of row `upper_index` is merged down over row `lower_index`."""
    return merges is not None and any(top == upper_index and bottom >= lower_index
                                      for top, _left, bottom, _right in merges.spans_at(upper_index))


def _continues(upper, below, merges, upper_index):
    """Whether `below` carries on the header row `upper`: a parent merged over it, a word split over
    both, or known field words of its own."""
    if merges is not None:
        for top, left, bottom, right in merges.spans_at(upper_index):
            if top == upper_index and (right > left or bottom > top):
                return True
    if _score(below) >= 2:
        return True
    for col, cell in enumerate(below):
        if cell in ("", None) or col >= len(upper):
            continue
        joined = split_unit(normalise(upper[col]) + normalise(cell))[0]
        if joined in FIELD_OF:
            return True
    return False
