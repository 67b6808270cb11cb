"""Reading a published project list as it is laid out (reference/list-layouts.md): title and unit lines above
the header, one or two header rows, totals and section rows inside the table, money in 元/万元/亿元, year ranges,
stage words, several owners in a cell. Each row comes out as a `ParsedRow` (a project, a total, a section or a
note) with its values converted and its problems named by column; nothing here touches the database but the
region names it matches.

Rows are read one sheet at a time from calamine's row iterator, so memory does not grow with the row count."""

import csv
import datetime
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from tuijin.projects.choices import Stage

HEADER_SCAN = 15
# Every spelling met in practice (list-layouts.md §2), normalised (no spaces, line breaks or brackets' units).
SPELLINGS = {
    "name": ["项目名称", "项目名", "工程名称", "工程名", "名称", "项目单位及名称"],
    "owner_units": ["建设单位", "实施单位", "项目单位", "项目法人", "项目（法人）单位", "项目法人单位", "建设主体", "法人单位",
                    "项目实施主体", "项目业主", "业主单位", "业主"],
    "lead_units": ["牵头单位", "责任单位", "主责单位", "项目主管单位", "监管单位", "主管部门", "主管单位", "责任部门", "牵头部门",
                   "牵头协调部门", "牵头协调单位"],
    "leaders": ["责任领导", "包保领导", "牵头领导", "牵头区领导", "牵头市领导", "联系领导", "分管领导"],
    "content": ["建设内容", "主要建设内容", "建设规模", "建设规模和内容", "建设规模及内容", "建设规模及主要内容", "拟建设规模",
                "项目内容", "项目简介", "项目描述", "建设内容及规模"],
    "location": ["建设地点", "项目地点", "建设地址", "项目位置", "所在地", "所在市县", "所在盟市", "隶属区县", "县市区", "区域",
                 "所在区县", "县（市、区）", "所在地区"],
    "stage": ["建设性质", "项目性质", "建设阶段", "建设批次", "批次", "项目阶段"],
    "category": ["项目类别", "产业类别", "项目分类", "项目大类", "行业分类", "行业类别", "所属行业", "项目类型", "项目领域", "领域分类",
                 "领域", "九大领域"],
    "period": ["建设起止年限", "建设起止时间", "起止年限", "建设年限", "建设周期", "计划工期", "计划建设期限", "建设期限"],
    "planned_start": ["开工年份", "开工时间", "开工年度", "计划开工", "开工", "计划开工时间", "开工日期"],
    "planned_completion": ["竣工年份", "竣工时间", "完工年份", "计划竣工", "竣工", "计划竣工时间", "竣工日期", "完工时间"],
    "total_investment": ["总投资", "项目总投资", "总投资额", "投资额", "计划总投资"],
    "annual_plan": ["年度计划投资", "本年度计划投资", "年计划投资", "年度投资", "计划投资", "计划完成投资", "预计投资", "投资计划",
                    "年度计划", "计划投资小计"],
    "code": ["项目代码", "项目编码", "统一项目代码"],
    "serial": ["序号", "编号", "序次", "总序号"],
    "note": ["备注"],
}
BY_SPELLING = {spelling: name for name, spellings in SPELLINGS.items() for spelling in spellings}
YEAR_STAMPED = re.compile(r"^(20\d{2})年(.*)$")
UNIT_IN_TEXT = re.compile(r"(亿元|万元|元)")
UNIT_LINE = re.compile(r"(?:金额|投资)?单位[:：]\s*(?:个[、，,]\s*)?(亿元|万元|元)")
FACTOR = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}
TOTAL = re.compile(r"^(合计|总计|小计|全区|全市|全县|共计)")
SECTION = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|——|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|[①-⑳]|【)")
NOTE = re.compile(r"^(备注|注)[:：]")
# Stage words (list-layouts.md §2) → the stage a project is registered in. The city can extend this table.
STAGE_WORDS = {
    "加快建设": Stage.CONSTRUCTION, "续建": Stage.CONSTRUCTION, "在建": Stage.CONSTRUCTION, "建设": Stage.CONSTRUCTION,
    "新开工": Stage.PREPARATION, "计划开工": Stage.PREPARATION, "计划新开工": Stage.PREPARATION, "新建": Stage.PREPARATION,
    "前期": Stage.PREPARATION, "加快前期": Stage.PREPARATION, "预备": Stage.PREPARATION, "重大前期": Stage.PREPARATION,
    "储备": Stage.RESERVE, "谋划": Stage.RESERVE,
    "竣工": Stage.COMPLETED, "完工": Stage.COMPLETED, "收尾": Stage.CONSTRUCTION,
    "投产": Stage.OPERATING, "竣工投产": Stage.OPERATING, "建成投产": Stage.OPERATING,
}
EMPTY = {"", "—", "——", "--", "-", "/", "无", "#REF!"}


@dataclass
class ParsedRow:
    sheet: str
    row_number: int
    kind: str  # "project", "total", "section", "note"
    values: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


@dataclass
class Column:
    index: int
    header: str
    field: str = ""
    unit: str = ""  # from the header, else the table's
    year: int = None  # a year-stamped header: "2019年计划投资"


@dataclass
class Reading:
    columns: list = field(default_factory=list)  # [{"sheet", "header", "field"}] as read, for the mapping
    notes: list = field(default_factory=list)
    rows: object = None  # an iterator of ParsedRow


def clean(text):
    """A cell as text: NFKC (full-width digits and brackets), no line breaks or padding inside."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def header_key(text):
    """A header cell as a spelling: units and brackets dropped ("总投资（亿元）" → "总投资")."""
    text = clean(text)
    text = re.sub(r"[(（][^)）]*(元|个|%)[^)）]*[)）]", "", text)
    return text.rstrip(":：")


def field_of(text):
    key = header_key(text)
    if key in BY_SPELLING:
        return BY_SPELLING[key], None
    if stamped := YEAR_STAMPED.match(key):
        # "2019年计划投资", "2021年投资计划" over "小计" (the year's plan), but not over its 主要建设内容.
        rest = re.sub(r"(小计|合计)$", "", stamped.group(2))
        if BY_SPELLING.get(rest) == "annual_plan" or rest in ("计划投资", "投资计划", "年度计划", "计划"):
            return "annual_plan", int(stamped.group(1))
    return "", None


def money(value, unit):
    """A money cell → Decimal 万元, exactly (元 ÷ 10,000; 亿元 × 10,000); None when empty; ValueError otherwise."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = clean(value).replace(",", "")
        if text in EMPTY:
            return None
        if found := UNIT_IN_TEXT.search(text):
            unit, text = found.group(1), text.replace(found.group(1), "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(v)s”不是金额") % {"v": value}) from None
    return (number * FACTOR[unit or "万元"]).quantize(Decimal("0.01"))


def years(value):
    """"2023-2025", "2023年至2025年", "2024年10月", 2023, an Excel date serial → (first day, last day)."""
    if value in (None, ""):
        return None, None
    if isinstance(value, (datetime.date, datetime.datetime)):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return day, day
    if isinstance(value, (int, float)) and 20000 < value < 80000:  # an Excel date serial
        day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
        return day, day
    text = clean(value)
    found = re.findall(r"((?:19|20)\d{2})(?:年(\d{1,2})月|年|[./](\d{1,2})(?!\d))?", text)
    found = [(y, a or b) for y, a, b in found]
    if not found:
        return None, None
    (y1, m1), (y2, m2) = found[0], found[-1]
    start = datetime.date(int(y1), int(m1) if m1 and 1 <= int(m1) <= 12 else 1, 1)
    end_month = int(m2) if m2 and 1 <= int(m2) <= 12 else 12
    end_year = int(y2)
    following = datetime.date(end_year + (end_month == 12), end_month % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


def stage_of(text):
    text = clean(text)
    if not text:
        return None
    for word in sorted(STAGE_WORDS, key=len, reverse=True):
        if word in text:
            return STAGE_WORDS[word]
    return None


def names(text):
    """Several units or people in one cell: "A、B", "A，B", one a line."""
    return [part.strip() for part in re.split(r"[、，,；;\n/]+", str(text or "")) if part.strip() not in EMPTY]


class RegionNames:
    """Region names in a list → regions: with and without 区/县/市, the short name, and the city's own."""

    def __init__(self, regions):
        self.found = {}
        for region in regions:
            for name in {region.name, region.short_name or "", region.name.rstrip("区县市")}:
                if name:
                    self.found.setdefault(name, region)

    def match(self, text):
        text = clean(text)
        if not text:
            return None
        return self.found.get(text) or self.found.get(text.rstrip("区县市")) or next(
            (r for n, r in sorted(self.found.items(), key=lambda i: -len(i[0])) if len(n) >= 2 and n in text), None)


def sheets(path_or_file, file_name=""):
    """(sheet name, row iterator) for each sheet of an .xlsx/.xls/.ods, or the one table of a .csv."""
    name = (file_name or str(path_or_file)).lower()
    if name.endswith(".csv"):
        data = open(path_or_file, "rb").read() if isinstance(path_or_file, str) else path_or_file.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        yield "csv", iter(csv.reader(io.StringIO(text)))
        return
    workbook = CalamineWorkbook.from_path(path_or_file) if isinstance(path_or_file, str) else \
        CalamineWorkbook.from_filelike(path_or_file)
    for sheet_name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(sheet_name)
        yield sheet_name, sheet.iter_rows()


def read(path_or_file, *, columns=None, file_name="", regions=()):
    """A `Reading` of every sheet: its columns as read (or as `columns` {header: field} maps them), its notes,
    and an iterator of its rows."""
    reading = Reading()
    reading.rows = _rows(path_or_file, columns, file_name, RegionNames(regions), reading)
    return reading


def _rows(path_or_file, mapping, file_name, regions, reading):
    for sheet_name, rows in sheets(path_or_file, file_name):
        yield from _sheet(sheet_name, rows, mapping, regions, reading)


def _sheet(sheet_name, rows, mapping, regions, reading):
    head, table_unit, number = [], "", 0
    for number, row in enumerate(rows, start=1):
        head.append(list(row))
        if len(head) >= HEADER_SCAN:
            break
    found = _header(head, mapping)
    if found is None:
        reading.notes.append(_("工作表“%(s)s”没有找到表头（项目名称、总投资等），未读取") % {"s": sheet_name})
        for _skipped in rows:
            pass
        return
    header_end, columns = found
    for line in head[:header_end]:
        for cell in line:
            if unit := UNIT_LINE.search(clean(cell)):
                table_unit = unit.group(1)
    for column in columns:
        column.unit = column.unit or table_unit
    mapped = [c for c in columns if c.field]
    reading.columns += [{"sheet": sheet_name, "header": c.header, "field": c.field} for c in columns if c.header]
    if table_unit and table_unit != "万元":
        reading.notes.append(_("工作表“%(s)s”：金额单位为%(u)s，已换算为万元") % {"s": sheet_name, "u": table_unit})
    state = {"stage": None, "category": None, "totals": [], "section_sum": Decimal(0), "sum": Decimal(0)}
    body = ((header_end + 1 + i, line) for i, line in enumerate(head[header_end:]))
    rest = ((number + 1 + i, list(line)) for i, line in enumerate(rows))
    for row_number, line in itertools.chain(body, rest):
        parsed = _row(sheet_name, row_number, line, mapped, regions, state)
        if parsed is not None:
            yield parsed
    for total_row, stated in state["totals"]:
        if stated is not None and stated != state["sum"]:
            reading.notes.append(_("工作表“%(s)s”第%(n)s行的合计%(t)s万元与各项目之和%(p)s万元不一致") % {
                "s": sheet_name, "n": total_row, "t": stated, "p": state["sum"]})


def _header(head, mapping):
    """(index of the first data row, columns) — the header found among the first rows: the row naming most
    fields; a row above it whose cells span several columns (merged parents) is joined to it."""
    best, best_score = None, 0
    for index, line in enumerate(head):
        score = sum(1 for cell in line if (mapping and clean(cell) in mapping) or field_of(cell)[0])
        if score > best_score:
            best, best_score = index, score
    if best is None or best_score < 2 and not any(field_of(c)[0] == "name" for c in head[best]):
        return None
    line = head[best]
    width = max(len(line), *(len(r) for r in head))
    texts = [clean(line[i]) if i < len(line) else "" for i in range(width)]
    end = best + 1
    below = head[best + 1] if best + 1 < len(head) else []
    below_fields = sum(1 for c in below if field_of(c)[0])
    if below_fields >= 1 and not _looks_like_data(below):  # a two-row header: parents above children
        parent = ""
        for i in range(width):
            parent = texts[i] or parent
            child = clean(below[i]) if i < len(below) else ""
            if child:
                texts[i] = child if field_of(child)[0] else parent + child
            elif not texts[i]:
                texts[i] = ""
        end = best + 2
    columns = []
    for i, text in enumerate(texts):
        name, year = (mapping.get(text, ""), None) if mapping and text in mapping else field_of(text)
        unit = UNIT_IN_TEXT.search(text)
        columns.append(Column(i, text, name, unit.group(1) if unit else "", year))
    fields = [c.field for c in columns]
    # "项目名称" merged over the 序号 column too: the names sit one column right of the label.
    seen = set()
    for c in columns:
        if c.field in seen:
            c.field = ""
        seen.add(c.field)
    if "name" not in fields:
        return None
    return end, columns


def _looks_like_data(line):
    return sum(1 for c in line if isinstance(c, (int, float)) and not isinstance(c, bool)) >= 2


def _row(sheet_name, row_number, line, columns, regions, state):
    cells = {c.field: (line[c.index] if c.index < len(line) else None) for c in columns}
    texts = [clean(c) for c in line if clean(c)]
    if not texts:
        return None
    first = texts[0]
    name = clean(cells.get("name"))
    if TOTAL.match(first) or TOTAL.match(name):
        stated = _quiet_money(cells.get("total_investment"), _unit(columns, "total_investment"))
        state["totals"].append((row_number, stated if TOTAL.match(name or first) and not state["totals"] else None))
        return ParsedRow(sheet_name, row_number, "total", {"name": first},
                         [_("合计行，已跳过（不作为项目导入）")])
    if NOTE.match(first):
        return ParsedRow(sheet_name, row_number, "note", {"name": first}, [_("备注行，已跳过")])
    serial = clean(cells.get("serial"))
    is_section = SECTION.match(name or first) or (not serial and name and not cells.get("owner_units")
                                                   and _quiet_money(cells.get("total_investment"), "") is None)
    if is_section and not (serial and serial[:1].isdigit()):
        raw = next(str(c).strip() for c in line if clean(c))
        section = str(cells.get("name") or "").strip() or raw
        if (stage := stage_of(section)) is not None:
            state["stage"] = stage
        # "（一）交通（12个）" → 交通: the words a category is read from.
        words = SECTION.sub("", clean(section))
        state["category"] = re.sub(r"[(（].*$|\d.*$", "", words) or state["category"]
        return ParsedRow(sheet_name, row_number, "section", {"name": section}, [_("分组行，已跳过")])
    values, problems = {"name": re.sub(r"^[★▲☆△◆●※]+", "", name)}, []
    for key in ("total_investment", "annual_plan"):
        if key in cells:
            try:
                values[key] = money(cells[key], _unit(columns, key))
            except ValueError as error:
                problems.append(_("%(c)s列：%(e)s") % {"c": _header_of(columns, key), "e": error})
    if year := next((c.year for c in columns if c.field == "annual_plan" and c.year), None):
        values["plan_year"] = year
    values["owner_units"] = names(cells.get("owner_units"))
    values["lead_units"] = names(cells.get("lead_units"))
    values["leaders"] = names(cells.get("leaders"))
    for key in ("content", "code", "note", "category"):
        if cells.get(key) not in (None, ""):
            values[key] = str(cells[key]).strip()
    values.setdefault("category", state["category"])
    if cells.get("location"):
        values["location"] = str(cells["location"]).strip()
        values["region"] = regions.match(cells["location"])
    start, end = years(cells.get("period"))
    start = years(cells.get("planned_start"))[0] or start
    end = years(cells.get("planned_completion"))[1] or end
    values["planned_start"], values["planned_completion"] = start, end
    stage_text = clean(cells.get("stage"))
    values["stage"] = stage_of(stage_text) or state["stage"]
    values["stage_text"] = stage_text
    if values.get("total_investment") is not None:
        state["sum"] += values["total_investment"]
    return ParsedRow(sheet_name, row_number, "project", values, problems)


def _unit(columns, field_name):
    return next((c.unit for c in columns if c.field == field_name), "")


def _header_of(columns, field_name):
    return next((c.header for c in columns if c.field == field_name), field_name)


def _quiet_money(value, unit):
    try:
        return money(value, unit)
    except ValueError:
        return None
