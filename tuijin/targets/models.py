import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuijin.core.models import VersionedModel
from tuijin.core.querysets import ScopedQuerySet
from tuijin.org.models import Department, Region
from tuijin.projects.models import ProjectList

from . import indicators


class Comparator(models.TextChoices):
    """How the documents word a target: 超/超过 is strictly more, 以上/不少于/达到 at least, 不超过 at most."""

    MORE_THAN = "gt", _("超过（＞）")
    AT_LEAST = "gte", _("不少于（≥）")
    AT_MOST = "lte", _("不超过（≤）")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")


class Plan(models.Model):
    """A document's set of targets (a year's 目标任务分解), loaded or typed in; loading again replaces it."""

    key = models.SlugField(_("标识"), max_length=40)
    name = models.CharField(_("名称"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="plans")
    source = models.CharField(_("文件"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = _("目标任务计划")
        verbose_name_plural = _("目标任务计划")
        constraints = [models.UniqueConstraint(fields=["key", "region"], name="one_plan_per_key_and_region")]

    def __str__(self):
        return self.name


class Target(VersionedModel):
    """One line of the 任务分解表: a number an indicator must reach by a checkpoint in a scope, or a task
    that is not a number (with a status and its evidence). A part of a city target names it as `parent`."""

    plan = models.ForeignKey(Plan, verbose_name=_("目标任务计划"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="targets")
    parent = models.ForeignKey("self", verbose_name=_("分解自"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="parts")
    year = models.PositiveSmallIntegerField(_("年度"))
    end_year = models.PositiveSmallIntegerField(_("截止年度"), null=True, blank=True,
                                                help_text=_("跨年度目标（如“十四五”）填最后一年，否则留空"))
    title = models.CharField(_("目标任务"), max_length=300)
    indicator = models.CharField(_("指标"), max_length=48, blank=True,
                                 help_text=_("数值目标选指标；非数值的工作任务留空"))
    # Where the indicator's filters narrow it (亿元以上, 产业项目 …): the API's query parameters.
    filters = models.JSONField(_("口径筛选"), default=dict, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="targets")
    department = models.ForeignKey(Department, verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="targets")
    project_list = models.ForeignKey(ProjectList, verbose_name=_("清单"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="targets")
    checkpoint = models.DateField(_("考核时点"))
    comparator = models.CharField(_("比较方式"), max_length=4, choices=Comparator.choices, default=Comparator.AT_LEAST)
    value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2, null=True, blank=True)
    lead_unit = models.CharField(_("牵头单位"), max_length=200, blank=True)
    responsible_units = models.CharField(_("责任单位"), max_length=300, blank=True)
    basis = models.CharField(_("口径说明"), max_length=300, blank=True,
                             help_text=_("文件有歧义时的取舍，如“超”按严格大于、基数取年初储备库"))
    clause = models.CharField(_("文件条款"), max_length=500, blank=True)
    note = models.TextField(_("备注"), blank=True)
    task_status = models.CharField(_("完成情况"), max_length=12, choices=TaskStatus.choices, blank=True)
    evidence = models.TextField(_("佐证材料"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"region": "region", "departments": ("department",)}

    class Meta:
        verbose_name = _("目标任务")
        verbose_name_plural = _("目标任务")
        ordering = ["year", "sort_order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("targets:target", args=[self.pk])

    @property
    def is_numeric(self):
        return bool(self.indicator)

    @property
    def comparator_symbol(self):
        """>, ≥ or ≤: the comparator as a table column shows it."""
        return {Comparator.MORE_THAN: ">", Comparator.AT_LEAST: "≥", Comparator.AT_MOST: "≤"}.get(self.comparator, "")

    @property
    def indicator_def(self):
        return indicators.REGISTRY.get(self.indicator)

    @property
    def starts(self):
        """The first day the target counts from: 1 January of its (first) year."""
        return datetime.date(self.year, 1, 1)

    @property
    def scope_param(self):
        if self.project_list_id:
            return f"list:{self.project_list_id}"
        if self.department_id:
            return f"dept:{self.department.slug}"
        return self.region.code

    @property
    def scope_label(self):
        return str(self.project_list or self.department or self.region)

    def clean(self):
        errors = {}
        if self.indicator and self.indicator not in indicators.REGISTRY:
            errors["indicator"] = _("未知的指标：%(k)s") % {"k": self.indicator}
        if self.indicator and self.value is None:
            errors["value"] = _("数值目标必须填写目标值")
        if self.end_year and self.end_year < self.year:
            errors["end_year"] = _("截止年度不能早于起始年度")
        if self.checkpoint and self.checkpoint.year not in range(self.year, (self.end_year or self.year) + 1):
            errors["checkpoint"] = _("考核时点应在目标年度内")
        if errors:
            raise ValidationError(errors)


class FigureKind(models.TextChoices):
    """Figures that are not project rows: the statistics bureau's and other departments' own numbers."""

    FAI = "fai", _("全社会固定资产投资")
    FAI_GROWTH = "fai_growth", _("全社会固定资产投资增速")
    SIGNED_AMOUNT = "signed_amount", _("招商引资签约额")
    BANK_EVENTS = "bank_events", _("银企对接活动")
    BANK_FINANCING = "bank_financing", _("银企对接融资额")
    TECH_INVESTMENT = "tech_investment", _("技改投资")
    TECH_INVESTMENT_GROWTH = "tech_investment_growth", _("技改投资增速")


# The unit each kind is entered in (the indicators' units).
FIGURE_UNITS = {"fai": "万元", "fai_growth": "%", "signed_amount": "万元", "bank_events": "次",
                "bank_financing": "万元", "tech_investment": "万元", "tech_investment_growth": "%"}


class ExternalFigure(models.Model):
    """外部数据: a region's figure for a month (cumulative for the year), as a department reported it."""

    kind = models.CharField(_("数据项"), max_length=24, choices=FigureKind.choices)
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT,
                               related_name="external_figures")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=8, blank=True)
    source = models.CharField(_("来源"), max_length=200, help_text=_("如：市统计局"))
    reported_on = models.DateField(_("发布日期"))
    note = models.CharField(_("备注"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = _("外部数据")
        verbose_name_plural = _("外部数据")
        ordering = ["-year", "-month", "kind", "region__path"]
        constraints = [models.UniqueConstraint(fields=["kind", "region", "year", "month"],
                                               name="one_external_figure_per_month")]

    def __str__(self):
        return f"{self.region} {self.year}-{self.month:02d} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("targets:figure", args=[self.pk])

    def save(self, *args, **kwargs):
        self.unit = FIGURE_UNITS.get(self.kind, self.unit)
        super().save(*args, **kwargs)
