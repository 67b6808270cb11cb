"""`parse_file`: a list file → its sheets' headers and mappings, and every row parsed or reported."""

import itertools
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from . import values as V
from .header import SCAN_ROWS, find_header, normalise
from .mapping import column_key, propose
from .reader import Merges, open_sheets
from .rows import RowReader

SAMPLE = 30  # data rows looked at to place a shifted label or an unlabelled column


@dataclass
class SheetInfo:
    name: str
    header: object = None
    mapping: dict = field(default_factory=dict)
    unit: str | None = None
    skipped: str | None = None  # why the sheet holds no projects
    width: int = 0  # columns seen in the header and the first data rows
    notes: list = field(default_factory=list)


class ParseResult:
    """Iterate it for the rows (ParsedRow, sheet by sheet, a row at a time); `sheets` and `checks` fill
    as the rows go by, complete once iterated. Totals on top of a table are checked at its end: their
    row's problems are added then (the same ParsedRow object)."""

    def __init__(self, source, *, mapping=None, filename=None, regions=None, stage_words=None):
        self.source, self.mapping, self.filename, self.regions = source, mapping, filename, regions
        self.stage_words = {**V.STAGE_WORDS, **(stage_words or {})}
        self.sheets, self.checks = [], []
        self.expected_rows = 0  # the heights of the sheets opened so far: how far along a long file is
        self.opened = open_sheets(source, filename=filename)  # the workbook is read from now on

    def __iter__(self):
        for sheet in self.opened:
            yield from self._sheet(sheet)

    def _sheet(self, sheet):
        info = SheetInfo(sheet.name)
        self.sheets.append(info)
        self.expected_rows += sheet.height
        merges = Merges(sheet.merges)
        rows = iter(sheet.rows)
        raw = [list(r) for r in itertools.islice(rows, SCAN_ROWS)]
        # A header's merged cells read in every column they span; a data row's only in their first (below).
        first = [merges.fill(i, list(r)) for i, r in enumerate(raw)]
        header = find_header(first, merges, known=set(self.mapping or ()))
        if header is None:
            start = next((i for i, r in enumerate(first) if sum(1 for c in r if not V.is_empty(c)) >= 2), None)
            if start is None:
                info.skipped = _("没有找到表头或项目行")
                return
            header_end, columns, unit = start - 1, {}, None
        else:
            header_end, unit = header.last_row, header.unit
            columns = {c.index: c for c in header.columns}
        # A section or note merged across the table reads once, not as a row of details ("一、续建项目" in every cell).
        data = ((i, merges.fill(i, r, across=False))
                for i, r in itertools.chain(enumerate(raw), enumerate(rows, start=SCAN_ROWS)) if i > header_end)
        # A look at the first rows for labels one column off and columns without a header.
        sample = list(itertools.islice(data, SAMPLE))
        data = itertools.chain(sample, data)
        width = max([len(r) for _, r in sample] + [len(columns)] or [0])
        info.width = width
        names = [(i, columns[i].name if i in columns else "") for i in range(width)]
        # A label merged across two columns reads in both: the second is a column without a header.
        names = [(i, "" if i and n and n == names[i - 1][1] else n) for i, n in names]
        mapping = self.mapping if self.mapping is not None else propose(names)
        by_index = {i: mapping[column_key(i, n)] for i, n in names if column_key(i, n) in mapping}
        if self.mapping is None:
            by_index = _adjust(by_index, names, [r for _, r in sample], info, self.stage_words)
            mapping = {column_key(i, dict(names)[i]): f for i, f in by_index.items()}
        info.header, info.mapping, info.unit = header, mapping, unit
        if "name" not in by_index.values():
            info.skipped = _("没有项目名称列（汇总表或选项表），不导入")
            return
        if unit is None and not any(columns.get(i) and columns[i].unit for i in by_index):
            info.notes.append(_("表中未注明金额单位，按万元读取"))
        units = {i: (columns[i].unit if i in columns and columns[i].unit else unit) for i in by_index}
        reader = RowReader(sheet.name, by_index, mapping, units, sheet_stage=V.stage_of(sheet.name, self.stage_words),
                           regions=self.regions, plan_year=header.title_year if header else None)
        reader.stage_words = self.stage_words
        reader.years = {i: columns[i].year for i in by_index if i in columns and columns[i].year}
        reader.headers = {c.name for c in columns.values() if c.name and "/" not in c.name}
        reader.errors = sheet.errors
        carry = {i for i, f in by_index.items() if f == "category"} if header is None else set()
        carried = {}
        for index, cells in data:
            for i in carry:  # a headerless category column names the rows below it
                if i < len(cells) and not V.is_empty(cells[i]):
                    carried[i] = cells[i]
                elif i in carried:
                    while len(cells) <= i:
                        cells.append("")
                    cells[i] = carried[i]
            covered = ()
            if index in merges.by_row and reader.name_col is not None:
                merges.fill_into(index, cells, reader.name_col)
                covered = merges.covered_from_above(index)
            if reader.name_col in covered:
                row = reader.read_continued(index + 1, cells, covered)  # the project above, one more of its rows
            else:
                row = reader.read(index + 1, cells)
            if row is not None:
                yield row
        reader.finish()
        self.checks += reader.checks


def _values(sample, index):
    return [r[index] for r in sample if index < len(r) and not V.is_empty(r[index])]


def _serial_like(values):
    # A note or a section label in the first column ("备注：…", "一、交通") is no evidence either way.
    values = [v for v in values if not (isinstance(v, str) and len(v) > 8)]
    return bool(values) and sum(1 for v in values if V.serial_of(v) and str(V.serial_of(v)).isdigit()) >= len(values) * 0.8


def _texty(values):
    texts = [V.clean_text(v) for v in values if isinstance(v, str)]
    return bool(values) and len(texts) >= len(values) * 0.8 and sum(len(t) for t in texts) / len(texts) >= 4


def _adjust(by_index, names, sample, info, stage_words):
    """Fix the proposal from the first data rows: a 项目名称 label over serial numbers with the names
    one column right under an empty header; columns without a header read by what they hold."""
    by_index = dict(by_index)
    labels = dict(names)
    name_col = next((i for i, f in by_index.items() if f == "name"), None)
    if name_col is not None and _serial_like(_values(sample, name_col)):
        right = name_col + 1
        if not labels.get(right) and _texty(_values(sample, right)):
            del by_index[name_col]
            if "serial" not in by_index.values():
                by_index[name_col] = "serial"
            by_index[right] = "name"
            info.notes.append(_("“项目名称”标在%(a)s列，名称在%(b)s列") % {
                "a": get_column_letter(name_col + 1), "b": get_column_letter(right + 1)})
    taken = set(by_index.values())
    for index, label in names:
        if label or index in by_index:
            continue
        values = _values(sample, index)
        if not values:
            continue
        if "serial" not in taken and not taken - {"category"} and _serial_like(values):
            by_index[index] = "serial"
            taken.add("serial")
        elif all(V.stage_of(v, stage_words) for v in values) and "stage" not in taken:
            by_index[index] = "stage"
            taken.add("stage")
        elif "name" not in taken and _texty(values) and len(set(map(str, values))) >= len(values) * 0.8:
            by_index[index] = "name"
            taken.add("name")
        elif "category" not in taken and all(isinstance(v, str) for v in values) and (
                all(V.category_of(v) for v in values) or ("name" not in taken and not _texty(values))):
            by_index[index] = "category"
            taken.add("category")
    return by_index


def parse_file(source, *, mapping=None, filename=None, regions=None, stage_words=None):
    """Parse a list file (path, bytes or binary file; .xlsx/.xls/.csv). `mapping` ({column key: field},
    as `SheetInfo.mapping` gives) replaces the proposed one; `regions` an org.region_names.RegionMatcher; `stage_words`
    the city's own stage words ({word: Stage}) over `values.STAGE_WORDS`."""
    return ParseResult(source, mapping=mapping, filename=filename, regions=regions, stage_words=stage_words)


__all__ = ["parse_file", "ParseResult", "SheetInfo", "normalise"]
