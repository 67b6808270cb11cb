"""The list import through the pages: upload a list, see what each row would do, decide the possible
duplicates, confirm; download the rows that did not land with their reasons."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from tuijin.core.excel import XLSX, write_xlsx
from tuijin.core.views import error_text, paginate
from tuijin.org.models import Region

from . import landing, runs, services
from .models import ImportRow, ProjectImport

ROWS_PAGE = 100


def visible_import(request, pk):
    return get_object_or_404(ProjectImport.objects.visible_to(request.user).select_related("region"), pk=pk)


class UploadView(LoginRequiredMixin, TemplateView):
    template_name = "exchange/upload.html"

    def regions(self):
        return Region.objects.editable_by(self.request.user)

    def get_context_data(self, **kwargs):
        recent = ProjectImport.objects.visible_to(self.request.user).select_related("region", "user")[:20]
        mappings = services.mappings_for(self.request.user)
        return {"regions": self.regions(), "recent": recent, "mappings": mappings, **kwargs}

    def post(self, request):
        region = self.regions().filter(pk=request.POST.get("region") or 0).first()
        upload = request.FILES.get("file")
        if region is None or upload is None:
            return self.render_to_response(self.get_context_data(error=_("请选择区域和要导入的文件")), status=400)
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv", ".ods")):
            return self.render_to_response(self.get_context_data(error=_("请上传 .xlsx、.xls 或 .csv 文件")), status=400)
        mapping = None
        if request.POST.get("mapping"):
            mapping = services.mappings_for(request.user).filter(pk=request.POST["mapping"]).first()
            if mapping is None:
                return self.render_to_response(self.get_context_data(error=_("所选的列对应不存在")), status=400)
        try:
            batch = services.receive(upload.read(), upload.name, region=region, actor=request.user, mapping=mapping)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(error=error_text(error)), status=400)
        runs.check(batch)
        return redirect("exchange:import", pk=batch.pk)


class ImportView(LoginRequiredMixin, TemplateView):
    """One import: its notes, its counts, its columns as read (to correct), its rows (filtered by outcome), the
    duplicates to decide; while the worker reads or saves a large file, how far it has got."""

    template_name = "exchange/import.html"

    def get(self, request, *args, **kwargs):
        if request.headers.get("HX-Request"):
            batch = visible_import(request, kwargs["pk"])
            if batch.is_running:
                return render(request, "exchange/import_progress.html", {"batch": batch})
            response = HttpResponse()
            response["HX-Refresh"] = "true"  # finished: show the outcome as a whole page
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        batch = visible_import(self.request, self.kwargs["pk"])
        rows = batch.rows.select_related("match", "project")
        if (action := self.request.GET.get("action")) in dict(ImportRow.ACTIONS):
            rows = rows.filter(action=action)
        page, query = paginate(self.request, rows, ROWS_PAGE)
        return {"batch": batch, "page": page, "query": query, "action": action, "actions": ImportRow.ACTIONS,
                "decisions": ImportRow.DECISIONS, "columns": columns_of(batch),
                "fields": list(landing.COLUMN_FIELDS.items()),
                "counts": [(a, label, batch.counts.get(a, 0)) for a, label in ImportRow.ACTIONS]}

    def post(self, request, pk):
        batch = visible_import(request, pk)
        try:
            if "recheck" in request.POST:
                return self.recheck(request, batch)
            decisions = {int(key[9:]): value for key, value in request.POST.items()
                         if key.startswith("decision-") and key[9:].isdigit()}
            if decisions:
                services.decide(batch, decisions, actor=request.user)
            if request.POST.get("mapping_name"):
                services.save_mapping(batch, request.POST["mapping_name"], actor=request.user)
                messages.success(request, _("列对应已保存：上传同样格式的文件时可以选用它（命令 import_projects --mapping）。"))
            if request.POST.get("commit"):
                self.commit(request, batch)
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("exchange:import", pk=batch.pk)

    def recheck(self, request, batch):
        columns = {key[7:]: value for key, value in request.POST.items() if key.startswith("column-")}
        runs.recheck(batch, columns, actor=request.user)
        if not batch.is_running:
            messages.success(request, _("已按调整后的列对应重新读取。"))
        return redirect("exchange:import", pk=batch.pk)

    def commit(self, request, batch):
        done = runs.commit(batch, actor=request.user)
        if done is None:  # the worker saves it; the page shows how far
            return
        messages.success(request, _("已导入：新增%(n)s个项目，更新%(u)s个。新增的在建等项目待项目办入库审核。")
                         % {"n": done["new"], "u": done["updated"]})


def columns_of(batch):
    """The columns this import read, once each: (key, field, the sheets it is in)."""
    found = {}
    for column in batch.columns:
        key = column["header"]
        if key not in found:
            found[key] = [key, column["field"], []]
        found[key][2].append(column.get("sheet", ""))
    return [(key, field, "、".join(dict.fromkeys(sheets))) for key, field, sheets in found.values()]


class ErrorWorkbookView(LoginRequiredMixin, View):
    """The rows that did not land (errors, possible duplicates, skipped rows) with the reason in a column."""

    def get(self, request, pk):
        batch = visible_import(request, pk)
        rows = batch.rows.exclude(action__in=[ImportRow.NEW, ImportRow.UPDATE]).order_by("pk")
        data = write_xlsx(_("未导入的行"), [_("工作表"), _("行号"), _("结果"), _("项目名称"), _("原因")],
                          ([r.sheet, r.number, r.get_action_display(), r.name, "；".join(r.reasons)] for r in rows),
                          title=_("%(f)s：未导入的行及原因") % {"f": batch.file_name})
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-rows.xlsx"'
        return response


