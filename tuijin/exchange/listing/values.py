"""Cell values as published lists write them, read exactly: money to 万元, year ranges to dates,
stage and category words, several names in one cell, region names to region codes.

Each reader returns the value, or raises `ValueProblem` with a Chinese message saying what is wrong.
"""

import calendar
import functools
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tuijin.core.lib.money import CENT, UNITS
from tuijin.core.lib.names import split_names
from tuijin.projects.choices import Category, Stage

# What a cell holds when it holds nothing.
PLACEHOLDERS = {"", "—", "——", "-", "--", "---", "/", "\\", "无", "——/", "…", "－", "－－", "/ ", "#N/A"}
ERROR_VALUES = {"#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"}


class ValueProblem(ValueError):
    pass


def clean_text(value):
    """A cell as text: full-width folded (NFKC: １２ → 12, （ → (), outer spaces gone; None for empty."""
    if value is None or value == "":
        return None
    if type(value) is str:
        return _clean_str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


@functools.lru_cache(maxsize=8192)  # owners, stages and periods repeat down a list
def _clean_str(value):
    text = value if unicodedata.is_normalized("NFKC", value) else unicodedata.normalize("NFKC", value)
    return text.strip() or None


def text_of(value):
    """`clean_text` of a cell that is not empty (`is_empty`), else None — both in one pass, for every cell of
    every row."""
    kind = type(value)
    if kind is str:
        text = _clean_str(value)
        if text is None or text in PLACEHOLDERS or (" " in text and text.replace(" ", "") in PLACEHOLDERS):
            return None
        return text
    if value is None:
        return None
    if kind is int or (kind is float and value.is_integer()):
        return str(int(value))
    if kind is float:
        return repr(value)
    return clean_text(value)


def is_empty(value):
    if value is None or value == "":
        return True
    if type(value) is not str:
        return False
    text = _clean_str(value)
    return text is None or text in PLACEHOLDERS or text.replace(" ", "") in PLACEHOLDERS


# --- money ------------------------------------------------------------------------------------

MONEY_TEXT = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(亿元|万元|元|亿|万)?$")
PLAIN_AMOUNT = re.compile(r"\d+(?:\.\d*)?\Z")  # "12,345.50" once its commas are gone: read as it is


def to_wan(value, unit="万元"):
    """A money cell in `unit` → Decimal 万元 with two places; None when empty. A unit written in the cell
    ("12.5亿元", "300万元") wins over the column's. Exact: 元 ÷ 10000 and 亿元 × 10000 in Decimal, a
    float cell read by its shortest repr, and only then rounded half up to the two places 万元 are kept
    in (12,345 元 = 1.2345 → 1.23 万元)."""
    kind = type(value)
    if kind is float and value.is_integer():  # calamine gives a number cell as a float: most cells of most lists
        value, kind = int(value), int
    if kind is int:
        return (Decimal(value) * UNITS[unit]).quantize(CENT, rounding=ROUND_HALF_UP) if value >= 0 else \
            _negative(value)
    if kind is str and (plain := value.replace(",", "")).isascii() and PLAIN_AMOUNT.match(plain):
        return (Decimal(plain) * UNITS[unit]).quantize(CENT, rounding=ROUND_HALF_UP)
    if value is None or kind is bool:
        return None
    if isinstance(value, (int, float, Decimal)):
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        cell_unit = None
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        text = text.replace(",", "").replace(" ", "").replace("，", "")
        if text in PLACEHOLDERS:
            return None
        if text in ERROR_VALUES:
            raise ValueProblem(_("单元格是公式错误“%(v)s”，请填入金额") % {"v": text})
        match = MONEY_TEXT.match(text)
        if not match:
            raise ValueProblem(_("“%(v)s”不是金额") % {"v": value})
        amount = Decimal(match.group(1))
        cell_unit = {"亿": "亿元", "万": "万元"}.get(match.group(2), match.group(2))
    if not amount.is_finite():
        raise ValueProblem(_("“%(v)s”不是金额") % {"v": value})
    if amount < 0:
        _negative(value)
    return (amount * UNITS[cell_unit or unit]).quantize(CENT, rounding=ROUND_HALF_UP)


def rounding_of(value, unit="万元"):
    """How far a stated total may lie from the exact sum of its rows, in 万元: half the last place it is written to
    ("1.08" 亿元 → 50 万元, 13000 万元 → 0.5), since a list rounds its totals to the places it prints."""
    if type(value) is float and value.is_integer():  # calamine's 58.0 is the 58 typed in the cell
        value = int(value)
    text = repr(value) if type(value) is float else (clean_text(value) or "")
    match = MONEY_TEXT.match(text.replace(",", "").replace(" ", ""))
    if not match:
        return Decimal(0)
    cell_unit = {"亿": "亿元", "万": "万元"}.get(match.group(2), match.group(2))
    return Decimal(1).scaleb(Decimal(match.group(1)).as_tuple().exponent) / 2 * UNITS[cell_unit or unit]


def _negative(value):
    raise ValueProblem(_("金额“%(v)s”为负数") % {"v": value})


def count_of(value):
    """A count cell ("33个", "2 项", 241, "241.0") → int, or None when it is not a count."""
    text = clean_text(value)
    if text is None:
        return None
    match = re.fullmatch(r"(?:共)?\s*(\d+)\s*(?:个|项|家)?", text.replace(" ", ""))
    if match:
        return int(match.group(1))
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() and number >= 0 else None


# --- dates and periods ------------------------------------------------------------------------

EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers of 1990-01-01 … 2100-12-31: a number in a date column in this range is a date.
SERIALS = (32874, 73415)
DATE_PART = re.compile(
    r"((?:19|20)\d{2})"  # year
    r"(?:\s*(?:年|[.\-/])\s*(\d{1,2})(?!\d)"  # month
    r"(?:\s*(?:月|[.\-/])\s*(\d{1,2})(?!\d)\s*日?)?\s*月?)?"  # day
)


RANGE_DASH = r"(?:-|—|－|~|～|至|到)"
MONTHS_OF_A_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|\.)\s*(\d{1,2})\s*月?\s*" + RANGE_DASH + r"\s*(\d{1,2})\s*月?")
OPEN_END = re.compile(RANGE_DASH + r"\s*(?:年)?\s*$|至今$")


def from_serial(number):
    return EXCEL_EPOCH + timedelta(days=int(number))


def _bounds(year, month=None, day=None):
    """The first and last day of a year, a month or a day."""
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueProblem(_("月份“%(m)s”不存在") % {"m": month})
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    try:
        day_date = date(year, month, day)
    except ValueError:
        raise ValueProblem(_("日期“%(y)s年%(m)s月%(d)s日”不存在") % {"y": year, "m": month, "d": day}) from None
    return day_date, day_date


def period_of(value):
    """A period cell → (start, end) dates: the first day of the start period, the last day of the end.

    "2023" → 2023-01-01…2023-12-31; "2023-2025" and "2023年至2025年" → 2023-01-01…2025-12-31;
    "2024年10月" → 2024-10-01…2024-10-31; "2024.3-2026.6" → 2024-03-01…2026-06-30; an Excel date (or its
    serial number, 45597 = 2024-11-01) → that day twice. (None, None) when the cell is empty."""
    if isinstance(value, datetime):
        return value.date(), value.date()
    if isinstance(value, date):
        return value, value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1900 <= value <= 2100 and float(value).is_integer():
            return _bounds(int(value))
        if 1900 < value < 2101:  # 2024.3 typed as a number: March 2024
            if repr(value).endswith(".1"):  # Excel keeps 2024.10 as 2024.1: October or January, it cannot say
                raise ValueProblem(_("“%(v)s”是1月还是10月无法确定，请写成“%(y)s年1月”或“%(y)s年10月”") % {
                    "v": value, "y": int(value)})
            return period_of(repr(value))
        if SERIALS[0] <= value <= SERIALS[1]:
            day = from_serial(value)
            return day, day
        raise ValueProblem(_("“%(v)s”不是年份或日期") % {"v": value})
    if is_empty(value):
        return None, None
    text = clean_text(value)
    if re.fullmatch(r"\d{5}(\.0+)?", text) and SERIALS[0] <= float(text) <= SERIALS[1]:
        day = from_serial(float(text))
        return day, day
    if months := MONTHS_OF_A_YEAR.fullmatch(text):  # "2025年3月-12月", "2025.3-12": months of one year
        year, first, last = map(int, months.groups())
        # "2025.11-2": from November into the next year's February.
        start, end = _bounds(year, first)[0], _bounds(year + 1 if last < first else year, last)[1]
    else:
        parts = [(int(y), int(m) if m else None, int(d) if d else None) for y, m, d in DATE_PART.findall(text)]
        if not parts:
            raise ValueProblem(_("“%(v)s”不是年份或起止年限（如2023-2025、2024年10月）") % {"v": value})
        start = _bounds(*parts[0])[0]
        if len(parts) == 1 and OPEN_END.search(text):  # "2025-": begun, its end not yet set
            return start, None
        end = _bounds(*parts[-1])[1]
    if end < start:
        raise ValueProblem(_("起止年限“%(v)s”的结束早于开始") % {"v": value})
    return start, end


# --- stages and categories --------------------------------------------------------------------

# Stage words of published lists → our stage. One table the city may extend (a plain dict).
# A list's 新开工/计划开工 project is one planned to start in the list's year: it has not started when
# the list is made, so it is 前期 until its start is reported (DESIGN: construction needs an actual
# start). 续建/在建/加快建设/收尾 are under construction; 竣工/完工 completed; 投产 operating.
STAGE_WORDS = {
    "谋划": Stage.RESERVE, "储备": Stage.RESERVE, "谋划储备": Stage.RESERVE, "策划": Stage.RESERVE,
    "前期": Stage.PREPARATION, "加快前期": Stage.PREPARATION, "预备": Stage.PREPARATION,
    "重大前期": Stage.PREPARATION, "前期工作": Stage.PREPARATION, "新开工": Stage.PREPARATION,
    "计划开工": Stage.PREPARATION, "计划新开工": Stage.PREPARATION, "新建": Stage.PREPARATION,
    "拟开工": Stage.PREPARATION,
    "续建": Stage.CONSTRUCTION, "在建": Stage.CONSTRUCTION, "加快建设": Stage.CONSTRUCTION,
    "收尾": Stage.CONSTRUCTION, "复工": Stage.CONSTRUCTION,
    "竣工": Stage.COMPLETED, "完工": Stage.COMPLETED, "竣工投产或部分竣工投产": Stage.COMPLETED,
    "竣工投产": Stage.COMPLETED, "建成": Stage.COMPLETED,
    "投产": Stage.OPERATING, "建成投产": Stage.OPERATING, "投产达效": Stage.OPERATING,
    "停建": Stage.SUSPENDED, "缓建": Stage.SUSPENDED, "停缓建": Stage.SUSPENDED,
}

CATEGORY_WORDS = {
    "产业": Category.INDUSTRY, "工业": Category.INDUSTRY, "制造业": Category.INDUSTRY, "产业发展": Category.INDUSTRY,
    "服务业": Category.INDUSTRY, "现代服务业": Category.INDUSTRY, "农业": Category.INDUSTRY,
    "基础设施": Category.INFRASTRUCTURE, "交通": Category.INFRASTRUCTURE, "能源": Category.INFRASTRUCTURE,
    "水利": Category.INFRASTRUCTURE, "铁路": Category.INFRASTRUCTURE, "公路": Category.INFRASTRUCTURE,
    "城市基础设施": Category.INFRASTRUCTURE, "新型基础设施": Category.INFRASTRUCTURE,
    "民生": Category.SOCIAL, "社会事业": Category.SOCIAL, "社会民生": Category.SOCIAL,
    "民生社会事业": Category.SOCIAL, "教育": Category.SOCIAL, "卫生": Category.SOCIAL,
    "生态": Category.ECOLOGY, "环保": Category.ECOLOGY, "生态环保": Category.ECOLOGY,
    "生态环境": Category.ECOLOGY, "城市更新": Category.URBAN,
}

SECTION_NOISE = re.compile(r"[(\[【]?\s*(?:共)?\s*\d+\s*(?:个|项)?\s*[)\]】]?|项目|类|工程|批次|[(\[【)\]】]")


def _word_of(text, table):
    """The table's entry for a cell or a section label: the whole text, else the longest word in it."""
    if text is None:
        return None
    text = text.replace(" ", "")
    if text in table:
        return table[text]
    bare = SECTION_NOISE.sub("", text)
    if bare in table:
        return table[bare]
    found = [word for word in table if word in text]
    return table[max(found, key=len)] if found else None


def stage_of(text, words=STAGE_WORDS):
    return _word_of(clean_text(text), words)


def category_of(text, words=CATEGORY_WORDS):
    return _word_of(clean_text(text), words)


# --- names ------------------------------------------------------------------------------------

UNKNOWN_NAMES = {"待定", "暂无", "无", "/"}


def names_of(value):
    """Several owners, units or leaders in one cell → their names, in order, each once."""
    return [name for name in split_names(clean_text(value)) if name not in UNKNOWN_NAMES and name not in PLACEHOLDERS]


MARKERS = "★▲☆△●◆*"
MARKS = re.compile("[★▲☆△●◆]")  # the markers a name keeps as its marks ("*" is only taken off)


SUB_NUMBER = re.compile(r"^[(]\d{1,3}[)]\s*")  # "(3)…": a sub-number, folded from "（3）" by NFKC


def project_name(value):
    """(name, marks): the name with its ★/▲ markers and a leading sub-number taken off, line breaks closed."""
    text = clean_text(value)
    if text is None:
        return None, ""
    if "\n" in text:
        text = re.sub(r"\s*\n\s*", "", text)
    marks = "".join(MARKS.findall(text))
    name = text.strip(MARKERS + " ")
    if name[:1] == "(":
        name = SUB_NUMBER.sub("", name)
    return name or None, marks


def serial_of(value):
    """A serial cell ("1.0", 20.0, "（1）", "1、", "1.") → "1"; other text as it is."""
    kind = type(value)
    if (kind is int or (kind is float and value.is_integer())) and value >= 0:
        return str(int(value))
    text = clean_text(value)
    if text is None:
        return None
    match = re.fullmatch(r"\(?\s*(\d+)\s*[)、.]?\s*(?:\.0+)?", text)
    return match.group(1) if match else text
