"""Role codes. They live in core because the one scope mechanism (querysets.py) reads them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("项目办（协调员）")
    REGION_EDITOR = "region_editor", _("县区填报员")
    REGION_REVIEWER = "region_reviewer", _("县区审核员")
    DEPARTMENT = "department", _("市直部门")
    LEADER = "leader", _("市领导")
    SECRETARY = "secretary", _("服务秘书")
    OWNER = "owner", _("项目单位")
    INSPECTOR = "inspector", _("督查室")
    ADMIN = "admin", _("系统管理员")


# Roles whose scope is a region subtree and which read everything in it.
REGION_READ_ROLES = {Role.COORDINATOR, Role.REGION_EDITOR, Role.REGION_REVIEWER, Role.LEADER, Role.INSPECTOR}
# Roles that may create and edit projects of their region subtree.
REGION_EDIT_ROLES = {Role.COORDINATOR, Role.REGION_EDITOR}
# Roles that accept or return monthly reports of their region subtree.
REGION_REVIEW_ROLES = {Role.COORDINATOR, Role.REGION_REVIEWER}
