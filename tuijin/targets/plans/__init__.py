"""The policy documents' targets and tasks as plain data, one module per document (`load_plan` reads them).

Each module holds PLAN (key, name, year, source) and ENTRIES: dicts made by `target()` (a number an indicator
must reach) or `task()` (work that is not a number). Values are in the indicator's unit (个, 万元 — 亿元 × 10000 —,
or %); a checkpoint is "MM-DD" of the target's (last) year or a full "YYYY-MM-DD"; scope is "city" or the name of a
district or zone the entry is split to (a split's `parts` inherit the entry's fields and override what they give).
"""

from decimal import Decimal

from tuijin.core.lib.money import YI  # noqa: F401 — the plans write 亿元 as n * YI

PLANS = {
    "panjin-2017": "panjin_2017",
    "yuqing": "yuqing",
    "changchun-2018": "changchun_2018",
    "changzhi-2019": "changzhi_2019",
    "dalian-2023": "dalian_2023",
}


def target(title, indicator, value, comparator="gte", *, filters=None, checkpoint="12-31", lead_unit="",
           responsible_units="", basis="", clause="", parts=(), year=None, end_year=None, scope="city"):
    return {"title": title, "indicator": indicator, "value": Decimal(str(value)), "comparator": comparator,
            "filters": dict(filters or {}), "checkpoint": checkpoint, "scope": scope, "lead_unit": lead_unit,
            "responsible_units": responsible_units, "basis": basis, "clause": clause, "parts": list(parts),
            "year": year, "end_year": end_year}


def task(title, *, lead_unit="", responsible_units="", checkpoint="12-31", clause="", basis="", parts=(),
         year=None, end_year=None, scope="city"):
    return {"title": title, "indicator": "", "value": None, "comparator": "gte", "filters": {},
            "checkpoint": checkpoint, "scope": scope, "lead_unit": lead_unit,
            "responsible_units": responsible_units, "basis": basis, "clause": clause, "parts": list(parts),
            "year": year, "end_year": end_year}


def part(scope, **fields):
    """A split of the entry to a district or zone, named as the document names it."""
    return {"scope": scope, **fields}
