"""`make bench`: time the work users wait for against the most direct way of doing it.

Prints `BENCH name=<id> n=<rows> median_ms=<x> baseline_ms=<y> ratio=<x/y>` per measurement and writes
var/bench.json. Run on its own database (the Makefile sets DB_NAME=var/bench-<scale>.sqlite3): the
generator fills it once with bulk inserts and later runs reuse it.
"""

import json
import re
import random
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client

from tuijin.core.dates import today
from tuijin.core.roles import Role
from tuijin.dashboard import demo_org
from tuijin.dashboard.demo_projects import make_project
from tuijin.org.models import Department, Leader, Region, RoleAssignment
from tuijin.projects.models import Project

SCALES = {"city": 5_000, "province": 100_000}
REPEAT = 25


class Command(BaseCommand):
    help = "性能基准：省级规模（10万项目）下的列表页等，与直接SQL对比"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="province")
        parser.add_argument("--repeat", type=int, default=REPEAT)

    def handle(self, *args, scale, repeat, **options):
        db_name = str(settings.DATABASES["default"]["NAME"])
        if connection.vendor == "sqlite" and "bench" not in db_name:
            raise CommandError("基准测试须使用独立数据库：请用 make bench（DB_NAME=var/bench-<规模>.sqlite3）")
        call_command("migrate", verbosity=0)
        target = SCALES[scale]
        self.generate(target)
        results = [self.project_list(repeat)]
        for result in results:
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
                project = make_project(rng, i, rng.choice(regions), departments, leaders, day)
                project.code = None  # codes are unique; the generator's are not meant to be
                batch.append(project)
                if len(batch) == 5000:
                    Project.objects.bulk_create(batch)
                    batch = []
            Project.objects.bulk_create(batch)
        self.stderr.write(f"generated {target - have} projects in {time.perf_counter() - started:.1f}s")

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

    def project_list(self, repeat):
        """The list page a coordinator opens: one district, projects under construction, largest first."""
        region = Region.objects.get(code="211103")
        user = get_user_model().objects.get(username="bench_coordinator")
        client = Client()
        client.force_login(user)
        url = f"/projects/?region={region.pk}&stage=construction&sort=-total_investment"
        page_times = []
        for _ in range(repeat + 2):
            started = time.perf_counter()
            response = client.get(url)
            page_times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        rows = len(set(re.findall(r'href="/projects/(\d+)/"', response.content.decode())))
        sql = """
            SELECT p.id, p.code, p.name, r.name, p.stage, p.category, p.total_investment, p.actual_start,
                   d.name, l.title, l.name
            FROM projects_project p
            JOIN org_region r ON r.id = p.region_id
            LEFT JOIN org_department d ON d.id = p.lead_department_id
            LEFT JOIN org_leader l ON l.id = p.leader_id
            WHERE r.path LIKE %s AND p.stage = 'construction'
            ORDER BY p.total_investment DESC, p.id
            LIMIT 50
        """
        sql_times = []
        with connection.cursor() as cursor:
            for _ in range(repeat + 2):
                started = time.perf_counter()
                cursor.execute(sql, [region.path + "%"])
                fetched = cursor.fetchall()
                sql_times.append(time.perf_counter() - started)
        assert len(fetched) == rows
        median = statistics.median(page_times[2:]) * 1000
        baseline = statistics.median(sql_times[2:]) * 1000
        return {"name": "project_list", "n": Project.objects.count(), "median_ms": round(median, 2),
                "baseline_ms": round(baseline, 2), "ratio": round(median / baseline, 2)}
