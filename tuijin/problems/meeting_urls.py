from django.urls import path

from . import meeting_views as views
from .views import InstructionView

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("add/", views.MeetingCreateView.as_view(), name="meeting_add"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("<int:pk>/decisions/", views.DecisionAddView.as_view(), name="decision_add"),
    path("decisions/<int:pk>/instructions/", InstructionView.as_view(), {"target": "decision"},
         name="decision_instructions"),
    path("decisions/<int:pk>/follow/", views.DecisionFollowView.as_view(), name="decision_follow"),
]
