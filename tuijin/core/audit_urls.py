from django.urls import path

from . import audit_views

app_name = "audit"

urlpatterns = [
    path("", audit_views.AuditListView.as_view(), name="list"),
    path("export.xlsx", audit_views.AuditExportView.as_view(), name="export"),
    path("<int:pk>/", audit_views.AuditEntryView.as_view(), name="entry"),
]
