from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "tuijin.approvals"
    verbose_name = _("前期手续")

    def ready(self):
        from .derived import connect_signals

        connect_signals()
