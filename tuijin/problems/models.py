from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuijin.core.models import VersionedModel
from tuijin.core.querysets import scope_through
from tuijin.core.uploads import document_name
from tuijin.org.models import Department, Leader, Region
from tuijin.projects.models import Project

from .choices import OPEN_STATUSES, DecisionStatus, InstructionKind, MeetingKind, ProblemEventKind, ProblemStatus
from .querysets import DecisionQuerySet, MeetingQuerySet, ProblemQuerySet, is_held, is_past


class ProblemCategory(models.Model):
    """用地, 规划, 环评 … — a catalog the admin extends; `days` is the default time to settle it."""

    name = models.CharField(_("名称"), max_length=32, unique=True)
    days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=7)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")

    def __str__(self):
        return self.name


class Problem(VersionedModel):
    """A problem holding a project back (问题清单), from raised to closed (销号)."""

    # A project's scope, except that a department sees the problems assigned to it, not every problem
    # of its projects.
    scope_paths = {**scope_through(Project.scope_paths, "project"), "departments": ("assignments__department",)}

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="problems")
    category = models.ForeignKey(ProblemCategory, verbose_name=_("问题类别"), on_delete=models.PROTECT,
                                 related_name="problems")
    description = models.TextField(_("问题描述"))
    help_wanted = models.TextField(_("需要协调解决的事项"), blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT,
                                  related_name="+")
    raised_on = models.DateField(_("提出日期"))
    status = models.CharField(_("状态"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.RAISED,
                              db_index=True)
    level = models.PositiveSmallIntegerField(_("协调层级"), default=0)
    leader = models.ForeignKey(Leader, verbose_name=_("协调领导"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="problems")
    deadline = models.DateField(_("办理时限"), null=True, blank=True, db_index=True)
    solved_on = models.DateField(_("解决日期"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")

    def __str__(self):
        return _("%(n)s：%(f)s") % {"n": self.project.name, "f": self.description[:30]}

    def get_absolute_url(self):
        return reverse("problems:problem", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        """Today, by the rule of `Problem.objects.overdue()`."""
        return self.is_open and is_past(self.deadline)


class ProblemAssignment(models.Model):
    """One responsible department's share of a problem, and its answer."""

    problem = models.ForeignKey(Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(Department, verbose_name=_("责任部门"), on_delete=models.PROTECT,
                                   related_name="problem_assignments")
    deadline = models.DateField(_("办理时限"))
    answer = models.TextField(_("办理情况"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        constraints = [models.UniqueConstraint(fields=["problem", "department"], name="one_assignment_per_department")]


class ProblemEvent(models.Model):
    """Every step of a problem: who, when, what, at which level, and why."""

    problem = models.ForeignKey(Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("环节"), max_length=12, choices=ProblemEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    level = models.PositiveSmallIntegerField(_("协调层级"), default=0)
    text = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")


def attachment_path(instance, filename):
    return f"problems/{instance.problem_id}/{document_name(filename)}"


class ProblemAttachment(models.Model):
    problem = models.ForeignKey(Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class Meeting(VersionedModel):
    """调度会: its agenda (problems and projects), its decisions and its minutes."""

    # A department sees the meetings that gave it a decision to carry out (its notice links there).
    scope_paths = {"region": "region", "departments": ("decisions__departments",)}

    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("类型"), max_length=12, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=120)
    number = models.CharField(_("纪要编号"), max_length=40, blank=True, help_text=_("例如：〔2026〕11号"))
    date = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    chair = models.ForeignKey(Leader, verbose_name=_("主持人"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="chaired_meetings")
    attendees = models.TextField(_("参会单位和人员"), blank=True)
    summary = models.TextField(_("会议概况"), blank=True)
    copy_to = models.CharField(_("抄送"), max_length=300, blank=True)
    issuer = models.CharField(_("印发单位"), max_length=100, blank=True, default="市重大项目建设指挥部办公室")
    problems = models.ManyToManyField(Problem, verbose_name=_("议题：问题"), blank=True, related_name="meetings")
    projects = models.ManyToManyField(Project, verbose_name=_("议题：项目"), blank=True, related_name="meetings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")

    history = HistoricalRecords(m2m_fields=[problems, projects])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("调度会")
        verbose_name_plural = _("调度会")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def is_held(self):
        """Today, by the rule of `Meeting.objects.held()`."""
        return is_held(self.date)


class Decision(VersionedModel):
    """议定事项: what the meeting decided, who does it, by when; followed up (督办) to closure."""

    scope_paths = {"region": "meeting__region", "departments": ("departments",)}

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("议定事项"))
    departments = models.ManyToManyField(Department, verbose_name=_("责任单位"), blank=True, related_name="decisions")
    owner_text = models.CharField(_("责任单位（其他）"), max_length=100, blank=True)
    deadline = models.DateField(_("完成时限"))
    problem = models.ForeignKey(Problem, verbose_name=_("对应问题"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="decisions")
    status = models.CharField(_("状态"), max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.OPEN)
    done_on = models.DateField(_("办结日期"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[departments])

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_per_meeting")]

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#decision-{self.number}"

    @property
    def owner(self):
        """Every responsible unit: the departments chosen (prefetch `departments`), then the others typed."""
        names = [department.name for department in self.departments.all()]
        return "、".join(names + ([self.owner_text] if self.owner_text else []))

    @property
    def is_overdue(self):
        """Today, by the rule of `Decision.objects.overdue()`."""
        return self.status == DecisionStatus.OPEN and is_past(self.deadline)


class DecisionUpdate(models.Model):
    """A follow-up (督办) note on a decision."""

    decision = models.ForeignKey(Decision, verbose_name=_("议定事项"), on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("进展"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填写人"), on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")


class Instruction(models.Model):
    """A leader's 批示 on a problem or a project it packages, or the inspector's 督办 note on a problem or a
    decision: written once through `services.give_instruction`, never edited."""

    kind = models.CharField(_("类型"), max_length=12, choices=InstructionKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批示人"), on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    problem = models.ForeignKey(Problem, verbose_name=_("问题"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="instructions")
    decision = models.ForeignKey(Decision, verbose_name=_("议定事项"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="instructions")
    project = models.ForeignKey(Project, verbose_name=_("项目"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="instructions")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("批示和督办")
        verbose_name_plural = _("批示和督办")
        constraints = [models.CheckConstraint(
            condition=(models.Q(problem__isnull=False, decision__isnull=True, project__isnull=True)
                       | models.Q(problem__isnull=True, decision__isnull=False, project__isnull=True)
                       | models.Q(problem__isnull=True, decision__isnull=True, project__isnull=False)),
            name="instruction_has_one_target", violation_error_message=_("批示只能针对一个问题、议定事项或项目"))]

    def __str__(self):
        return _("%(k)s：%(t)s") % {"k": self.get_kind_display(), "t": self.text[:30]}

    @property
    def target(self):
        return self.problem or self.decision or self.project
