from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuijin.core.lib import project_code
from tuijin.core.lib.money import format_money
from tuijin.core.lib.names import split_names
from tuijin.core.models import TimeStampedModel, VersionedModel
from tuijin.org.models import Department, Leader, Region

from .choices import Category, FundingSource, Industry, LandingStatus, ListRule, Nature, Stage
from tuijin.core.querysets import RegionCatalogQuerySet, scope_through

from .querysets import ProjectQuerySet, ScopedQuerySet, StageTransitionQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"), _("金额不能为负数"))]


# Fields a 储备 project may lack and a project in 前期 or beyond must have (projects.services.transition_stage).
REQUIRED_FROM_PREPARATION = ("industry", "category")


def validate_project_code(value):
    try:
        project_code.parse(value)
    except project_code.ProjectCodeError as error:
        raise ValidationError(str(error)) from None


OWNER_UNIT_MAX = 100
split_owner_units = split_names  # the units of a 项目单位 cell as published


class Project(VersionedModel):
    name = models.CharField(_("项目名称"), max_length=200)
    code = models.CharField(
        _("项目代码"), max_length=24, null=True, blank=True, unique=True, validators=[validate_project_code],
        help_text=_("投资项目在线审批监管平台赋予的代码，如 2104-320582-89-01-596340；校验位算法未公开，暂不校验。"),
    )
    # The units one by one; `owner_unit` is their display text ("A、B"), which search, tables and exports read.
    owner_units = models.JSONField(_("项目单位（可多个）"), default=list, blank=True,
                                   help_text=_("一个项目可有多个项目单位，每个不超过100字"))
    owner_unit = models.CharField(_("项目单位"), max_length=1000, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="projects")
    address = models.CharField(_("建设地点"), max_length=200, blank=True)
    longitude = models.DecimalField(_("经度（WGS84）"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    latitude = models.DecimalField(_("纬度（WGS84）"), max_digits=8, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    # Not known for many 储备 projects (a published list has no such column): required from 前期 on.
    industry = models.CharField(_("国民经济行业"), max_length=1, choices=Industry.choices, blank=True)
    category = models.CharField(_("项目类别"), max_length=16, choices=Category.choices, blank=True)
    nature = models.CharField(_("建设性质"), max_length=16, choices=Nature.choices, default=Nature.NEW)
    content = models.TextField(_("建设内容及规模"), blank=True)
    total_investment = models.DecimalField(_("总投资（万元）"), validators=NON_NEGATIVE, **MONEY)
    stage = models.CharField(_("项目阶段"), max_length=16, choices=Stage.choices, default=Stage.RESERVE,
                             editable=False, db_index=True)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    planned_completion = models.DateField(_("计划竣工日期"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工日期"), null=True, blank=True, editable=False)
    actual_completion = models.DateField(_("实际竣工日期"), null=True, blank=True, editable=False)
    construction_permit = models.CharField(_("施工许可证号"), max_length=64, blank=True)
    lead_department = models.ForeignKey(Department, verbose_name=_("牵头部门"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="led_projects")
    responsible_departments = models.ManyToManyField(Department, verbose_name=_("责任单位"), blank=True,
                                                     related_name="responsible_for")
    leader = models.ForeignKey(Leader, verbose_name=_("包保领导"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="projects")
    district_leader = models.ForeignKey(Leader, verbose_name=_("区级责任领导"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="district_projects",
                                        help_text=_("县区自己的领导（区县领导），由县区确定；市级包保领导另由项目办确定"))
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("服务秘书"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="served_projects")
    owner_users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("项目单位账号"), blank=True,
                                         related_name="owned_projects")
    statistics_included = models.BooleanField(_("已入统"), default=False)
    statistics_date = models.DateField(_("入统日期"), null=True, blank=True)
    signed_date = models.DateField(_("签约日期"), null=True, blank=True)
    signing_party = models.CharField(_("签约方"), max_length=200, blank=True)
    landing_status = models.CharField(_("落地状态"), max_length=16, choices=LandingStatus.choices, blank=True)
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    # A project registered already in its real stage (from a list, or typed in as it stands) counts in the
    # figures only once the project office has confirmed it (入库审核): a backdated start lifts nothing unseen.
    intake_pending = models.BooleanField(_("待入库审核"), default=False, db_index=True, editable=False)
    intake_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("入库审核人"), null=True,
                                            blank=True, on_delete=models.PROTECT, related_name="+", editable=False)
    intake_confirmed_at = models.DateTimeField(_("入库审核时间"), null=True, blank=True, editable=False)
    source = models.CharField(_("来源"), max_length=200, blank=True,
                              help_text=_("登记依据，如“2009年龙泉驿区重点项目计划表”"))
    lead_unit_text = models.CharField(_("牵头单位（原文）"), max_length=200, blank=True,
                                      help_text=_("清单上写的牵头单位，不在部门名录中时保留原文，待关联"))
    leader_text = models.CharField(_("责任领导（原文）"), max_length=100, blank=True,
                                   help_text=_("清单上写的责任领导，不在领导名录中时保留原文，待关联"))

    history = HistoricalRecords(m2m_fields=[responsible_departments], excluded_fields=["updated_at"])
    objects = ProjectQuerySet.as_manager()

    scope_paths = {
        "region": "region",
        "departments": ("lead_department", "responsible_departments"),
        "secretary": "secretary",
        "owner": "owner_users",
        # Read-only: a department that issues one of the project's procedures or answers one of its problems.
        "reading_departments": ("procedures__department", "problems__assignments__department"),
    }

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-total_investment", "pk"]
        indexes = [
            models.Index(fields=["stage", "total_investment"]),
            models.Index(fields=["region", "stage"]),
            models.Index(fields=["actual_start"]),
            # The indicators' counts grouped by region (targets/grouped.py) read these alone, not the rows:
            # 续建, 新开工 and the joins to plans and year-to-date figures by region; 开工率 by planned start.
            models.Index(fields=["region", "intake_pending", "actual_start", "actual_completion", "stage"],
                         name="project_region_counted"),
            models.Index(fields=["planned_start", "stage", "actual_start", "region", "intake_pending"],
                         name="project_planned_start"),
            models.Index(fields=["actual_completion"], name="project_completion"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(total_investment__gte=0), name="project_investment_non_negative",
                                   violation_error_message=_("总投资不能为负数")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project", args=[self.pk])

    def set_owner_units(self, units):
        self.owner_units = [u for u in (str(u).strip() for u in units) if u]
        self.owner_unit = "、".join(self.owner_units)

    def sync_owner_units(self):
        """Keep the list and its text together: code that sets only the text (imports, the demo) gets it split."""
        if self.owner_units and not self.owner_unit:  # code that sets only the list (the list import)
            self.owner_unit = "、".join(self.owner_units)
        elif "、".join(self.owner_units or []) != self.owner_unit:
            self.owner_units = split_owner_units(self.owner_unit)

    def save(self, *args, **kwargs):
        self.sync_owner_units()
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        self.sync_owner_units()
        # None yet is allowed (a 储备 project from a list may not name one): it is listed as 待补充.
        if too_long := [u for u in self.owner_units if len(u) > OWNER_UNIT_MAX]:
            errors["owner_unit"] = _("每个项目单位不超过%(n)s字：%(u)s") % {"n": OWNER_UNIT_MAX, "u": too_long[0][:20]}
        if self.planned_start and self.planned_completion and self.planned_completion < self.planned_start:
            errors["planned_completion"] = _("计划竣工日期不能早于计划开工日期")
        if self.statistics_included and not self.statistics_date:
            errors["statistics_date"] = _("已入统的项目请填写入统日期")
        if self.district_leader_id and self.region_id and not Leader.objects.of_district(self.region).filter(
                pk=self.district_leader_id).exists():
            errors["district_leader"] = _("区级责任领导应为项目所在县区（或其上级）的区县领导")
        if self.lead_department_id and self.region_id and not Department.objects.serving(self.region).filter(
                pk=self.lead_department_id).exists():
            errors["lead_department"] = _("牵头部门应为项目所在区域或其上级的部门")
        if self.leader_id and not self.leader.is_city_leader:
            errors["leader"] = _("包保领导应为市级领导；县区自己的领导请填在“区级责任领导”")
        if (self.longitude is None) != (self.latitude is None):
            errors["latitude"] = _("经度和纬度要么都填，要么都不填")
        if errors:
            raise ValidationError(errors)

    def responsible_refusal(self, departments):
        """Why `departments` may not be the project's 责任单位 ("" when they may): only the departments of its
        region and of those above it may. The form, the services (API, imports) ask here."""
        if not departments or not self.region_id:
            return ""
        serving = set(Department.objects.serving(self.region).values_list("pk", flat=True))
        outside = [d.name for d in departments if d.pk not in serving]
        return _("责任单位应为项目所在区域或其上级的部门：%(d)s") % {"d": "、".join(outside)} if outside else ""

    @property
    def total_investment_display(self):
        return format_money(self.total_investment)

    @property
    def pending_fields(self):
        """待补充: what the project still lacks — documents for its stage, and the fields a list seldom has."""
        missing = list(self.missing_documents)
        for name in REQUIRED_FROM_PREPARATION:
            if not getattr(self, name):
                missing.append(self._meta.get_field(name).verbose_name)
        if not self.total_investment:
            missing.append(_("总投资"))
        if not self.owner_unit:
            missing.append(_("项目单位"))
        if self.lead_unit_text:
            missing.append(_("关联牵头单位“%(v)s”") % {"v": self.lead_unit_text})
        if self.leader_text:
            missing.append(_("关联责任领导“%(v)s”") % {"v": self.leader_text})
        return missing

    @property
    def missing_documents(self):
        """What a project registered or imported already in its real stage still lacks for that stage
        (a user's own stage moves are checked by projects.services instead)."""
        started = self.stage in (Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING)
        missing = []
        if started and not self.actual_start:
            missing.append(_("实际开工日期"))
        if started and not self.construction_permit:
            missing.append(_("施工许可证（前期手续）"))
        if self.stage in (Stage.COMPLETED, Stage.OPERATING) and not self.actual_completion:
            missing.append(_("实际竣工日期"))
        return missing


class ProjectFunding(TimeStampedModel):
    """The funding plan of a project: how much of its total investment comes from each source."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("计划金额（万元）"), validators=NON_NEGATIVE, **MONEY)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金计划")
        verbose_name_plural = _("资金计划")
        constraints = [models.UniqueConstraint(fields=["project", "source"], name="unique_funding_source")]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"


class StageTransition(models.Model):
    """A recorded move of a project between lifecycle stages: the only way a stage changes."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("原阶段"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=16, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    effective_date = models.DateField(_("发生日期"), null=True, blank=True)
    reason = models.TextField(_("原因"), blank=True)
    evidence = models.CharField(_("依据（文号、证照）"), max_length=200, blank=True)
    override = models.BooleanField(_("越过规则"), default=False)

    objects = StageTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.project} {self.get_from_stage_display()} → {self.get_to_stage_display()}"


class ProjectList(TimeStampedModel):
    """A list a city keeps (六个清单, 省重点, 集中开工批次 …), per year, by rule or by hand."""

    name = models.CharField(_("清单名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="lists")
    rule = models.CharField(_("入库方式"), max_length=16, choices=ListRule.choices, default=ListRule.MANUAL)
    min_total_investment = models.DecimalField(_("总投资不低于（万元）"), null=True, blank=True,
                                               validators=NON_NEGATIVE, **MONEY)
    categories = models.CharField(_("限定项目类别"), max_length=200, blank=True,
                                  help_text=_("多个类别用英文逗号分隔，留空表示不限"))
    include_stages = models.CharField(_("限定项目阶段"), max_length=200, blank=True,
                                      help_text=_("多个阶段用英文逗号分隔，留空表示除出库外全部"))
    projects = models.ManyToManyField(Project, through="ProjectListMembership", related_name="lists")
    history = HistoricalRecords()

    objects = RegionCatalogQuerySet.as_manager()
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = _("项目清单")
        verbose_name_plural = _("项目清单")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "name"], name="unique_list_per_year")]

    def __str__(self):
        return _("%(y)s年%(n)s") % {"y": self.year, "n": self.name}

    def clean(self):
        if self.rule == ListRule.INVESTMENT and self.min_total_investment is None:
            raise ValidationError({"min_total_investment": _("按总投资规则入库的清单必须填写投资下限")})
        for value in filter(None, self.categories.split(",")):
            if value not in Category.values:
                raise ValidationError({"categories": _("未知的项目类别：%(v)s") % {"v": value}})
        for value in filter(None, self.include_stages.split(",")):
            if value not in Stage.values:
                raise ValidationError({"include_stages": _("未知的项目阶段：%(v)s") % {"v": value}})

    def matching_projects(self):
        """The projects the list's rule selects (rule-based lists only)."""
        qs = Project.objects.filter(region__in=self.region.subtree(),
                                    total_investment__gte=self.min_total_investment)
        stages = [s for s in self.include_stages.split(",") if s]
        qs = qs.filter(stage__in=stages) if stages else qs.exclude(stage=Stage.WITHDRAWN)
        categories = [c for c in self.categories.split(",") if c]
        return qs.filter(category__in=categories) if categories else qs


class ProjectListMembership(models.Model):
    project_list = models.ForeignKey(ProjectList, on_delete=models.CASCADE, related_name="memberships")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    by_rule = models.BooleanField(_("按规则入库"), default=False)
    added_at = models.DateTimeField(_("入库时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("清单项目")
        verbose_name_plural = _("清单项目")
        constraints = [models.UniqueConstraint(fields=["project_list", "project"], name="unique_list_membership")]


ProjectFunding.scope_paths = scope_through(Project.scope_paths, "project")
StageTransition.scope_paths = scope_through(Project.scope_paths, "project")


class WorkLogKind(models.TextChoices):
    VISIT = "visit", _("现场走访")
    CALL = "call", _("电话沟通")
    HELP = "help", _("帮办服务")
    OTHER = "other", _("其他")


class WorkLog(models.Model):
    """A service secretary's record of a visit, a call or help given to a project (服务秘书工作日志)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="work_logs")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                               related_name="+")
    day = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=8, choices=WorkLogKind.choices)
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")


WorkLog.scope_paths = scope_through(Project.scope_paths, "project")


class Resumption(models.Model):
    """复工: a 续建 project resumed work on a day (after the winter, a stop …); the 复工 indicators count these."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="resumptions")
    day = models.DateField(_("复工日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("复工记录")
        verbose_name_plural = _("复工记录")

    def __str__(self):
        return f"{self.project} {self.day}"


Resumption.scope_paths = scope_through(Project.scope_paths, "project")
