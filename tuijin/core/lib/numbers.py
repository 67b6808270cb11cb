"""Numbers as clerks type them: full-width digits (１２３), thousands separators, stray spaces."""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
# Below this a double holds one amount in cents per value, so a cell reading 1234.56 is that amount
# and its two-decimal text needs no rounding: the common case, read without the general path's repr and quantize.
EXACT_CENTS = 10 ** 12
ZERO_CENTS = Decimal("0.00")


class NumberError(ValueError):
    pass


def parse_decimal(value, *, places=CENT):
    """A cell value (str, int, float from a spreadsheet, Decimal) → Decimal, or None when empty."""
    kind = type(value)
    if kind is float and places is CENT and -EXACT_CENTS < value < EXACT_CENTS:
        if not value:
            return ZERO_CENTS  # most cells of a fund column
        text = f"{value:.2f}"
        if float(text) == value:  # typed with at most two decimals: the text is the number exactly
            return Decimal(text)
    if kind is float or kind is int:  # what a spreadsheet's number cells give: no text to clean
        number = Decimal(repr(value)) if kind is float else Decimal(value)
        if not number.is_finite():
            raise NumberError(f"“{value}”不是数字")
        return number.quantize(places, rounding=ROUND_HALF_UP) if places is not None else number
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise NumberError("应为数字")
    if isinstance(value, float):
        value = repr(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
    if text.endswith("%"):
        text = text[:-1]
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NumberError(f"“{value}”不是数字") from None
    if not number.is_finite():
        raise NumberError(f"“{value}”不是数字")
    return number.quantize(places, rounding=ROUND_HALF_UP) if places is not None else number


def parse_cents(value):
    """A money cell → whole cents (int; 0.01 of the cell's unit), or None when empty: the amount
    `parse_decimal` reads, as an exact integer. For bulk work, where a Decimal per cell costs more than
    the rest of the row (a number cell typed with at most two decimals takes a multiplication)."""
    if type(value) is float and -EXACT_CENTS < value < EXACT_CENTS:
        cents = round(value * 100)
        if cents / 100 == value:  # division is correctly rounded: the double of the two-decimal amount
            return cents
    amount = parse_decimal(value)
    return None if amount is None else int(amount.scaleb(2))


def parse_int(value):
    if type(value) is float and value.is_integer() and -EXACT_CENTS < value < EXACT_CENTS:
        return int(value)  # a number cell holding a whole number
    number = parse_decimal(value, places=None)  # not rounded: 2.5 workers is a typing error, not 3
    if number is None:
        return None
    if number != number.to_integral_value():
        raise NumberError(f"“{value}”应为整数")
    return int(number)


def median_shown(values):
    """The median of whole numbers (days) as the figures beside it read: a whole number, or one half
    ("22.5") when the middle two differ by an odd number; None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    twice = ordered[middle - 1] + ordered[middle]
    return twice // 2 if twice % 2 == 0 else Decimal(twice) / 2
