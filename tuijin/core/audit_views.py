"""The change log as people read it: a filtered list, one entry, and the same rows as .xlsx.

Nothing here writes: entries are appended by the services (core.audit.record) and never changed.
Who may open the log is `audit.may_read`; what each reader sees is `AuditEntry.objects.visible_to(user)`.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView
from django_filters.views import FilterView

from . import audit, audit_backfill  # noqa: F401 — the backfill registers the labels of the kinds it writes
from .excel import write_xlsx
from .filtersets import AuditEntryFilterSet, parse_subject
from .models import AuditEntry
from .views import _query_without


class AuditReaderMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not audit.may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return AuditEntry.objects.visible_to(self.request.user).select_related("actor")


def change_rows(entry):
    """(field, before, after) for each change; a value that is not a pair is shown as the "after"."""
    rows = []
    for label, pair in (entry.changes or {}).items():
        before, after = pair if isinstance(pair, (list, tuple)) and len(pair) == 2 else ("", pair)
        rows.append((_recorded(label), _recorded(_blank(before)), _recorded(_blank(after))))
    return rows


def _recorded(text):
    """A field's name or a choice's label as recorded (in Chinese, the catalog's msgid), in the page's
    language; other values (names, amounts, texts people typed) are shown as recorded."""
    return _(text) if isinstance(text, str) and text else text


def changes_text(entry):
    """"字段：原值 → 新值" per changed field, one line each."""
    return "\n".join(_("%(f)s：%(a)s → %(b)s") % {"f": label, "a": before, "b": after}
                     for label, before, after in change_rows(entry))


def _blank(value):
    return "—" if value in (None, "") else value


def subject_link(entry):
    """The object's page, when it has one inside the site (never an outside or scripted address); for
    an object without a page of its own (a report, a procedure), the page of its project."""
    url = entry.subject_url or ""
    if url.startswith("/") and not url.startswith("//"):
        return url
    return reverse("projects:project", args=[entry.project_id]) if entry.project_id else ""


def decorate(entries):
    for entry in entries:
        entry.kind_label = audit.kind_label(entry.kind)
        entry.change_rows = change_rows(entry)
        entry.changes_text = changes_text(entry)
        entry.link = subject_link(entry)
    return entries


class AuditListView(AuditReaderMixin, FilterView):
    model = AuditEntry
    filterset_class = AuditEntryFilterSet
    template_name = "core/audit_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decorate(context["object_list"])
        context["query_without_page"] = _query_without(self.request, "page")
        context["export_url"] = reverse("audit:export") + "?" + context["query_without_page"]
        context["object_label"] = self.object_label()
        return context

    def object_label(self):
        """The name of the project or object the list is narrowed to, as its entries call it."""
        if (project := self.request.GET.get("project", "")).isdigit():
            subject = ("projects.project", int(project))
        elif not (subject := parse_subject(self.request.GET.get("subject"))):
            return ""
        entries = self.get_queryset().filter(subject_type=subject[0], subject_id=subject[1])
        return entries.values_list("subject_label", flat=True).first() or ""


class AuditEntryView(AuditReaderMixin, DetailView):
    model = AuditEntry
    template_name = "core/audit_detail.html"
    context_object_name = "entry"

    def get_object(self, queryset=None):
        entry = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return decorate([entry])[0]


EXPORT_HEADER = [gettext_lazy("时间"), gettext_lazy("操作人"), gettext_lazy("类别"), gettext_lazy("对象"),
                 gettext_lazy("内容"), gettext_lazy("理由"), gettext_lazy("变更"), gettext_lazy("项目编号"),
                 gettext_lazy("地区路径")]


class AuditExportView(AuditReaderMixin, View):
    """The filtered entries as .xlsx, every cell neutralised against formula injection by write_xlsx."""

    def get(self, request):
        filterset = AuditEntryFilterSet(request.GET, queryset=self.get_queryset(), request=request)
        entries = filterset.qs if filterset.is_valid() else AuditEntry.objects.none()
        if entries.count() > settings.EXPORT_MAX_ROWS:
            messages.error(request, _("符合条件的记录超过%(n)s行，请先加筛选条件再导出。") % {"n": settings.EXPORT_MAX_ROWS})
            return redirect(reverse("audit:list") + "?" + request.GET.urlencode())
        rows = ([timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name, audit.kind_label(e.kind),
                 e.subject_label, e.summary, e.reason, changes_text(e), e.project_id, e.region_path]
                for e in entries.iterator(chunk_size=2000))
        content = write_xlsx(_("变更日志"), EXPORT_HEADER, rows, column_widths=[20, 12, 14, 30, 40, 30, 50, 10, 24])
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(content,
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
        return response
