from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tuijin.bulletins.views import MinutesView
from tuijin.core.favicon import favicon
from tuijin.core.health import healthz
from tuijin.dashboard.views import HomeView, InboxView, LeaderView, NotificationOpenView, TodoView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz/", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("tuijin.org.urls")),
    path("org/", include("tuijin.org.catalog_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("projects/", include("tuijin.projects.urls")),
    path("progress/", include("tuijin.progress.urls")),
    path("approvals/", include("tuijin.approvals.urls")),
    path("problems/", include("tuijin.problems.urls")),
    path("meetings/", include("tuijin.problems.meeting_urls")),
    path("targets/", include("tuijin.targets.urls")),
    path("exchange/", include("tuijin.exchange.urls")),
    path("meetings/<int:pk>/minutes.docx", MinutesView.as_view(), name="meeting_minutes"),
    path("todo/", TodoView.as_view(), name="todo"),
    path("inbox/", InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/", NotificationOpenView.as_view(), name="notification_open"),
    path("leaders/<int:pk>/", LeaderView.as_view(), name="leader"),
    path("audit/", include("tuijin.core.audit_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("tuijin.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The schema answers API clients (401 without a token, SERVE_PERMISSIONS); the docs page sends a
    # browser to the login page.
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api-docs"),
]
