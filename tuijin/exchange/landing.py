"""From a row's values (as `listing` reads them: 万元 as Decimal, dates, a stage, a list of owners …)
to a project's fields, and what the row would change on a project that exists.

Values the platform does not know are not errors: a lead unit or a leader that matches no record is kept as
text for the district to link, a stage word it cannot read leaves the project in 储备 with a flag. Only a row
without a name or a total investment cannot become a project."""

import datetime
import functools
from json.encoder import c_make_encoder, encode_basestring
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.core.lib import project_code
from tuijin.core.lib.money import format_money
from tuijin.org.models import Department, Leader
from tuijin.projects.choices import Stage

# The project fields a list can carry, in the order a change is shown, with their labels.
FIELDS = {
    "name": gettext_lazy("项目名称"), "code": gettext_lazy("项目代码"), "owner_units": gettext_lazy("项目单位"), "total_investment": gettext_lazy("总投资（万元）"),
    "content": gettext_lazy("建设内容及规模"), "address": gettext_lazy("建设地点"), "planned_start": gettext_lazy("计划开工日期"),
    "planned_completion": gettext_lazy("计划竣工日期"), "stage": gettext_lazy("项目阶段"), "category": gettext_lazy("项目类别"),
    "region": gettext_lazy("所在区域"),
    "lead_department": gettext_lazy("牵头部门"), "leader": gettext_lazy("包保领导"),
    "district_leader": gettext_lazy("区级责任领导"),
}

# What a list's column may hold (listing.mapping.FIELDS), as the column-mapping form names them.
COLUMN_FIELDS = {
    "serial": gettext_lazy("序号"), "name": gettext_lazy("项目名称"), "code": gettext_lazy("项目代码"),
    "owner_units": gettext_lazy("项目单位（业主）"), "lead_unit": gettext_lazy("牵头单位"),
    "responsible_units": gettext_lazy("责任单位"), "leaders": gettext_lazy("责任领导"),
    "content": gettext_lazy("建设内容及规模"), "location": gettext_lazy("建设地点"), "region": gettext_lazy("所在区县"),
    "period": gettext_lazy("建设起止年限"), "planned_start": gettext_lazy("计划开工"),
    "planned_completion": gettext_lazy("计划竣工"), "stage": gettext_lazy("建设阶段"), "category": gettext_lazy("项目类别"),
    "total_investment": gettext_lazy("总投资"), "annual_plan": gettext_lazy("年度计划投资"),
    "annual_target": gettext_lazy("年度目标（不导入）"), "note": gettext_lazy("备注（不导入）"),
}


def dumped(value):
    """A value as the staged row keeps it (JSON): Decimal and dates as text, records by their id."""
    if type(value) is Decimal:
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    if (pk := getattr(value, "pk", None)) is None:
        raise TypeError(f"{type(value).__name__} is not kept in a staged row")
    return pk


class Directory:
    """The departments and leaders a row's names may be: the region's and every region's above it."""

    def __init__(self, region, *, assigns_city_leaders=False):
        # A city 包保领导 is the project office's to assign (projects.services): a district's list names one as
        # text for the office to link.
        self.assigns_city_leaders = assigns_city_leaders
        self.departments = {d.name: d for d in Department.objects.serving(region)}
        for d in list(self.departments.values()):
            self.departments.setdefault(d.name.removeprefix("市").removeprefix("区").removeprefix("县"), d)
        self.leaders = {}
        for leader in Leader.objects.filter(region__path__in=region.ancestor_paths):  # the city's and the district's
            self.leaders.setdefault(leader.name, leader)
        # The same few flags are said of thousands of rows in one language: each translated once.
        self.say = functools.lru_cache(maxsize=64)(_)
        self.shared = {}  # `_shared_fields` by the values it reads

    def department(self, name):
        return self.departments.get(name) or self.departments.get(name.removeprefix("市").removeprefix("区"))

    def leader(self, name):
        return self.leaders.get(name)


class Landing:
    """What a row gives a project: `own` fields (its name, total, code …), the `shared` ones worked out once for
    every row with the same owners, years, stage, units and leaders, the reasons flagged and an error or ""."""

    __slots__ = ("own", "shared", "own_flags", "error")

    def __init__(self, own, shared, own_flags, error=""):
        self.own, self.shared, self.own_flags, self.error = own, shared, own_flags, error

    @property
    def flags(self):
        return self.own_flags + self.shared.flags if self.shared else self.own_flags

    @property
    def fields(self):
        return {**self.own, **self.shared.fields} if self.shared else dict(self.own)

    def errors(self):
        """`field_errors` of the row's fields (the shared ones were checked once)."""
        return field_errors(self.own) + (self.shared.errors if self.shared else [])

    def staged(self):
        """The fields as the JSON text of the staged row."""
        own = to_json(self.own)
        if not self.shared or self.shared.json == "{}":
            return own
        return self.shared.json if own == "{}" else own[:-1] + ", " + self.shared.json[1:]


class Shared:
    __slots__ = ("fields", "flags", "errors", "json")

    def __init__(self, fields, flags):
        self.fields, self.flags = fields, flags
        self.errors, self.json = field_errors(fields), to_json(fields)


# As a staged row keeps its values, changes and reasons: json's own C encoder, made once (`json.dumps` makes one
# a call, a good part of the cost for the ten thousand small objects of a long list).
_encoder = c_make_encoder(None, dumped, encode_basestring, None, ": ", ", ", False, False, True)


def to_json(value):
    return "".join(_encoder(value, 0))



def project_fields(values, directory):
    """A row's values → its `Landing`."""
    flags, fields, _ = [], {}, directory.say  # gettext, once per message and import
    name = (values.get("name") or "").strip()
    if not name:
        return Landing({}, None, [], _("没有项目名称"))
    fields["name"] = name[:200]
    if values.get("total_investment") is None:
        # Lists of names alone (序号|项目名称) are met in practice: the project lands at 0 and waits for 入库审核.
        fields["total_investment"], fields["awaiting_intake"] = Decimal("0.00"), True
        flags.append(_("待补充：总投资（清单未列或不是金额），待入库审核"))
    else:
        fields["total_investment"] = values["total_investment"]
    if values.get("code"):
        try:
            fields["code"] = project_code.parse(project_code.normalize(str(values["code"]))).text
        except project_code.ProjectCodeError as error:
            flags.append(_("项目代码“%(v)s”有误（%(e)s），未导入代码") % {"v": values["code"], "e": error})
    for key, field in (("content", "content"), ("location", "address")):
        if values.get(key):
            fields[field] = str(values[key])[:200] if field == "address" else str(values[key])
    return Landing(fields, shared_fields(values, directory), flags)


def shared_fields(values, directory, *, linked_leader=None):
    """The `Shared` fields of a row's values. What rows of one list share (owners, years, stage, units, leaders)
    is worked out once per combination. `linked_leader`: the 包保领导 (id) the project a row updates already has;
    named again, it is neither kept as text nor flagged for the office."""
    key = (tuple([tuple(v) if type(v := values.get(k)) is list else v for k in SHARED]), linked_leader)
    if (shared := directory.shared.get(key)) is None:
        if len(directory.shared) >= KEPT_COMBINATIONS:
            directory.shared.clear()
        shared = directory.shared[key] = Shared(*_shared_fields(values, directory, linked_leader))
    return shared


# The values `_shared_fields` reads; rows with the same of each share its outcome.
SHARED = ("owner_units", "planned_start", "planned_completion", "stage", "category", "category_word", "lead_unit",
          "responsible_units", "leaders")
KEPT_COMBINATIONS = 4096  # a list whose rows share nothing does not grow memory with its rows


def _shared_fields(values, directory, linked_leader=None):
    """(fields, flags) from the values rows of a list tend to share. The returned lists are shared by those rows
    and not changed."""
    flags, fields, _ = [], {}, directory.say
    owners = [o[:100] for o in values.get("owner_units") or [] if o]
    fields["owner_units"] = owners
    if not owners:
        flags.append(_("待补充：项目单位"))
    for key in ("planned_start", "planned_completion"):
        if values.get(key):
            fields[key] = values[key]
    if fields.get("planned_start") and fields.get("planned_completion") and \
            fields["planned_completion"] < fields["planned_start"]:
        flags.append(_("计划竣工早于计划开工，未导入建设年限"))
        del fields["planned_start"], fields["planned_completion"]
    # An unknown stage word is already among the row's problems (the reading layer names it).
    fields["stage"] = values.get("stage") or Stage.RESERVE
    if values.get("category"):
        fields["category"] = values["category"]
    elif values.get("category_word"):
        flags.append(_("未识别的项目类别“%(v)s”，待补充") % {"v": values["category_word"]})
    # A list with 责任单位 and no 牵头单位 column names its lead there (the first; the others share the work).
    leads, helping = values.get("lead_unit"), values.get("responsible_units") or []
    if not leads and helping:
        leads, helping = helping[:1], helping[1:]
    _link(fields, flags, leads, directory.department, "lead_department", "lead_unit_text", 200,
          _("牵头单位“%(v)s”不在部门名录中，已保留原文，待关联"))
    if helping:
        known = [d for d in map(directory.department, helping) if d]
        fields["responsible_departments"] = known
        if unknown := [n for n in helping if not directory.department(n)]:
            flags.append(_("责任单位“%(v)s”不在部门名录中，未关联") % {"v": "、".join(unknown)})
    _leaders(fields, flags, [n for n in values.get("leaders") or [] if n], directory, linked_leader)
    return fields, flags


def _leaders(fields, flags, names, directory, linked_leader=None):
    """A district's own leader is the project's 区级责任领导; a city leader its 包保领导 when the importer may assign
    one (or when it is the project's already); any other name is kept as written for the district or the office
    to link."""
    _ = directory.say
    found = {name: directory.leader(name) for name in names}
    district = [leader for leader in found.values() if leader and not leader.is_city_leader]
    city = [leader for leader in found.values() if leader and leader.is_city_leader and leader.pk != linked_leader]
    if district:
        fields["district_leader"] = district[0]
    if city and directory.assigns_city_leaders:
        fields["leader"] = city[0]
    elif city:
        flags.append(_("包保领导由项目办确定：“%(v)s”已保留原文，待项目办关联") % {"v": "、".join(map(str, city))})
    unknown = [name for name, leader in found.items() if leader is None]
    kept = unknown + ([leader.name for leader in city] if not directory.assigns_city_leaders else [])
    if kept:
        fields["leader_text"] = "、".join(kept)[:100]
    if unknown:
        flags.append(_("责任领导“%(v)s”不在领导名录中，已保留原文，待关联") % {"v": "、".join(unknown)})


def field_errors(fields):
    """What the project's own field rules (lengths, digits) refuse in `fields`, each naming its field — the
    checks `Model.clean_fields` makes, without building a model for every row of a long list. Stages, categories
    and dates come from the reading layer's tables and are valid by construction; regions, departments and
    leaders from the directory; the services check the rest on commit."""
    errors, rules = [], _field_rules()
    for name, value in fields.items():
        kind = type(value)
        if (kind is not str and kind is not Decimal) or not value or (rule := rules.get(name)) is None:
            continue
        label, max_length, whole_digits = rule
        if max_length and kind is str and len(value) > max_length:
            errors.append(_("%(f)s：不能超过%(n)s个字") % {"f": label, "n": max_length})
        elif whole_digits and kind is Decimal and value.adjusted() >= whole_digits:
            errors.append(_("%(f)s：整数部分不能超过%(n)s位") % {"f": label, "n": whole_digits})
    return errors


@functools.cache
def _field_rules():
    from tuijin.projects.models import Project

    rules = {}
    for field in Project._meta.concrete_fields:
        whole = field.max_digits - field.decimal_places if getattr(field, "max_digits", None) else None
        if field.max_length or whole:
            rules[field.name] = (field.verbose_name, field.max_length, whole)
    return rules


def _link(fields, flags, names, find, field, text_field, length, unlinked_flag):
    """The first name `find` knows becomes the project's `field`; the names it does not know are kept as
    written in `text_field`, flagged for the district to link."""
    names = [n for n in names or [] if n]
    known = [found for found in map(find, names) if found]
    if known:
        fields[field] = known[0]
    if unknown := [n for n in names if not find(n)]:
        fields[text_field] = "、".join(unknown)[:length]
        flags.append(unlinked_flag % {"v": "、".join(unknown)})


def changes_to(project, fields):
    """[(label, old, new), …] the row would change on `project` (only what the row gives and differs)."""
    found = []
    for name, label in FIELDS.items():
        if name not in fields or name == "stage":
            continue
        new, old = fields[name], getattr(project, name)
        if new != old and not (new in ("", None) and old in ("", None)):
            found.append((str(label), _shown(old), _shown(new)))
    return found


def _shown(value):
    if value in (None, ""):
        return "—"
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(value)
    return str(value)


def loaded(values, default_region, known=None):
    """A staged row's JSON back to a project's fields (Decimal, dates, regions, departments, leaders). `known`
    keeps the regions, departments and leaders already read, across the rows of one commit."""
    from tuijin.org.models import Region

    known = {} if known is None else known

    def one(model, pk):
        if (model, pk) not in known:
            known[model, pk] = model.objects.get(pk=pk)
        return known[model, pk]

    fields = dict(values)
    for name in ("total_investment", "annual_plan"):
        if fields.get(name) is not None:
            fields[name] = Decimal(fields[name])
    for name in ("planned_start", "planned_completion", "actual_start"):
        if fields.get(name):
            fields[name] = datetime.date.fromisoformat(fields[name])
    fields["region"] = one(Region, fields["region"]) if fields.get("region") else default_region
    if fields.get("lead_department"):
        fields["lead_department"] = one(Department, fields["lead_department"])
    for name in ("leader", "district_leader"):
        if fields.get(name):
            fields[name] = one(Leader, fields[name])
    if fields.get("responsible_departments"):
        fields["responsible_departments"] = [one(Department, pk) for pk in fields["responsible_departments"]]
    return fields
