"""One indicator for every sub-region at once: the parent scope's rows counted (or summed) per sub-region in
one grouped query per part, where asking region by region would run one query per region.

A region's path is its chain of codes ("210000/211100/211102/"), all codes of one width, so the rows of a
sub-region are the rows whose region path starts with the sub-region's path: grouping by that prefix gives
every sub-region's figure from one scan, and the same figure the sub-region's own query gives."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Substr

from tuijin.projects.models import Project

from .indicators import CENT, Value


def groupable(indicator):
    """Indicators computed from rows (not a stored figure) can be grouped."""
    return indicator.numerator is not None and getattr(indicator, "compute", None) is None


def by_prefix(indicator, query, width):
    """{region path prefix of `width` characters: Value} over `query`'s rows; prefixes without rows are absent."""
    top = _grouped(indicator.numerator(query), indicator.summed, query, width)
    if not indicator.is_rate:
        return {prefix: Value(n) for prefix, n in top.items()}
    bottom = _grouped(indicator.denominator(query), indicator.denominator_summed, query, width)
    return {prefix: indicator.rate(top.get(prefix, _zero(indicator.summed)),
                                   bottom.get(prefix, _zero(indicator.denominator_summed)))
            for prefix in top.keys() | bottom.keys()}


def for_regions(indicator, query, regions):
    """{region: Value} for `regions`, all of one depth, each over its subtree within `query`'s projects."""
    regions = list(regions)
    widths = {len(r.path) for r in regions}
    if len(widths) > 1:
        raise ValueError("regions of one depth only")
    found = by_prefix(indicator, query, widths.pop()) if regions else {}
    none = indicator.rate(_zero(indicator.summed), 0) if indicator.is_rate else Value(_zero(indicator.summed))
    return {region: found.get(region.path, none) for region in regions}


def _grouped(rows, summed, query, width):
    path = "region__path" if rows.model is Project else "project__region__path"
    grouped = rows.order_by().values(prefix=Substr(path, 1, width))
    if summed is None:
        return dict(grouped.annotate(n=Count("pk", distinct=True)).values_list("prefix", "n"))
    return {prefix: Decimal(total or 0).quantize(CENT)
            for prefix, total in grouped.annotate(total=Sum(summed(query))).values_list("prefix", "total")}


def _zero(summed):
    return 0 if summed is None else Decimal(0).quantize(CENT)
