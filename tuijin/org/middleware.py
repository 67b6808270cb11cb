"""Account rules applied on every request: a forced first password change, and idle sessions ending."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.core.models import Setting

# Read from the database once per session (the first request after login), then kept in the session.
MUST_CHANGE = "account:must_change_password"
IDLE_SECONDS = "account:idle_seconds"
LAST_SEEN = "account:last_seen"
# The last-seen time is written at most this often, so a page view does not save the session each time.
LAST_SEEN_RESOLUTION = 60


def load_account_rules(session, user):
    from .models import AccountProfile

    profile = AccountProfile.objects.filter(user=user).first()
    session[MUST_CHANGE] = bool(profile and profile.must_change_password)
    exempt = bool(profile and profile.idle_exempt)
    session[IDLE_SECONDS] = 0 if exempt else Setting.get_int("session_idle_minutes") * 60


def _go(request, url):
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class AccountRulesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            response = self.check(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request, user):
        session = request.session
        if IDLE_SECONDS not in session:
            load_account_rules(session, user)
        now = time.time()
        last_seen, idle = session.get(LAST_SEEN), session[IDLE_SECONDS]
        if idle and last_seen and now - last_seen > idle:
            logout(request)
            messages.warning(request, _("您已超过%(m)s分钟未操作，为保护账号安全已自动退出，请重新登录。")
                             % {"m": idle // 60})
            return _go(request, redirect_to_login(request.get_full_path()).url)
        if not last_seen or now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = now
        if session[MUST_CHANGE] and not self.allowed_before_change(request.path):
            if _is_api(request):
                return JsonResponse({"detail": _("请先登录网页修改初始密码，再使用接口。")}, status=403)
            messages.info(request, _("您的账号由管理员创建，密码为他人设置。请先设置只有您自己知道的新密码。"))
            return _go(request, reverse("accounts:password_change"))
        return None

    @staticmethod
    def allowed_before_change(url):
        allowed = (reverse("accounts:password_change"), reverse("logout"), reverse("set_language"))
        return url in allowed or url.startswith("/" + settings.STATIC_URL.lstrip("/"))


def _is_api(request):
    """A request to the REST API (answered in JSON, not redirected to a page)."""
    url = request.path
    return url.startswith("/api/")
