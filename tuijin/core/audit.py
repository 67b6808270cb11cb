"""The change log: every service records here what it changed, once per change.

    record("project.stage", actor=actor, subject=project, summary="阶段：前期 → 在建",
           reason=reason, changes={"阶段": ["前期", "在建"]})

`kind` is "<noun>.<verb>"; each app names its kinds once with `register_kinds`, so the log page can
offer them as choices. The project and region of an entry are found from its subject (a project, or
anything with `.project` or `.region`), so that a project's page can list every entry about it and the
log is filtered by the same region scope as everything else.
"""

import functools
import json
from datetime import date, datetime
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import get_language, gettext

from .models import AuditEntry
from .roles import Role
from .scope import scope_of

KINDS = {}

# Who may open the change log (each sees `AuditEntry.objects.visible_to(user)`): departments, secretaries
# and owners work on single objects and read those objects' own pages instead.
READER_ROLES = {Role.COORDINATOR, Role.ADMIN, Role.INSPECTOR, Role.REGION_EDITOR, Role.REGION_REVIEWER, Role.LEADER}


def may_read(user):
    scope = scope_of(user)
    return scope.everything or bool(scope.roles & READER_ROLES)


FALLBACK_KINDS = {}


def register_kinds(kinds, *, fallback=False):
    """{kind: Chinese label}; called at import time by each app's services module. `fallback` labels
    (the backfill's, for kinds an app names itself) give way to the app's whatever the import order."""
    (FALLBACK_KINDS if fallback else KINDS).update(kinds)


def all_kinds():
    """Every kind with its label. Each app's services module is imported first (as the admin's
    autodiscovery does), so the labels do not depend on which modules a process happened to load."""
    _discover_services()
    return {**FALLBACK_KINDS, **KINDS}


@functools.cache
def _discover_services():
    # Once per process: every label of the log's page asks, and the modules stay imported.
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("services")


# An object's log includes its parts' entries: {"problems.meeting": [("problems.decision", "meeting")]}.
PARTS = {}


def register_parts(subject_type, part_type, parent_field):
    """Entries about a `part_type` whose `parent_field` is the object belong to the object's log too
    (a meeting's log lists its decisions and their follow-ups)."""
    PARTS.setdefault(subject_type, []).append((part_type, parent_field))


def kind_label(kind):
    # Apps register their labels with gettext at import time, so in Chinese; the label is looked up
    # again in the page's language (its Chinese text is the catalog's msgid).
    return gettext(str(all_kinds().get(kind, kind)))


def record(kind, *, actor, subject=None, summary="", reason="", changes=None, data=None, project=None,
           region=None, at=None, subject_url=None):
    """Append one entry. Call inside the service's transaction, after the change is saved."""
    project = project if project is not None else _project_of(subject)
    region = region if region is not None else _region_of(subject, project)
    entry = AuditEntry(
        at=at or timezone.now(), actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_name(actor), kind=kind, summary=str(summary or kind_label(kind))[:300],
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        subject_label=str(subject)[:300] if subject is not None else "",
        subject_url=_url(subject) if subject_url is None else subject_url,
        project_id=project.pk if project is not None else None,
        region_path=getattr(region, "path", "") or "", reason=str(reason or ""),
        changes=_plain(changes or {}), data=_plain(data or {}))
    entry.save()
    return entry


def changes_between(before, after, labels=None):
    """{label: [old, new]} for the keys whose values differ; `labels` maps keys to what a person reads."""
    labels = labels or {}
    return {str(labels.get(key, key)): [_show(before.get(key)), _show(value)]
            for key, value in after.items() if before.get(key) != value}


def snapshot(obj, fields, *, related=None):
    """The named fields of a model instance as a person reads them (choices by label, relations by name).
    `related` gives many-to-many fields' objects when the caller has them ({name: objects}): a project just
    created has only the departments it was given, and no query need say so."""
    values, related = {}, related or {}
    for name in fields:
        field = obj._meta.get_field(name)
        label = _label(field, get_language())
        if field.many_to_many:
            objects = related[name] if name in related else getattr(obj, name).all() if obj.pk else ()
            values[label] = "、".join(sorted(str(o) for o in objects))
        elif field.choices:
            values[label] = str(getattr(obj, f"get_{name}_display")())
        else:
            values[label] = _show(getattr(obj, name))
    return values


@functools.lru_cache(maxsize=1024)
def _label(field, language):
    return str(field.verbose_name)


def _project_of(subject):
    if subject is None:
        return None
    if subject._meta.label_lower == "projects.project":
        return subject
    return getattr(subject, "project", None)


def _region_of(subject, project):
    if project is not None:
        return project.region
    return getattr(subject, "region", None)


def _name(actor):
    if actor is None or not getattr(actor, "pk", None):
        return "系统"
    return (actor.get_full_name() or actor.get_username())[:150]


def _url(subject):
    try:
        return subject.get_absolute_url()[:200] if subject is not None else ""
    except Exception:  # noqa: BLE001 — not every subject has a page
        return ""


def show(value):
    """A value as a person reads it in the log (money with two places, dates in ISO form)."""
    return _show(value)


def _show(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _plain(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))
