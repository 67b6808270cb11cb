from tuijin.core.api import ScopedReadOnlyViewSet

from ..filtersets import ProjectFilterSet
from ..models import Project
from .serializers import ProjectSerializer


class ProjectViewSet(ScopedReadOnlyViewSet):
    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    select_related = ("region", "lead_department", "leader")
