"""复工: the project page's record of the days it resumed work, and a form for who may edit the project."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from tuijin.core.dates import today
from tuijin.core.forms import date_input

from .models import Project
from .services import record_resumption


class ResumptionForm(forms.Form):
    day = forms.DateField(label=_("复工日期"), widget=date_input(**{"class": "form-control"}))
    note = forms.CharField(label=_("说明"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("如：春节后复工")}))


class ResumptionView(LoginRequiredMixin, TemplateView):
    """The stage tab's 复工 card (htmx): the resumptions recorded, and the form to record one."""

    template_name = "projects/resumptions.html"

    def project(self):
        return get_object_or_404(Project.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, form=None, **kwargs):
        project = kwargs.get("project") or self.project()
        allowed = Project.objects.editable_by(self.request.user).filter(pk=project.pk).exists()
        return {"project": project, "resumptions": project.resumptions.select_related("actor"),
                "form": (form or ResumptionForm(initial={"day": today()})) if allowed else None}

    def post(self, request, pk):
        project = self.project()
        if not Project.objects.editable_by(request.user).filter(pk=project.pk).exists():
            raise PermissionDenied
        form = ResumptionForm(request.POST)
        if form.is_valid():
            try:
                record_resumption(project, actor=request.user, on=form.cleaned_data["day"],
                                  note=form.cleaned_data["note"])
                form = None
            except ValidationError as error:
                form.add_error("day", error.messages[0])
        return self.render_to_response(self.get_context_data(form=form, project=project),
                                       status=400 if form is not None else 200)
