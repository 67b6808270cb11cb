from decimal import Decimal

import pytest

from tuijin.core.lib.money import MoneyError, format_wan, from_cents, to_cents, to_wan


def test_yuan_converts_to_wan_with_two_places():
    assert to_wan("1234567", "元") == Decimal("123.46")


def test_yi_converts_to_wan():
    assert to_wan("2.5", "亿元") == Decimal("25000.00")


def test_thousands_separators_are_accepted():
    assert to_wan("1,234.5") == Decimal("1234.50")
    assert to_wan("1，234.5") == Decimal("1234.50")


def test_float_input_keeps_its_printed_value_not_its_binary_error():
    assert to_wan(0.1 + 0.2) == Decimal("0.30")


@pytest.mark.parametrize("text", ["", "abc", "NaN", "Infinity"])
def test_rejects_what_is_not_an_amount(text):
    with pytest.raises(MoneyError):
        to_wan(text)


def test_rejects_unknown_unit():
    with pytest.raises(MoneyError, match="单位"):
        to_wan("1", "美元")


def test_format_switches_to_yi_from_one_yi():
    assert format_wan(Decimal("9999.99")) == "9,999.99万元"
    assert format_wan(Decimal("10000")) == "1.00亿元"
    assert format_wan(Decimal("253000.50")) == "25.30亿元"


def test_cents_convert_both_ways_exactly():
    assert to_cents(Decimal("12.30")) == 1230
    assert to_cents(Decimal("0.005")) == 1  # half up
    assert from_cents(1230) == Decimal("12.30") and str(from_cents(0)) == "0.00"
    assert from_cents(to_cents(Decimal("999999999999.99"))) == Decimal("999999999999.99")
