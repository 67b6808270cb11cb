"""`manage.py import_projects FILE --region CODE [--mapping NAME] [--dry-run]`: a published project list in,
through the same reading, matching and services as the page. Prints each row's outcome, and last
`imported: N new, U updated, D possible duplicates, S skipped, E errors` (with --dry-run, what would happen)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tuijin.core.roles import Role
from tuijin.exchange import services
from tuijin.exchange.models import ImportRow, ListMapping
from tuijin.org.models import Region

SHOWN = {ImportRow.NEW: "新增", ImportRow.UPDATE: "更新", ImportRow.DUPLICATE: "疑似重复", ImportRow.SKIPPED: "跳过",
         ImportRow.ERROR: "错误"}


class Command(BaseCommand):
    help = "导入项目清单（.xlsx/.xls/.csv）：识别表头、单位、合计和分组行，逐行报告结果"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--region", required=True, help="默认区域代码：行内没有写区域或无法识别时归入该区域")
        parser.add_argument("--mapping", help="已保存的列对应名称；不填则按表头自动识别")
        parser.add_argument("--dry-run", action="store_true", help="只读取和比对，不保存")
        parser.add_argument("--user", help="以该账号的名义导入；默认该区域（或上级）的项目办账号")

    def handle(self, *args, file, region, mapping, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"没有文件：{file}")
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise CommandError(f"没有区域代码 {region}")
        actor = self._actor(user, found)
        chosen = None
        if mapping:
            chosen = ListMapping.objects.filter(region__path__in=found.ancestor_paths, name=mapping).first()
            if chosen is None:
                raise CommandError(f"没有名为“{mapping}”的列对应")
        with transaction.atomic():
            batch = services.receive(path.read_bytes(), path.name, region=found, actor=actor, mapping=chosen)
            services.check(batch)
            if batch.status == batch.FAILED:
                raise CommandError(batch.failure)
            for note in batch.notes:
                self.stdout.write(f"说明：{note}")
            for row in batch.rows.order_by("pk"):
                reasons = "；".join(row.reasons)
                self.stdout.write(f"{row.sheet} 第{row.number}行 {SHOWN[row.action]} {row.name}"
                                  + (f"（{reasons}）" if reasons else ""))
            counts = batch.counts
            if not dry_run:
                services.commit(batch, actor=actor)
            else:
                transaction.set_rollback(True)
        self.stdout.write("imported" + (
            f": {counts['new']} new, {counts['update']} updated, {counts['duplicate']} possible duplicates, "
            f"{counts['skipped']} skipped, {counts['error']} errors"))

    def _actor(self, username, region):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            actor = users.filter(username=username).first()
            if actor is None:
                raise CommandError(f"没有账号 {username}")
            return actor
        actor = (users.filter(role_assignments__role=Role.COORDINATOR,
                              role_assignments__region__path__in=region.ancestor_paths)
                 .order_by("-role_assignments__region__path").first())
        if actor is None:
            raise CommandError("该区域及上级都没有项目办账号，请用 --user 指定导入人")
        return actor
