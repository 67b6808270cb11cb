"""Login protection and account rules (等保 2.0 level 3): who is locked out, for how long, who unlocks.

django-axes counts failed logins per username *and* client address together (settings.py), so ten
wrong passwords for one account from one machine lock that account on that machine only: a colleague
behind the same government NAT still logs in, and nobody can lock the coordinator out by name from
elsewhere. The functions here are what settings.py hands to axes (client address, cool-off, lock page)
and what the lockouts page and the middleware use.
"""

import ipaddress
from datetime import timedelta

from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core.models import Setting
from tuijin.core.roles import Role
from tuijin.core.scope import scope_of

from .models import Region

# The first lockout lasts FIRST_LOCKOUT; every further FAILURE_LIMIT failures of the same account from
# the same address within ESCALATION_WINDOW double it, up to LONGEST_LOCKOUT.
FIRST_LOCKOUT = timedelta(minutes=5)
LONGEST_LOCKOUT = timedelta(hours=1)
ESCALATION_WINDOW = timedelta(hours=24)


def client_ip(request):
    """The address of the person logging in.

    With TRUSTED_PROXY_COUNT = 0 the app faces the browsers and REMOTE_ADDR is the client. Behind N
    reverse proxies each appends the address it received from to X-Forwarded-For, so the client is the
    N-th entry from the right; entries further left were written by the browser and may be forged.
    A header shorter than N (a request that bypassed the proxies) falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def cool_off(request):
    """How long a lockout lasts: 5 minutes, doubled for every further ten failures in 24 hours, at most 1 hour.

    Counted for this username from this address, from axes' failure log (which outlives the lock).
    """
    if request is None:
        return LONGEST_LOCKOUT
    username = get_client_username(request)
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    failures = AccessFailureLog.objects.filter(
        username=username, ip_address=ip, attempt_time__gte=timezone.now() - ESCALATION_WINDOW).count()
    earlier_lockouts = max(failures // settings.AXES_FAILURE_LIMIT - 1, 0)
    return min(FIRST_LOCKOUT * 2 ** min(earlier_lockouts, 10), LONGEST_LOCKOUT)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out person sees: when to try again, and whom to ask."""
    duration = cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": int(duration.total_seconds() // 60),
        "until": timezone.localtime() + duration,
        "contact": Setting.get("account_help_contact"),
    }
    return render(request, "org/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def managed_users(actor):
    """The users whose accounts `actor` may unlock and mark as wall displays.

    An administrator manages everyone; a coordinator the users holding a role in its region subtree
    (or in a department of that subtree); anyone else no one.
    """
    User = get_user_model()
    scope = scope_of(actor)
    if scope.everything:
        return User.objects.all()
    if not scope.coordinator_region_paths:
        return User.objects.none()
    regions = Region.objects.coordinated_by(actor).values("pk")
    q = Q(role_assignments__region__in=regions) | Q(role_assignments__department__region__in=regions)
    return User.objects.filter(pk__in=User.objects.filter(q).values("pk"))


def may_manage_accounts(user):
    scope = scope_of(user)
    return scope.everything or Role.COORDINATOR in scope.roles


def current_lockouts(actor):
    """The locked accounts `actor` manages: one row per username and address, with when the lock ends."""
    attempts = (AccessAttempt.objects.select_related("expiration")
                .filter(username__in=managed_users(actor).values("username"),
                        expiration__expires_at__gt=timezone.now()))
    locks = {}
    for attempt in attempts:
        row = locks.setdefault((attempt.username, attempt.ip_address), {
            "username": attempt.username, "ip_address": attempt.ip_address, "failures": 0,
            "until": attempt.expiration.expires_at})
        row["failures"] += attempt.failures_since_start
        row["until"] = max(row["until"], attempt.expiration.expires_at)
    locked = [row for row in locks.values() if row["failures"] >= settings.AXES_FAILURE_LIMIT]
    names = get_user_model().objects.filter(username__in=[row["username"] for row in locked])
    people = {user.username: user for user in names}
    return sorted((dict(row, user=people[row["username"]]) for row in locked), key=lambda row: row["until"],
                  reverse=True)


def unlock_account(username, *, actor):
    """Lift every lock on `username` (all addresses). Returns the number of attempt records removed."""
    if not managed_users(actor).filter(username=username).exists():
        raise PermissionError(username)
    return reset(username=username)


def require_password_change(user):
    """The next login of `user` must set a new password first (someone else chose the current one)."""
    from .models import AccountProfile

    AccountProfile.objects.update_or_create(user=user, defaults={"must_change_password": True})


def password_changed(user):
    from .models import AccountProfile

    AccountProfile.objects.filter(user=user).update(must_change_password=False)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with the error in Chinese (Django's zh_Hans catalogue lacks this plural message)."""

    def get_error_message(self):
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
