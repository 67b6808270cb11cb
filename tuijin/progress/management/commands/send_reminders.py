"""Run daily (cron or a systemd timer, see README): remind editors of projects not yet reported."""

from django.core.management.base import BaseCommand
from django.db import transaction

from tuijin.core.dates import today
from tuijin.progress.reminders import send_reminders


class Command(BaseCommand):
    help = "向仍有项目未报送月报的县区填报员发送催报提醒（站内提醒，有邮箱的同时发邮件）"

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=3, help="截止日前几天开始提醒（默认3天）")

    def handle(self, *args, days_before, **options):
        with transaction.atomic():
            created = send_reminders(today(), days_before=days_before)
        self.stdout.write(f"已发送 {created} 条催报提醒。")
