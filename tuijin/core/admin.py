import json
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, parameters, services, workdays
from .dates import today
from .models import AuditEntry, Setting, WorkCalendarDay, WorkCalendarYear
from .parameters import PARAMETERS


class ScopedAdminMixin:
    """Admin pages show a non-superuser the same rows its pages do (visible_to / editable_by)."""

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Out of scope is 404 in the admin too, not a redirect that hints the object exists.
        raise Http404

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return self.model.objects.editable_by(request.user).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(request, obj)


audit.register_kinds({"admin.add": gettext_lazy("管理后台新增"), "admin.change": gettext_lazy("管理后台修改"),
                      "admin.delete": gettext_lazy("管理后台删除")})


class AuditedAdminMixin:
    """Catalogs and accounts edited in the admin only (regions, procedure types, problem categories, the
    work calendar, users and their roles): each add, change (inline rows, a password change and the
    list's editable columns included) and delete is one change-log entry, as a service would write it.

    `audit_own_fields = False` for an admin whose saves already go through a service that logs the
    object's own fields: only its inline rows are logged here."""

    audit_own_fields = True

    def save_model(self, request, obj, form, change):
        if change:
            request._audit_changes = {
                str(form.fields[name].label or name): [_shown(form.fields[name], form.initial.get(name)),
                                                       _shown(form.fields[name], form.cleaned_data.get(name))]
                for name in form.changed_data if name in form.fields and "password" not in name}
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if self.audit_own_fields:
            self._record(request, "admin.add", obj, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if not self.audit_own_fields:
            message = [part for part in message if "name" in next(iter(part.values()), {})]  # inline rows
            if not message:
                return entry
            entry.change_message = json.dumps(message)
        self._record(request, "admin.change", obj, entry, getattr(request, "_audit_changes", None)
                     if self.audit_own_fields else None)
        return entry

    def log_deletions(self, request, queryset):
        objects = list(queryset)
        entries = super().log_deletions(request, queryset)
        if self.audit_own_fields:
            for obj in objects:
                audit.record("admin.delete", actor=request.user, subject=obj, region=_region_of(obj),
                             summary=_("删除：%(o)s") % {"o": obj}, subject_url="")
        return entries

    def _record(self, request, kind, obj, log_entry, changes=None):
        summary = f"{obj._meta.verbose_name}“{obj}”：{log_entry.get_change_message() or audit.kind_label(kind)}"
        audit.record(kind, actor=request.user, subject=obj, region=_region_of(obj), summary=summary,
                     changes=changes)


def _shown(field, value):
    """A form value as the log shows it: a chosen row by its name (the form's initial value is its key)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        keys = [getattr(v, "pk", v) for v in (value or [])]
        return "、".join(sorted(str(row) for row in field.queryset.filter(pk__in=keys)))
    if isinstance(field, forms.ModelChoiceField) and value is not None and not hasattr(value, "pk"):
        value = field.queryset.filter(pk=value).first()
    return audit.show(value)


def _region_of(obj):
    """A region is its own region; anything else is found by `audit.record` (its project or region)."""
    return obj if obj._meta.label_lower == "org.region" else None


class ReadOnlyAdminMixin:
    """Rows the admin shows but never adds, changes or deletes: they change only through the services
    (which check who acts and write the change log), or never (the change log itself)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SettingForm(forms.ModelForm):
    """One parameter: its key from the list of 系统参数, its value checked by the parameter's own type."""

    key = forms.ChoiceField(label=gettext_lazy("参数"), choices=[(k, f"{k}：{p.meaning}") for k, p in PARAMETERS.items()])
    reason = forms.CharField(label=gettext_lazy("修改原因"), required=False, max_length=200,
                             help_text=gettext_lazy("记入变更日志"))

    class Meta:
        model = Setting
        fields = ["key", "value"]

    def clean(self):
        cleaned = super().clean()
        key, value = cleaned.get("key") or self.instance.key, cleaned.get("value")
        if key and value is not None:
            try:
                parameters.parameter(key).parse(value)
            except ValidationError as error:
                self.add_error("value", error)
        return cleaned


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    """Every parameter, saved or not, with its meaning, type and current value; a change goes through
    core.services.update_setting (validated, with history and a change-log entry)."""

    form = SettingForm

    def get_readonly_fields(self, request, obj=None):
        return ["key"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:  # the key is read-only: show what it means next to the value
            form.base_fields["value"].help_text = "%s（%s）" % (PARAMETERS[obj.key].meaning,
                                                             PARAMETERS[obj.key].kind.label)
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if initial.get("key") in PARAMETERS:
            initial["value"] = parameters.text(initial["key"])
        return initial

    def has_change_permission(self, request, obj=None):
        return services.may_change_settings(request.user)

    def has_add_permission(self, request):
        return services.may_change_settings(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # a parameter is changed, never removed (its default would apply silently)

    def save_model(self, request, obj, form, change):
        saved = services.update_setting(obj.key, form.cleaned_data["value"], actor=request.user,
                                        reason=form.cleaned_data.get("reason") or _("管理后台修改"))
        obj.pk, obj.value = saved.pk, saved.value

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        saved = {row.key: row for row in Setting.objects.all()}
        rows = []
        for key, entry in PARAMETERS.items():
            row = saved.get(key)
            url = (reverse("admin:core_setting_change", args=[row.pk]) if row
                   else reverse("admin:core_setting_add") + "?" + urlencode({"key": key}))
            rows.append({"key": key, "meaning": entry.meaning, "kind": entry.kind.label, "default": entry.default,
                         "value": parameters.text(key), "saved": row is not None, "url": url})
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "rows": rows,
                   "title": _("系统参数"), "may_change": self.has_change_permission(request),
                   **(extra_context or {})}
        return TemplateResponse(request, "admin/core/setting/parameters.html", context)


class WorkCalendarDayInline(admin.TabularInline):
    model = WorkCalendarDay
    extra = 5


@admin.register(WorkCalendarYear)
class WorkCalendarYearAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "source"]
    inlines = [WorkCalendarDayInline]

    def changelist_view(self, request, extra_context=None):
        missing = workdays.uncovered_years([today().year, today().year + 1])
        if missing:
            messages.warning(request, _("以下年份的节假日和调休安排尚未录入，这些年份的工作日无法计算：%(y)s。"
                                        "国务院公布安排后，请在此添加该年份并录入放假日和调休上班日。")
                             % {"y": "、".join(map(str, missing))})
        return super().changelist_view(request, extra_context)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The change log, read-only for everyone (a superuser included): entries are appended by the
    services and never edited or deleted (等保 2.0: kept at least six months)."""

    list_display = ["at", "actor_name", "kind", "subject_label", "summary", "reason"]
    list_filter = ["kind"]
    search_fields = ["summary", "subject_label", "actor_name", "reason"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    actions = None  # no "delete selected"

    def get_queryset(self, request):
        return AuditEntry.objects.visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and audit.may_read(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

