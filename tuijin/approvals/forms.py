from django import forms
from django.utils.translation import gettext_lazy as _

from tuijin.core.forms import date_input
from tuijin.core.uploads import ACCEPT

from .models import ProjectProcedure


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = ProjectProcedure
        fields = ["required", "status", "applied_on", "approved_on", "authority", "document_number", "department",
                  "attachment"]
        widgets = {"applied_on": date_input(),
                   "approved_on": date_input()}

    def __init__(self, *args, may_assign=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_assign:
            del self.fields["department"]
        self.fields["attachment"].label = _("批复文件（20 MB以内）")
        self.fields["attachment"].widget.attrs["accept"] = ACCEPT
        for name, field in self.fields.items():
            if name != "required":
                field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(
                    field.widget, forms.Select) else "form-control form-control-sm")
