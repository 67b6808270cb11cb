"""From request parameters to an indicator `Query`: the scope (a region code, `dept:<slug>`, `list:<id>`),
the year and the day counted, and the filters every indicator takes. Pages and the API read them here.

The scope's projects are always the viewer's visible projects first: a scope the viewer may not see is
404 (`ScopeNotFound`), a malformed parameter a `ParamError` naming it."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tuijin.core.dates import today
from tuijin.core.scope import scope_of
from tuijin.org.models import Department, Region
from tuijin.projects.choices import Category, Industry
from tuijin.projects.models import Project, ProjectList

from .indicators import APPROVAL_DAYS, Query

FILTERS = ("category", "min_total", "max_total", "list", "industry")


class ParamError(ValueError):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


class ScopeNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Scope:
    """What a value is computed over: a region's subtree, a department's projects or a list's."""

    kind: str  # "region", "department", "list"
    obj: object
    param: str

    @property
    def label(self):
        return str(self.obj)

    @property
    def region(self):
        """The region whose periods and external figures apply: the region itself, or the department's or list's."""
        return self.obj if self.kind == "region" else self.obj.region

    def projects(self, user):
        visible = Project.objects.visible_to(user).counted()
        if self.kind == "region":
            return visible.filter(region__in=self.obj.subtree())
        if self.kind == "department":
            led = Project.objects.filter(lead_department=self.obj).values("pk")
            shared = Project.objects.filter(responsible_departments=self.obj).values("pk")
            return visible.filter(pk__in=led) | visible.filter(pk__in=shared)
        return visible.filter(memberships__project_list=self.obj)


def scope_for(user, param):
    """The `Scope` that `param` names, if the viewer may see it; its home region when `param` is empty."""
    user_scope = scope_of(user)
    param = (param or "").strip()
    if not param:
        region = user_scope.home_region
        if region is None:
            raise ScopeNotFound(param)
        return Scope("region", region, region.code)
    if param.startswith("dept:"):
        department = Department.objects.select_related("region").filter(slug=param[5:]).first()
        if department is None or not (user_scope.department_ids and department.pk in user_scope.department_ids
                                      or user_scope.touches(department.region)):
            raise ScopeNotFound(param)
        return Scope("department", department, param)
    if param.startswith("list:"):
        project_list = ProjectList.objects.visible_to(user).filter(pk=_int(param[5:], "scope")).first()
        if project_list is None:
            raise ScopeNotFound(param)
        return Scope("list", project_list, param)
    region = Region.objects.filter(code=param).first()
    if region is None or not user_scope.covers(region):
        raise ScopeNotFound(param)
    return Scope("region", region, param)


def query_for(user, params, scope=None):
    """(`Scope`, `Query`) from a QueryDict-like `params`: scope=, year=, as_of=, n= and the filters."""
    scope = scope or scope_for(user, params.get("scope"))
    now = today()
    as_of = _date(params.get("as_of"), "as_of") if params.get("as_of") else None
    year = _int(params.get("year"), "year") if params.get("year") else (as_of or now).year
    if not 2000 <= year <= 2100:
        raise ParamError("year", _("年度应在2000至2100之间"))
    if as_of is None:  # a past year is counted to its end, the current one to today
        as_of = now if year == now.year else datetime.date(year, 12, 31)
    projects = filtered(scope.projects(user), params, user)
    days = _int(params.get("n"), "n") if params.get("n") else APPROVAL_DAYS
    return scope, Query(projects=projects, year=year, as_of=as_of, approval_days=days, region=scope.region,
                        listed=scope.kind == "list" or bool(params.get("list")))


def filtered(projects, params, user):
    """`projects` narrowed by the filters in `params` (a QueryDict, or a target's stored dict)."""
    if category := params.get("category"):
        if category not in Category.values:
            raise ParamError("category", _("未知的项目类别：%(v)s") % {"v": category})
        projects = projects.filter(category=category)
    if industry := params.get("industry"):
        if industry not in Industry.values:
            raise ParamError("industry", _("未知的国民经济行业门类：%(v)s") % {"v": industry})
        projects = projects.filter(industry=industry)
    lower = _money(params.get("min_total"), "min_total")
    upper = _money(params.get("max_total"), "max_total")
    if lower is not None or upper is not None:
        projects = projects.in_band(lower, upper)
    if list_id := params.get("list"):
        project_list = ProjectList.objects.visible_to(user).filter(pk=_int(list_id, "list")).first()
        if project_list is None:
            raise ParamError("list", _("没有这个清单"))
        projects = projects.filter(memberships__project_list=project_list)
    return projects


def _int(text, name):
    try:
        return int(text)
    except (TypeError, ValueError):
        raise ParamError(name, _("应为整数")) from None


def _date(text, name):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ParamError(name, _("日期格式应为 YYYY-MM-DD")) from None


def _money(text, name):
    if text in (None, ""):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ParamError(name, _("应为金额（万元）")) from None
