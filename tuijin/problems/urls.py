from django.urls import path

from . import views

app_name = "problems"

urlpatterns = [
    path("", views.ProblemListView.as_view(), name="problem_list"),
    path("add/", views.ProblemCreateView.as_view(), name="problem_add"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("<int:pk>/", views.ProblemDetailView.as_view(), name="problem"),
    path("<int:pk>/instructions/", views.InstructionView.as_view(), {"target": "problem"}, name="instructions"),
    path("projects/<int:pk>/instructions/", views.InstructionView.as_view(), {"target": "project"},
         name="project_instructions"),
    path("<int:pk>/<str:action>/", views.ProblemActionView.as_view(), name="problem_action"),
    path("projects/<int:project_id>/", views.ProjectProblemsView.as_view(), name="project_tab"),
    path("attachments/<int:attachment_id>/", views.AttachmentFileView.as_view(), name="attachment"),
]
