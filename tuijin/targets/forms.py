from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import date_input
from tuijin.org.models import Department, Region

from . import indicators
from .models import ExternalFigure, Target


def indicator_choices():
    return [("", _("（非数值的工作任务）"))] + [(i.key, _("%(name)s（%(unit)s）") % {"name": i.name, "unit": i.unit_label}) for i in indicators.REGISTRY.values()]


class TargetForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(label=_("修改说明"), required=False, max_length=200,
                                    help_text=_("写明为什么修改，记入修改历史。"))

    class Meta:
        model = Target
        fields = ["title", "year", "end_year", "indicator", "region", "department", "project_list", "checkpoint",
                  "comparator", "value", "lead_unit", "responsible_units", "basis", "clause", "note", "parent",
                  "task_status", "evidence"]
        widgets = {"checkpoint": date_input(), "note": forms.Textarea(attrs={"rows": 2}),
                   "evidence": forms.Textarea(attrs={"rows": 2}), "indicator": forms.Select}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].widget.choices = indicator_choices()
        self.fields["region"].queryset = Region.objects.coordinated_by(user)
        self.fields["department"].queryset = Department.objects.all()
        self.fields["parent"].queryset = Target.objects.visible_to(user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
        else:
            del self.fields["change_reason"]


class TaskReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Target
        fields = ["task_status", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}


class ExternalFigureForm(forms.ModelForm):
    """An external figure of a month, in the regions the user's project office coordinates."""

    class Meta:
        model = ExternalFigure
        fields = ["kind", "region", "year", "month", "value", "source", "reported_on", "note"]
        widgets = {"reported_on": date_input()}
        help_texts = {"value": _("金额填万元，增速填百分数（如 5.2）；本年截至该月的累计数")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.coordinated_by(user)
