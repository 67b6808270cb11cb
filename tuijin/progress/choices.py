from django.db import models
from django.utils.translation import gettext_lazy as _

from tuijin.projects.choices import FundingSource


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("填报中")
    CLOSED = "closed", _("已关闭")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    ACCEPTED = "accepted", _("已审核")
    RETURNED = "returned", _("已退回")


# The statuses in which the filler may still change a report.
FILLER_EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReportEventKind(models.TextChoices):
    SAVED = "saved", _("保存")
    SUBMITTED = "submitted", _("报送")
    ACCEPTED = "accepted", _("审核通过")
    RETURNED = "returned", _("退回")
    AMENDED = "amended", _("项目办修正")
    IMPORTED = "imported", _("Excel导入")  # earlier imports wrote one per report; now the ImportBatch is the record


# Funds in place, one field per source, in the order the monthly sheet shows them.
FUND_FIELDS = [(f"fund_{source.value}", source.label) for source in FundingSource]
