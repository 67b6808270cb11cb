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


def region_choices(regions=None):
    """(code, indented name) of `regions` (every region by default), in tree order."""
    Region = apps.get_model("org", "Region")  # core does not import the apps above it
    regions = Region.objects.all() if regions is None else regions
    return [(code, f"{'　' * (path.count('/') - 1)}{name}")
            for code, name, path in regions.order_by("path").values_list("code", "name", "path")]


def visible_regions(request):
    """The `queryset` of a region filter: the regions in the user's scope."""
    Region = apps.get_model("org", "Region")
    return Region.objects.visible_to(request.user) if request is not None else Region.objects.none()


def actors(request):
    """The people who appear in the entries the user may read: the log does not list everyone's name."""
    if request is None:
        return get_user_model().objects.none()
    visible = AuditEntry.objects.visible_to(request.user).exclude(actor=None).order_by().values("actor_id")
    return get_user_model().objects.filter(pk__in=visible).order_by("username")


def applied_filters(filterset):
    """(label, value as the form shows it) for each filter a valid filterset applies, in the form's order."""
    form = filterset.form
    if not form.is_valid():
        return []
    applied = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or (hasattr(value, "exists") and not value.exists()):
            continue
        values = value if isinstance(value, list | tuple) or hasattr(value, "model") else [value]
        applied.append((str(field.label), "、".join(_shown(field, item) for item in values)))
    return applied


def _shown(field, value):
    if hasattr(field, "label_from_instance"):
        return str(field.label_from_instance(value))
    choices = getattr(field, "choices", None) or getattr(field.widget, "choices", None) or ()
    keys = [str(value).lower()] if isinstance(value, bool) else [str(value)]
    for key, label in choices:
        if str(key) in keys:
            return str(label)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def filter_line(filterset):
    """The line an export writes above its table: "筛选条件：项目阶段=在建；区域（含下级）=双台子区"."""
    applied = applied_filters(filterset)
    if not applied:
        return _("筛选条件：无（全部可见记录）")
    return _("筛选条件：") + "；".join(f"{label}={value}" for label, value in applied)


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The regions offered are those in the user's scope (a filter names nothing it cannot see).
        self.filters["region"].extra["choices"] = lambda: region_choices(visible_regions(self.request))

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
