"""Each data row of a list: a project, a total (合计…), a section (（一）交通, ——铁路 2 402600), a note,
a repeated header or blank; projects read into field values, totals checked against their rows."""

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from . import values as V
from .mapping import DETAIL_FIELDS, MONEY_FIELDS

# 合计, 总计 …; 全区/全市 alone or with a count or 合计 ("全区合计", "全市(共16个)", "全市16个"), not a name that
# starts so ("全区农村公路提升改造工程", "全市2025年城镇燃气管网更新"); a subtotal named for its group ("交通类小计",
# "交通类小计(2个)", "本页小计").
TOTAL = re.compile(r"^(?:合计|总计|小计|共计|(?:全区|全市|全县|全省|全州)(?:合计|总计|小计|共计)?"
                   r"(?:$|[(（][^)）]*[)）]$|共?\d+\s*[个项]))"
                   r"|^.{1,12}小计[:：]?(?:[(（][^)）]*[)）])?$")
TOTAL_HEADS = frozenset("合总小共全")  # the first characters of a total's label, but for a named subtotal
TOTAL_COUNT = re.compile(r"[(（]\s*共?\s*(\d+)\s*[个项]?\s*[)）]")
SECTION_MARK = re.compile(
    r"^(?:(?P<l1>[一二三四五六七八九十]+\s*[、.．]|\d+\s*、(?=.*\d+\s*[个项]))"
    r"|(?P<l2>[(（][一二三四五六七八九十]+[)）])"
    r"|(?P<l3>—+|-\d+\s|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+[.、]?\s*|[①-⑳]\s*|\(\d+\)(?=\S*项目)|【))"
)
SECTION_COUNT = re.compile(r"(\d+)\s*[个项]|[(（]\s*共?\s*(\d+)\s*[)）]|\s(\d+)$")
LABEL_MONEY = re.compile(r"([^,，、\d]*?)(\d+(?:\.\d+)?)\s*(亿元|万元)")
SECTION_COUNT_TEXT = re.compile(r"[(（]\s*共?\s*\d+\s*[个项]?\s*[,，]?\s*[)）]|\d+\s*[个项]$|\s\d+$")
# A section's numeral in the 序号 column, its name in the name column ("一 | 农林水利 | 14 | …", 昆明).
SECTION_SERIAL = re.compile(r"[一二三四五六七八九十]+\s*[、.．]?|[(（][一二三四五六七八九十]+[)）]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+[.、]?")
# "其中：…" says what a row above holds (a total's 续建 and 新开工, a project's first phase): neither a project nor
# a section over the rows below.
BREAKDOWN = re.compile(r"^其中\s*[:：,，]?")
COLUMN_LETTERS = frozenset("甲乙丙丁戊己庚辛")
# Who filled the list in, under it: "填报单位：… | 联系人：… | 电话：…".
SIGNED = re.compile(r"(?:填报单位|填表单位|填报人|填表人|联系人|联系电话|制表人|制表|审核人|负责人)\s*[:：]")
NOTE = re.compile(r"^(备注|注\s*[:：]|说明\s*[:：]|注\s*[:：]?\s*\S)|项目总数\d+|\d+个\s*[,，].*总投资|^下列\d+个")
SPACES = re.compile(r"\s+")
# Fields whose cell texts repeat down a list: read once per distinct text.
REPEATING = frozenset(("owner_units", "lead_unit", "responsible_units", "leaders", "period", "planned_start",
                       "planned_completion", "stage", "category", "region"))
KEPT_READINGS = 4096  # distinct texts kept per sheet; a list of unique texts does not grow memory with its rows
UNIT_OR_PLACE = re.compile(r"(?:局|委|委员会|办|厅|政府|公司|集团|管委会|中心|部门|系统|指挥部|单位|市|区|县|镇|乡|街道)$")
SORTS = ("category", "stage", "group")  # of sections without a numeral, the outer first
HEADING_END = re.compile(r"(?:项目|类|工程|建设|产业|领域)$")  # a heading of a kind the tables do not name ("乡村振兴项目")
PART_SUFFIX = re.compile(r"(?:项目|类|工程)$")
COUNTED = re.compile(r"共?\s*\d+\s*[个项]")  # a count of projects ("2项", "共3个", "一、续建项目(2个)")
LINE_FIELDS = frozenset(("code", "content", "location", "period", "planned_start", "planned_completion", "stage",
                         "annual_target"))  # a row under a merged name holding these is a line of its own
UNIT_LISTS = frozenset(("owner_units", "lead_unit", "responsible_units", "leaders"))
# The end of a name broken onto a row of its own: a phase ("(一期)", "二期工程") or the works it names ("改造工程",
# "提标改造"). Other pieces stand as group rows ("高新区项目", "城市建设", "(市直)").
WRAPPED_END = re.compile(r"\([一二三四五六七八九十\d]+期[^()]{0,4}\)|\((?:19|20)\d{2}年?\)|[一二三四五]期(?:工程)?"
                         r"|(?:改扩建|改造|扩建|新建|提升|提标|配套|续建|维修|修缮|整治)(?:改造|工程)")
SHORT_PIECES = ("大道", "项目", "工程", "建设", "改造", "一期", "二期", "三期", "工程项目", "建设项目")


@dataclass(slots=True)
class ParsedRow:
    sheet: str
    row_number: int  # as Excel shows it (1-based)
    values: dict
    problems: list = field(default_factory=list)
    kind: str = "project"  # project | total | section | breakdown | note | header | column_numbers | continuation
    # | continued (a row of a project's merged name cell)


@dataclass
class Check:
    """A stated total (a 合计 row or a section's figure) against the sum of the rows it covers."""

    sheet: str
    row_number: int
    label: str
    field: str  # "count" or a money field
    stated: object
    computed: object
    tolerance: object = 0  # a stated amount rounded to its printed places (values.rounding_of)

    @property
    def agrees(self):
        # Rounded half up: 10.5 printed as a whole number is 11, not 10.
        off = self.stated - self.computed
        return off == 0 or -self.tolerance < off <= self.tolerance


class Scope:
    """Rows a total covers: counts and sums of money (万元) of the projects under it."""

    def __init__(self, label, level, stage=None, category=None, numbered=True, sort="group"):
        self.label, self.level, self.stage, self.category = label, level, stage, category
        self.numbered = numbered  # 一、 （一） ——: a section without a numeral is placed by its sort
        self.sort = sort  # "category" (交通类), "stage" (续建项目) or "group" (a unit's, a place's: 南宁市)
        self.count = 0
        self.sums = {f: Decimal("0.00") for f in MONEY_FIELDS}
        self.stated = []  # (row, field, value)

    def add(self, row_values):
        self.count += 1
        sums = self.sums
        for name in MONEY_FIELDS:
            if (amount := row_values.get(name)) is not None:
                sums[name] += amount


def _spaced(text):
    return " " in text or not text.isprintable()


def _bare(text):
    """A cell's text without its spaces ("合  计", "项 目 名 称"); most cells have none to take out."""
    return SPACES.sub("", text) if " " in text or not text.isprintable() else text


def _numbered(serial):
    """A project's own number in the 序号 column ("1", 2.0, "（3）"): its row is a project whatever its name starts
    with ("(1)辽河大桥项目", "【续建】兴隆路改造")."""
    return serial is not None and (V.serial_of(serial) or "").isdigit()


def _merge(out, fragment):
    """A second column of the same field (two owner columns): its names after the first's, each once."""
    for name, value in fragment.items():
        if type(value) is list and name in out:
            known = out[name]
            out[name] = known + [v for v in value if v not in known]
        else:
            out[name] = value


def _letter(index):
    return get_column_letter(index + 1)


class RowReader:
    """Reads a sheet's data rows under a header and a mapping; keeps the open sections and checks."""

    def __init__(self, sheet, columns, mapping, units, *, sheet_stage=None, regions=None, plan_year=None):
        self.sheet = sheet
        self.columns = columns  # {index: field}
        self.by_field = {}
        self.ordered = sorted(columns.items())
        for index, name in sorted(columns.items()):
            self.by_field.setdefault(name, []).append(index)
        self.units = units  # {index: unit}
        self.years = {}  # {index: year stamped in its header}
        self.regions = regions
        self.plan_year = plan_year
        self.table = Scope("", 0, stage=sheet_stage)
        self.running = Scope("", 0)  # the rows since the table's last 小计, for a list of 小计 without sections
        self.subtotals_on_top = False  # that list's 小计 head their rows
        self.sections = []  # open sections, outermost first
        self.checks = []
        self.pending = []  # (row, scope): totals checked when their scope closes
        self.last_project = None
        self.headers = set()
        self.stage_words = V.STAGE_WORDS
        self.row_texts = {}
        self.read_before = {}  # (column, text) → (the values read, a problem) for REPEATING fields
        self.name_col, self.serial_col = self._col("name"), self._col("serial")
        self.plan = [(index, name, name in REPEATING) for index, name in self.ordered]
        self.context_of = (None, None)
        self.previous = None  # the last row read (not blank)
        self.errors = set()  # (row, col) of cells holding a formula error (reader.formula_errors)

    # --- classification ------------------------------------------------------------------------

    def read(self, number, cells):
        row = self._classify(number, cells)
        if row is not None:
            self.previous = row
        return row

    def _classify(self, number, cells):
        texts = {i: t for i, t in enumerate(map(V.text_of, cells)) if t is not None}
        self.row_texts = texts  # which cells of this row hold something, for `_get`
        if not texts:
            return None
        values = texts.values()
        first = texts[min(texts)]
        if self.headers and self._repeats_header(values):
            return ParsedRow(self.sheet, number, {"text": " ".join(values)}, kind="header")
        serial = self._get(cells, "serial")  # the first of the serial columns that holds one
        numbered = _numbered(serial)
        # Without their spaces ("合  计"); texts are stripped, so a total's first character is its own. A row with
        # a project's number is a project ("全市2025年老旧小区改造", "全区" as its place).
        if not numbered:
            for t in itertools.islice(values, 3):
                if (t[0] in TOTAL_HEADS or "小计" in t) and TOTAL.match(_bare(t)):
                    return self._total(number, cells, texts)
        if (len(texts) <= 2 and NOTE.search(_bare(first))) or SIGNED.match(first):
            return ParsedRow(self.sheet, number, {"text": " ".join(values)}, kind="note")
        name_col, serial_col = self.name_col, self.serial_col
        label = texts.get(name_col) if name_col is not None else None
        serial_text = texts.get(serial_col) if serial_col is not None else None
        if label is not None and serial is not None and serial_text == label:
            serial, numbered = None, False  # a label merged over 序号 and 名称 (reader.fill_into): no number
        label = label or first
        if self.last_project is None and self._numbers_columns(values):
            return ParsedRow(self.sheet, number, {"text": " ".join(values)}, kind="column_numbers")
        if serial is None and (BREAKDOWN.match(label) or self._breaks_down_further(number, cells, label)):
            return self._breakdown(number, label)
        if serial_text and serial_text != label and SECTION_SERIAL.fullmatch(serial_text) and \
                not self._details(cells) and self._heads_a_group(cells, texts, label):
            mark = serial_text if serial_text[-1] in "、.．)）" else serial_text + "、"
            return self._section(number, cells, texts, mark + label)
        if (mark := SECTION_MARK.match(label)) and not self._details(cells) and (
                not numbered or mark.group("l1") or mark.group("l2") or COUNTED.search(label)):
            # A running number beside "一、续建项目" or "（一）交通" still heads a section; beside "(1)…项目" or
            # "【续建】…" it numbers a project.
            return self._section(number, cells, texts, label)
        if serial is None and serial_col is not None and not self._details(cells):
            if len(texts) == 1 and self._wraps_name(number, re.sub(r"\s", "", label)):
                self.last_project.values["name"] += re.sub(r"\s", "", label)
                return ParsedRow(self.sheet, number, {"name_piece": label}, kind="continuation")
            if not any(isinstance(c, str) and len(V.clean_text(c) or "") > 25 for c in cells):
                return self._section(number, cells, texts, label)
        if self._get(cells, "name") is None and not (serial is not None and self._money(cells)):
            row = ParsedRow(self.sheet, number, {"text": " ".join(values)}, kind="note")
            row.problems.append(_("没有项目名称，不作为项目导入"))
            return row
        return self._project(number, cells, texts)

    def _breakdown(self, number, label):
        """A "其中" row: of the total straight above it (or of the run of parts under one), or of a project's row."""
        above = self.previous
        of_total = above is not None and above.row_number == number - 1 and (
            above.kind == "total" or above.values.get("of") == "total")
        # The parts a total's run of 其中 rows has named: one named again heads its rows instead.
        parts = [*(above.values["parts"] if above is not None and above.kind == "breakdown" else []), self._part(label)]
        return ParsedRow(self.sheet, number, {"label": label, "of": "total" if of_total else "row", "parts": parts},
                         kind="breakdown")

    def _breaks_down_further(self, number, cells, label):
        """"新开工项目 | 1 | 500" straight under "其中：续建项目 | 2 | 13000" under a 合计: one more part of that total.
        Not a part of a project's "其中", nor a heading that counts its own rows ("续建项目(2个)")."""
        above = self.previous
        if above is None or above.kind != "breakdown" or above.row_number != number - 1 or \
                above.values.get("of") != "total" or SECTION_MARK.match(label) or self._details(cells) or \
                (SECTION_COUNT_TEXT.search(label) and not SECTION_COUNT_TEXT.search(above.values["label"])):
            return False
        # Another kind of the same total: another stage or category ("续建" then "新开工"), or another source of its
        # money ("中央投资", "省级资金"). The stage the part above named again heads its rows ("其中：续建" → "续建项目").
        part = self._part(label)
        return part is not None and part not in above.values["parts"]

    def _part(self, label):
        """What a "其中" row splits its total by: a stage or a category named alone ("新开工项目", "交通类"), or a source
        of money ("中央投资"); None for anything else, such as a project's name holding such a word ("辽河水利枢纽")."""
        word = PART_SUFFIX.sub("", SECTION_COUNT_TEXT.sub("", _bare(BREAKDOWN.sub("", label))))
        if word in self.stage_words:
            return self.stage_words[word]
        if word in V.CATEGORY_WORDS:
            return V.CATEGORY_WORDS[word]
        return ("money", word) if word.endswith(("投资", "资金", "债", "债券")) else None

    def _heads_a_group(self, cells, texts, label):
        """Whether a row numbered 一、二 in the 序号 column heads a group (昆明 "一|农林水利|14|…") rather than being
        a project a short list numbers so: it counts its rows, or names a category or a stage."""
        return (V.category_of(label) is not None or V.stage_of(label, self.stage_words) is not None
                or any(V.count_of(cells[i]) is not None for i in texts
                       if i != self.serial_col and i != self.name_col and self.columns.get(i) not in MONEY_FIELDS))

    def _repeats_header(self, values):
        """Two cells or more that are header words: the header printed again further down (a new page)."""
        headers = self.headers
        if (found := headers.intersection(values)) and sum(1 for t in values if t in found) >= 2:
            return True
        if not _spaced("|".join(values)):  # as most rows: no text to read without its spaces
            return False
        return sum(1 for t in values if _bare(t) in headers) >= 2

    def _wraps_name(self, number, piece):
        """Whether a row holding only `piece` is the end of the name on the row just above, broken over two rows
        ("改造工程", "(一期)"): a piece a name ends with, not a section's word ("基础设施工程" heads a 广东 section)."""
        above = self.last_project
        if above is None or above.row_number != number - 1:
            return False
        return piece in SHORT_PIECES or (WRAPPED_END.fullmatch(piece) is not None and V.category_of(piece) is None
                                         and V.stage_of(piece, self.stage_words) is None)

    @staticmethod
    def _numbers_columns(values):
        """A row numbering the columns under the header ("1 2 3 4 5", "甲 乙 1 2 3")."""
        numbers = [t for t in values if t not in COLUMN_LETTERS]
        return len(numbers) >= 3 and numbers == [str(i) for i in range(1, len(numbers) + 1)]

    def _details(self, cells):
        """Whether a row says something about one project; a count in a detail column ("——铁路 | 2 | 402600")
        does not make it a project, nor a leader's surname closing a row that counts its projects (上海:
        "社会民生类 | 29项 | 523656 | 何")."""
        found = [f for f in DETAIL_FIELDS if (v := self._get(cells, f)) is not None and V.count_of(v) is None]
        if found == ["leaders"]:
            return not any(type(c) is str and COUNTED.fullmatch(c.strip()) for c in cells)
        return bool(found)

    def _money(self, cells):
        """Whether a row states an amount of its own (a numbered row without a name is a project missing it)."""
        return any(self._get(cells, f) is not None for f in MONEY_FIELDS)

    def _col(self, name):
        cols = self.by_field.get(name)
        return cols[0] if cols else None

    def _get(self, cells, name):
        texts = self.row_texts
        for index in self.by_field.get(name, ()):
            if index in texts:
                return cells[index]
        return None

    def read_continued(self, number, cells, covered):
        """A row under a project's name cell merged down over it (宁夏: one project over several rows, a funding
        source a row). The units it names in cells of its own — another owner, another responsible unit — join the
        project's; an amount of its own is said, not added; what the merges copy down (its number, name, total) is
        the project's already, not a second project."""
        above = self.last_project
        own = {i: t for i, t in enumerate(map(V.text_of, cells)) if t is not None and i not in covered}
        if above is None or self.previous is not above and self.previous.kind != "continued":
            return None if not own else self.read(number, cells)  # under a section merged down: nothing new
        if any(self.columns.get(i) == "serial" or self.columns.get(i) in LINE_FIELDS for i in own):
            return self.read(number, cells)  # a line of its own under a merged name: its number, its works
        values, problems = above.values, []
        for index, name, _repeating in self.plan:
            if index not in own:
                continue
            if name in UNIT_LISTS:
                known = values.get(name, [])
                values[name] = known + [n for n in V.names_of(cells[index]) if n not in known]  # a list of its own
            elif name in MONEY_FIELDS:
                # A part of the project's amount, or the same amount again: the list cannot say which, so the row
                # says it was not added and the totals' checks show which it was.
                problems.append(_("%(c)s列的金额%(v)s未计入项目（同一项目的下一行，请核对）") % {
                    "c": _letter(index), "v": own[index]})
        return ParsedRow(self.sheet, number, {"text": " ".join(own.values())}, problems, kind="continued")

    # --- projects ------------------------------------------------------------------------------

    def _project(self, number, cells, texts):
        row = ParsedRow(self.sheet, number, {})
        out, read_before = row.values, self.read_before
        for index, name, repeating in self.plan:
            if index not in texts:
                continue
            cell = cells[index]
            if repeating and type(cell) is str:
                fragment, problem = read_before.get((index, cell)) or self._read_once(name, cell, index)
                if out.keys().isdisjoint(fragment):
                    out.update(fragment)  # its lists are shared with the rows of the same text: never changed
                else:
                    _merge(out, fragment)
            else:
                try:
                    self._read_value(out, name, cell, index)
                    problem = None
                except V.ValueProblem as found:
                    problem = found
            if problem is not None:
                row.problems.append(_("%(c)s列：%(p)s") % {"c": _letter(index), "p": problem})
        if self.errors:
            for index, _name, _repeating in self.plan:
                if (number - 1, index) in self.errors:  # calamine reads it as empty: say so, do not drop it silently
                    row.problems.append(_("%(c)s列：单元格是公式错误（如#REF!、#DIV/0!），未读取，请在表中改正") % {
                        "c": _letter(index)})
        if "annual_plan" in out and out.get("annual_plan_year") is None and self.plan_year:
            out["annual_plan_year"] = self.plan_year
        stage, category, section = self._context()
        if "stage" not in out and stage:
            out["stage"] = stage
        if "category" not in out and category:
            out["category"] = category
        if section is not None:
            out["section"] = section
        if self.regions is not None and "region" not in out:
            for text in (out.get("region_name"), out.get("location")):
                code = self.regions.match(text) if text else None
                if code:
                    out["region"] = code
                    break
        if not out.get("name"):
            masked = self._get(cells, "name") is not None
            row.problems.append(_("项目名称已隐去（涉密），不能导入") if masked else _("没有项目名称，不能导入"))
        for scope in self.sections:
            scope.add(out)
        self.table.add(out)
        self.running.add(out)
        self.last_project = row
        return row

    def _context(self):
        """(stage, category, section label) the open sections give their rows; worked out when they change."""
        sections = tuple(self.sections)
        if self.context_of[0] != sections:
            stage = next((s.stage for s in reversed(sections) if s.stage), self.table.stage)
            category = next((s.category for s in reversed(sections) if s.category), None)
            label = " / ".join(s.label for s in sections) if sections else None
            self.context_of = (sections, (stage, category, label))
        return self.context_of[1]

    def _read_once(self, name, cell, index):
        """A cell whose text repeats down a list (owners, periods, stages) is read once per column and text."""
        if len(self.read_before) >= KEPT_READINGS:
            self.read_before.clear()
        fragment = {}
        try:
            self._read_value(fragment, name, cell, index)
            read = (fragment, None)
        except V.ValueProblem as problem:
            read = (fragment, problem)
        self.read_before[index, cell] = read
        return read

    def _read_value(self, out, name, cell, index):
        if name == "serial":  # the fields read on every row first
            out["serial"] = V.serial_of(cell)
        elif name in MONEY_FIELDS:
            out[name] = V.to_wan(cell, self.units.get(index) or "万元")
            if name == "annual_plan" and index in self.years:
                out["annual_plan_year"] = self.years[index]
        elif name == "name":
            out["name"], marks = V.project_name(cell)
            if marks:
                out["marks"] = marks
        elif name in ("owner_units", "lead_unit", "responsible_units", "leaders"):
            known = out.get(name, [])
            out[name] = known + [n for n in V.names_of(cell) if n not in known]  # a new list: others may share it
        elif name == "period":
            out["planned_start"], out["planned_completion"] = V.period_of(cell)
        elif name == "planned_start":
            out["planned_start"] = V.period_of(cell)[0]
        elif name == "planned_completion":
            out["planned_completion"] = V.period_of(cell)[1]
        elif name == "stage":
            out["stage_word"] = V.clean_text(cell)
            stage = V.stage_of(cell, self.stage_words)
            if stage is None:
                raise V.ValueProblem(_("建设阶段“%(w)s”不在阶段对照表中，按储备登记") % {"w": out["stage_word"]})
            out["stage"] = stage
        elif name == "category":
            out["category_word"] = V.clean_text(cell)
            category = V.category_of(cell)
            if category:
                out["category"] = category
        elif name == "region":
            out["region_name"] = V.clean_text(cell)
            if self.regions is not None:
                code = self.regions.match(cell)
                if code:
                    out["region"] = code
        else:
            out[name] = V.clean_text(cell)

    # --- totals and sections -------------------------------------------------------------------

    def _figures(self, cells, texts, label_col):
        """Count and money a total or section row states in cells of their own."""
        figures, problems, rounding = {}, [], {}
        for index, name in self.columns.items():
            if name in MONEY_FIELDS and index in texts and index != label_col:
                unit = self.units.get(index) or "万元"
                try:
                    figures[name] = V.to_wan(cells[index], unit)
                    rounding[name] = V.rounding_of(cells[index], unit)
                except V.ValueProblem as problem:
                    problems.append(_("%(c)s列：%(p)s") % {"c": _letter(index), "p": problem})
        if rounding:
            figures["rounding"] = rounding
        for index, text in texts.items():
            if index == label_col or index == self.serial_col or self.columns.get(index) in MONEY_FIELDS:
                continue  # a running number beside a section's label is no count of its rows
            count = V.count_of(cells[index])
            if count is not None and "count" not in figures:
                figures["count"] = count
        return figures, problems

    def _total(self, number, cells, texts):
        label_col = next(i for i, t in texts.items() if TOTAL.match(_bare(t)))
        label = texts[label_col]
        figures, problems = self._figures(cells, texts, label_col)
        count = TOTAL_COUNT.search(label)
        if count:
            figures["count"] = int(count.group(1))
        row = ParsedRow(self.sheet, number, {"label": label, **figures}, problems, kind="total")
        bare = _bare(label)
        if bare.startswith("本页"):  # a page's subtotal: the rows of one printed page, not of a group
            return row
        scope = self.table
        if "小计" in bare and self.sections:  # its group by name ("续建项目小计" over its （一）（二）), else the innermost
            named = bare[:bare.index("小计")].removesuffix("类")
            scope = next((s for s in reversed(self.sections) if named and named in _bare(s.label)), self.sections[-1])
        elif "小计" in bare:  # no sections: the rows since the 小计 before it, or after it when it tops its rows
            if self.running.count == 0 or self.subtotals_on_top:
                self.subtotals_on_top = True
                self._check_waiting(self.running)  # the group before ends where this one begins
                self.running = Scope("", 0)
                self.pending.append((row, self.running))
                return row
            scope, self.running = self.running, Scope("", 0)
        if scope.count == 0:
            self.pending.append((row, scope))  # a total on top of its rows: checked once they are read
        else:
            self._check(row, scope)
            if scope is not self.table:  # a subtotal under its rows closes their group
                self._close(scope.level)
        return row

    def _section(self, number, cells, texts, label):
        label_col = next((i for i, t in texts.items() if t == label), min(texts))
        mark = SECTION_MARK.match(label)
        level = 3 if mark and mark.group("l3") else 2 if mark and mark.group("l2") else 1 if mark else 0
        figures, problems = self._figures(cells, texts, label_col)
        count = SECTION_COUNT.search(label)
        if count and "count" not in figures:
            figures["count"] = int(next(g for g in count.groups() if g))
        for amount in LABEL_MONEY.finditer(label):  # "（115个，1730.03亿元）", "2025年计划完成4.36亿元"
            field_name = "annual_plan" if "计划" in amount.group(1) else "total_investment"
            if field_name not in figures:
                figures[field_name] = V.to_wan(amount.group(2), amount.group(3))
                figures.setdefault("rounding", {})[field_name] = V.rounding_of(amount.group(2), amount.group(3))
        name = re.sub(r"\s+", " ", LABEL_MONEY.sub("", label)).strip(" ,，。")
        name = SECTION_COUNT_TEXT.sub("", name).replace("()", "").strip(" ,，。")
        numbered = level != 0
        stage, category = V.stage_of(label, self.stage_words), V.category_of(label)
        # A stage's or a category's heading, not a unit's or a place's group ("区交通局", "南宁市"), whatever its words.
        sort = "group" if UNIT_OR_PLACE.search(name) else "stage" if stage else \
            "category" if category or HEADING_END.search(name) else "group"  # "市直", "肖洪波": a group
        if not numbered:
            level = self._unnumbered_level(sort)
        self._close(level)
        scope = Scope(name, level, stage=stage, category=category, numbered=numbered, sort=sort)
        self.sections.append(scope)
        row = ParsedRow(self.sheet, number, {"label": name, "level": level, **figures}, problems, kind="section")
        if stage:
            row.values["stage"] = stage
        if category:
            row.values["category"] = category
        self.pending.append((row, scope))
        return row

    def _unnumbered_level(self, sort):
        """The level of a section without a numeral. Under a numbered section, one level down. Otherwise by its
        sort: a category over stages over groups by unit, place or person (交通类 > 续建项目 > 南宁市), so it sits
        beside the open section of its sort and under one of a higher sort."""
        for open_section in reversed(self.sections):
            if open_section.numbered:
                return min(open_section.level + 1, 3)
            if open_section.sort == sort:
                return open_section.level
            if SORTS.index(open_section.sort) < SORTS.index(sort):
                return min(open_section.level + 1, 3)
        return 1

    def _close(self, level):
        while self.sections and self.sections[-1].level >= level:
            self._check_waiting(self.sections.pop())

    def _check_waiting(self, closed):
        """Check the totals that waited for the rows of `closed`, now that they are all read."""
        for row, scope in list(self.pending):
            if scope is closed:
                self.pending.remove((row, scope))
                self._check(row, scope)

    def _check(self, row, scope):
        for name in ("count", *MONEY_FIELDS):
            stated = row.values.get(name)
            if stated is None:
                continue
            computed = scope.count if name == "count" else scope.sums[name]
            check = Check(self.sheet, row.row_number, row.values["label"], name, stated, computed,
                          row.values.get("rounding", {}).get(name, 0))
            self.checks.append(check)
            if not check.agrees:
                label = row.values["label"]
                if name == "count":
                    row.problems.append(_("%(l)s：写的是%(s)s个项目，实际所含%(c)s个") % {"l": label, "s": stated, "c": computed})
                else:
                    what = {"total_investment": _("总投资"), "annual_plan": _("年度计划投资")}[name]
                    row.problems.append(_("%(l)s：%(w)s写的是%(s)s万元，所含%(n)s个项目合计为%(c)s万元") % {
                        "l": label, "w": what, "s": stated, "n": scope.count, "c": computed})

    def finish(self):
        self._close(0)
        for row, scope in self.pending:
            self._check(row, scope)
        self.pending = []
