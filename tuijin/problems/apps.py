from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "tuijin.problems"
    verbose_name = _("问题与调度")
