from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemStatus(models.TextChoices):
    RAISED = "raised", _("待交办")
    DISTRIBUTED = "distributed", _("办理中")
    ANSWERED = "answered", _("已答复")
    SOLVED = "solved", _("已解决")
    CLOSED = "closed", _("已销号")


OPEN_STATUSES = (ProblemStatus.RAISED, ProblemStatus.DISTRIBUTED, ProblemStatus.ANSWERED)


class ProblemEventKind(models.TextChoices):
    RAISED = "raised", _("提出")
    DISTRIBUTED = "distributed", _("交办")
    ANSWERED = "answered", _("答复")
    CONFIRMED = "confirmed", _("确认解决")
    RETURNED = "returned", _("退回重办")
    ESCALATED = "escalated", _("升级")
    CLOSED = "closed", _("销号")
    INSTRUCTED = "instructed", _("领导批示")
    SUPERVISED = "supervised", _("督办")


class MeetingKind(models.TextChoices):
    QUARTERLY = "quarterly", _("市长季度调度会")
    MONTHLY = "monthly", _("副市长月度调度会")
    SPECIAL = "special", _("专题调度会")


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("督办中")
    DONE = "done", _("已办结")


class InstructionKind(models.TextChoices):
    INSTRUCTION = "instruction", _("批示")
    SUPERVISION = "supervision", _("督办")
