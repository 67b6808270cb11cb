"""The small generic layer every app's views are declared on: list, detail, edit, export.

Scope is never decided here: querysets come from `visible_to(user)` / `editable_by(user)`, and an
object outside them is a 404 (or a 403 when it is visible but the user may not change it).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from .dates import today
from .excel import MONEY_FORMAT, WORKBOOK_MAX_BYTES, XLSX, write_xlsx
from .filtersets import filter_line
from .scope import scope_of


class ScopedMixin(LoginRequiredMixin):
    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class ObjectListView(ScopedMixin, SingleTableMixin, FilterView):
    """Declare `model`, `filterset_class`, `table_class`, `template_name`; columns are the user's choice."""

    # tables2 paginates; the ListView's own paginate_by stays unset, or the count query runs twice.
    table_pagination = {"per_page": 50}
    columns_session_key = None

    def get_queryset(self):
        return super().get_queryset().select_related(*self.select_related)

    select_related = ()

    def chosen_columns(self):
        key = self.columns_session_key or f"columns:{self.model._meta.label}"
        valid = set(self.table_class.base_columns)
        if "columns" in self.request.GET:
            chosen = [c for c in self.request.GET.getlist("columns") if c in valid]
            self.request.session[key] = chosen
        chosen = self.request.session.get(key) or getattr(self.table_class, "default_columns", list(valid))
        return [c for c in chosen if c in valid] or list(valid)

    def get_table_kwargs(self):
        chosen = set(self.chosen_columns())
        return {"exclude": [c for c in self.table_class.base_columns if c not in chosen]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["column_choices"] = self.table_class.column_choices()
        context["chosen_columns"] = self.chosen_columns()
        context["query_without_page"] = _query_without(self.request, "page")
        table = context["table"]
        context["header"] = table.header(self.request.GET)
        context["body"] = table.body()
        return context


class ObjectExportView(ObjectListView):
    """The list's filtered, sorted rows and chosen columns as .xlsx."""

    export_name = "export"

    def get(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET, queryset=self.get_queryset(), request=request)
        queryset = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        if queryset.count() > settings.EXPORT_MAX_ROWS:
            messages.error(request, _("符合条件的记录超过%(n)s行，请先加筛选条件再导出。") % {"n": settings.EXPORT_MAX_ROWS})
            return redirect(f"{request.path.rsplit('export/', 1)[0]}?{request.GET.urlencode()}")
        table = self.table_class(queryset, **self.get_table_kwargs())
        RequestConfig(request, paginate=False).configure(table)
        values = table.export_values()
        header = next(values)
        content = write_xlsx(str(self.model._meta.verbose_name_plural), header, values,
                             title=filter_line(filterset),
                             number_formats=dict.fromkeys(table.export_number_columns(), MONEY_FORMAT))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{self.export_name}-{stamp}.xlsx"'
        return response


class ObjectView(ScopedMixin, DetailView):
    pass


class EditPermissionMixin(ScopedMixin):
    """Visible but not editable → 403; not visible → 404; creating needs a role that may create."""

    def get_object(self, queryset=None):
        obj = get_object_or_404(self.model.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        if not self.model.objects.editable_by(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj

    def check_can_create(self):
        if not scope_of(self.request.user).can_create:
            raise PermissionDenied


class ObjectActionView(ScopedMixin, View):
    """A POST-only action on one visible object (a stage move, a list membership …)."""

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


def paginate(request, rows, per_page):
    """One page of `rows` (?page=, out-of-range gives the last) and the query string that keeps the filters."""
    return Paginator(rows, per_page).get_page(request.GET.get("page")), _query_without(request, "page")


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


# --- small helpers every app's views use -----------------------------------------------------------

def error_text(error):
    """A ValidationError (field dict or list) or a bound form's errors as one line for a message."""
    if hasattr(error, "errors") and not isinstance(error, Exception):  # a form
        return "；".join(m for messages_ in error.errors.values() for m in messages_)
    if hasattr(error, "error_dict"):
        return "；".join(m for messages_ in error.message_dict.values() for m in messages_)
    return "；".join(error.messages)


def int_param(text, default, low=None, high=None):
    """A whole number from a query string, or `default` when missing, malformed or out of range."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        return default
    if (low is not None and value < low) or (high is not None and value > high):
        return default
    return value


def filtered_link(url_name, **params):
    """The URL of a list with the given filters (empty ones left out): how a figure opens its rows."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(url_name) + ("?" + query if query else "")


class YearWorkbookView(LoginRequiredMixin, TemplateView):
    """A year's workbook both ways (the 任务分解表, the external figures, the annual plans): `?download`
    gives it, a file posted back is read whole — every row saved, or none and the errors shown.

    Declare `template_name`, `filename` (with `{year}`), `saved_message` (with `%(n)s`) and
    `build(year, user)` → bytes, `read(data, user)` → (saved, errors), `success_url()`; `may_upload(user)`
    when not everyone signed in may post one (the refusal is 403)."""

    filename = None
    max_bytes = WORKBOOK_MAX_BYTES
    saved_message = None

    def year(self):
        return int_param(self.request.GET.get("year") or self.request.POST.get("year"), today().year, 2000, 2100)

    def may_upload(self, user):
        return True

    def get(self, request, *args, **kwargs):
        if "download" in request.GET:
            year = self.year()
            response = HttpResponse(self.build(year, request.user), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{self.filename.format(year=year)}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {"year": self.year(), **kwargs}

    def post(self, request, *args, **kwargs):
        if not self.may_upload(request.user):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            return self.render_to_response(self.get_context_data(errors=[_("请选择要上传的文件")]), status=400)
        if upload.size > self.max_bytes:
            return self.render_to_response(self.get_context_data(
                errors=[_("文件超过%(m)s MB，请分批上传") % {"m": self.max_bytes // 1024 // 1024}]), status=400)
        saved, errors = self.read(upload.read(), request.user)
        if errors:
            return self.render_to_response(self.get_context_data(errors=errors), status=400)
        messages.success(request, self.saved_message % {"n": saved})
        return redirect(self.success_url())
