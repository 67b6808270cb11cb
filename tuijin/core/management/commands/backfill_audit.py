"""Copy the event tables written before the change log existed into it; safe to run again."""

import time

from django.core.management.base import BaseCommand

from tuijin.core.audit_backfill import backfill


class Command(BaseCommand):
    help = "把已有的事件记录（阶段变更、修改历史、月报、问题、调度会、前期手续）补录进变更日志；可重复运行，已补录的跳过"

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = backfill()
        for name, count in counts.items():
            if count:
                self.stdout.write(f"  {name}: {count}")
        self.stdout.write(f"backfilled: {sum(counts.values())} entries in {time.monotonic() - started:.1f} s")
