"""服务秘书: a work log per project, and which secretaries serve more projects than the city allows."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from tuijin.core.dates import today
from tuijin.core.forms import date_input
from tuijin.core.models import Setting

from .models import Project, WorkLog
from .services import add_work_log, may_maintain


class WorkLogForm(forms.ModelForm):
    class Meta:
        model = WorkLog
        fields = ["day", "kind", "text"]
        widgets = {"day": date_input(**{"class": "form-control"}),
                   "kind": forms.Select(attrs={"class": "form-select"}),
                   "text": forms.Textarea(attrs={"rows": 2, "class": "form-control"})}


class WorkLogView(LoginRequiredMixin, TemplateView):
    """The project page's 服务秘书 tab (htmx): the log, and a form for who may write in it."""

    template_name = "projects/work_log.html"

    def project(self):
        return get_object_or_404(Project.objects.visible_to(self.request.user).select_related("secretary"),
                                 pk=self.kwargs["pk"])

    def get_context_data(self, form=None, **kwargs):
        project = kwargs.get("project") or self.project()
        allowed = may_maintain(project, self.request.user)
        return {"project": project, "logs": project.work_logs.select_related("author"),
                "form": (form or WorkLogForm(initial={"day": today()})) if allowed else None}

    def post(self, request, pk):
        project = self.project()
        if not may_maintain(project, request.user):
            raise PermissionDenied
        form = WorkLogForm(request.POST)
        if form.is_valid():
            try:
                add_work_log(project, actor=request.user, **form.cleaned_data)
                form = None
            except ValidationError as error:
                form.add_error(None, error)
        return self.render_to_response(self.get_context_data(form=form, project=project),
                                       status=400 if form is not None else 200)


class SecretaryLoadView(LoginRequiredMixin, TemplateView):
    """Secretaries and how many visible projects each serves; those over the city's limit first."""

    template_name = "projects/secretaries.html"

    def get_context_data(self, **kwargs):
        limit = Setting.get_int("secretary_max_projects")
        counts = dict(Project.objects.visible_to(self.request.user).exclude(secretary=None)
                      .exclude(stage__in=["withdrawn", "operating"]).values_list("secretary")
                      .annotate(n=Count("pk")).values_list("secretary", "n"))
        people = get_user_model().objects.in_bulk(list(counts))
        rows = sorted(((people[pk], n) for pk, n in counts.items()), key=lambda row: (-row[1], row[0].username))
        return {"limit": limit, "over": [r for r in rows if r[1] > limit], "rows": rows}
