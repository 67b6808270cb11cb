"""Run daily (cron or a systemd timer, see README): void Excel previews nobody confirmed within a day."""

from django.core.management.base import BaseCommand

from tuijin.progress.imports import expire_previews


class Command(BaseCommand):
    help = "作废超过一天未确认的Excel导入预览，并清除其暂存数据"

    def handle(self, *args, **options):
        self.stdout.write(f"已作废 {expire_previews()} 个超过一天未确认的导入。")
