from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import date_input
from tuijin.core.uploads import ACCEPT
from tuijin.org.models import Department, Leader
from tuijin.projects.pickers import ProjectChoiceField, ProjectMultipleChoiceField

from .models import Meeting, ProblemCategory


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control", "accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


def _styled(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class ProblemForm(forms.Form):
    project = ProjectChoiceField(label=_("项目"), queryset=None)
    category = forms.ModelChoiceField(label=_("问题类别"), queryset=ProblemCategory.objects.filter(active=True))
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    help_wanted = forms.CharField(label=_("需要协调解决的事项"), widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False, max_length=2000)
    attachments = MultipleFileField(label=_("附件（可多个，每个20 MB以内）"), required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        _styled(self)


class DistributeForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(label=_("责任部门"), queryset=Department.objects.all(),
                                                 widget=forms.SelectMultiple(attrs={"size": 6}))
    deadline = forms.DateField(label=_("办理时限"), required=False, widget=date_input(),
                               help_text=_("留空则按问题类别的时限（工作日）自动计算"))
    note = forms.CharField(label=_("交办意见"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
        self.fields["departments"].widget.attrs["class"] = "form-select"


class TextForm(forms.Form):
    text = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False)

    def __init__(self, *args, label=None, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
        self.fields["text"].required = required
        _styled(self)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "number", "date", "place", "chair", "attendees", "summary", "copy_to", "issuer",
                  "problems", "projects"]
        widgets = {"date": date_input(), "attendees": forms.Textarea(attrs={"rows": 2}),
                   "summary": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"projects": ProjectMultipleChoiceField}

    # The version the page showed, so that a colleague's correction in between is not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, problems, projects, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["problems"].queryset = problems
        self.fields["projects"].queryset = projects
        self.fields["chair"].queryset = Leader.objects.filter(active=True)
        _styled(self)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("议定事项"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    departments = forms.ModelMultipleChoiceField(label=_("责任单位"), queryset=Department.objects.all(), required=False,
                                                 widget=forms.SelectMultiple(attrs={"size": 5}),
                                                 help_text=_("可选多个（按住Ctrl或Shift点选）"))
    owner_text = forms.CharField(label=_("其他责任单位"), required=False, max_length=100)
    deadline = forms.DateField(label=_("完成时限"), widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class InstructionForm(forms.Form):
    """A 批示 or 督办 note; `kinds` are those the user may write on the target."""

    kind = forms.ChoiceField(label=_("类型"))
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                           required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value
            self.fields["kind"].widget = forms.HiddenInput()
