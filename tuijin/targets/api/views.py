"""/api/v1/indicators/: the registry, and any indicator's value for a scope, a year and a day."""

from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import indicators
from ..params import ParamError, ScopeNotFound, query_for


def _exact(number):
    """Money and rates as strings, so that no client reads 10000.00 万元 through a float."""
    return str(number) if isinstance(number, Decimal) else number


def described(indicator):
    return {"key": indicator.key, "name": str(indicator.name), "name_en": indicator.name_en,
            "unit": indicator.unit, "basis": str(indicator.basis), "is_rate": indicator.is_rate}


class IndicatorViewSet(viewsets.ViewSet):
    lookup_field = "key"
    lookup_value_regex = "[a-z_]+"

    def list(self, request):
        return Response([described(i) for i in indicators.REGISTRY.values()])

    def _indicator(self, key):
        if key not in indicators.REGISTRY:
            raise exceptions.NotFound()
        return indicators.get(key)

    @action(detail=True, methods=["get"])
    def values(self, request, key=None):
        """?scope=<region code | dept:<slug> | list:<id>>&year=&as_of=YYYY-MM-DD&category=&min_total=&max_total=
        &list=&industry=: {value, numerator, denominator, unit, basis, rows_url}."""
        indicator = self._indicator(key)
        try:
            scope, query = query_for(request.user, request.query_params)
        except ScopeNotFound:
            raise Http404 from None
        except ParamError as error:
            raise exceptions.ValidationError({error.name: [error.message]}) from None
        value = indicator.value(query)
        rows_url = request.build_absolute_uri(
            reverse("targets:indicator_rows", args=[key]) + "?" + request.query_params.urlencode())
        return Response({"key": key, "scope": scope.param, "scope_name": scope.label, "year": query.year,
                         "as_of": query.as_of, "value": _exact(value.value), "numerator": _exact(value.numerator),
                         "denominator": _exact(value.denominator), "unit": indicator.unit, "basis": str(indicator.basis),
                         "rows_url": rows_url})
