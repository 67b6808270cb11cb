from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.dates import today
from tuijin.core.forms import date_input
from tuijin.core.lib import coords
from tuijin.core.lib.project_code import ProjectCodeError, normalize, parse
from tuijin.core.scope import scope_of
from tuijin.org.models import Department, Leader, Region, RegionKind

from .choices import Stage
from .models import OWNER_UNIT_MAX, Project, split_owner_units
from .pickers import SecretaryChoiceField, secretaries, served_regions

SIX_PLACES = Decimal("0.000001")


class OwnerUnitsField(forms.CharField):
    """Several 项目单位, one a line (a pasted "甲、乙；丙" is split too)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, encoder=None, decoder=None, **kwargs):  # offered for a JSONField; not needed
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return split_owner_units(super().to_python(value))

    def validate(self, value):
        # None yet is allowed: a 储备 project from a list may name none (listed as 待补充).
        for unit in value:
            if len(unit) > OWNER_UNIT_MAX:
                raise forms.ValidationError(_("每个项目单位不超过%(n)s字：%(u)s") % {"n": OWNER_UNIT_MAX, "u": unit[:20]})


def _with_region(obj):
    """A department or leader of a district or zone is named with it: “区农发局（双台子区）”."""
    if obj.region.kind in (RegionKind.CITY, RegionKind.PROVINCE):
        return str(obj)
    return f"{obj}（{obj.region.name}）"


class ProjectForm(forms.ModelForm):
    coord_system = forms.ChoiceField(label=_("坐标系"), required=False, initial=coords.WGS84, choices=[
        (coords.WGS84, _("WGS84（GPS、天地图）")), (coords.GCJ02, _("GCJ-02（高德、腾讯）")),
        (coords.BD09, _("BD-09（百度）")),
    ], help_text=_("从地图网站复制的坐标请选对坐标系，系统统一换算为WGS84保存。"))
    lng = forms.DecimalField(label=_("经度"), required=False, min_value=-180, max_value=180, decimal_places=8)
    lat = forms.DecimalField(label=_("纬度"), required=False, min_value=-90, max_value=90, decimal_places=8)
    # On registration only: an existing project is registered as it stands, not walked through its stages.
    registered_stage = forms.ChoiceField(label=_("登记阶段"), required=False, initial=Stage.RESERVE, choices=[
        (s.value, s.label) for s in (Stage.RESERVE, Stage.PREPARATION, Stage.CONSTRUCTION, Stage.COMPLETED,
                                     Stage.OPERATING)],
        help_text=_("已在前期、在建或已竣工的项目按实际阶段登记，项目办入库审核后计入统计"))
    registered_start = forms.DateField(label=_("实际开工日期"), required=False, widget=date_input())
    registered_completion = forms.DateField(label=_("实际竣工日期"), required=False, widget=date_input())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(label=_("修改说明"), required=False, max_length=200,
                                    help_text=_("写明为什么修改，记入修改历史。"))

    class Meta:
        model = Project
        fields = ["name", "code", "owner_units", "region", "source", "address", "industry", "category", "nature", "content",
                  "total_investment", "planned_start", "planned_completion",
                  "lead_department", "responsible_departments", "leader", "district_leader", "secretary", "statistics_included",
                  "statistics_date", "signed_date", "signing_party", "landing_status", "contact"]
        widgets = {
            "planned_start": date_input(),
            "planned_completion": date_input(),
            "statistics_date": date_input(),
            "signed_date": date_input(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "responsible_departments": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"secretary": SecretaryChoiceField, "owner_units": OwnerUnitsField}
        labels = {"owner_units": _("项目单位")}
        help_texts = {"owner_units": _("多个项目单位每行填一个（也可用顿号“、”分隔），每个不超过100字；储备项目暂不清楚的可先空着（列为待补充）。")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        self.fields["region"].queryset = Region.objects.editable_by(user)
        self.fields["secretary"].queryset = secretaries()
        self.fields["secretary"].regions = served_regions(secretaries(), Project.objects.visible_to(user))
        # The city's departments and those of the districts the user edits (a project may name those of
        # its own region and above it: checked on save).
        departments = Department.objects.offered_to(user).select_related("region").order_by("region__path",
                                                                                              "sort_order", "name")
        for name in ("lead_department", "responsible_departments"):
            self.fields[name].queryset = departments
            self.fields[name].label_from_instance = _with_region
        self.fields["leader"].queryset = Leader.objects.city_packaging()
        self.fields["district_leader"].queryset = (
            Leader.objects.of_district(*Region.objects.editable_by(user)).filter(active=True)
            .select_related("region"))
        self.fields["district_leader"].label_from_instance = _with_region
        if not scope.is_coordinator:  # the 包保领导 is the coordinator's to assign (projects.services)
            self.fields["leader"].disabled = True
            self.fields["leader"].help_text = _("包保领导由项目办（发改委）确定")
        self.fields["total_investment"].help_text = _("单位：万元，保留两位小数。1亿元 = 10000万元。")
        if not self.instance.pk:  # a new project has nothing to explain a change of
            del self.fields["change_reason"]
        else:  # a registered project moves through its stages (the 阶段 tab)
            for name in ("registered_stage", "registered_start", "registered_completion"):
                del self.fields[name]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["lng"].initial = self.instance.longitude
            self.fields["lat"].initial = self.instance.latitude

    def clean_code(self):
        code = self.cleaned_data.get("code")
        if not code:
            return None
        try:
            return parse(normalize(code)).text
        except ProjectCodeError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        if "owner_units" in data:
            self.instance.set_owner_units(data["owner_units"])
        if "registered_stage" in self.fields:
            self._registered(data)
        if data.get("region") and data.get("responsible_departments"):
            self.instance.region = data["region"]
            if refusal := self.instance.responsible_refusal(data["responsible_departments"]):
                self.add_error("responsible_departments", refusal)
        lng, lat = data.get("lng"), data.get("lat")
        if (lng is None) != (lat is None):
            self.add_error("lat", _("经度和纬度要么都填，要么都不填"))
        elif lng is not None:
            wlng, wlat = coords.to_wgs84(float(lng), float(lat), data.get("coord_system") or coords.WGS84)
            self.instance.longitude = Decimal(repr(wlng)).quantize(SIX_PLACES, ROUND_HALF_UP)
            self.instance.latitude = Decimal(repr(wlat)).quantize(SIX_PLACES, ROUND_HALF_UP)
        else:
            self.instance.longitude = self.instance.latitude = None
        return data


    def _registered(self, data):
        stage = data.get("registered_stage") or Stage.RESERVE
        start, completion = data.get("registered_start"), data.get("registered_completion")
        started = stage in (Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING)
        if start and not started:
            self.add_error("registered_start", _("只有在建、竣工或投产的项目填写实际开工日期"))
        if completion and stage not in (Stage.COMPLETED, Stage.OPERATING):
            self.add_error("registered_completion", _("只有竣工或投产的项目填写实际竣工日期"))
        for name, day in (("registered_start", start), ("registered_completion", completion)):
            if day and day > today():
                self.add_error(name, _("日期不能晚于今天"))
        if start and completion and completion < start:
            self.add_error("registered_completion", _("竣工日期不能早于开工日期"))
        self.instance.stage = stage
        self.instance.actual_start = start if started else None
        self.instance.actual_completion = completion if stage in (Stage.COMPLETED, Stage.OPERATING) else None


class TransitionForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("转为"))
    effective_date = forms.DateField(label=_("发生日期"), required=False,
                                     widget=date_input(),
                                     help_text=_("转为在建填实际开工日期，转为竣工填实际竣工日期。"))
    construction_permit = forms.CharField(label=_("施工许可证号"), required=False, max_length=64, help_text=_(
        "取自前期手续中已办结的施工许可证；越过规则时可在此填写依据文号"))
    evidence = forms.CharField(label=_("依据（批复文号等）"), required=False, max_length=200)
    reason = forms.CharField(label=_("原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override = forms.BooleanField(label=_("越过规则（须写明原因）"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import ALLOWED_TRANSITIONS, reason_hint

        self.fields["reason"].help_text = reason_hint()

        allowed = ALLOWED_TRANSITIONS[Stage(project.stage)]
        self.fields["to_stage"].choices = [(s.value, s.label) for s in Stage if s in allowed]
        self.fields["construction_permit"].initial = project.construction_permit
