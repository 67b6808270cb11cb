"""Open a list file (.xlsx, .xls, .ods through python-calamine; .csv with the csv module) as sheets, each
an iterator of rows (lists of cell values, one per column from column A), read a row at a time.

calamine parses a sheet into its own (Rust) memory; rows become Python objects one at a time, so what
Python holds does not grow with the row count. A CSV is read line by line.
"""

import codecs
import csv
import html
import io
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string
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
    errors: set = field(default_factory=set)  # (row, col) of cells holding a formula error, which read as empty


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

    def fill_into(self, index, cells, col):
        """A merge along row `index` from a column left of `col` over it (芜湖 "B14:C14": the name written in the
        merge's first cell): its value read in `col` as well, when `col` is empty."""
        for top, left, _bottom, right in self.by_row.get(index, ()):
            # Two cells only: a merge across the table is a section's or a note's, read in its first cell.
            if top == index and right == col == left + 1 and left < len(cells) and cells[left] not in ("", None):
                while len(cells) <= col:
                    cells.append("")
                if cells[col] in ("", None):
                    cells[col] = cells[left]
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
        self.source = source
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
                     sheet.height or 0, formula_errors(self.source, names[index]))

    def __iter__(self):
        try:
            coming, index = self.first, 0
            while (sheet := _result(coming)) is not None:
                index += 1
                coming = self.pool.submit(self._next_sheet, index)
                yield sheet
        finally:
            self.pool.shutdown(wait=False, cancel_futures=True)


TAG = re.compile(rb"<(?:\w+:)?(sheet|Relationship)\b([^>]*)>")
ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"')


def _tags(xml, name):
    """The attributes of each `name` tag in `xml`, {attribute: value}, whatever their order. Read by pattern, not by
    an XML parser: an uploaded file's entities are never expanded."""
    return [{k.decode(): html.unescape(v.decode()) for k, v in ATTRIBUTE.findall(attributes)}
            for tag, attributes in TAG.findall(xml) if tag == name]


def formula_errors(source, sheet_name):
    """{(row, col)}, 0-based, of the cells of an .xlsx sheet that hold a formula's error (#REF!, #DIV/0! …), which
    calamine reads as empty: a project row is then told its amount is an error, not left without it silently.
    Empty for other formats and for a sheet it cannot find. Read in the reading thread (decompressing holds no
    Python lock)."""
    try:
        if not isinstance(source, (str, os.PathLike)):
            source.seek(0)
        with zipfile.ZipFile(source) as book:
            ids = {sheet.get("name"): sheet.get("r:id") for sheet in _tags(book.read("xl/workbook.xml"), b"sheet")}
            targets = {rel.get("Id"): rel.get("Target", "") for rel in
                       _tags(book.read("xl/_rels/workbook.xml.rels"), b"Relationship")}
            target = targets[ids[sheet_name]].lstrip("/")
            with book.open(target if target.startswith("xl/") else "xl/" + target) as xml:
                return _error_cells(xml)
    except (zipfile.BadZipFile, KeyError, OSError):
        return set()


def _error_cells(xml):
    """The cells marked t="e" in a sheet's XML, read a block at a time (a long sheet is never held whole); a block
    keeps the end of the one before, so a cell's tag cut between two blocks is still seen whole."""
    found, carried = set(), b""
    while block := xml.read(BLOCK):
        text = carried + block
        at = text.find(b't="e"')
        while at != -1:  # errors are few: find each and read the reference of its cell
            start = text.rfind(b"<c ", 0, at)
            if start != -1 and (ref := CELL_REF.match(text, start)):
                found.add((int(ref.group(2)) - 1, column_index_from_string(ref.group(1).decode()) - 1))
            at = text.find(b't="e"', at + 5)
        carried = text[-TAG_LENGTH:]
    return found


TAG_LENGTH = 512  # longer than any cell's opening tag
BLOCK = 1 << 16  # decompressed a block at a time: larger blocks make the zip reader hold more as the sheet grows


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
