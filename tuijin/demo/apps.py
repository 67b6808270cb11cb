from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo city seed (`seed_demo`), `make bench` and `make loadtest`: nothing else imports this app."""

    name = "tuijin.demo"
    label = "demo"
    verbose_name = _("演示数据")
