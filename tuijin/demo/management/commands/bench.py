"""`make bench`: time the work users wait for against the most direct way of doing it.

Prints `BENCH name=<id> n=<rows> median_ms=<x> baseline_ms=<y> ratio=<x/y>` per measurement and writes
var/bench.json. Run on its own database (the Makefile sets DB_NAME=var/bench-<scale>.sqlite3): the
generator fills it once with bulk inserts and later runs reuse it.
"""

import datetime
import json
import random
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from tuijin.core.dates import today
from tuijin.core.roles import Role
from tuijin.demo import benchmarks
from tuijin.demo import org as demo_org
from tuijin.demo.projects import synthetic_project
from tuijin.demo.tables import clear_app
from tuijin.org.models import Department, Leader, Region, RoleAssignment
from tuijin.progress.cumulative import rebuild_year_to_date
from tuijin.progress.models import AnnualPlan, MonthlyReport, ReportingPeriod
from tuijin.projects.factories import make_projects
from tuijin.projects.models import Project

SCALES = {"city": 5_000, "province": 100_000}
REPEAT = 25
MEASURES = ["project_list", "schedule_summary", "report_import"]
BENCH_YEAR = 2026


class Command(BaseCommand):
    help = "性能基准：省级规模（10万项目）下的列表页等，与直接SQL对比"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="province")
        parser.add_argument("--repeat", type=int, default=REPEAT)
        parser.add_argument("--only", choices=MEASURES, action="append",
                            help="只运行这几项（可重复）；默认全部")

    def handle(self, *args, scale, repeat, only, **options):
        db_name = str(settings.DATABASES["default"]["NAME"])
        if connection.vendor == "sqlite" and "bench" not in db_name:
            raise CommandError("基准测试须使用独立数据库：请用 make bench（DB_NAME=var/bench-<规模>.sqlite3）")
        call_command("migrate", verbosity=0)
        target = SCALES[scale]
        self.generate(target)
        self.generate_reports(target, BENCH_YEAR)
        if connection.vendor == "postgresql":
            # Planner statistics, as autovacuum keeps them on a live server (a bulk load has none yet).
            # SQLite gets none: nothing runs ANALYZE on the embedded database either.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE projects_project, progress_monthlyreport, progress_annualplan, "
                               "progress_yeartodate, org_region")
        measures = {"project_list": lambda: benchmarks.project_list(repeat),
                    "schedule_summary": lambda: benchmarks.schedule_summary(repeat, BENCH_YEAR, 11),
                    "report_import": lambda: benchmarks.report_import(min(10_000, target // 3))}
        results = []
        for name in only or MEASURES:
            result = measures[name]()
            results.append(result)
            self.stdout.write("BENCH " + " ".join(f"{k}={v}" for k, v in result.items()))
        out = Path(settings.BASE_DIR) / "var" / "bench.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps({"scale": scale, "database": connection.vendor, "results": results},
                                  ensure_ascii=False, indent=2))

    def generate(self, target):
        have = Project.objects.count()
        if have >= target:
            return
        started = time.perf_counter()
        rng = random.Random(7)
        city = self.organisation()
        regions = list(Region.objects.filter(parent=city))
        departments = list(Department.objects.all())
        leaders = list(Leader.objects.all())
        day = today()
        batch = []
        with transaction.atomic():
            for i in range(have + 1, target + 1):
                project = synthetic_project(rng, i, rng.choice(regions), departments, leaders, day)
                project.code = None  # codes are unique; the generator's are not meant to be
                batch.append(project)
                if len(batch) == 5000:
                    make_projects(batch)
                    batch = []
            make_projects(batch)
        self.stderr.write(f"generated {target - have} projects in {time.perf_counter() - started:.1f}s")

    def generate_reports(self, projects, year):
        """12 months of reports for every project (1.2 million at province scale), with annual plans."""
        city = Region.objects.get(code=demo_org.CITY[0])
        # The import bench rewrites December; January–November must be complete.
        if MonthlyReport.objects.filter(year=year, month__lte=11).count() >= projects * 11:
            return
        started = time.perf_counter()
        clear_app("progress")  # bench data only: no history, no signals
        periods = [ReportingPeriod.objects.create(region=city, year=year, month=m, deadline=datetime.date(year, m, 25))
                   for m in range(1, 13)]
        cent = Decimal("0.01")
        ids = list(Project.objects.values_list("pk", "total_investment"))
        with transaction.atomic():
            AnnualPlan.objects.bulk_create(
                [AnnualPlan(project_id=pk, year=year, planned_investment=(total / 4).quantize(cent))
                 for pk, total in ids], batch_size=5000)
            batch = []
            for pk, total in ids:
                monthly = (total / 48).quantize(cent)
                ytd = Decimal(0)
                for period in periods:
                    ytd += monthly
                    batch.append(MonthlyReport(project_id=pk, period=period, year=year, month=period.month,
                                               completed=monthly, ytd=ytd, since_start=ytd, status="accepted"))
                if len(batch) >= 12_000:
                    MonthlyReport.objects.bulk_create(batch)
                    batch = []
            MonthlyReport.objects.bulk_create(batch)
            rebuild_year_to_date()
        self.stderr.write(f"generated {len(ids) * 12} reports in {time.perf_counter() - started:.1f}s")

    def organisation(self):
        city = Region.objects.filter(code=demo_org.CITY[0]).first()
        if city:
            return city
        code, name, short, kind = demo_org.CITY
        city = Region.objects.create(code=code, name=name, short_name=short, kind=kind)
        for code, name, short, kind in demo_org.REGIONS:
            Region.objects.create(code=code, name=name, short_name=short, kind=kind, parent=city)
        for i, (slug, name) in enumerate(demo_org.DEPARTMENTS):
            Department.objects.create(slug=slug, name=name, region=city, sort_order=i)
        for name, title, rank in demo_org.LEADERS:
            Leader.objects.create(name=name, title=title, rank=rank, region=city)
        user = get_user_model().objects.create_user("bench_coordinator")
        RoleAssignment.objects.create(user=user, role=Role.COORDINATOR, region=city)
        return city
