from django.core.management.base import BaseCommand

from tuijin.core.workdays import rebuild_index


class Command(BaseCommand):
    help = "按工作日历（chinesecalendar 与管理员录入的年份）重建工作日索引；只写入有变化的日期"

    def handle(self, *args, **options):
        changed = rebuild_index()
        self.stdout.write(f"工作日索引已更新：{changed} 个日期有变化")
