"""The search endpoints of the pickers (`pickers.py`): <option>s for what the user may see, by text."""

from abc import ABC, abstractmethod

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.utils.html import format_html, format_html_join
from django.views import View

from tuijin.core.scope import scope_of

from .models import Project
from .pickers import PICK_LIMIT, project_label, search_projects, search_users, secretaries, served_regions, user_label


class PickView(LoginRequiredMixin, View, ABC):
    """GET ?field=<the select's name>&<field>__search=<text>&<field>=<chosen ids>: the matching options,
    the chosen ones first (so a search never drops what was picked)."""

    def get(self, request):
        field = request.GET.get("field", "")
        text = request.GET.get(f"{field}__search", "") if field else ""
        chosen = [int(v) for v in request.GET.getlist(field) if v.isdigit()] if field else []
        rows = self.rows(text, chosen)
        options = format_html_join("", '<option value="{}"{}>{}</option>',
                                   ((pk, " selected" if pk in chosen else "", label) for pk, label in rows))
        empty = format_html('<option value="">{}</option>', "---------")
        return HttpResponse(empty + options)

    @abstractmethod
    def rows(self, text, chosen):
        """[(pk, label)]: the `chosen` rows first, then those matching `text`, as many as PICK_LIMIT."""


class ProjectPickView(PickView):
    def rows(self, text, chosen):
        visible = Project.objects.visible_to(self.request.user)
        picked = list(visible.filter(pk__in=chosen).select_related("region"))
        found = search_projects(visible.exclude(pk__in=chosen), text).order_by("name", "pk")[:PICK_LIMIT]
        return [(p.pk, project_label(p)) for p in picked + list(found)]


class SecretaryPickView(PickView):
    """Who may name a project's secretary (an editor or the coordinator) searches the secretaries, each
    shown with the regions of the projects it serves that the user can see; anyone else gets 404."""

    def rows(self, text, chosen):
        if not scope_of(self.request.user).can_create:
            raise Http404
        people = secretaries()
        found = list(people.filter(pk__in=chosen)) + list(search_users(people.exclude(pk__in=chosen), text)[:PICK_LIMIT])
        regions = served_regions(found, Project.objects.visible_to(self.request.user))
        return [(u.pk, user_label(u, regions.get(u.pk, ()))) for u in found]
