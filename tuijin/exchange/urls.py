from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("imports/", views.UploadView.as_view(), name="upload"),
    path("imports/<int:pk>/", views.ImportView.as_view(), name="import"),
    path("imports/<int:pk>/rows.xlsx", views.ErrorWorkbookView.as_view(), name="import_rows"),
]
