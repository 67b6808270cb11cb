from django.core.management.base import BaseCommand

from tuijin.problems.services import escalate_overdue


class Command(BaseCommand):
    help = "逾期未解决的问题升级一个协调层级；即将到期和已逾期的问题、议定事项发出提醒（每天由 cron 运行）"

    def handle(self, *args, **options):
        escalated, notified = escalate_overdue()
        self.stdout.write(f"escalated={escalated} notified={notified}")
