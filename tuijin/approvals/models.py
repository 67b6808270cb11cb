from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuijin.core.models import VersionedModel
from tuijin.core.querysets import ScopedQuerySet, scope_through
from tuijin.core.uploads import document_name
from tuijin.org.models import Department
from tuijin.projects.choices import Category
from tuijin.projects.models import Project

from .choices import ApprovalStage, ProcedureStatus
from .querysets import ProcedureQuerySet


def all_categories():
    return [value for value, _label in Category.choices]


class ProcedureType(models.Model):
    """A kind of permit in the catalog: its stage, who issues it, its limit, where it applies."""

    name = models.CharField(_("名称"), max_length=64, unique=True)
    stage = models.CharField(_("审批阶段"), max_length=12, choices=ApprovalStage.choices)
    department = models.ForeignKey(Department, verbose_name=_("办理部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="procedure_types")
    limit_days = models.PositiveSmallIntegerField(_("法定或承诺时限（工作日）"))
    categories = models.JSONField(_("默认适用的项目类别"), default=all_categories, blank=True,
                                  help_text=_("项目类别代码列表；空表示不默认列入清单"))
    is_construction_permit = models.BooleanField(
        _("施工许可"), default=False, help_text=_("办结时把文号记为项目的施工许可证号（开工须有施工许可）"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("手续类型")
        verbose_name_plural = _("手续目录")

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    return f"approvals/{instance.project_id}/{document_name(filename)}"


class ProjectProcedure(VersionedModel):
    """One procedure on a project's checklist, with its dates and document."""

    # A project's scope, and the issuing department sees (and updates) the procedures it issues.
    scope_paths = scope_through(Project.scope_paths, "project")
    scope_paths["departments"] = ("department", *scope_paths["departments"])

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="procedures")
    procedure_type = models.ForeignKey(ProcedureType, verbose_name=_("手续"), on_delete=models.PROTECT,
                                       related_name="procedures")
    department = models.ForeignKey(Department, verbose_name=_("办理部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="procedures")
    required = models.BooleanField(_("需要办理"), default=True)
    status = models.CharField(_("状态"), max_length=12, choices=ProcedureStatus.choices,
                              default=ProcedureStatus.NOT_STARTED)
    applied_on = models.DateField(_("申请日期"), null=True, blank=True)
    approved_on = models.DateField(_("办结日期"), null=True, blank=True)
    authority = models.CharField(_("审批机关"), max_length=100, blank=True)
    document_number = models.CharField(_("批准文号"), max_length=100, blank=True)
    attachment = models.FileField(_("批复文件"), upload_to=attachment_path, blank=True)
    # Working days from application to approval of a finished procedure (NULL while open, or in a year nobody
    # covered): set on every save, recomputed set-based when the calendar changes (`derived.py`).
    workdays = models.PositiveIntegerField(_("办理用时（工作日）"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["workdays"])

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["procedure_type__sort_order", "procedure_type_id"]
        verbose_name = _("项目手续")
        verbose_name_plural = _("项目手续")
        constraints = [models.UniqueConstraint(fields=["project", "procedure_type"], name="one_procedure_per_type")]
        indexes = [models.Index(fields=["workdays"], name="procedure_workdays"),  # the slowest finished ones
                   models.Index(fields=["status", "applied_on"], name="procedure_open_applied")]  # open clocks

    def __str__(self):
        return f"{self.project.name}：{self.procedure_type.name}"

    def save(self, *args, **kwargs):
        from .derived import finished_workdays

        self.workdays = finished_workdays(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "workdays"}
        super().save(*args, **kwargs)


class ApprovalChain(models.Model):
    """Derived, one row per project with clocked procedures: its chain from the first application to the
    施工许可 (`permitted` NULL until one is issued; `days` NULL in a year nobody covered). Kept by the
    procedures' saves and rebuilt set-based (`derived.py`), as `progress.YearToDate` is for reports."""

    scope_paths = {**scope_through(Project.scope_paths, "project"), "region": "region"}

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="approval_chain")
    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(null=True)
    first_applied = models.DateField(null=True)
    permitted = models.DateField(null=True)
    days = models.PositiveIntegerField(null=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["region", "year", "days"], name="chain_region_year_days")]


class ProcedureTally(models.Model):
    """Derived: how many finished clocked procedures of a region's projects took each number of working days,
    per type and issuing department — the board's per-type and per-department figures without reading
    every procedure. Kept by the procedures' saves (the region and type of the one saved), rebuilt set-based."""

    scope_paths = {"region": "region"}

    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="+")
    procedure_type = models.ForeignKey(ProcedureType, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, null=True, on_delete=models.CASCADE, related_name="+")
    workdays = models.PositiveIntegerField(null=True)
    n = models.PositiveIntegerField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["region", "procedure_type"], name="tally_region_type")]
