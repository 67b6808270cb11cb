from django.urls import path

from . import figure_views, views

app_name = "targets"

urlpatterns = [
    path("", views.TargetListView.as_view(), name="target_list"),
    path("excel/", views.DecompositionExcelView.as_view(), name="excel"),
    path("add/", views.TargetCreateView.as_view(), name="target_add"),
    path("<int:pk>/", views.TargetView.as_view(), name="target"),
    path("figures/", figure_views.FigureListView.as_view(), name="figure_list"),
    path("figures/excel/", figure_views.FigureExcelView.as_view(), name="figure_excel"),
    path("figures/<int:pk>/", figure_views.FigureView.as_view(), name="figure"),
    path("indicators/<str:key>/rows/", views.IndicatorRowsView.as_view(), name="indicator_rows"),
]
