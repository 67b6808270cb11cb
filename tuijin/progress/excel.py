"""The Excel door of the monthly cycle: a template pre-filled for the user's scope, and its import.

The template's key columns are locked, input cells are unlocked and validated; the import reads
columns by their header (so reordered columns still work), validates every row and reports every
error with sheet, row, column and rule before anything is saved.
"""

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from tuijin.core.excel import FORMULA_PREFIXES, column_letter, guard_text, strip_guard
from tuijin.core.lib.numbers import NumberError, parse_cents, parse_decimal, parse_int

from .choices import FUND_FIELDS

SHEET = "月报"
META_SHEET = "系统信息"
MANIFEST_IDS_PER_CELL = 3000
KEY_COLUMNS = [("project_id", "项目ID"), ("code", "项目代码"), ("name", "项目名称"), ("region", "所在区域"),
               ("plan", "年度计划投资（万元）"), ("previous_ytd", "上月本年累计（万元）")]
INPUT_COLUMNS = [("completed", "本月完成投资（万元）"),
                 *[(name, f"到位资金-{label}（万元）") for name, label in FUND_FIELDS],
                 ("progress_text", "形象进度"), ("progress_percent", "形象进度（%）"), ("workers", "现场用工人数"),
                 ("problems_text", "存在问题"), ("overrun_reason", "超概算说明")]
MONEY_FIELDS = {"completed", *[name for name, _label in FUND_FIELDS]}
TEXT_FIELDS = {"progress_text", "problems_text", "overrun_reason"}
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")


def build_template(period, rows):
    """Bytes of the period's workbook: `rows` are the batch page's rows (project, plan, previous ytd, report)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    headers = [label for _name, label in KEY_COLUMNS + INPUT_COLUMNS]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        project, report = row["project"], row["report"]
        values = [project.pk, project.code or "", project.name, project.region.name, row["plan"], row["previous_ytd"]]
        values += [getattr(report, name) if report else None for name, _label in INPUT_COLUMNS]
        sheet.append(values)
        for index, value in enumerate(values):  # not `neutralise`: its apostrophe would come back on upload
            if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                guard_text(sheet.cell(sheet.max_row, index + 1))
    last = sheet.max_row
    first_input = len(KEY_COLUMNS)
    for row_cells in sheet.iter_rows(min_row=2, max_row=max(last, 2)):
        for index, cell in enumerate(row_cells):
            if index < first_input:
                cell.fill = LOCKED_FILL
            else:
                cell.protection = Protection(locked=False)
    money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           error=_("请输入不小于0的金额（万元）"), errorTitle=_("金额有误"))
    percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                             error=_("请输入0—100之间的数字"), errorTitle=_("百分比有误"))
    workers = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             error=_("请输入不小于0的整数"), errorTitle=_("人数有误"))
    for validation in (money, percent, workers):
        sheet.add_data_validation(validation)
    for index, (name, _label) in enumerate(INPUT_COLUMNS, start=first_input):
        target = money if name in MONEY_FIELDS else percent if name == "progress_percent" else \
            workers if name == "workers" else None
        if target is not None:
            letter = column_letter(index)
            target.add(f"{letter}2:{letter}{max(last, 2)}")
    for index in range(len(headers)):
        sheet.column_dimensions[column_letter(index)].width = 28 if index == 2 else 14
    sheet.freeze_panes = "D2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False

    notes = workbook.create_sheet("填报说明")
    for line in [
        f"{period}重点项目月度报表 — 填报说明",
        "1. 灰色列（项目ID、项目代码、名称、区域、年度计划、上月累计）由系统生成，已锁定，请勿修改。",
        "2. 金额单位均为万元，可保留两位小数；不能为负数。可以使用千位分隔符和全角数字。",
        "3. 本年累计和自开工累计由系统按各月数相加，不需填写。",
        "4. 自开工累计超过项目总投资时，须在“超概算说明”中写明原因，否则不能导入。",
        "5. 填好后在“月报”页面上传。系统逐行检查，有错误时列出全部错误（工作表、行、列、原因），一行也不保存。",
        "6. 同一文件重复上传不会重复计数。已报送或已审核的月报须退回后才能通过导入修改。",
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    meta = workbook.create_sheet(META_SHEET)
    meta.append(["period", period.pk, f"{period.year}-{period.month:02d}"])
    # The projects the file was made for, so the import can read their facts while it parses the sheet;
    # as text, a few thousand ids a cell (a cell holds 32,767 characters): a cell per id cost 20 ms to read.
    ids = [str(row["project"].pk) for row in rows]
    for start in range(0, len(ids), MANIFEST_IDS_PER_CELL):
        meta.append(["projects", ",".join(ids[start:start + MANIFEST_IDS_PER_CELL])])
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        where = _("工作表“%(s)s”第%(n)s行") % {"s": self.sheet, "n": self.row}
        if self.column:
            where += _("“%(c)s”列") % {"c": self.column}
        return f"{where}：{self.message}"


class ErrorList(list):
    """A list of errors that keeps the first `limit` and counts the rest in `more`: a sheet of 200,000
    wrong rows must not become 200,000 messages in memory, in the database and on the page."""

    def __init__(self, limit=None):
        super().__init__()
        self.limit, self.more = limit, 0

    def append(self, error):
        if self.limit is not None and len(self) >= self.limit:
            self.more += 1
        else:
            super().append(error)

    def extend(self, errors):
        for error in errors:
            self.append(error)

    @property
    def total(self):
        """Every error met, listed or not."""
        return len(self) + self.more


@dataclass
class ParsedSheet:
    """The 月报 sheet being read. `rows` yields (excel row number, project id, values) one at a time, so a
    10,000-row file is never held as Python objects at once; the problems met so far are in `errors`.
    Values are a list in INPUT_COLUMNS order, KEEP for a column the sheet lacks; amounts are whole
    cents (int), exact and cheap for the import's bulk work."""

    rows: object = ()
    total: int = 0
    errors: ErrorList = field(default_factory=ErrorList)


def read_manifest(workbook, period):
    """The hidden sheet our templates carry: [period id, "YYYY-MM"] and the ids of the projects listed,
    with whether it was made for `period`; None for a workbook without one (made by hand, or by an
    older template)."""
    if META_SHEET not in workbook.sheet_names:
        return None
    rows = workbook.get_sheet_by_name(META_SHEET).to_python()
    if not rows or len(rows[0]) < 2:
        return None
    projects = []
    for row in rows[1:]:
        if len(row) > 1 and row[0] == "projects":
            projects += [int(pk) for pk in str(row[1]).split(",") if pk.isdigit()]
    return {"this_period": str(rows[0][1]).split(".")[0] == str(period.pk),
            "label": rows[0][2] if len(rows[0]) > 2 else "?", "projects": projects}


def parse_workbook(workbook, period, manifest, *, max_errors=None):
    """Check the 月报 sheet's frame (name, period, header) and return it ready to read row by row, keeping
    at most `max_errors` of its errors (the others are counted).

    `manifest` is what `read_manifest` found, read beforehand: calamine's workbook serves one call at a time."""
    parsed = ParsedSheet(errors=ErrorList(max_errors))
    if SHEET not in workbook.sheet_names:
        parsed.errors.append(CellError(SHEET, 0, "", _("找不到名为“月报”的工作表（工作表被改名或删除了？请使用下载的模板）")))
        return parsed
    if manifest and not manifest["this_period"]:
        parsed.errors.append(CellError(SHEET, 0, "", _("该文件是其他填报期（%(p)s）的模板，请下载本期模板")
                                       % {"p": manifest["label"]}))
        return parsed
    sheet = workbook.get_sheet_by_name(SHEET)
    first_row, first_column = sheet.start or (0, 0)
    lines = iter(sheet.iter_rows())
    header = next(lines, None)
    if not header or first_row > 0:
        parsed.errors.append(CellError(SHEET, 1, "", _("工作表是空的") if not header else
                                       _("第1行应为表头（请勿在表头上方插入行）")))
        return parsed
    header = [None] * first_column + [str(h).strip() for h in header]
    columns = {name: header.index(label) - first_column
               for name, label in KEY_COLUMNS[:1] + INPUT_COLUMNS if label in header}
    missing = [label for name, label in KEY_COLUMNS[:1] + INPUT_COLUMNS[:1] if name not in columns]
    if missing:
        parsed.errors.append(CellError(SHEET, 1, "", _("缺少列：%(c)s（请勿修改表头）") % {"c": "、".join(missing)}))
        return parsed
    parsed.total = max(sheet.height - 1, 0)
    parsed.rows = _read_rows(lines, columns, first_column, parsed.errors)
    return parsed


MONEY_LIMIT = 10 ** 14  # in cents: below 10^12 万元, what the reports' 14 digits with 2 decimals hold
PLAIN_MONEY = 10 ** 11  # in 万元: a number cell below this is in range once rounded to cents


class _Keep:
    """The value of a column the sheet lacks: the report keeps what it has."""

    def __repr__(self):
        return "KEEP"


KEEP = _Keep()


def _read_rows(lines, columns, first_column, errors):
    labels = dict(KEY_COLUMNS + INPUT_COLUMNS)
    # The values of a row are a list in INPUT_COLUMNS order (FILLER_FIELDS'), cheaper to build and
    # compare than a dict. An empty cell reads as its column's blank without a call: most are empty.
    readers = [(name, columns[name], _READERS.get(name, _read_text), "" if name in TEXT_FIELDS else None)
               for name, _label in INPUT_COLUMNS if name in columns]
    lacking = [position for position, (name, _label) in enumerate(INPUT_COLUMNS) if name not in columns]
    id_index = columns["project_id"]
    width = max(columns.values()) + 1
    seen = {}

    def error(number, name, message):
        errors.append(CellError(SHEET, number, f"{column_letter(columns[name] + first_column)}（{labels[name]}）",
                                message))

    for number, cells in enumerate(lines, start=2):
        if cells.count("") + cells.count(None) == len(cells):
            continue
        if len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        try:
            project_id = parse_int(cells[id_index])
        except NumberError:
            project_id = None
        if project_id is None:
            error(number, "project_id", _("项目ID为空或不是数字（灰色列请勿修改）"))
            continue
        if project_id in seen:
            error(number, "project_id", _("与第%(n)s行重复，同一项目只能填一行") % {"n": seen[project_id]})
            continue
        seen[project_id] = number
        try:
            values = [blank if (cell := cells[index]) is None or cell == "" else read(cell)
                      for _name, index, read, blank in readers]
        except NumberError:  # rare: read the row again cell by cell, to name every cell wrong
            values = []
            for name, index, read, _blank in readers:
                try:
                    values.append(read(cells[index]))
                except NumberError as problem:
                    error(number, name, str(problem))
                    values.append(None)
        for position in lacking:
            values.insert(position, KEEP)
        yield number, project_id, values


def _read_money(raw):
    if type(raw) is float and 0 <= raw < PLAIN_MONEY:  # a number cell in range: most cells
        cents = round(raw * 100)
        if cents / 100 == raw:  # `parse_cents`'s test, inline: 80,000 calls fewer in a 10,000-row file
            return cents
    cents = parse_cents(raw)
    if cents is not None and (cents < 0 or cents >= MONEY_LIMIT):
        raise NumberError(_("金额不能为负数") if cents < 0 else _("金额过大，请核对单位（万元）"))
    return cents


def _read_percent(raw):
    percent = parse_decimal(raw)
    if percent is not None and not 0 <= percent <= 100:
        raise NumberError(_("应在0到100之间"))
    return percent


def _read_workers(raw):
    workers = parse_int(raw)
    if workers is not None and not 0 <= workers < 2 ** 31:
        raise NumberError(_("人数不能为负数") if workers < 0 else _("人数过大"))
    return workers


def _read_text(raw):
    # A template made before `guard_text` carries an apostrophe before formula-like text: not the clerk's.
    if raw is None:
        return ""
    text = str(raw).strip()
    return strip_guard(text) if text[:1] == "'" else text


_READERS = {**{name: _read_money for name in MONEY_FIELDS}, "progress_percent": _read_percent,
            "workers": _read_workers}
