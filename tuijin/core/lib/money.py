"""Money in 万元 as Decimal with two places; conversions from the units published tables use."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
YI = Decimal("10000")  # 1 亿元 = 10000 万元

# How many 万元 one unit is worth.
UNITS = {"元": Decimal("0.0001"), "万元": Decimal("1"), "亿元": YI}


class MoneyError(ValueError):
    pass


def to_wan(value, unit="万元"):
    """Parse a number (str, int, Decimal; never float arithmetic) in `unit` and return 万元, 2 places."""
    if unit not in UNITS:
        raise MoneyError(f"未知的金额单位“{unit}”，应为元、万元或亿元")
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    if not text:
        raise MoneyError("金额为空")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise MoneyError(f"“{value}”不是数字") from None
    if not amount.is_finite():
        raise MoneyError(f"“{value}”不是有效金额")
    return (amount * UNITS[unit]).quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount):
    """A Decimal amount → whole cents (int), rounded half up: exact integers for bulk arithmetic."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_cents(cents):
    """Whole cents → the Decimal amount with two places (1230 → 12.30)."""
    return Decimal(cents).scaleb(-2)


def format_wan(amount):
    """万元 for ordinary figures, 亿元 once a figure reaches 1 亿, as the bulletins print them."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    if abs(amount) >= YI:
        return f"{(amount / YI).quantize(CENT, rounding=ROUND_HALF_UP):,}亿元"
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,}万元"


# English keeps the same digits and names the unit: 亿元 = 100 million yuan, 万元 = 10 thousand yuan,
# the words the forms use ("Total investment (10k yuan)").
ENGLISH_UNITS = {"亿元": " × 100M yuan", "万元": " × 10k yuan"}


def format_money(amount):
    """`format_wan` in the language of the page: "707.56亿元", or in English "707.56 × 100M yuan"."""
    from django.utils.translation import get_language

    text = format_wan(amount)
    if text and (get_language() or "").startswith("en"):
        return text[:-2] + ENGLISH_UNITS[text[-2:]]
    return text


# A column of figures in 亿元 once its smallest non-zero figure reads 0.10 亿元 or more.
YI_COLUMN_FLOOR = Decimal("1000")


def column_unit(amounts):
    """The one unit a column of 万元 figures is shown in: "亿元" when every non-zero figure is at least
    1000 万元 (so none reads 0.0x) and one reaches 1 亿; otherwise "万元"."""
    figures = [abs(Decimal(a)) for a in amounts if a]
    if figures and max(figures) >= YI and min(figures) >= YI_COLUMN_FLOOR:
        return "亿元"
    return "万元"


def format_in(amount, unit):
    """A 万元 figure as digits in `unit` ("亿元" or "万元"), two places, thousands separated; no unit name."""
    if amount is None:
        return ""
    value = Decimal(amount) / UNITS[unit]
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,}"
