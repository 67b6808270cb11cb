"""Excel helpers shared by every export: one writer, with formula injection neutralised."""

import io
import itertools
import logging
import re
import tempfile
import zipfile
import zlib
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook

# A spreadsheet treats a text cell starting with one of these as a formula (or DDE payload).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def guard_text(cell):
    """Keep a cell of an openpyxl sheet whose text a spreadsheet would run as a formula as plain text,
    the way Excel itself does when one types an apostrophe first: the text stays as it is (so a file
    that is read back, like a template, reads what was written) and the cell's style says quotePrefix,
    so it is neither a formula when opened nor once edited. For workbooks that come back, where
    `neutralise`'s apostrophe would come back as part of the data."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula
        cell.quotePrefix = True


def strip_guard(text):
    """`text` without the apostrophe `neutralise` put before a formula-like text, if it carries one."""
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_PREFIXES:
        return text[1:]
    return text


def _cell(value):
    if value is None or isinstance(value, (int, Decimal, float, date, datetime, bool)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    return neutralise(str(value))


MONEY_FORMAT = "#,##0.00"  # 万元 with two decimals, thousands grouped: 12,345.60
DATE_FORMAT = "yyyy-mm-dd"


def text_width(value):
    """Roughly how many character widths a value takes in a spreadsheet column (a CJK character two)."""
    if isinstance(value, Decimal | float):
        text = f"{value:,.2f}"
    elif isinstance(value, datetime | date):
        text = "2026-01-01"
    else:
        text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def fitted_widths(header, rows, *, low=8, high=50):
    """Column widths fitting the header and the given rows (a sample is enough), between low and high."""
    widths = [text_width(title) for title in header]
    for row in rows:
        for index, value in enumerate(row[:len(widths)]):
            widths[index] = max(widths[index], text_width(value))
    return [min(max(width + 2, low), high) for width in widths]


def write_xlsx(sheet_title, header, rows, *, column_widths=None, title=None, number_formats=None):
    """Bytes of a one-sheet workbook: an optional `title` line (say, the filters applied), a bold header
    row kept in view, then `rows` (an iterable of sequences). Dates are date cells shown yyyy-mm-dd;
    `number_formats` maps a column index to a format (MONEY_FORMAT for 万元). Without `column_widths`,
    the widths fit the header and the first rows."""
    rows = iter(rows)
    if column_widths is None:
        first = [list(row) for row in itertools.islice(rows, 500)]
        column_widths = fitted_widths(header, first)
        rows = itertools.chain(first, rows)
    number_formats = number_formats or {}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for index, width in enumerate(column_widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3" if title else "A2"
    bold = Font(bold=True)
    if title:
        sheet.append([neutralise(str(title))])
    header_cells = []
    for title_text in header:
        cell = WriteOnlyCell(sheet, value=neutralise(str(title_text)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            value = _cell(value)
            fmt = DATE_FORMAT if isinstance(value, date) and not isinstance(value, datetime) else number_formats.get(index)
            if fmt and value is not None and not isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = fmt
                value = cell
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading uploads -------------------------------------------------------------------------

# The largest workbook a page takes (the monthly reports, the plans, the 任务分解表, the external figures).
WORKBOOK_MAX_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100


class WorkbookError(ValueError):
    """A file that cannot be read as a workbook; the message says why, in Chinese."""


# What a damaged workbook raises once it is unpacked or parsed, past `check_archive`'s look at the zip's
# directory (a size or checksum that does not match, a garbled member, broken XML) — and what to say.
DAMAGE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError, CalamineError, WorkbookError)
DAMAGED = "文件已损坏或不是有效的Excel工作簿，未保存任何数据：请用Excel打开后“另存为”.xlsx，再重新上传"


def open_upload(data, *, max_bytes):
    """Check an uploaded .xlsx before any parser sees it (`check_archive`), and return a calamine workbook."""
    check_archive(data, max_bytes=max_bytes)
    # From a file, not a BytesIO: calamine then parses without the GIL, where reading a Python file
    # object takes it back for every read (a thread reading the database meanwhile stalls). The file
    # stays readable through calamine's open handle once it is removed.
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
        copy.write(data)
        copy.flush()
        try:
            return CalamineWorkbook.from_path(copy.name)
        except Exception as error:  # calamine raises its own types for every kind of damage
            raise WorkbookError(f"工作簿已损坏，无法读取（{type(error).__name__}）") from None


def read_template_sheet(data, sheet_name, *, max_bytes):
    """The rows of `sheet_name` (a sheet of one of our downloaded templates) in an uploaded workbook, as
    python values; WorkbookError says, in Chinese, why there are none (too big, not a workbook, damaged,
    the sheet renamed or deleted)."""
    workbook = open_upload(data, max_bytes=max_bytes)
    if sheet_name not in workbook.sheet_names:
        raise WorkbookError(_("找不到名为“%(s)s”的工作表，请使用下载的模板") % {"s": sheet_name})
    try:
        return workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except DAMAGE_ERRORS:
        logging.getLogger(__name__).exception("damaged workbook: sheet %s", sheet_name)
        raise WorkbookError(DAMAGED) from None


def check_archive(data, *, max_bytes):
    """Refuse files over `max_bytes`, anything that is not a zip with a workbook inside, and zip bombs
    (a declared uncompressed size far beyond what a spreadsheet of that size holds). Cheap: reads the
    zip directory only, so it runs while the clerk waits even when the parsing is left to a task.
    """
    if len(data) > max_bytes:
        raise WorkbookError(f"文件大小 {len(data) / 1024 / 1024:.1f} MB，超过上限 {max_bytes / 1024 / 1024:.0f} MB；请分批上传")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise WorkbookError("文件不是 Excel 工作簿（.xlsx）；如是 .xls 或 WPS 格式，请另存为 .xlsx 后上传") from None
    if "xl/workbook.xml" not in names:
        raise WorkbookError("文件不是 Excel 工作簿（.xlsx）；请用本系统下载的模板填写")
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(len(data), 1) + 10 * 1024 * 1024:
        raise WorkbookError("文件解压后异常庞大（疑似压缩炸弹），已拒绝")


def column_letter(index):
    """0-based column index → Excel letter."""
    return get_column_letter(index + 1)


def _has_formula(archive, name, block=1 << 20):
    """Whether a worksheet holds any <f> element, read a block at a time: most uploads hold none, and
    a 10,000-row sheet is tens of megabytes once unpacked."""
    tail = b""
    with archive.open(name) as stream:
        while chunk := stream.read(block):
            window = tail + chunk
            # One search per block in the usual case; "<f" alone also finds <formula1> of a validation.
            if b"<f" in window and (b"<f>" in window or b"<f " in window or b"<f/>" in window):
                return True
            tail = window[-3:]
    return False


# A cached value is a non-empty <v>; openpyxl with lxml writes an empty <v></v> after a formula.
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f[^>]*(?:/>|>.*?</f>)\s*(<v>[^<])?', re.S)


def uncached_formulas(data):
    """Cells holding a formula with no computed value saved (files written by scripts, not Excel).

    Such a cell reads as empty, which would silently import a zero: the clerk is asked to paste
    values instead. Formulas Excel has computed carry their value and are read as that value.
    """
    refs = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml") and _has_formula(archive, name):
                refs += [m.group(1).decode() for m in _FORMULA_CELL.finditer(archive.read(name)) if not m.group(2)]
    return refs
