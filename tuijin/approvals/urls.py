from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("rows/", views.RowsView.as_view(), name="rows"),
    path("departments/<int:pk>/", views.DepartmentView.as_view(), name="department"),
    path("projects/<int:project_id>/", views.ProjectProceduresView.as_view(), name="project_tab"),
    path("procedures/<int:pk>/attachment/", views.AttachmentView.as_view(), name="attachment"),
]
