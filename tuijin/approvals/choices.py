from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalStage(models.TextChoices):
    """The four stages of 国办发〔2019〕11号."""

    LAND = "land", _("立项用地规划许可")
    WORKS = "works", _("工程建设许可")
    PERMIT = "permit", _("施工许可")
    ACCEPTANCE = "acceptance", _("竣工验收")


class ProcedureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结")
    NOT_NEEDED = "not_needed", _("不需要")
