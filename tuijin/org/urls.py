from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.AccountPasswordChangeView.as_view(), name="password_change"),
    path("lockouts/", views.LockoutListView.as_view(), name="lockout_list"),
    path("lockouts/unlock/", views.UnlockView.as_view(), name="unlock"),
    path("lockouts/display/", views.DisplayAccountView.as_view(), name="display_account"),
]
