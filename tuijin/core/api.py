"""Base viewset: the same scope as pages, applied before anything else."""

from rest_framework import viewsets


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    select_related = ()

    def get_queryset(self):
        return self.queryset.model.objects.visible_to(self.request.user).select_related(*self.select_related)
