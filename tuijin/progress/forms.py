from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.dates import today
from tuijin.core.forms import ClerkDecimalField, InlineErrorsMixin, date_input
from tuijin.core.lib.numbers import ZERO_CENTS, NumberError, parse_decimal

from .models import FILLER_FIELDS, MONEY_FIELDS, MonthlyReport


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    deadline = forms.DateField(label=_("报送截止日"), required=False,
                               widget=date_input(),
                               help_text=_("留空为每月25日（系统参数可改）；遇节假日可调整。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = today()
        self.fields["year"].initial, self.fields["month"].initial = now.year, now.month


class ReportRowForm(InlineErrorsMixin, forms.ModelForm):
    """One row of the batch page; inputs are named `<field>` inside the row, posted by htmx. Its 13 inputs a row,
    150 rows a page, are written without templates by the site's form renderer (core.renderers)."""

    class Meta:
        model = MonthlyReport
        fields = FILLER_FIELDS
        field_classes = {name: ClerkDecimalField for name in MONEY_FIELDS + ["progress_percent"]}
        widgets = {
            "progress_text": forms.TextInput(),
            "problems_text": forms.TextInput(),
            "overrun_reason": forms.TextInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MONEY_FIELDS:
            self.fields[name].required = False
            if not self.instance.pk:  # shown as saved amounts are, not as the model's bare default "0"
                self.initial.setdefault(name, ZERO_CENTS)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean(self):
        data = super().clean()
        for name in MONEY_FIELDS:
            if data.get(name) is None:
                data[name] = 0
        return data


class ReturnForm(InlineErrorsMixin, forms.Form):
    """The reason box of a review row; whether a reason is required is the service's rule."""

    reason = forms.CharField(label=_("退回原因"), max_length=500, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                           "placeholder": _("退回原因")}))


class AmendForm(ReportRowForm):
    amend_reason = forms.CharField(label=_("修正原因"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)  # the version the coordinator read



class AnnualPlanForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    planned_investment = ClerkDecimalField(label=_("年度计划投资（万元）"), min_value=0, decimal_places=2,
                                           max_digits=14)
    planned_start_month = forms.IntegerField(label=_("计划开工月份"), min_value=1, max_value=12, required=False)
    planned_completion_month = forms.IntegerField(label=_("计划竣工月份"), min_value=1, max_value=12, required=False)
    monthly_plan = forms.CharField(
        label=_("月度计划（可选）"), required=False,
        help_text=_("12个数字，用逗号分隔，依次为1—12月计划投资（万元），合计应等于年度计划。"))

    def __init__(self, *args, years=None, **kwargs):
        super().__init__(*args, **kwargs)
        if years:  # the years this project's plan may be for, as a select
            self.fields["year"] = forms.TypedChoiceField(
                label=_("年度"), coerce=int, choices=[(y, str(y)) for y in years],
                widget=forms.Select(attrs={"class": "form-select"}))

    def clean_monthly_plan(self):
        text = self.cleaned_data["monthly_plan"].replace("，", ",").strip()
        if not text:
            return []
        parts = text.split(",")
        if len(parts) != 12:
            raise forms.ValidationError(_("月度计划应为12个数字，现在是%(n)s个") % {"n": len(parts)})
        try:
            return [parse_decimal(p) or 0 for p in parts]
        except NumberError as error:
            raise forms.ValidationError(str(error)) from None
