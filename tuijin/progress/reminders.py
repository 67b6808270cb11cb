"""催报: remind the people who fill reports of the projects still missing as a deadline approaches."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.core.notifications import notify
from tuijin.core.roles import Role
from tuijin.core.scope import UserScope
from tuijin.org.models import Region
from tuijin.projects.models import Project

from .choices import FILLER_EDITABLE, PeriodStatus, ReportStatus
from .models import MonthlyReport, ReportingPeriod


def missing_projects(period, regions=None):
    """The projects due in `period` (in the subtrees of `regions`, if given) not yet submitted, each with
    `report_status`: its report's status (a draft or returned), or None where nothing was filled."""
    due = Project.objects.reporting_in(period)
    if regions:
        due = due.filter(region__in=Region.objects.within(*[region.path for region in regions]))
    reports = MonthlyReport.objects.filter(period=period, project=OuterRef("pk"))
    return (due.annotate(report_status=Subquery(reports.values("status")[:1]))
            .filter(Q(report_status__isnull=True) | Q(report_status__in=FILLER_EDITABLE)))


def editors(period):
    """[(user, the UserScope of its editor assignments)] for the active editors under `period`'s region:
    the people who fill (and are chased for) its reports. Its editor assignments only: a clerk who also
    coordinates is reminded of what it fills."""
    users = get_user_model().objects.filter(is_active=True, role_assignments__role=Role.REGION_EDITOR,
                                            role_assignments__region__in=period.region.subtree())
    return [(user, UserScope(edit_region_paths=[a.region.path for a in user.role_assignments.all()
                                                if a.role == Role.REGION_EDITOR and a.region]))
            for user in users.distinct().order_by("username").prefetch_related("role_assignments__region")]


def missing_by_editor(period, regions=None):
    """{user: number of due projects in its region subtree not yet submitted}; with `regions`, only the
    projects in their subtrees count."""
    missing = list(missing_projects(period, regions).values_list("region__path", flat=True))
    counts = {}
    for user, fills in editors(period):
        n = sum(1 for path in missing if fills.may_edit_region(path))
        if n:
            counts[user] = n
    return counts


def non_reporter_rows(period, user, day):
    """The rows of the non-reporters' list: the projects due in `period` that `user` sees and that are not
    yet submitted: region, project, owner unit, who fills it (the district's editors) and the project's
    contact, state (未填 / 草稿 / 退回), and calendar days after the deadline as of `day` (0 if not yet due)."""
    states = {None: _("未填"), ReportStatus.DRAFT: _("草稿"), ReportStatus.RETURNED: _("退回")}
    days_late = max(0, (day - period.deadline).days)
    fillers = editors(period)
    projects = (missing_projects(period).visible_to(user).select_related("region")
                .order_by("region__path", "-total_investment", "pk"))
    for project in projects:
        names = "、".join(u.get_full_name() or u.username for u, fills in fillers
                         if fills.may_edit_region(project.region.path))
        contact = "；".join(part for part in (names, project.contact) if part)
        yield [project.region.name, project.name, project.owner_unit, contact, states[project.report_status],
               days_late]


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
