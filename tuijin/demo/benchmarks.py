"""Measurements for `make bench`: each returns the BENCH fields for one line.

Every measurement times the product's way and the most direct way of the same work in the same run.
"""

import io
import re
import statistics
import time
import tracemalloc
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tuijin.demo.tables import raw_delete
from tuijin.org.models import Region
from tuijin.progress import imports
from tuijin.progress.excel import build_template
from tuijin.progress.models import ImportBatch, MonthlyReport, ReportEvent, ReportingPeriod
from tuijin.progress.views import batch_rows
from tuijin.projects.models import Project


def timed(function, repeat, warmup=2):
    times = []
    for _ in range(repeat + warmup):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times[warmup:]) * 1000, result


def line(name, n, median, baseline, **extra):
    return {"name": name, "n": n, "median_ms": round(median, 2), "baseline_ms": round(baseline, 2),
            "ratio": round(median / baseline, 2), **extra}


def coordinator_client():
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_coordinator"))
    return client


def project_list(repeat):
    """The list page a coordinator opens: one district, projects under construction, largest first."""
    region = Region.objects.get(code="211103")
    client = coordinator_client()
    url = f"/projects/?region={region.pk}&stage=construction&sort=-total_investment"
    page_ms, response = timed(lambda: client.get(url), repeat)
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
    with connection.cursor() as cursor:
        def raw():
            cursor.execute(sql, [region.path + "%"])
            return cursor.fetchall()
        sql_ms, fetched = timed(raw, repeat)
    assert len(fetched) == rows, (len(fetched), rows)
    return line("project_list", Project.objects.count(), page_ms, sql_ms)


def schedule_summary(repeat, year, month):
    """The city's 序时进度 page by region for a month, against the two raw aggregates behind it."""
    client = coordinator_client()
    url = f"/progress/schedule/?year={year}&month={month}&group=region"
    page_ms, response = timed(lambda: client.get(url), repeat)
    assert response.status_code == 200
    with connection.cursor() as cursor:
        def raw():
            cursor.execute("""SELECT p.region_id, SUM(a.planned_investment), COUNT(*) FROM progress_annualplan a
                              JOIN projects_project p ON p.id = a.project_id
                              WHERE a.year = %s AND a.planned_investment > 0 GROUP BY p.region_id""", [year])
            plans = cursor.fetchall()
            cursor.execute("""SELECT p.region_id, SUM(r.completed) FROM progress_monthlyreport r
                              JOIN projects_project p ON p.id = r.project_id
                              WHERE r.year = %s AND r.month <= %s GROUP BY p.region_id""", [year, month])
            return plans, cursor.fetchall()
        sql_ms, (plans, done) = timed(raw, repeat)
    total = sum(Decimal(str(row[1])) for row in done)
    assert f"{total / 10000:,.2f}亿元" in response.content.decode(), "page and SQL disagree"
    return line("schedule_summary", MonthlyReport.objects.count(), page_ms, sql_ms)


def report_import(rows, repeat=8):
    """A 10,000-row monthly workbook: validate and commit, against python-calamine reading the file."""
    period = ReportingPeriod.objects.get(year=2026, month=12)
    user = get_user_model().objects.get(username="bench_coordinator")
    projects = list(Project.objects.filter(stage="construction").select_related("region").order_by("pk")[:rows])
    content = build_template(period, batch_rows(period, projects))
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["月报"]
    files = []
    for run in range(repeat):  # each run changes every row, so each commit does the full work
        for number, row in enumerate(sheet.iter_rows(min_row=2), start=1):
            row[6].value = Decimal(number % 7 + run + 1) / 10
            row[14].value = "主体施工"
        buffer = io.BytesIO()
        workbook.save(buffer)
        files.append(buffer.getvalue())
    # Bench data only: December as the generator left it, without history or signals, so that every
    # run starts from the same tables (the history, events and uploads of earlier runs would pile up).
    for batch in ImportBatch.objects.filter(period=period, user=user):
        batch.file.delete(save=False)
        batch.delete()
    reports = MonthlyReport.objects.filter(period=period)
    raw_delete(ReportEvent.objects.filter(report__in=reports))
    raw_delete(MonthlyReport.history.filter(id__in=reports.values("id")))
    raw_delete(reports)

    import_times = []
    for data in files[:-1]:
        started = time.perf_counter()
        saved = _import(period, data, user)
        import_times.append(time.perf_counter() - started)
        assert saved == len(projects), saved
    # Memory is measured on a run of its own: tracemalloc slows Python down several times.
    tracemalloc.start()
    _import(period, files[-1], user)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    calamine_ms, table = timed(lambda: CalamineWorkbook.from_filelike(io.BytesIO(files[0]))
                               .get_sheet_by_name("月报").to_python(), repeat, warmup=1)
    assert len(table) - 1 == len(projects)
    return line("report_import", len(projects), statistics.median(import_times) * 1000, calamine_ms,
                peak_mb=round(peak / 1024 / 1024, 1))


def _import(period, data, user):
    batch = imports.check(imports.receive(period, data, "bench.xlsx", actor=user))
    assert not batch.errors, batch.errors[:3]
    imports.start_commit(batch, actor=user)
    return imports.commit(batch)
