"""Open a list file (.xlsx, .xls, .ods through python-calamine; .csv with the csv module) as sheets, each
an iterator of rows (lists of cell values, one per column from column A), read a row at a time.

calamine parses a sheet into its own (Rust) memory; rows become Python objects one at a time, so what
Python holds does not grow with the row count. A CSV is read line by line.
"""

import codecs
import csv
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, SheetTypeEnum

OLE2 = b"\xd0\xcf\x11\xe0"  # .xls (and .doc) files
ZIP = b"PK\x03\x04"


class ReadError(ValueError):
    """A file that cannot be read as a list; the message says why, in Chinese."""


@dataclass
class Sheet:
    name: str
    rows: object  # an iterator of lists of cell values; row i of it is the sheet's row i (0-based)
    merges: list = field(default_factory=list)  # [((row, col), (last_row, last_col))], 0-based, inclusive
    height: int = 0  # rows in the sheet as the workbook says; 0 when unknown (a CSV read line by line)


class Merges:
    """Merged ranges of a sheet, filling a row's cells as the rows go by: the range's top-left value is
    remembered on its row and copied into the other cells. `across` fills along the row, `down` into the
    rows below (a category column merged down over its projects)."""

    def __init__(self, ranges):
        self.by_row = {}
        for (top, left), (bottom, right) in ranges or ():
            if (top, left) == (bottom, right):
                continue
            for row in range(top, bottom + 1):
                self.by_row.setdefault(row, []).append((top, left, bottom, right))
        self.origins = {}

    def fill(self, index, cells, *, across=True, down=True):
        for top, left, bottom, right in self.by_row.get(index, ()):
            if top == index:
                value = cells[left] if left < len(cells) else ""
                if bottom > top:
                    self.origins[(top, left)] = value
                columns = range(left + 1, right + 1) if across else ()
            else:
                value = self.origins.get((top, left), "")
                columns = (range(left, right + 1) if across else (left,)) if down else ()
            if value in ("", None):
                continue
            for col in columns:
                while len(cells) <= col:
                    cells.append("")
                if cells[col] in ("", None):
                    cells[col] = value
        return cells

    def covered_from_above(self, index):
        """The columns of row `index` inside a merge that starts on a row above it."""
        return {col for top, left, _bottom, right in self.by_row.get(index, ()) if top < index
                for col in range(left, right + 1)}

    def spans_at(self, index):
        return self.by_row.get(index, [])


def _sniff(head, name):
    if head.startswith(ZIP) or head.startswith(OLE2):
        return "workbook"
    suffix = os.path.splitext(name or "")[1].lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        return "workbook"
    return "csv"


def open_sheets(source, *, filename=None):
    """The sheets of `source` (a path, bytes or a binary file object), in workbook order: an iterable that
    starts reading the workbook at once (see `Workbook`)."""
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    if isinstance(source, (str, os.PathLike)):
        filename = filename or os.fspath(source)
        with open(source, "rb") as handle:
            head = handle.read(8)
    else:
        filename = filename or getattr(source, "name", "")
        head = source.read(8)
        source.seek(0)
    if _sniff(head, filename) == "csv":
        return _csv_sheets(source, filename)
    return Workbook(source)


class Workbook:
    """A workbook's worksheets, each parsed by calamine in a thread of its own while the caller does other work:
    calamine parses without holding Python's lock, so the file is read on the second core while the caller
    prepares (the import loads the district's projects) and, sheet by sheet, while the previous sheet's rows
    are read. One sheet at a time is held parsed ahead; an unreadable file raises `ReadError` when iterated.
    It is iterated once."""

    def __init__(self, source):
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="calamine")
        self.book = self.pool.submit(self._open, source)
        self.first = self.pool.submit(self._next_sheet, 0)

    def _open(self, source):
        try:
            if isinstance(source, (str, os.PathLike)):
                book = CalamineWorkbook.from_path(os.fspath(source))
            else:
                book = CalamineWorkbook.from_filelike(source)
        except Exception as error:  # calamine raises its own types for every kind of damage
            raise _Unreadable(type(error).__name__) from None
        # Chart sheets and macro sheets hold no rows.
        return book, [meta.name for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]

    def _next_sheet(self, index):
        book, names = self.book.result()
        if index >= len(names):
            return None
        sheet = book.get_sheet_by_name(names[index])
        return Sheet(names[index].strip(), _calamine_rows(sheet), list(sheet.merged_cell_ranges or []),
                     sheet.height or 0)

    def __iter__(self):
        try:
            coming, index = self.first, 0
            while (sheet := _result(coming)) is not None:
                index += 1
                coming = self.pool.submit(self._next_sheet, index)
                yield sheet
        finally:
            self.pool.shutdown(wait=False, cancel_futures=True)


class _Unreadable(Exception):
    """Raised in the reading thread; the caller's thread says why in its own language (`_result`)."""


def _result(future):
    try:
        return future.result()
    except _Unreadable as unreadable:
        raise ReadError(_("文件无法作为Excel工作簿读取（%(e)s）：请用Excel打开后另存为.xlsx再上传")
                        % {"e": unreadable.args[0]}) from None


def _calamine_rows(sheet):
    """calamine yields rows from row 0 but columns from the first used one: put column A back."""
    offset = sheet.start[1] if sheet.start else 0
    pad = [""] * offset
    for row in sheet.iter_rows():
        yield pad + row if offset else row


def _encoding(source):
    """utf-8 (with or without BOM) when every byte decodes so, else gb18030; read in blocks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    opened = isinstance(source, (str, os.PathLike))
    handle = open(source, "rb") if opened else source
    try:
        while block := handle.read(1 << 20):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"
    finally:
        if opened:
            handle.close()
        else:
            handle.seek(0)


def _csv_sheets(source, filename):
    encoding = _encoding(source)
    name = os.path.splitext(os.path.basename(filename or ""))[0] or "CSV"

    def rows():
        opened = isinstance(source, (str, os.PathLike))
        handle = open(source, "rb") if opened else source
        try:
            text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
            try:
                yield from csv.reader(text)
            finally:
                text.detach()
        finally:
            if opened:
                handle.close()

    yield Sheet(name, rows(), [])
