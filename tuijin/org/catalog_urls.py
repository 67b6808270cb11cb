from django.urls import path

from . import catalog

app_name = "org"

urlpatterns = [
    path("departments/", catalog.DepartmentCatalogView.as_view(), name="departments"),
    path("departments/<int:pk>/", catalog.DepartmentCatalogView.as_view(), name="department_edit"),
    path("leaders/", catalog.LeaderCatalogView.as_view(), name="leaders"),
    path("leaders/<int:pk>/", catalog.LeaderCatalogView.as_view(), name="leader_edit"),
]
