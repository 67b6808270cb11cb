from django import forms

from tuijin.core.forms import date_input

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
        for name, field in self.fields.items():
            if name != "required":
                field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(
                    field.widget, forms.Select) else "form-control form-control-sm")
