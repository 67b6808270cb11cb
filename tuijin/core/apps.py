from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tuijin.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from .workdays import connect_index_signals

        connect_index_signals(self)
