from django.urls import path

from . import picker_views, resumption_views, secretary_views, views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("export/", views.ProjectExportView.as_view(), name="project_export"),
    path("add/", views.ProjectEditView.as_view(), name="project_add"),
    path("pick/", picker_views.ProjectPickView.as_view(), name="project_pick"),
    path("pick/secretaries/", picker_views.SecretaryPickView.as_view(), name="secretary_pick"),
    path("lists/", views.ProjectListsView.as_view(), name="projectlist_list"),
    path("secretaries/", secretary_views.SecretaryLoadView.as_view(), name="secretaries"),
    path("<int:pk>/", views.ProjectView.as_view(), name="project"),
    path("<int:pk>/work-log/", secretary_views.WorkLogView.as_view(), name="work_log"),
    path("<int:pk>/resumptions/", resumption_views.ResumptionView.as_view(), name="resumptions"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("<int:pk>/transition/", views.ProjectTransitionView.as_view(), name="project_transition"),
    path("<int:pk>/intake/", views.ProjectIntakeView.as_view(), name="project_intake"),
    path("<int:pk>/lists/", views.ProjectMembershipView.as_view(), name="project_membership"),
]
