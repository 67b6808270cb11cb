"""`load_plan`: a policy document's targets and tasks (tuijin/targets/plans/) into a Plan of a region.

Loading again replaces the plan's rows in one transaction. A split to a district or zone the database lacks, or a
row whose indicator the registry does not (yet) hold, is reported and skipped; the rest loads."""

import datetime
import importlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.org.models import Region, RegionKind
from tuijin.org.region_names import RegionMatcher

from . import indicators, services
from .models import Plan, Target
from .plans import PLANS


class PlanError(ValueError):
    pass


@dataclass
class Report:
    plan: object = None
    lines: list = field(default_factory=list)
    targets: int = 0
    tasks: int = 0
    skipped: int = 0

    def say(self, line):
        self.lines.append(line)

    @property
    def summary(self):
        return f"loaded: {self.targets} targets, {self.tasks} tasks, {self.skipped} skipped"


def document(key):
    if key not in PLANS:
        raise PlanError(_("没有这份文件：%(k)s（可选：%(all)s）") % {"k": key, "all": "、".join(PLANS)})
    return importlib.import_module(f"{__package__}.plans.{PLANS[key]}")


def top_city():
    """The region tree's first city: of kind city, the highest (fewest ancestors), then by code."""
    cities = list(Region.objects.filter(kind=RegionKind.CITY))
    if not cities:
        raise PlanError(_("本库没有市级区域，请用 --region 指定"))
    return min(cities, key=lambda r: (r.path.count("/"), r.path))


def find_region(root, name):
    """A district or zone of `root`'s subtree named `name` (by name or short name, with or without 区/县/市)."""
    regions = list(root.subtree())
    code = RegionMatcher.of(regions).match(name, within=False)
    return next((region for region in regions if region.code == code), None)


def _checkpoint(text, year):
    if len(text) == 10:
        return datetime.date.fromisoformat(text)
    month, day = (int(x) for x in text.split("-"))
    return datetime.date(year, month, day)


@transaction.atomic
def load_plan(key, region=None, *, actor=None, stdout=None):
    """Load document `key` into its Plan of `region` (a Region or a code; the top city when None)."""
    module = document(key)
    if region is None:
        region = top_city()
    elif not isinstance(region, Region):
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise PlanError(_("没有区划代码为 %(c)s 的区域") % {"c": region})
        region = found
    info = module.PLAN
    plan, _created = Plan.objects.update_or_create(
        key=key, region=region, defaults={"name": info["name"], "year": info["year"], "source": info["source"]})
    report = Report(plan=plan)
    write = (lambda line: stdout.write(line + "\n")) if stdout is not None else (lambda line: None)

    def say(line):
        report.say(line)
        write(line)

    for old in plan.targets.filter(parent__isnull=True):
        services.delete_target(old, actor=actor, reason=_("重新载入文件目标"), by_command=True)
    plan.targets.all().delete()  # parts whose parent lay in another plan (none are made here)
    say(_("%(plan)s → %(region)s") % {"plan": plan.name, "region": region})
    for order, entry in enumerate(module.ENTRIES, start=1):
        _load_entry(entry, plan, region, order * 10, actor, report, say)
    say(report.summary)
    return report


def _load_entry(entry, plan, root, order, actor, report, say, parent=None):
    kind = _("目标") if entry["indicator"] else _("任务")
    if entry["indicator"] and entry["indicator"] not in indicators.REGISTRY:
        report.skipped += 1 + len(entry["parts"])
        say(_("跳过：%(t)s（指标 %(k)s 尚未登记）") % {"t": entry["title"], "k": entry["indicator"]})
        return None
    region = root
    if entry["scope"] != "city":
        region = find_region(root, entry["scope"])
        if region is None:
            report.skipped += 1
            say(_("跳过：%(t)s → %(s)s（本库没有该区域）") % {"t": entry["title"], "s": entry["scope"]})
            return None
    year = entry.get("year") or plan.year
    end_year = entry.get("end_year")
    row = Target(
        plan=plan, parent=parent, year=year, end_year=end_year, title=entry["title"][:300],
        indicator=entry["indicator"], filters=entry["filters"], region=region,
        checkpoint=_checkpoint(entry["checkpoint"], end_year or year), comparator=entry["comparator"],
        value=entry["value"], lead_unit=entry["lead_unit"][:200], responsible_units=entry["responsible_units"][:300],
        basis=entry["basis"][:300], clause=entry["clause"][:500], sort_order=order)
    services.create_target(row, actor=actor, reason=_("载入文件目标：%(p)s") % {"p": plan.name}, by_command=True)
    if row.indicator:
        report.targets += 1
        value = f" {row.get_comparator_display()} {row.value.normalize():f}{row.indicator_def.unit}"
    else:
        report.tasks += 1
        value = ""
    say(_("%(kind)s：%(t)s%(v)s → %(r)s") % {"kind": kind, "t": row.title, "v": value, "r": region})
    for number, piece in enumerate(entry["parts"], start=1):
        child = {**entry, "parts": [], **piece}
        if piece.get("value") is not None:
            child["value"] = Decimal(str(piece["value"]))
        _load_entry(child, plan, root, order + number, actor, report, say, parent=row)
    return row
