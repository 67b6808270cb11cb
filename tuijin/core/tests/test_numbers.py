import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tuijin.core.lib.numbers import CENT, NumberError, median_shown, parse_cents, parse_decimal, parse_int


def _as_typed(value):
    """The general rule: the number as Python prints it, rounded half up to cents."""
    return Decimal(repr(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("value", [0.0, -0.0, 12.0, 1234.56, 0.1 + 0.2, 1.005, 2.675, 1e-9, 999999999999.99,
                                   -17.35, 123456789.015])
def test_number_cells_read_as_the_amount_typed_rounded_half_up(value):
    assert parse_decimal(value) == _as_typed(value)


def test_number_cells_agree_with_the_general_rule_across_magnitudes():
    draw = random.Random(20261125)
    for _ in range(20000):
        value = round(draw.uniform(-1e12, 1e12), draw.randint(0, 4))
        assert parse_decimal(value) == _as_typed(value), value


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "１２３abc"])
def test_what_is_not_a_number_is_refused(value):
    with pytest.raises(NumberError):
        parse_decimal(value)


def test_full_width_digits_and_separators():
    assert parse_decimal("１２，３４５.６") == Decimal("12345.60")
    assert parse_decimal(" 1,234 ") == Decimal("1234.00")


def test_whole_number_cells_read_as_integers():
    assert parse_int(3.0) == 3
    assert parse_int("１２") == 12
    with pytest.raises(NumberError):
        parse_int(2.5)


def test_money_cells_read_as_cents_agree_with_the_decimal_reading():
    draw = random.Random(20261201)
    values = [0.0, -0.0, 1.005, 2.675, 0.1 + 0.2, 999999999999.99, -17.35, "１２，３４５.６", " 1,234 ", 7, "3.456"]
    values += [round(draw.uniform(-1e12, 1e12), draw.randint(0, 4)) for _ in range(20000)]
    for value in values:
        assert parse_cents(value) == parse_decimal(value).scaleb(2), value
    assert parse_cents("") is None and parse_cents(None) is None
    with pytest.raises(NumberError):
        parse_cents(float("nan"))


def test_a_median_of_days_reads_as_a_whole_number_or_a_half():
    assert median_shown([30, 10, 20]) == 20
    assert str(median_shown([20, 24])) == "22"  # not "22.0"
    assert str(median_shown([20, 25])) == "22.5"
    assert median_shown([]) is None
