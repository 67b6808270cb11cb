"""`{% audit_link obj %}`: the "变更日志" link of an object's page, for users who may open the log."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tuijin.core import audit

register = template.Library()


@register.filter
def recorded(text):
    """A change-log text as recorded, in the page's language where it is the platform's wording."""
    from tuijin.core.recorded import read

    return read(text)


@register.filter
def may_read_audit(user):
    return audit.may_read(user)


def audit_url(obj):
    """A project's entries are every entry about it (its reports, problems, procedures …); any other
    object's are its own."""
    if obj._meta.label_lower == "projects.project":
        return reverse("audit:list") + "?" + urlencode({"project": obj.pk})
    return reverse("audit:list") + "?" + urlencode({"subject": f"{obj._meta.label_lower}:{obj.pk}"})


@register.simple_tag(takes_context=True)
def audit_link(context, obj, css="btn btn-outline-secondary me-2"):
    request = context.get("request")
    if obj is None or request is None or not audit.may_read(request.user):
        return ""
    return format_html('<a class="{}" href="{}" data-testid="audit-link">{}</a>', css, audit_url(obj), _("变更日志"))
