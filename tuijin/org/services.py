"""Changes to the city's organisation and its accounts: leaders, departments, locks, wall displays.

The admin and the account pages call these, so a change of who packages projects, which departments
exist or which account is unlocked is in the change log like every other change.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.roles import Role
from tuijin.core.scope import scope_of

from . import accounts
from .models import AccountProfile, Department, Leader, LeaderRank

audit.register_kinds({
    "leader.save": _("包保领导"),
    "department.save": _("部门"),
    "account.unlock": _("解锁账号"),
    "account.display": _("大屏展示账号"),
})

LEADER_FIELDS = ["name", "title", "rank", "region", "user", "active"]
DEPARTMENT_FIELDS = ["slug", "name", "region", "sort_order"]


def maintains_own_catalog(actor):
    """A district's (or zone's) own clerk, who keeps its 区直部门 and 区县领导 (not the city's)."""
    return Role.REGION_EDITOR in scope_of(actor).roles


@transaction.atomic
def save_leader(leader, *, actor, reason=""):
    """Add or edit a leader: a city leader by a coordinator (or administrator) of the leader's region; a
    district's own leader (区县领导) also by that district's clerk, who may not link it to a login account
    (an account linked to a leader reads that leader's projects)."""
    if not actor.has_perm("org.change_leader") and maintains_own_catalog(actor):
        previous_user = (Leader.objects.values_list("user_id", flat=True).get(pk=leader.pk) if leader.pk else None)
        if leader.rank != LeaderRank.DISTRICT or leader.user_id != previous_user:
            raise PermissionDenied(_("县区只能维护本区县的区县领导；包保领导和登录账号由项目办维护"))
    return _save(leader, LEADER_FIELDS, "leader.save", actor=actor, reason=reason,
                 refused=_("只有本地区项目办（协调员）、县区填报员或系统管理员可以维护本地区的领导"))


@transaction.atomic
def save_department(department, *, actor, reason=""):
    """Add or edit a department (市直部门 or a county's own): a coordinator or administrator of its region,
    or the clerk of the district it belongs to."""
    return _save(department, DEPARTMENT_FIELDS, "department.save", actor=actor, reason=reason,
                 refused=_("只有本地区项目办（协调员）、县区填报员或系统管理员可以维护本地区的部门"))


def _save(obj, fields, kind, *, actor, reason, refused):
    model = type(obj)
    opts = model._meta
    adding = obj.pk is None
    if not (actor.has_perm(f"{opts.app_label}.{'add' if adding else 'change'}_{opts.model_name}")
            or maintains_own_catalog(actor)):  # the rows of its own region only: editable_by below
        raise PermissionDenied(refused)
    if not adding and not model.objects.editable_by(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied(refused)  # another region's row
    # From the saved row: an admin form has already written its values onto `obj`.
    before = {} if adding else audit.snapshot(model.objects.get(pk=obj.pk), fields)
    obj.full_clean()
    obj.save()
    # Not moved (or created) outside the actor's own region: checked inside the same transaction.
    if not model.objects.editable_by(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied(refused)
    after = audit.snapshot(obj, fields)
    if adding:
        after = {k: v for k, v in after.items() if v not in ("", None)}
    changes = audit.changes_between(before, after)
    verb = _("新增") if adding else _("修改")
    audit.record(kind, actor=actor, subject=obj, reason=reason, changes=changes,
                 summary=f"{verb}{opts.verbose_name}：{obj}" + (f"（{'、'.join(changes)}）" if not adding and changes else ""))
    return obj


def _check_manages(user, actor):
    if not accounts.managed_users(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_("只能管理本地区的账号"))


@transaction.atomic
def unlock_user(user, *, actor):
    """Lift every lock on `user`'s account (all addresses)."""
    _check_manages(user, actor)
    removed = accounts.unlock_account(user.username, actor=actor)
    audit.record("account.unlock", actor=actor, subject=user, summary=_("解锁账号：%(u)s") % {"u": user.username},
                 data={"attempts_removed": removed})
    return removed


@transaction.atomic
def set_display_account(user, exempt, *, actor):
    """Mark (or unmark) a wall-display account, which idle sessions do not log out."""
    _check_manages(user, actor)
    profile, _created = AccountProfile.objects.get_or_create(user=user)
    if profile.idle_exempt == exempt:
        return profile
    before = audit.snapshot(profile, ["idle_exempt"])
    profile.idle_exempt = exempt
    profile.save(update_fields=["idle_exempt"])
    audit.record("account.display", actor=actor, subject=user,
                 summary=(_("设为大屏展示账号：%(u)s") if exempt else _("恢复为普通账号：%(u)s")) % {"u": user.username},
                 changes=audit.changes_between(before, audit.snapshot(profile, ["idle_exempt"])))
    return profile
