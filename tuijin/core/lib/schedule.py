"""序时进度: how much of an annual plan should be done by a month, and how far a project is from it.

`reference/practice.md`: 序时进度 = months elapsed ÷ 12 by default; a city may weight months (northern
winters); 投资完成率 = year-to-date ÷ annual plan; "超序时 7.33 个百分点" = rate − 序时进度;
10–30 points behind is yellow, more than 30 red.
"""

from decimal import ROUND_HALF_UP, Decimal

LINEAR = [Decimal(1)] * 12
GREEN, YELLOW, RED = "green", "yellow", "red"
HUNDRED = Decimal(100)
POINT = Decimal("0.01")


class WeightsError(ValueError):
    pass


def parse_weights(text):
    """'1,1,2,…' (12 non-negative numbers, not all zero) → list of Decimal."""
    try:
        weights = [Decimal(part.strip()) for part in str(text).replace("，", ",").split(",")]
    except ArithmeticError:
        raise WeightsError("月度权重应为12个用逗号分隔的数字") from None
    if len(weights) != 12 or any(w < 0 for w in weights) or sum(weights) == 0:
        raise WeightsError("月度权重应为12个非负数字，且不能全为0")
    return weights


def expected_share(month, weights=LINEAR):
    """Share of the annual plan (0–1) that should be complete at the end of `month`."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1–12")
    return sum(weights[:month]) / sum(weights)


def percent(value):
    return (Decimal(value) * HUNDRED).quantize(POINT, rounding=ROUND_HALF_UP)


def completion_rate(ytd, plan):
    """Year-to-date ÷ annual plan (0–1+), or None when there is no plan to measure against."""
    if not plan:
        return None
    return Decimal(ytd or 0) / Decimal(plan)


def gap_points(rate, expected):
    """Percentage points ahead (+) or behind (−) the time-proportional expectation."""
    if rate is None:
        return None
    return percent(rate - expected)


def status(gap, yellow=Decimal(10), red=Decimal(30)):
    if gap is None:
        return None
    if gap < -red:
        return RED
    if gap < -yellow:
        return YELLOW
    return GREEN


def judge(ytd, plan, expected, yellow=Decimal(10), red=Decimal(30)):
    """(rate, gap in points, status) of a year-to-date against its plan and the expected share."""
    rate = completion_rate(ytd, plan)
    gap = gap_points(rate, expected)
    return rate, gap, status(gap, yellow, red)
