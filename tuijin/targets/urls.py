from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("indicators/<str:key>/rows/", views.IndicatorRowsView.as_view(), name="indicator_rows"),
]
