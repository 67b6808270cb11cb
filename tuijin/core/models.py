from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import parameters
from .parameters import PARAMETERS


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """Django asks the database whether each related row exists; one given as an object read from (or saved
        to) the database is not asked again — a list import saves thousands of projects, each naming its region.
        The foreign key still refuses a row deleted in between."""
        exclude = set(exclude or ())
        for field in self._meta.concrete_fields:
            if field.many_to_one and not field.remote_field.limit_choices_to and field.is_cached(self):
                related = field.get_cached_value(self)
                if related is not None and not related._state.adding and related.pk == getattr(self, field.attname):
                    exclude.add(field.name)
        super().clean_fields(exclude=exclude)


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
    history = HistoricalRecords(excluded_fields=["description"])

    class Meta:
        verbose_name = _("系统参数")
        verbose_name_plural = _("系统参数")
        ordering = ["key"]

    def __str__(self):
        return f"{self.key} = {self.value}"

    # {key: (default, meaning)}; each parameter's type is in core.parameters.
    DEFAULTS = {key: (p.default, p.meaning) for key, p in PARAMETERS.items()}

    @classmethod
    def typed(cls, key):
        """The parameter's value, parsed and validated (Decimal 万元, int, bool, the ladder's levels …),
        kept for the rest of the request."""
        return parameters.value(key)

    @classmethod
    def get(cls, key):
        return parameters.text(key)

    @classmethod
    def get_decimal(cls, key):
        return Decimal(parameters.value(key))

    @classmethod
    def get_int(cls, key):
        return int(parameters.value(key))

    @classmethod
    def get_bool(cls, key):
        return bool(parameters.value(key))

    @classmethod
    def put(cls, key, value):
        """Seeds and tests: the same validation and change log as an administrator's edit, by 系统."""
        from .services import update_setting

        return update_setting(key, value, actor=None)


post_save.connect(parameters.forget, sender=Setting, dispatch_uid="tuijin_parameters_saved")
post_delete.connect(parameters.forget, sender=Setting, dispatch_uid="tuijin_parameters_deleted")


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


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at=None)

    def mark_read(self, now):
        """Mark these read (once: a read notification keeps the time it was first read)."""
        return self.unread().update(read_at=now)


class Notification(models.Model):
    """An in-app message (收件箱): reminders, returns, problems, warnings and letters alike. `key` names the
    event, so a job that runs twice notifies once; `kind` is a short code ("reminder", "problem"…) and the
    subject, if any, is named as "app.model" and id (core knows no higher app's models)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE,
                             related_name="notifications")
    key = models.CharField(_("事件"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, blank=True)
    subject_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    subject_id = models.PositiveBigIntegerField(_("对象编号"), null=True, blank=True)
    text = models.TextField(_("内容"))
    url = models.CharField(_("链接"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

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

    def in_region(self, region_path):
        """Entries about the region with this path or anything beneath it."""
        from .querysets import in_region_subtree

        return in_region_subtree(self, "region_path", region_path)

    def about_project(self, project_id):
        return self.filter(project_id=project_id)

    def about(self, subject_type, subject_id):
        """Entries about one object, and about its parts (`audit.register_parts`)."""
        from django.apps import apps

        from .audit import PARTS

        q = models.Q(subject_type=subject_type, subject_id=subject_id)
        for part_type, parent_field in PARTS.get(subject_type, ()):
            parts = apps.get_model(part_type)._default_manager.filter(**{parent_field: subject_id}).values("pk")
            q |= models.Q(subject_type=part_type, subject_id__in=parts)
        return self.filter(q)


class AuditEntry(models.Model):
    """One change of state: who did what to which object, when, from what to what, and why.

    Written by the services (core.audit.record), never by views. `project_id` and `region_path` are
    copies, not keys: an entry outlives what it describes, and core does not import the apps above it.

    Retention: entries are kept at least six months (等保 2.0 asks for six months of audit records), and in
    practice for ever — no page, admin action or API call can edit or delete one: `save()` refuses an
    existing row, `delete()` and the queryset's `update()`/`delete()` refuse, the admin grants no add,
    change or delete permission (not even to a superuser) and the API is read-only. Nothing in the code
    deletes entries; removing old ones is a database administrator's act outside the application.
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
