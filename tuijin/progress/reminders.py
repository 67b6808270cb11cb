"""催报: remind the people who fill reports of the projects still missing as a deadline approaches."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.core.notifications import notify
from tuijin.core.roles import Role
from tuijin.core.scope import UserScope
from tuijin.projects.models import Project

from .choices import PeriodStatus, ReportStatus
from .models import MonthlyReport, ReportingPeriod


def missing_by_editor(period):
    """{user: number of due projects in its region subtree not yet submitted}."""
    submitted = MonthlyReport.objects.filter(period=period, status__in=[ReportStatus.SUBMITTED,
                                                                        ReportStatus.ACCEPTED])
    missing = list(Project.objects.due_in(period).exclude(pk__in=submitted.values("project_id"))
                   .values_list("region__path", flat=True))
    counts = {}
    editors = get_user_model().objects.filter(is_active=True, role_assignments__role=Role.REGION_EDITOR,
                                              role_assignments__region__in=period.region.subtree())
    for user in editors.distinct().prefetch_related("role_assignments__region"):
        # Its editor assignments only: a clerk who also coordinates is reminded of what it fills.
        fills = UserScope(edit_region_paths=[a.region.path for a in user.role_assignments.all()
                                             if a.role == Role.REGION_EDITOR and a.region])
        n = sum(1 for path in missing if fills.may_edit_region(path))
        if n:
            counts[user] = n
    return counts


def send_reminders(today, *, days_before=3):
    """Remind editors of every open period whose deadline is within `days_before` days or past.
    Idempotent per day: running twice sends nothing new. Returns the number of reminders created."""
    created = 0
    horizon = today + datetime.timedelta(days=days_before)
    for period in ReportingPeriod.objects.filter(status=PeriodStatus.OPEN, deadline__lte=horizon):
        for user, missing in missing_by_editor(period).items():
            if period.deadline >= today:
                text = _("%(p)s月报将于%(d)s截止，您所辖还有%(n)s个项目未报送。") % {
                    "p": period, "d": period.deadline.isoformat(), "n": missing}
            else:
                text = _("%(p)s月报已于%(d)s截止，您所辖仍有%(n)s个项目未报送，请尽快报送。") % {
                    "p": period, "d": period.deadline.isoformat(), "n": missing}
            # In the inbox (消息, with the unread count) and on the home page until read, and by e-mail;
            # once a day: the key names the period and the day.
            created += notify([user], f"reminder:{period.pk}:{today.isoformat()}", text,
                              reverse("progress:batch", args=[period.pk]), kind="reminder", subject=period)
    return created
