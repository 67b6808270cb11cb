import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuijin.core.models import TimeStampedModel, VersionedModel
from tuijin.core.querysets import RegionCatalogQuerySet, ScopedQuerySet, UploadQuerySet, scope_through
from tuijin.core.uploads import image_extension
from tuijin.org.models import Region
from tuijin.projects.choices import FundingSource
from tuijin.projects.models import Project

from .choices import FILLER_EDITABLE, FUND_FIELDS, PeriodStatus, ReportEventKind, ReportStatus

MONEY = {"max_digits": 14, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"), _("金额不能为负数"))]
ON_PROJECT = scope_through(Project.scope_paths, "project")
# What a filler may set on a report; everything else is derived or belongs to the reviewer.
MONEY_FIELDS = ["completed", *[name for name, _label in FUND_FIELDS]]
FILLER_FIELDS = [*MONEY_FIELDS, "progress_text", "progress_percent", "workers", "problems_text", "overrun_reason"]


def funds_warning(funds, completed):
    """A warning, not a refusal, when a month's funds in place (万元) exceed its investment completed:
    money may arrive ahead of the works, but it is worth a second look. "" when they do not."""
    if funds <= completed:
        return ""
    return _("%(fact)s，请核实") % {"fact": funds_beyond(funds, completed)}


def funds_beyond(funds, completed):
    """"本月到位资金合计（120.00万元）超过本月完成投资（100.00万元）": the fact a warning or refusal states."""
    return _("本月到位资金合计（%(f)s万元）超过本月完成投资（%(c)s万元）") % {
        "f": f"{Decimal(funds):.2f}", "c": f"{Decimal(completed):.2f}"}


def money(label, **kwargs):
    return models.DecimalField(label, validators=NON_NEGATIVE, default=Decimal("0"), **MONEY, **kwargs)


class PeriodQuerySet(RegionCatalogQuerySet):
    def last_closed_for(self, user):
        """The latest closed period `user` may see (its figures are final), or None."""
        return self.visible_to(user).filter(status=PeriodStatus.CLOSED).order_by("-year", "-month").first()


class ReportingPeriod(TimeStampedModel):
    """A month of reporting for a city (or any region that runs its own cycle)."""

    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    deadline = models.DateField(_("报送截止日"))
    status = models.CharField(_("状态"), max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("关闭人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = PeriodQuerySet.as_manager()
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = _("填报期")
        verbose_name_plural = _("填报期")
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "month"], name="unique_period")]

    def __str__(self):
        # "2026年12月" in Chinese, "December 2026" in English (the locale's YEAR_MONTH_FORMAT).
        return date_format(datetime.date(self.year, self.month, 1), "YEAR_MONTH_FORMAT")

    def get_absolute_url(self):
        return reverse("progress:period", args=[self.pk])

    @property
    def is_closed(self):
        return self.status == PeriodStatus.CLOSED


class AnnualPlan(TimeStampedModel):
    """年度计划: what a project means to invest in a year, and when it means to start and finish."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"))
    planned_investment = money(_("年度计划投资（万元）"))
    planned_start_month = models.PositiveSmallIntegerField(
        _("计划开工月份"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)])
    planned_completion_month = models.PositiveSmallIntegerField(
        _("计划竣工月份"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)])
    monthly_plan = models.JSONField(_("月度计划（万元，1—12月）"), default=list, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_paths = ON_PROJECT

    class Meta:
        verbose_name = _("年度计划")
        verbose_name_plural = _("年度计划")
        ordering = ["-year", "project"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="unique_annual_plan")]
        # A region's plan sum read from the index alone, joined from its projects (targets/grouped.py).
        indexes = [models.Index(fields=["project", "year", "planned_investment"], name="plan_project_year_amount")]

    def __str__(self):
        return _("%(p)s %(y)s年计划") % {"p": self.project, "y": self.year}


class MonthlyReport(VersionedModel):
    """月报: one per project and period. Year-to-date and since-start are derived by the services."""

    # Four indexes serve every read (see Meta); one more per foreign key would be written on every
    # save and import (PostgreSQL updates each index of a row it rewrites) and read by nothing: the
    # project and the period lead indexes of their own, and reports are looked up by their submitter
    # or reviewer only when an administrator deletes a user.
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="reports",
                                db_index=False)
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("填报期"), on_delete=models.PROTECT,
                               related_name="reports", db_index=False)
    # Copied from the period so the 序时进度 sums need no join (1.2 million rows at province scale).
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    month = models.PositiveSmallIntegerField(_("月份"), editable=False)
    completed = money(_("本月完成投资（万元）"))
    ytd = money(_("本年累计完成（万元）"), editable=False)
    since_start = money(_("自开工累计完成（万元）"), editable=False)
    # Named by the funding sources' labels: the one name of each source on pages, forms and the template.
    fund_central_budget = money(FundingSource.CENTRAL_BUDGET.label)
    fund_special_bonds = money(FundingSource.SPECIAL_BONDS.label)
    fund_policy_finance = money(FundingSource.POLICY_FINANCE.label)
    fund_provincial = money(FundingSource.PROVINCIAL.label)
    fund_bank_loans = money(FundingSource.BANK_LOANS.label)
    fund_self_raised = money(FundingSource.SELF_RAISED.label)
    fund_other = money(FundingSource.OTHER.label)
    progress_text = models.TextField(_("形象进度"), blank=True)
    progress_percent = models.DecimalField(_("形象进度（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
                                           validators=[MinValueValidator(0, _("百分比不能为负数")),
                                                       MaxValueValidator(100, _("百分比不能超过100"))])
    workers = models.PositiveIntegerField(_("现场用工人数"), null=True, blank=True)
    problems_text = models.TextField(_("存在问题"), blank=True)
    overrun_reason = models.TextField(_("超概算说明"), blank=True)
    jump_flag = models.BooleanField(_("金额异常待核实"), default=False, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              editable=False)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False, db_index=False)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False, db_index=False)
    return_reason = models.TextField(_("退回原因"), blank=True, editable=False)
    # History is read by report (`id`) and by time (`history_date`); an index on each copied foreign key
    # would only slow the 10,000 history rows an import writes.
    history = HistoricalRecords(excluded_fields=["updated_at"],
                                no_db_index=["project", "period", "submitted_by", "reviewed_by"])

    objects = ScopedQuerySet.as_manager()
    scope_paths = ON_PROJECT

    class Meta:
        verbose_name = _("月报")
        verbose_name_plural = _("月报")
        ordering = ["-year", "-month", "project"]
        # Period first: it also serves "the period's reports" (compliance, the batch page, the import).
        constraints = [models.UniqueConstraint(fields=["period", "project"], name="unique_report_per_period")]
        indexes = [models.Index(fields=["year", "month", "project"]),
                   models.Index(fields=["project", "year", "month"])]

    def __str__(self):
        return f"{self.project} {self.period}"

    @property
    def is_editable_by_filler(self):
        return self.status in FILLER_EDITABLE

    @property
    def funds_in_place(self):
        """This month's funds in place, all sources together (万元)."""
        return sum((getattr(self, name) or Decimal(0) for name, _label in FUND_FIELDS), Decimal(0))

    @property
    def funds_warning(self):
        return funds_warning(self.funds_in_place, self.completed or Decimal(0))


class ReportEvent(models.Model):
    """What happened to a report and why: submitted, accepted, returned, amended after closing."""

    report = models.ForeignKey(MonthlyReport, verbose_name=_("月报"), on_delete=models.CASCADE,
                               related_name="events")
    kind = models.CharField(_("事项"), max_length=10, choices=ReportEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("原因"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = scope_through(ON_PROJECT, "report")

    class Meta:
        verbose_name = _("月报记录")
        verbose_name_plural = _("月报记录")
        ordering = ["-at", "-pk"]


class YearToDate(models.Model):
    """Each project's year-to-date completed investment at the end of every month of a year.

    Derived from the monthly reports (`cumulative.rebuild_year_to_date`, run wherever reports change), so
    a 序时进度 summary for any month is one indexed sum over one row per project, not a search for each
    project's latest report among a million. Months before the first report hold 0. An import reads the
    project's history from here too (total, months worked, sums before the month) instead of its reports.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="year_to_date")
    year = models.PositiveSmallIntegerField()
    locals().update({f"m{month:02d}": models.DecimalField(max_digits=16, decimal_places=2, default=Decimal(0))
                     for month in range(1, 13)})
    # Months of the year with work done: with m12, the project's usual pace for the jump rule.
    worked_months = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "project"], name="one_year_to_date_per_project")]


class ImportBatch(TimeStampedModel):
    """An uploaded workbook on its way in: queued, checked (with progress), previewed, committed.

    A committed batch is the import's record (who, when, which file, kept, and how many reports it
    changed); each report it changed has a history row whose reason names the batch."""

    QUEUED, CHECKING, INVALID, PREVIEW = "queued", "checking", "invalid", "preview"
    COMMITTING, COMMITTED, FAILED = "committing", "committed", "failed"
    RUNNING = (QUEUED, CHECKING, COMMITTING)
    STATUSES = [(QUEUED, _("排队中")), (CHECKING, _("检查中")), (INVALID, _("有错误，未保存")),
                (PREVIEW, _("待确认")), (COMMITTING, _("保存中")), (COMMITTED, _("已导入")), (FAILED, _("未保存"))]

    period = models.ForeignKey(ReportingPeriod, verbose_name=_("填报期"), on_delete=models.CASCADE,
                               related_name="imports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                             related_name="+")
    file_name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/", blank=True)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PREVIEW)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    done = models.PositiveIntegerField(_("已检查行数"), default=0)
    errors = models.JSONField(_("错误"), default=list)  # the first imports.MAX_ERRORS; not read by lists
    unlisted_errors = models.PositiveIntegerField(_("未列出的错误数"), default=0)
    preview = models.JSONField(_("变动预览"), default=list)
    changed = models.PositiveIntegerField(_("变动行数"), default=0)
    checked_at = models.DateTimeField(_("检查开始时间"), null=True, blank=True)

    objects = UploadQuerySet.as_manager()
    scope_paths = {"region": "period__region"}

    class Meta:
        verbose_name = _("Excel导入")
        verbose_name_plural = _("Excel导入")
        ordering = ["-created_at", "-pk"]

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def percent(self):
        return int(self.done * 100 / self.total) if self.total else 0


class ImportRow(models.Model):
    """A checked row of an import batch waiting for the commit.

    A staging table, so the commit is a few INSERT … SELECT and UPDATE … FROM statements whatever the
    size of the file, and the check holds one chunk of rows in memory at a time. Besides the values it
    keeps what the check saw: the report it will change (id and version), that report's old amount and
    the running sums before this month, from which the commit derives year-to-date and since-start.
    Amounts are whole cents, as the check computes them (binding a Decimal cost more than the row's rules).
    """

    # No index of their own: the unique (batch, project) serves every read, and the commit notices a
    # project deleted since the check (its history), so the database need not check each staged row.
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="staged", db_index=False)
    line = models.PositiveIntegerField()  # the row of the sheet
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+", db_index=False,
                                db_constraint=False)
    report_id = models.IntegerField(null=True)
    version = models.PositiveIntegerField(null=True)
    locals().update({name: models.BigIntegerField(default=0) if name in MONEY_FIELDS
                     else MonthlyReport._meta.get_field(name).clone() for name in FILLER_FIELDS})
    jump_flag = models.BooleanField(default=False)
    old_completed = models.BigIntegerField(default=0)
    ytd_before = models.BigIntegerField(default=0)
    since_start_before = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "project"], name="one_staged_row_per_project")]


def photo_path(photo, filename):
    extension = image_extension(filename)  # add_photo names the file from the detected format
    return f"report-photos/{photo.report.year}/{photo.report.month:02d}/{photo.report.project_id}-{photo.sha256[:16]}.{extension}"


class ReportPhoto(models.Model):
    """A site photo attached to a report. The file is kept as uploaded, EXIF and all; the date the
    camera recorded is read out so a reviewer can see whether the photo is of this month."""

    report = models.ForeignKey(MonthlyReport, verbose_name=_("月报"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=photo_path)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    taken_at = models.DateTimeField(_("拍摄时间（EXIF）"), null=True, blank=True)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_paths = scope_through(ON_PROJECT, "report")

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["report", "sha256"], name="one_copy_of_a_photo")]
