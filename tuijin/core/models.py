from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A row two people may edit at once: the second save is refused (see core.concurrency)."""

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True


class Setting(models.Model):
    """City rules an administrator may change without a deployment (thresholds, deadlines)."""

    key = models.SlugField(_("键"), max_length=64, unique=True)
    value = models.CharField(_("值"), max_length=255)
    description = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("系统参数")
        verbose_name_plural = _("系统参数")
        ordering = ["key"]

    def __str__(self):
        return f"{self.key} = {self.value}"

    DEFAULTS = {
        # 万元. 长春、延安: city leaders package projects ≥ 20 亿; 大连/长春: a secretary from 5000 万.
        "leader_threshold": ("200000", "包保领导配置标准：总投资不低于（万元）"),
        "secretary_threshold": ("5000", "服务秘书配置标准：总投资不低于（万元）"),
        "demo_data": ("false", "是否为演示数据（页面显示“演示数据”标记）"),
        "report_deadline_day": ("25", "月报默认截止日（每月几日）"),
        "schedule_weights": ("1,1,1,1,1,1,1,1,1,1,1,1", "序时进度月度权重（1—12月，逗号分隔；默认按月平均）"),
        "schedule_yellow_gap": ("10", "落后序时进度多少个百分点起为黄灯"),
        "schedule_red_gap": ("30", "落后序时进度超过多少个百分点为红灯"),
        "report_jump_factor": ("3", "本月完成投资超过以往月均多少倍时提示审核员核实"),
        "owners_may_report": ("false", "是否允许项目单位和服务秘书填报月报"),
        # 大连: 属地 → 市直部门 → 分管副市长 → 常务副市长 → 市长. 名称:办理时限（工作日）[:市领导层级 1/2/3].
        "escalation_ladder": ("属地:5,市直部门:7,分管副市长:7:1,常务副市长:7:2,市长:10:3",
                              "问题协调层级（名称:办理时限工作日[:领导层级1副市长/2常务副市长/3市长]，逗号分隔）"),
        # 长春: problems listed by the 10th, distributed by the 15th, a joint meeting by the 25th.
        "problem_cycle_days": ("10,15,25", "问题月度流程：提出截止日、交办截止日、联席会议截止日（每月几日）"),
        "deadline_warning_days": ("2", "办理时限前几个工作日发出提醒"),
        "secretary_max_projects": ("3", "每名服务秘书最多服务的项目数"),
        # 长春 2018: 80% of projects finish their approvals within 51 working days.
        "approval_target_days": ("51", "前期手续办理目标：从首次申请到取得施工许可不超过多少个工作日"),
        "approval_target_share": ("80", "前期手续办理目标：达标项目占比不低于（%）"),
        # 等保 2.0: a session left idle ends; a wall display may be exempted on its account (账号安全设置).
        "session_idle_minutes": ("30", "闲置多少分钟后自动退出登录（0 表示不自动退出）"),
        "account_help_contact": ("本地区项目办（协调员）或系统管理员", "账号被锁定或忘记密码时请联系（姓名、电话）"),
    }

    @classmethod
    def get(cls, key):
        row = cls.objects.filter(key=key).first()
        return row.value if row else cls.DEFAULTS[key][0]

    @classmethod
    def get_decimal(cls, key):
        return Decimal(cls.get(key))

    @classmethod
    def get_int(cls, key):
        return int(cls.get(key))

    @classmethod
    def get_bool(cls, key):
        return cls.get(key).lower() in ("true", "1", "yes")

    @classmethod
    def put(cls, key, value):
        cls.objects.update_or_create(key=key, defaults={"value": str(value), "description": cls.DEFAULTS[key][1]})


class WorkCalendarYear(models.Model):
    """A year whose holidays the admin has entered (the `chinesecalendar` package does not know it yet).

    Its weekdays are working days and weekends rest days, except the days listed for it.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据"), max_length=200, blank=True,
                              help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("工作日历年份")
        verbose_name_plural = _("工作日历")

    def __str__(self):
        return str(self.year)


class WorkCalendarDay(models.Model):
    """A holiday on a weekday, or a 调休 weekend working day; also corrects the package's data."""

    calendar_year = models.ForeignKey(WorkCalendarYear, verbose_name=_("年份"), on_delete=models.CASCADE,
                                      related_name="days")
    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"), default=False, help_text=_("勾选：调休上班；不勾选：放假"))
    name = models.CharField(_("名称"), max_length=32, blank=True, help_text=_("例如：春节、国庆节调休"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.date and self.calendar_year_id and self.date.year != self.calendar_year.year:
            raise ValidationError({"date": _("日期不在%(y)s年内") % {"y": self.calendar_year.year}})

    def __str__(self):
        return f"{self.date} {self.name}"


class WorkdayIndex(models.Model):
    """The working-day clock as a table, derived from the calendar (`tuijin.core.workdays.rebuild_index`).

    One row per day of the years the calendar covers: working days after `a` up to and including `b` =
    running(b) − running(a), exactly as `WorkCalendar.between` counts them, when `a` is on or after
    b's `covered_from`. Each run of consecutive covered years starts its count at the 31 December before
    it (a row of its own, is_workday unknown: a clock started that day counts only the covered year's days),
    and `covered_from` is that 31 December; a day missing from the table is in a year nobody covered.
    """

    date = models.DateField(_("日期"), primary_key=True)
    is_workday = models.BooleanField(_("上班"), null=True)
    running = models.PositiveIntegerField(_("累计工作日"))
    covered_from = models.DateField(_("连续覆盖起点"))

    class Meta:
        verbose_name = _("工作日索引")
        verbose_name_plural = _("工作日索引")

    def __str__(self):
        return f"{self.date} {self.running}"


class Notification(models.Model):
    """An in-app message (收件箱). `key` names the event, so a job that runs twice notifies once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE,
                             related_name="notifications")
    key = models.CharField(_("事件"), max_length=100)
    text = models.TextField(_("内容"))
    url = models.CharField(_("链接"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_event")]

    def __str__(self):
        return self.text[:40]


class AuditQuerySet(models.QuerySet):
    """The change log may be read, never rewritten: bulk updates and deletes are refused too."""

    def update(self, **kwargs):
        raise PermissionError("变更日志只能追加，不能修改")

    def delete(self):
        raise PermissionError("变更日志只能追加，不能删除")

    def visible_to(self, user):
        from .scope import scope_of  # the scope module decides; entries carry their region's path

        return scope_of(user).filter_audit(self, user)


class AuditEntry(models.Model):
    """One change of state: who did what to which object, when, from what to what, and why.

    Written by the services (core.audit.record), never by views. `project_id` and `region_path` are
    copies, not keys: an entry outlives what it describes, and core does not import the apps above it.
    """

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    kind = models.CharField(_("类别"), max_length=64, db_index=True)
    summary = models.CharField(_("内容"), max_length=300)
    subject_type = models.CharField(_("对象类型"), max_length=64, blank=True)  # "projects.project"
    subject_id = models.PositiveBigIntegerField(_("对象编号"), null=True, blank=True)
    subject_label = models.CharField(_("对象"), max_length=300, blank=True)
    subject_url = models.CharField(_("链接"), max_length=200, blank=True)
    project_id = models.PositiveBigIntegerField(_("项目编号"), null=True, blank=True, db_index=True)
    region_path = models.CharField(_("地区"), max_length=64, blank=True, db_index=True)
    reason = models.TextField(_("理由"), blank=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)  # {field label: [before, after]}
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("变更日志")
        verbose_name_plural = _("变更日志")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("变更日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("变更日志只能追加，不能删除")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.summary}"
