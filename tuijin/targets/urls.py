from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("", views.TargetListView.as_view(), name="target_list"),
    path("excel/", views.DecompositionExcelView.as_view(), name="excel"),
    path("add/", views.TargetCreateView.as_view(), name="target_add"),
    path("<int:pk>/", views.TargetView.as_view(), name="target"),
    path("indicators/<str:key>/rows/", views.IndicatorRowsView.as_view(), name="indicator_rows"),
]
