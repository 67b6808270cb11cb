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

from tuijin.approvals.derived import rebuild_all
from tuijin.approvals.models import ApprovalChain, ProcedureType, ProjectProcedure
from tuijin.core.bulk import refresh_planner_statistics
from tuijin.core.dates import today
from tuijin.core.roles import Role
from tuijin.demo import benchmarks
from tuijin.demo import org as demo_org
from tuijin.demo.approvals import ISSUERS
from tuijin.demo.projects import synthetic_project
from tuijin.demo.tables import clear_app, raw_delete
from tuijin.org.models import Department, Leader, Region, RoleAssignment
from tuijin.progress.cumulative import rebuild_year_to_date
from tuijin.progress.models import AnnualPlan, MonthlyReport, ReportingPeriod
from tuijin.projects.factories import make_projects
from tuijin.projects.models import Project

SCALES = {"city": 5_000, "province": 100_000}
REPEAT = 25
MEASURES = ["project_list", "schedule_summary", "report_import", "approvals_board", "report_batch_page",
            "target_progress", "indicator_value", "list_import"]
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
        self.generate_procedures(target)
        # Planner statistics, as a live server keeps them (`serve` refreshes them when it starts, PostgreSQL's
        # autovacuum as rows change); a bulk load has none yet.
        refresh_planner_statistics()
        measures = {"project_list": lambda: benchmarks.project_list(repeat),
                    "schedule_summary": lambda: benchmarks.schedule_summary(repeat, BENCH_YEAR, 11),
                    "report_import": lambda: benchmarks.report_import(min(10_000, target // 3)),
                    "approvals_board": lambda: benchmarks.approvals_board(repeat),
                    "report_batch_page": lambda: benchmarks.report_batch_page(repeat, BENCH_YEAR, 11),
                    "target_progress": lambda: benchmarks.target_progress(repeat, BENCH_YEAR),
                    "indicator_value": lambda: benchmarks.indicator_value(repeat, BENCH_YEAR),
                    "list_import": lambda: benchmarks.list_import(min(10_000, target // 3))}
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

    def generate_procedures(self, projects):
        """Every project's checklist of the nine catalog procedures (900,000 at province scale), dated as the
        demo city's are: a chain of 40–160 days before the start, the permit a few days before it."""
        types = list(ProcedureType.objects.filter(active=True).order_by("pk"))
        if ProjectProcedure.objects.count() >= projects * len(types):
            if not ApprovalChain.objects.exists():
                rebuild_all()  # procedures generated before the stored figures existed
            return
        started = time.perf_counter()
        with transaction.atomic():
            # Bench data only: no history, no signals; cleared through the model (nothing else refers to it).
            raw_delete(ProjectProcedure.objects.all())
            departments = {d.slug: d.pk for d in Department.objects.all()}
            issuer = {t.pk: departments.get(ISSUERS.get(t.name, "")) for t in types}
            rng, day, batch = random.Random(11), today(), []
            for pk, stage, start in Project.objects.order_by("pk").values_list("pk", "stage", "actual_start"):
                start = start or day + datetime.timedelta(days=rng.randint(20, 200))
                span = rng.choice([40, 55, 60, 70, 75, 90, 120, 160])
                first = start - datetime.timedelta(days=span)
                for t in types:
                    applied = first + datetime.timedelta(days=rng.randint(0, span // 2))
                    approved = applied + datetime.timedelta(days=rng.randint(5, max(6, t.limit_days * 2)))
                    if t.is_construction_permit:
                        applied, approved = start - datetime.timedelta(days=rng.randint(5, 15)), start - datetime.timedelta(days=2)
                    status = "done"
                    if stage in ("reserve", "preparation") or approved > day:
                        status = "not_started" if t.is_construction_permit or stage == "reserve" else \
                            rng.choice(["not_started", "in_progress", "done", "not_needed"])
                    batch.append(ProjectProcedure(
                        project_id=pk, procedure_type_id=t.pk, department_id=issuer[t.pk], status=status,
                        applied_on=min(applied, day) if status in ("in_progress", "done") else None,
                        approved_on=min(approved, day) if status == "done" else None))
                if len(batch) >= 9_000:
                    ProjectProcedure.objects.bulk_create(batch)
                    batch = []
            ProjectProcedure.objects.bulk_create(batch)
            rebuild_all()  # bulk inserts bypass save(): the clocks, chains and tallies in three statements
        self.stderr.write(f"generated {ProjectProcedure.objects.count()} procedures in "
                          f"{time.perf_counter() - started:.1f}s")

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
