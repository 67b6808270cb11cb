from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.views.generic import TemplateView

from . import indicators, rows
from .params import ParamError, ScopeNotFound, query_for

ROWS_PAGE = 50


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
