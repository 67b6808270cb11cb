import datetime

import django_filters
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import audit
from .dates import day_start
from .models import AuditEntry


def kind_choices():
    """Every registered kind and every kind already in the log (an app's label may not be loaded)."""
    present = AuditEntry.objects.order_by().values_list("kind", flat=True).distinct()
    return sorted(((kind, audit.kind_label(kind)) for kind in set(audit.all_kinds()) | set(present)),
                  key=lambda choice: choice[0])


def region_choices():
    Region = apps.get_model("org", "Region")  # core does not import the apps above it
    return [(code, f"{'　' * (path.count('/') - 1)}{name}")
            for code, name, path in Region.objects.order_by("path").values_list("code", "name", "path")]


def actors(request):
    """The people who appear in the entries the user may read: the log does not list everyone's name."""
    if request is None:
        return get_user_model().objects.none()
    visible = AuditEntry.objects.visible_to(request.user).exclude(actor=None).order_by().values("actor_id")
    return get_user_model().objects.filter(pk__in=visible).order_by("username")


class ActorField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return _("%(n)s（%(u)s）") % {"n": name, "u": user.username} if name and name != user.username else user.username


class ActorFilter(django_filters.ModelChoiceFilter):
    field_class = ActorField


class AuditEntryFilterSet(django_filters.FilterSet):
    """The same filters serve the change-log page, its export and the API."""

    kind = django_filters.ChoiceFilter(label=_("类别"), choices=kind_choices, empty_label=_("全部"))
    actor = ActorFilter(label=_("操作人"), queryset=actors, empty_label=_("全部"))
    region = django_filters.ChoiceFilter(label=_("区域（含下级）"), choices=region_choices, method="filter_region",
                                        empty_label=_("全部"))
    date_from = django_filters.DateFilter(label=_("起始日期"), method="filter_date_from",
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(label=_("截止日期"), method="filter_date_to",
                                        widget=forms.DateInput(attrs={"type": "date"}))
    project = django_filters.NumberFilter(label=_("项目ID"), field_name="project_id")
    subject = django_filters.CharFilter(label=_("对象"), method="filter_subject")

    class Meta:
        model = AuditEntry
        fields = ["kind", "actor", "region", "date_from", "date_to", "project", "subject"]

    def filter_region(self, queryset, name, code: str):
        Region = apps.get_model("org", "Region")
        region = Region.objects.filter(code=code).first()
        return queryset.in_region(region.path) if region else queryset.none()

    def filter_date_from(self, queryset, name, day):
        return queryset.filter(at__gte=day_start(day))

    def filter_date_to(self, queryset, name, day):
        # "截止日期" includes the day itself: everything before the next day begins.
        return queryset.filter(at__lt=day_start(day + datetime.timedelta(days=1)))

    def filter_subject(self, queryset, name, value):
        """`app.model:id`, e.g. `problems.problem:12`: the entries about one object (and its parts)."""
        subject = parse_subject(value)
        return queryset.about(*subject) if subject else queryset.none()


def parse_subject(value):
    """("problems.problem", 12) from "problems.problem:12", or None."""
    subject_type, _sep, subject_id = (value or "").strip().rpartition(":")
    if not subject_type or not subject_id.isdigit():
        return None
    return subject_type.lower(), int(subject_id)
