from django.contrib import admin

from tuijin.core.admin import AuditedAdminMixin

from .models import StageWord


@admin.register(StageWord)
class StageWordAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The city extends the stage words its lists use; the built-in ones are in listing/values.py."""

    list_display = ["word", "stage"]
    list_filter = ["stage"]
    search_fields = ["word"]
