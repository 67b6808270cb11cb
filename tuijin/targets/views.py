from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import TemplateView

from tuijin.core.concurrency import ConcurrentEditError
from tuijin.core.dates import today
from tuijin.core.scope import scope_of
from tuijin.core.views import YearWorkbookView, int_param


from . import excel, indicators, rows, services
from .forms import TargetForm, TaskReportForm
from .models import Target
from .params import ParamError, ScopeNotFound, query_for
from .standing import LABELS, standing, standings

ROWS_PAGE = 50


def visible_target(request, pk):
    return get_object_or_404(Target.objects.visible_to(request.user)
                             .select_related("region", "department", "project_list", "parent"), pk=pk)


class TargetListView(LoginRequiredMixin, TemplateView):
    """目标任务进度: every target of a year with its actual, status and gap; parts under their whole."""

    template_name = "targets/target_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        now = today()
        year = int_param(self.request.GET.get("year"), now.year, 2000, 2100)
        targets = (Target.objects.visible_to(user).filter(year__lte=year).filter(checkpoint__year__gte=year)
                   .select_related("region", "department", "project_list", "plan"))
        ordered = _parts_under_wholes(list(targets))
        found = standings(ordered, user, now)
        counts = {}
        for s in found:
            if s.target.is_numeric:
                counts[s.status] = counts.get(s.status, 0) + 1
        counts = [(key, LABELS[key], n) for key, n in counts.items()]
        return {"year": year, "standings": found, "counts": counts, "today": now,
                "may_add": bool(scope_of(user).coordinator_region_paths) or scope_of(user).everything}


def _parts_under_wholes(targets):
    """Each target followed by its parts (任务分解), depth-first, in the order of the table."""
    by_parent = {}
    for t in targets:
        by_parent.setdefault(t.parent_id, []).append(t)
    present = {t.pk for t in targets}
    ordered = []

    def walk(target, depth):
        target.depth = depth
        ordered.append(target)
        for part in by_parent.get(target.pk, []):
            walk(part, depth + 1)

    for t in targets:
        if t.parent_id is None or t.parent_id not in present:
            walk(t, 0)
    return ordered


class TargetView(LoginRequiredMixin, TemplateView):
    """One target: its standing, its parts, its history; the project office edits it, the responsible
    department reports a task's status."""

    template_name = "targets/target_detail.html"

    def get_context_data(self, **kwargs):
        target = kwargs.get("target") or visible_target(self.request, self.kwargs["pk"])
        user = self.request.user
        parts = list(target.parts.visible_to(user).select_related("region", "department"))
        return {"target": target, "standing": standing(target, user),
                "parts": standings(parts, user) if parts else [],
                "may_edit": services.may_set_targets(user, target.region),
                "may_report": services.may_report_task(user, target) and not target.is_numeric,
                "form": kwargs.get("form") or TargetForm(instance=target, user=user),
                "task_form": kwargs.get("task_form") or TaskReportForm(instance=target),
                "history": target.history.select_related("history_user")[:20]}

    def post(self, request, pk):
        target = visible_target(request, pk)
        if request.POST.get("action") == "task":
            return self._report(request, target)
        if not services.may_set_targets(request.user, target.region):
            raise PermissionDenied
        form = TargetForm(request.POST, instance=target, user=request.user)
        if form.is_valid():
            try:
                services.update_target(form.instance, actor=request.user,
                                       expected_version=form.cleaned_data.get("version"),
                                       reason=form.cleaned_data.get("change_reason", ""))
            except ConcurrentEditError:
                messages.error(request, _("该目标已被他人修改，请刷新后重新填写。"))
                return redirect(target)
            messages.success(request, _("目标任务已保存。"))
            return redirect(target)
        return self.render_to_response(self.get_context_data(target=Target.objects.get(pk=pk), form=form))

    def _report(self, request, target):
        if not services.may_report_task(request.user, target):
            raise PermissionDenied
        form = TaskReportForm(request.POST, instance=target)
        if form.is_valid():
            try:
                services.report_task(target, actor=request.user, task_status=form.cleaned_data["task_status"],
                                     evidence=form.cleaned_data["evidence"],
                                     expected_version=form.cleaned_data.get("version"))
            except ConcurrentEditError:
                messages.error(request, _("该目标已被他人修改，请刷新后重新填写。"))
                return redirect(target)
            messages.success(request, _("完成情况已保存。"))
            return redirect(target)
        return self.render_to_response(self.get_context_data(target=Target.objects.get(pk=target.pk),
                                                             task_form=form))


class TargetCreateView(LoginRequiredMixin, TemplateView):
    template_name = "targets/target_form.html"

    def get_context_data(self, **kwargs):
        initial = {"year": today().year, "checkpoint": f"{today().year}-12-31"}
        if parent := self.request.GET.get("parent"):
            whole = visible_target(self.request, int_param(parent, 0))
            initial.update({"parent": whole.pk, "indicator": whole.indicator, "year": whole.year,
                            "checkpoint": whole.checkpoint, "comparator": whole.comparator, "title": whole.title})
        return {"form": kwargs.get("form") or TargetForm(initial=initial, user=self.request.user)}

    def get(self, request, *args, **kwargs):
        if not (scope_of(request.user).coordinator_region_paths or scope_of(request.user).everything):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request):
        form = TargetForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                target = services.create_target(form.instance, actor=request.user)
            except PermissionDenied:
                form.add_error(None, _("只有项目办可以设定和分解本区域的目标任务"))
            else:
                messages.success(request, _("目标任务已新增。"))
                return redirect(target)
        return self.render_to_response(self.get_context_data(form=form))


class IndicatorRowsView(LoginRequiredMixin, TemplateView):
    """The rows behind an indicator's value (its numerator, or with ?part=denominator what it divides by),
    for the same scope, year, day and filters as the value: `rows_url` of the API points here."""

    template_name = "targets/indicator_rows.html"

    def get_context_data(self, **kwargs):
        indicator = indicators.REGISTRY.get(self.kwargs["key"])
        if indicator is None:
            raise Http404
        try:
            scope, query = query_for(self.request.user, self.request.GET)
        except ScopeNotFound:
            raise Http404 from None
        except ParamError as error:
            return {"indicator": indicator, "error": error}
        part = "denominator" if indicator.is_rate and self.request.GET.get("part") == "denominator" else "numerator"
        found = rows.with_related(indicator.rows(query, part))
        page = Paginator(found, ROWS_PAGE).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        other = params.copy()
        other["part"] = "numerator" if part == "denominator" else "denominator"
        return {"indicator": indicator, "scope": scope, "query": query, "value": indicator.value(query),
                "part": part, "page": page, "headers": rows.headers(found), "table": rows.table(list(page), query),
                "query_string": params.urlencode(), "other_part": other.urlencode()}


class DecompositionExcelView(YearWorkbookView):
    """任务分解表 by Excel: download the year's targets (a blank template when there are none), upload it back."""

    template_name = "targets/decomposition_excel.html"
    filename = "targets-{year}.xlsx"
    saved_message = gettext_lazy("已导入%(n)s条目标任务。")

    def build(self, year, user):
        return excel.build_workbook(year, user)

    def read(self, data, user):
        return excel.import_workbook(data, actor=user)

    def may_upload(self, user):
        return bool(scope_of(user).coordinator_region_paths or scope_of(user).everything)

    def success_url(self):
        return f"{reverse('targets:target_list')}?year={self.year()}"
