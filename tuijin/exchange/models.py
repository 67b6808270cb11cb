"""A project list on its way in: the file, how its columns were read (a named mapping the next file of the
same layout reuses), and each row's outcome — new, update (with the changes), possible duplicate, skipped
(a total or section row) or error — staged row by row so that a file of any size is held in pieces."""

import functools

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.core import progress
from tuijin.core.models import TimeStampedModel
from tuijin.core.querysets import ScopedQuerySet, UploadQuerySet
from tuijin.org.models import Region
from tuijin.projects.choices import Stage
from tuijin.projects.models import Project


class StageWord(models.Model):
    """A city's own word for a stage in its lists ("加快推进" → 在建), over the words every list uses."""

    word = models.CharField(_("清单用语"), max_length=30, unique=True)
    stage = models.CharField(_("对应阶段"), max_length=16, choices=Stage.choices)

    class Meta:
        verbose_name = _("建设阶段用语")
        verbose_name_plural = _("建设阶段用语")
        ordering = ["word"]

    def __str__(self):
        return f"{self.word} → {self.get_stage_display()}"


class ListMapping(TimeStampedModel):
    """How one layout's columns map to the project's fields, saved under a name by the district that uses it."""

    region = models.ForeignKey(Region, verbose_name=_("所属区域"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    # [{"header": "项目名称", "field": "name"}, …] in column order; a field of "" leaves the column out.
    columns = models.JSONField(_("列对应"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = _("清单列对应")
        verbose_name_plural = _("清单列对应")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="one_mapping_name_per_region")]
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def fields(self):
        """{header: field} of the columns it reads."""
        return {c["header"]: c["field"] for c in self.columns if c.get("field")}


class ProjectImport(TimeStampedModel):
    QUEUED, CHECKING, PREVIEW, COMMITTING, COMMITTED, FAILED = (
        "queued", "checking", "preview", "committing", "committed", "failed")
    RUNNING = (QUEUED, CHECKING, COMMITTING)
    STATUSES = [(QUEUED, _("排队中")), (CHECKING, _("读取中")), (PREVIEW, _("待确认")), (COMMITTING, _("保存中")),
                (COMMITTED, _("已导入")), (FAILED, _("未保存"))]

    region = models.ForeignKey(Region, verbose_name=_("默认区域"), on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                             related_name="+")
    file_name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to="project-lists/%Y/%m/")
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=QUEUED)
    mapping = models.ForeignKey(ListMapping, verbose_name=_("列对应"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    columns = models.JSONField(_("本次的列对应"), default=list)  # as ListMapping.columns, per sheet read
    total = models.PositiveIntegerField(_("总行数"), default=0)
    done = models.PositiveIntegerField(_("已处理行数"), default=0)
    counts = models.JSONField(_("各类行数"), default=dict)  # {"new": 3, "update": 1, …}
    notes = models.JSONField(_("说明"), default=list)  # file-level findings: units, totals that disagree …
    failure = models.TextField(_("失败原因"), blank=True)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    objects = UploadQuerySet.as_manager()
    scope_paths = {"region": "region"}

    class Meta:
        verbose_name = _("项目清单导入")
        verbose_name_plural = _("项目清单导入")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def percent(self):
        """How far the reading or the saving has got, for the progress bar; None while it is not known."""
        if self.status == self.COMMITTING:
            saving = self.saving
            return min(99, saving["done"] * 100 // saving["total"]) if saving and saving["total"] else None
        return min(99, self.done * 100 // self.total) if self.total and self.status == self.CHECKING else None

    @property
    def progress_key(self):
        return f"exchange.import.{self.pk}"

    @functools.cached_property
    def saving(self):
        """While the projects are saved (one transaction, seen by nobody else until it ends): {"done", "total",
        "step": "projects" | "plans"} as the saving said last, or None."""
        return progress.of(self.progress_key) if self.status == self.COMMITTING else None


class ImportRowQuerySet(models.QuerySet):
    def landing(self):
        """The rows a commit saves: new rows, updates, and the possible duplicates the user chose to save as new
        or as an update (`services.landed` says which a row does)."""
        return self.filter(models.Q(action__in=[ImportRow.NEW, ImportRow.UPDATE]) |
                           models.Q(action=ImportRow.DUPLICATE, decision__in=[ImportRow.NEW, ImportRow.UPDATE]))


class ImportRow(models.Model):
    NEW, UPDATE, DUPLICATE, SKIPPED, ERROR = "new", "update", "duplicate", "skipped", "error"
    ACTIONS = [(NEW, _("新增")), (UPDATE, _("更新")), (DUPLICATE, _("疑似重复")), (SKIPPED, _("跳过")),
               (ERROR, _("错误"))]
    # What the user chose for a possible duplicate: a new project after all, an update of the match, or skip.
    DECISIONS = [(NEW, _("作为新项目")), (UPDATE, _("更新该项目")), (SKIPPED, _("跳过"))]

    batch = models.ForeignKey(ProjectImport, on_delete=models.CASCADE, related_name="rows", db_index=False)
    sheet = models.CharField(_("工作表"), max_length=100)
    number = models.PositiveIntegerField(_("行号"))
    action = models.CharField(_("结果"), max_length=10, choices=ACTIONS)
    decision = models.CharField(_("处理方式"), max_length=10, choices=DECISIONS, blank=True)
    name = models.CharField(_("项目名称"), max_length=300, blank=True)
    values = models.JSONField(_("读取的值"), default=dict)  # field → JSON text of the value
    changes = models.JSONField(_("变动"), default=list)  # for an update: [[field label, old, new], …]
    reasons = models.JSONField(_("原因"), default=list)  # errors, skips and flags, each naming its column
    match = models.ForeignKey(Project, verbose_name=_("匹配的项目"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+", db_index=False)
    ratio = models.FloatField(_("名称相似度"), null=True, blank=True)
    project = models.ForeignKey(Project, verbose_name=_("导入的项目"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+", db_index=False)
    # A new row's name as matched ("region:name" without brackets and spaces) and its project code: a later row
    # of the same file with either repeats it (found once the file is read, in the database, not in memory).
    key = models.CharField(max_length=250, blank=True)
    code = models.CharField(max_length=24, blank=True)

    objects = ImportRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入行")
        verbose_name_plural = _("导入行")
        ordering = ["batch", "pk"]
        # Rows are written ten thousand at a time: only the index the pages read by is kept up for all of them;
        # the projects' are kept for the rows that have one (a project deleted sets them to null).
        indexes = [models.Index(fields=["batch", "action"]),
                   models.Index(fields=["match"], condition=models.Q(match__isnull=False), name="importrow_match"),
                   models.Index(fields=["project"], condition=models.Q(project__isnull=False),
                                name="importrow_project")]

    def __str__(self):
        return f"{self.sheet} {self.number}"
