from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuijin.core.querysets import RegionQuerySet, ScopedQuerySet, ancestor_paths
from tuijin.core.roles import Role


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    DISTRICT = "district", _("区")
    COUNTY = "county", _("县")
    COUNTY_CITY = "county_city", _("县级市")
    ZONE = "zone", _("开发区")


class Region(models.Model):
    """A node of the GB/T 2260 tree, or a development zone hung under its city.

    `path` is the chain of codes from the root ("210000/211100/211102/"), so a subtree is one
    indexed prefix match.
    """

    code = models.CharField(
        _("区划代码"), max_length=6, unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("区划代码应为6位数字（GB/T 2260）"))],
    )
    name = models.CharField(_("名称"), max_length=64)
    short_name = models.CharField(_("简称"), max_length=16, blank=True)
    # Names a list may still use after a merger or a renaming (盘山 for 盘山县, 大洼县 for 大洼区).
    # A database default: code that knows an older Region (a migration test, a second app server) can still
    # insert one.
    former_names = models.CharField(_("曾用名"), max_length=200, blank=True, db_default="", help_text=_("多个以顿号分隔"))
    kind = models.CharField(_("类型"), max_length=16, choices=RegionKind.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    path = models.CharField(_("路径"), max_length=128, editable=False, db_index=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def clean(self):
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("上级区域不能是自己或自己的下级")})
            node = node.parent

    def save(self, *args, **kwargs):
        old_path = self.path
        self.path = (self.parent.path if self.parent_id else "") + f"{self.code}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()

    def subtree(self):
        return Region.objects.within(self.path)

    @property
    def ancestor_paths(self):
        """The paths of this region and every region above it (city, province …)."""
        return ancestor_paths(self.path)

    @property
    def depth(self):
        return self.path.count("/") - 1


class DepartmentQuerySet(ScopedQuerySet):
    def serving(self, *regions):
        """The departments a project of `regions` may be led by: those of each region and of every region
        above it (the city's 市直部门 and the district's own 区直部门)."""
        paths = {p for region in regions for p in region.ancestor_paths}
        return self.filter(region__path__in=paths)

    def offered_to(self, user):
        """The departments a user's project form offers: those serving any region the user edits."""
        from tuijin.core.scope import scope_of

        if scope_of(user).everything:
            return self.all()
        return self.serving(*Region.objects.editable_by(user))


class LeaderQuerySet(ScopedQuerySet):
    def city_packaging(self):
        """The city's 包保领导 (the escalation ladder's ranks), not a district's own leaders."""
        return self.exclude(rank=LeaderRank.DISTRICT)

    def of_district(self, *regions):
        """A district's own leaders (区级责任领导) that a project of `regions` may name."""
        paths = {p for region in regions for p in region.ancestor_paths}
        return self.filter(rank=LeaderRank.DISTRICT, region__path__in=paths)


class Department(models.Model):
    """A 市直部门 (or a county's own department): lead or responsible unit of projects."""

    slug = models.SlugField(_("标识"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT,
                               related_name="departments")
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = DepartmentQuerySet.as_manager()  # editable_by: who may maintain it (org.services)
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class LeaderRank(models.IntegerChoices):
    """The escalation ladder reads this: a larger rank is higher. A district's own leader (区县领导) is
    outside the city's ladder: it is named on projects as 区级责任领导, never escalated to."""

    DISTRICT = 0, _("区县领导")
    VICE_MAYOR = 1, _("副市长")
    EXECUTIVE_VICE_MAYOR = 2, _("常务副市长")
    MAYOR = 3, _("市长")


class Leader(models.Model):
    """A city leader who may package (包保) projects, or a district's own leader (rank DISTRICT)."""

    name = models.CharField(_("姓名"), max_length=32)
    title = models.CharField(_("职务"), max_length=64)
    rank = models.PositiveSmallIntegerField(_("层级"), choices=LeaderRank.choices, default=LeaderRank.VICE_MAYOR)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="leaders")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="leader_profile")
    active = models.BooleanField(_("在任"), default=True)

    objects = LeaderQuerySet.as_manager()  # editable_by: who may maintain it (org.services)
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = _("包保领导")
        verbose_name_plural = _("包保领导")
        ordering = ["-rank", "name"]

    def __str__(self):
        return f"{self.title} {self.name}"

    @property
    def is_city_leader(self):
        """On the city's ladder and a 包保领导 a project may have — what `city_packaging` selects."""
        return self.rank != LeaderRank.DISTRICT


class RoleAssignment(models.Model):
    """A role held by a user within a scope: a region subtree, or a department."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(Region, verbose_name=_("区域范围"), null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(Department, verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.PROTECT)
    history = HistoricalRecords()

    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region", "department"], name="unique_role_assignment"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.region or self.department or ''}"

    def clean(self):
        if self.role == Role.DEPARTMENT and not self.department_id:
            raise ValidationError({"department": _("部门角色必须指定部门")})
        region_roles = {Role.COORDINATOR, Role.REGION_EDITOR, Role.REGION_REVIEWER, Role.LEADER, Role.INSPECTOR}
        if self.role in region_roles and not self.region_id:
            raise ValidationError({"region": _("该角色必须指定区域范围")})


class AccountProfile(models.Model):
    """Account-security flags of one login (等保 2.0): forced password change, idle-timeout exemption.

    Users without a row have neither flag (the demo accounts, users created by commands).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                                related_name="account_profile")
    must_change_password = models.BooleanField(
        _("下次登录须修改密码"), default=False,
        help_text=_("由他人创建或重置密码的账号，首次登录时必须先设置自己的密码"))
    idle_exempt = models.BooleanField(
        _("闲置不自动退出"), default=False,
        help_text=_("仅用于会议室大屏等展示账号：闲置超过规定时间也不自动退出"))

    class Meta:
        verbose_name = _("账号安全设置")
        verbose_name_plural = _("账号安全设置")

    def __str__(self):
        return str(self.user)
