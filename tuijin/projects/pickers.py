"""Pickers that tell things apart: four projects called "可降解塑料产业园项目" and 200 secretaries are
found by typing, and each choice shows what distinguishes it (code, district and owner for a project;
name, username and region for a person).

The widget is a plain <select> (the form posts what it always did) with a search box above it; typing
asks a small endpoint (`projects:project_pick`, `projects:secretary_pick`) for the matching <option>s,
each endpoint reading only what the user may see.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuijin.core.lib.project_code import normalize
from tuijin.core.roles import Role

PICK_LIMIT = 50


def project_label(project):
    """"可降解塑料产业园项目 · 2104-211102-04-01-123456 · 双台子区 · 盘锦某某有限公司"."""
    parts = [project.name, project.code or _("无项目代码"), project.region.name, project.owner_unit]
    return " · ".join(str(part) for part in parts if part)


def user_label(user, regions=()):
    """"王丽（secretary_12） · 双台子区、大洼区": the person's name, login and where it serves."""
    name = user.get_full_name()
    text = (gettext("%(name)s（%(username)s）") % {"name": name, "username": user.username}
            if name and name != user.username else user.username)
    return " · ".join([text, gettext("、").join(regions)]) if regions else text


def search_projects(projects, text):
    text = (text or "").strip()
    if text:
        projects = projects.filter(Q(name__icontains=text) | Q(owner_unit__icontains=text)
                                   | Q(code__icontains=normalize(text)))
    return projects.select_related("region")


def secretaries():
    return get_user_model().objects.filter(role_assignments__role=Role.SECRETARY).distinct().order_by("username")


def search_users(users, text):
    text = (text or "").strip()
    if text:
        users = users.filter(Q(username__icontains=text) | Q(first_name__icontains=text)
                             | Q(last_name__icontains=text))
    return users


def served_regions(users, projects):
    """{user id: names of the regions of the `projects` it serves} — one query for a whole list."""
    regions = {}
    for user_id, region in (projects.filter(secretary__in=users).order_by("region__path")
                            .values_list("secretary_id", "region__name").distinct()):
        regions.setdefault(user_id, []).append(region)
    return regions


class SearchSelect(forms.Select):
    """A <select> with a search box that refills its options from `url` as the user types."""

    template_name = "projects/widgets/search_select.html"

    def __init__(self, url, attrs=None, choices=(), placeholder=_("输入名称、项目代码或项目单位查找")):
        super().__init__(attrs, choices)
        self.url, self.placeholder = url, placeholder

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = str(self.url)
        context["widget"]["placeholder"] = str(self.placeholder)
        return context


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    allow_multiple_selected = True


class ProjectLabels:
    """Each project shown by `project_label`, its region read with it (one query for the whole list)."""

    def _set_queryset(self, queryset):
        super()._set_queryset(None if queryset is None else queryset.select_related("region"))

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, project):
        return project_label(project)


class ProjectChoiceField(ProjectLabels, forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", SearchSelect(reverse_lazy("projects:project_pick")))
        super().__init__(*args, **kwargs)


class ProjectMultipleChoiceField(ProjectLabels, forms.ModelMultipleChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", SearchSelectMultiple(reverse_lazy("projects:project_pick"), attrs={"size": 8}))
        super().__init__(*args, **kwargs)


class SecretaryChoiceField(forms.ModelChoiceField):
    """The service secretaries; `regions` (user id → region names) is filled by the form that knows the user."""

    regions = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", SearchSelect(reverse_lazy("projects:secretary_pick"),
                                                 placeholder=_("输入姓名或用户名查找")))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, user):
        return user_label(user, self.regions.get(user.pk, ()))
