from rest_framework.routers import DefaultRouter

from .views import ProjectViewSet

app_name = "api"

router = DefaultRouter()
router.register("projects", ProjectViewSet)
urlpatterns = router.urls
