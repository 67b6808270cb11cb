"""/api/v1/regions/ and /api/v1/departments/: the organisation a client names in its writes (a figure's
region id, a problem's departments), as far as the caller's scope reaches — the same filter the pages'
pickers use. Lists only: a region or a department is read through the objects that name it."""

from rest_framework import mixins, viewsets

from tuijin.core.scope import scope_of

from ..models import Department, Region
from .serializers import DepartmentSerializer, RegionSerializer


class RegionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The regions the caller sees: its own subtree (a district: itself and its zones); every region for
    one who sees everything or whose scope is not a region."""

    serializer_class = RegionSerializer

    def get_queryset(self):
        return Region.objects.visible_to(self.request.user).select_related("parent").order_by("path")


class DepartmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The departments serving the regions the caller sees (those of each region and of the regions above
    it: a district sees the city's 市直部门 and its own, not another district's), and the caller's own."""

    serializer_class = DepartmentSerializer

    def get_queryset(self):
        user = self.request.user
        scope = scope_of(user)
        departments = Department.objects.select_related("region")
        if scope.everything:
            return departments.order_by("sort_order", "name")
        serving = departments.serving(*Region.objects.visible_to(user))
        own = departments.filter(pk__in=scope.department_ids or [])
        return (serving | own).distinct().order_by("sort_order", "name")
