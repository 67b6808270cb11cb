"""外部数据: the figures that are not project rows (全社会固定资产投资 and its growth, 招商签约额, 银企对接, 技改投资),
entered by month and region with their source; beside each FAI figure the platform's own investment completed."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import TemplateView

from tuijin.core.dates import today
from tuijin.core.scope import scope_of
from tuijin.core.views import YearWorkbookView, int_param
from tuijin.org.models import Region

from . import figure_excel, grouped, indicators, services
from .forms import ExternalFigureForm
from .indicators import Query
from .models import ExternalFigure, FigureKind
from .params import Scope
from .standing import common_path


def may_enter(user):
    scope = scope_of(user)
    return bool(scope.coordinator_region_paths) or scope.everything


def platform_completed_of(figures, user):
    """{figure pk: the platform's own 本年累计完成投资 for its region and month (the projects the user sees)} for FAI
    figures: one grouped query a month, over the region that holds
    that month's figures (each figure's value is its region's subtree within it)."""
    completed, measures, by_month = {}, grouped.Measures(), {}
    for figure in figures:
        by_month.setdefault((figure.year, figure.month), []).append(figure)
    for (year, month), members in by_month.items():
        holder = Region.objects.get(path=common_path(f.region.path for f in members))
        scope = Scope("region", holder, holder.code)
        day = datetime.date(year, month, calendar.monthrange(year, month)[1])
        query = Query(projects=scope.projects(user), year=year, as_of=day, region=holder)
        values = measures.for_regions(indicators.get("investment_completed"), query, {f.region for f in members})
        completed.update((f.pk, values[f.region].value) for f in members)
    return completed


def _save(request, form):
    """Save a valid form through the service; the form's errors when it refuses. True when saved."""
    try:
        services.save_figure(form.instance, actor=request.user)
    except PermissionDenied:
        form.add_error("region", _("只有项目办可以录入本区域的外部数据"))
    except ValidationError as error:
        form.add_error(None, error)
    else:
        return True
    return False


class FigureListView(LoginRequiredMixin, TemplateView):
    """The year's external figures (of a region and below, if one is chosen), and the form to add one."""

    template_name = "targets/figure_list.html"

    def get_context_data(self, form=None, **kwargs):
        user = self.request.user
        year = int_param(self.request.GET.get("year"), today().year, 2000, 2100)
        figures = ExternalFigure.objects.visible_to(user).filter(year=year).select_related("region")
        region = Region.objects.visible_to(user).filter(code=self.request.GET.get("region") or "").first()
        if region is not None:
            figures = figures.filter(region__in=region.subtree())
        figures = list(figures.order_by("region__path", "kind", "month"))
        platform = platform_completed_of([f for f in figures if f.kind == FigureKind.FAI], user)
        rows = [(f, platform.get(f.pk), indicators.rate(platform[f.pk], f.value).value if f.pk in platform else None)
                for f in figures]
        allowed = may_enter(user)
        form = form or (ExternalFigureForm(user=user, initial={"year": year, "month": max(today().month - 1, 1),
                                                               "reported_on": today()}) if allowed else None)
        return {"year": year, "region": region, "regions": Region.objects.visible_to(user).order_by("path"),
                "rows": rows, "form": form, "may_enter": allowed}

    def post(self, request):
        if not may_enter(request.user):
            raise PermissionDenied
        form = ExternalFigureForm(request.POST, user=request.user)
        if form.is_valid() and _save(request, form):
            messages.success(request, _("外部数据已保存。"))
            return redirect(f"{reverse('targets:figure_list')}?year={form.instance.year}")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class FigureView(LoginRequiredMixin, TemplateView):
    """One figure: correct it (the project office of its region), and its history."""

    template_name = "targets/figure_detail.html"

    def figure(self):
        return get_object_or_404(ExternalFigure.objects.visible_to(self.request.user).select_related("region"),
                                 pk=self.kwargs["pk"])

    def get_context_data(self, form=None, **kwargs):
        figure = kwargs.get("figure") or self.figure()
        allowed = services.may_enter_figures(self.request.user, figure.region)
        return {"figure": figure, "may_edit": allowed,
                "form": form or (ExternalFigureForm(instance=figure, user=self.request.user) if allowed else None),
                "history": figure.history.select_related("history_user")[:20]}

    def post(self, request, pk):
        figure = self.figure()
        if not services.may_enter_figures(request.user, figure.region):
            raise PermissionDenied
        form = ExternalFigureForm(request.POST, instance=figure, user=request.user)
        if form.is_valid() and _save(request, form):
            messages.success(request, _("外部数据已保存。"))
            return redirect(f"{reverse('targets:figure_list')}?year={form.instance.year}")
        return self.render_to_response(self.get_context_data(form=form, figure=self.figure()), status=400)


class FigureExcelView(YearWorkbookView):
    """外部数据 by Excel: download the year's figures, upload them back (all rows or none)."""

    template_name = "targets/figure_excel.html"
    filename = "figures-{year}.xlsx"
    saved_message = gettext_lazy("已导入%(n)s条外部数据。")

    def build(self, year, user):
        return figure_excel.build_workbook(year, user)

    def read(self, data, user):
        return figure_excel.import_workbook(data, actor=user)

    def may_upload(self, user):
        return may_enter(user)

    def success_url(self):
        return f"{reverse('targets:figure_list')}?year={self.year()}"
