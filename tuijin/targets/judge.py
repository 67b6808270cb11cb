"""How a target stands: met or not at its checkpoint, and before it on track or behind a time-proportional
expectation. Pure rules on numbers and dates, like core.lib.schedule."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

MET, NOT_MET, ON_TRACK, BEHIND, NO_DATA = "met", "not_met", "on_track", "behind", "no_data"
CENT = Decimal("0.01")


def reached(comparator, actual, value):
    """超过 is strictly more (90 is not 超过 90), 不少于 at least, 不超过 at most."""
    actual, value = Decimal(actual), Decimal(value)
    if comparator == "gt":
        return actual > value
    if comparator == "gte":
        return actual >= value
    return actual <= value


def elapsed_share(start, checkpoint, on):
    """The share of the days from `start` to `checkpoint` (both counted) gone by the end of `on`."""
    if on >= checkpoint:
        return Decimal(1)
    if on < start:
        return Decimal(0)
    return Decimal((on - start).days + 1) / Decimal((checkpoint - start).days + 1)


def expected(comparator, value, start, checkpoint, on, *, proportional):
    """What the actual should be by `on`: the target itself for a rate or an upper limit, else its
    time-proportional share (a count or a sum grows through the year)."""
    value = Decimal(value)
    if not proportional or comparator == "lte":
        return value
    return (value * elapsed_share(start, checkpoint, on)).quantize(CENT, ROUND_HALF_UP)


def status(comparator, value, actual, expectation, *, checkpoint, on):
    if actual is None:
        return NO_DATA
    if on >= checkpoint:
        return MET if reached(comparator, actual, value) else NOT_MET
    if comparator == "lte":
        return ON_TRACK if reached("lte", actual, value) else NOT_MET  # an upper limit once passed stays passed
    if reached(comparator, actual, value):
        return MET
    return ON_TRACK if Decimal(actual) >= expectation else BEHIND


def gap(comparator, value, actual):
    """How far the actual is from the target, in its unit: positive is still missing, 0 or less is reached
    (for 超过, reaching the value itself still leaves 0 missing: the page says 未超过)."""
    if actual is None:
        return None
    difference = Decimal(value) - Decimal(actual)
    return -difference if comparator == "lte" else difference


def days_left(checkpoint, on):
    return max((checkpoint - on).days, 0) if isinstance(checkpoint, datetime.date) else None
