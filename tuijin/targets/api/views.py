"""/api/v1/indicators/: the registry, and any indicator's value for a scope, a year and a day."""

from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tuijin.core.api import ScopedViewSetMixin, required_version
from tuijin.org.models import Region

from .. import grouped, indicators, services
from ..models import ExternalFigure, Target
from ..params import ParamError, Scope, ScopeNotFound, query_for
from ..standing import standing, standings
from .serializers import ExternalFigureSerializer, TargetSerializer


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
        about = {"key": key, "year": query.year, "as_of": query.as_of, "unit": indicator.unit,
                 "basis": str(indicator.basis)}
        if request.query_params.get("by") == "region":
            return Response({**about, "scope": scope.param, "scope_name": scope.label, "by": "region",
                             "results": self._by_region(request, indicator, scope, query)})
        if request.query_params.get("by"):
            raise exceptions.ValidationError({"by": ["只能按 region 分组"]})
        return Response({**about, "scope": scope.param, "scope_name": scope.label,
                         **self._value(request, key, indicator.value(query), scope.param)})

    def _value(self, request, key, value, scope_param):
        params = request.query_params.copy()
        params.pop("by", None)
        params["scope"] = scope_param
        rows_url = request.build_absolute_uri(reverse("targets:indicator_rows", args=[key]) + "?" + params.urlencode())
        return {"value": _exact(value.value), "numerator": _exact(value.numerator),
                "denominator": _exact(value.denominator), "rows_url": rows_url}

    def _by_region(self, request, indicator, scope, query):
        """The scope region's sub-regions (districts of a city, zones of a district), each with its value."""
        if scope.kind != "region":
            raise exceptions.ValidationError({"by": ["按区域分组时 scope 应为区域代码"]})
        regions = list(Region.objects.filter(parent=scope.obj))
        if grouped.groupable(indicator):
            values = grouped.for_regions(indicator, query, regions)
        else:
            values = {r: indicator.value(query_for(request.user, request.query_params, Scope("region", r, r.code))[1])
                      for r in regions}
        return [{"scope": r.code, "scope_name": r.name, **self._value(request, indicator.key, values[r], r.code)}
                for r in regions]


class TargetViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                    viewsets.ReadOnlyModelViewSet):
    """Targets in the caller's scope with how each stands today; the project office creates and edits them
    (the services' rules and history), `?year=` narrows to a year."""

    queryset = Target.objects.all()
    serializer_class = TargetSerializer
    select_related = ("region", "department", "project_list")

    def get_queryset(self):
        targets = super().get_queryset()
        if year := self.request.query_params.get("year"):
            if not year.isdigit():
                raise exceptions.ValidationError({"year": ["应为整数"]})
            targets = targets.filter(year__lte=int(year), checkpoint__year__gte=int(year))
        return targets

    def paginate_queryset(self, queryset):
        """A page of targets: their standings computed together, as the page does (one grouped query a measure)."""
        page = super().paginate_queryset(queryset)
        self.standings_found = {s.target.pk: s for s in standings(page if page is not None else queryset,
                                                                  self.request.user)}
        return page

    def get_serializer_context(self):
        cache = getattr(self, "standings_found", {})

        def standing_of(target):
            if target.pk not in cache:
                cache[target.pk] = standing(target, self.request.user)
            return cache[target.pk]

        return {**super().get_serializer_context(), "standings": standing_of}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = services.create_target(Target(**data), actor=self.request.user)

    def perform_update(self, serializer):
        target = serializer.instance
        data = dict(serializer.validated_data)
        expected = required_version(data)
        for name, value in data.items():
            setattr(target, name, value)
        services.update_target(target, actor=self.request.user, expected_version=expected)


class ExternalFigureViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                            viewsets.ReadOnlyModelViewSet):
    """外部数据 in the caller's regions; the project office of the region enters and corrects them (the
    service's rules, audit and history). `?year=`, `?kind=` and `?region=<code>` (and below) narrow the list."""

    queryset = ExternalFigure.objects.all()
    serializer_class = ExternalFigureSerializer
    select_related = ("region",)

    def get_queryset(self):
        figures = super().get_queryset().order_by("year", "month", "kind", "region__path")
        params = self.request.query_params
        if year := params.get("year"):
            if not year.isdigit():
                raise exceptions.ValidationError({"year": ["应为整数"]})
            figures = figures.filter(year=int(year))
        if kind := params.get("kind"):
            figures = figures.filter(kind=kind)
        if code := params.get("region"):
            region = Region.objects.visible_to(self.request.user).filter(code=code).first()
            figures = figures.filter(region__in=region.subtree()) if region else figures.none()
        return figures

    def perform_create(self, serializer):
        serializer.instance = services.save_figure(ExternalFigure(**serializer.validated_data), actor=self.request.user)

    def perform_update(self, serializer):
        figure = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(figure, name, value)
        services.save_figure(figure, actor=self.request.user)
