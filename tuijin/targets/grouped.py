"""One indicator for many regions at once: the rows of a scope that holds them all counted (or summed) per
project region in one grouped query, each region's figure then the sum over the project regions in its
subtree. Asking region by region would run one query per region; a page of targets asks once per measure.

Every project has one region, so the per-region counts add up exactly to any subtree's count, and a figure
computed here is the figure the region's own query gives (tests/test_grouped.py holds the two together)."""

from decimal import Decimal

from django.db.models import Count, Sum

from tuijin.core.querysets import ancestor_paths
from tuijin.org.models import Region
from tuijin.projects.models import Project

from .indicators import CENT, OfProjects, Value


def groupable(indicator):
    """Indicators computed from rows (not a stored figure) can be grouped."""
    return indicator.numerator is not None and getattr(indicator, "compute", None) is None


class Measures:
    """The grouped counts and sums one page needs, each computed once: 年度计划完成率's denominator is
    年度计划投资's figure, a city target and its parts share one query."""

    def __init__(self):
        self._found = {}
        self._paths = None
        self._sql = {}  # {Query: its projects' SQL}: compiling it is a millisecond, and a page asks 50 times

    def for_regions(self, indicator, query, regions):
        """{region: Value} for `regions`, each over its subtree within `query`'s projects (a scope that holds
        every one of them)."""
        top = self._per_region(indicator.numerator, indicator.summed, query)
        bottom = self._per_region(indicator.denominator, indicator.denominator_summed, query) if indicator.is_rate else {}
        values = {}
        for region in regions:
            numerator = self._within(top, region, indicator.summed)
            if indicator.is_rate:
                values[region] = indicator.rate(numerator, self._within(bottom, region, indicator.denominator_summed))
            else:
                values[region] = Value(numerator)
        return values

    def _per_region(self, rows_of, summed, query):
        """{project region id: count or sum} of the rows `rows_of(query)`."""
        field = summed(query) if summed else None
        if query not in self._sql:
            self._sql[query] = str(query.projects.query)
        key = (rows_of, str(field), self._sql[query], query.year, query.as_of, query.since, query.approval_days)
        if key not in self._found:
            self._found[key] = dict(_grouped(rows_of, field, query))
        return self._found[key]

    def _within(self, per_region, region, summed):
        if self._paths is None:
            self._paths = dict(Region.objects.values_list("pk", "path"))
        total = sum((n or 0 for rid, n in per_region.items() if region.path in ancestor_paths(self._paths[rid])),
                    start=0)
        return total if summed is None else Decimal(total).quantize(CENT)


def _grouped(rows_of, field, query):
    """(project region id, count or sum) of the rows `rows_of(query)`, `field` summed (None: counted)."""
    if isinstance(rows_of, OfProjects) and _joins_nothing(query.projects) and (field is None or isinstance(field, str)):
        # From the projects, joined to their rows: each row meets its one project once, so the count or sum is
        # the rows' own.
        name = f"{rows_of.related_name}__{field or 'pk'}"
        grouped = rows_of.joined(query).order_by().values("region_id")
        return grouped.annotate(n=Sum(name) if field is not None else Count(name)).values_list("region_id", "n")
    rows = rows_of(query)
    region = "region_id" if rows.model is Project else "project__region_id"
    grouped = rows.order_by().values(region)
    return grouped.annotate(n=Sum(field) if field is not None else Count("pk")).values_list(region, "n")


def _joins_nothing(projects):
    """A project queryset over the projects table alone (no join that could repeat a project, not distinct)."""
    used = [alias for alias in projects.query.alias_map if projects.query.alias_refcount[alias]]
    return len(used) <= 1 and not projects.query.distinct


def for_regions(indicator, query, regions):
    """{region: Value} for `regions`, each over its subtree within `query`'s projects."""
    return Measures().for_regions(indicator, query, regions)
