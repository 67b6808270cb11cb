"""Measurements for `make bench`: each returns the BENCH fields for one line.

Every measurement times the product's way and the most direct way of the same work in the same run.
"""

import io
import re
import statistics
import time
import tracemalloc
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.urls import include, path
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tuijin.approvals.models import ProcedureType, ProjectProcedure
from tuijin.core.models import Setting, WorkdayIndex
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
    """The list page a coordinator opens: one district, projects under construction, largest first — against
    a bare Django view that renders the same 50 rows with a minimal template, through the same middleware,
    session and scope (`visible_to`), from the same test client and user. What the page adds over it (the
    filter form, the table, sorting links, the layout) is the product's cost; the bare view is what any
    Django page of those rows costs."""
    region = Region.objects.get(code="211103")
    client = coordinator_client()
    query = f"region={region.pk}&stage=construction&sort=-total_investment"
    with override_settings(ROOT_URLCONF=__name__):
        page_ms, response = timed(lambda: client.get(f"/projects/?{query}"), repeat)
        bare_ms, bare = timed(lambda: client.get(f"/bench/bare-project-list/?{query}"), repeat)
    assert response.status_code == 200 and bare.status_code == 200, (response.status_code, bare.status_code)
    rows = set(re.findall(r'href="/projects/(\d+)/"', response.content.decode()))
    shown = set(re.findall(r'href="/projects/(\d+)/"', bare.content.decode()))
    assert rows == shown and len(shown) == 50, ("page and bare view disagree", len(rows), len(shown))
    return line("project_list", Project.objects.count(), page_ms, bare_ms)


BARE_LIST = engines["django"].from_string(
    "<!doctype html><title>项目</title><table>{% for p in projects %}<tr>"
    "<td><a href=\"/projects/{{ p.pk }}/\">{{ p.code|default:p.pk }}</a></td><td>{{ p.name }}</td>"
    "<td>{{ p.region.name }}</td><td>{{ p.get_stage_display }}</td><td>{{ p.get_category_display }}</td>"
    "<td>{{ p.total_investment }}</td><td>{{ p.actual_start|date:'Y-m-d' }}</td>"
    "<td>{{ p.lead_department.name }}</td><td>{{ p.leader.title }}{{ p.leader.name }}</td></tr>{% endfor %}</table>")


@login_required
def bare_project_list(request):
    region = Region.objects.get(pk=request.GET["region"])
    projects = (Project.objects.visible_to(request.user)
                .filter(region__in=region.subtree().values("pk"), stage=request.GET["stage"])
                .select_related("region", "lead_department", "leader").order_by("-total_investment", "pk")[:50])
    return HttpResponse(BARE_LIST.render({"projects": projects}, request))


# The bench's URLs: the product's, and the bare view beside them (only while a measurement overrides
# ROOT_URLCONF with this module).
urlpatterns = [path("bench/bare-project-list/", bare_project_list), path("", include(settings.ROOT_URLCONF))]


def schedule_summary(repeat, year, month):
    """The city's 序时进度 page by region for a month, against raw SQL over the same tables the page reads:
    the annual plans, and the derived year-to-date table (one row per project, `progress.YearToDate`)."""
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
            cursor.execute(f"""SELECT p.region_id, SUM(y.m{month:02d}) FROM progress_yeartodate y
                               JOIN projects_project p ON p.id = y.project_id
                               WHERE y.year = %s GROUP BY p.region_id""", [year])
            return plans, cursor.fetchall()
        sql_ms, (plans, done) = timed(raw, repeat)
    total = sum(Decimal(str(row[1])) for row in done)
    assert f"{total / 10000:,.2f}亿元" in response.content.decode(), "page and SQL disagree"
    return line("schedule_summary", MonthlyReport.objects.count(), page_ms, sql_ms)


def approvals_board(repeat):
    """The 前期手续 board a coordinator opens (every figure of it, over every procedure of the city), against
    raw SQL computing its headline: the share of permitted projects whose chain from first application to
    施工许可 took at most the target in working days, through the same working-day index."""
    client = coordinator_client()
    target = Setting.get_int("approval_target_days")
    page_ms, response = timed(lambda: client.get(f"/approvals/?days={target}"), repeat)
    assert response.status_code == 200, response.status_code
    procedure, kind, index = (ProjectProcedure._meta.db_table, ProcedureType._meta.db_table,
                              WorkdayIndex._meta.db_table)
    sql = f"""
        SELECT COUNT(*), SUM(CASE WHEN days <= %s THEN 1 ELSE 0 END) FROM (
          SELECT CASE WHEN c.permitted <= c.start THEN 0 ELSE b.running - a.running END AS days FROM (
            SELECT COALESCE(MIN(p.applied_on), MAX(CASE WHEN t.is_construction_permit AND p.status = 'done'
                                                       THEN p.approved_on END)) AS start,
                   MAX(CASE WHEN t.is_construction_permit AND p.status = 'done' THEN p.approved_on END) AS permitted
            FROM {procedure} p JOIN {kind} t ON t.id = p.procedure_type_id
            WHERE p.required AND p.status <> 'not_needed'
            GROUP BY p.project_id) c
          LEFT JOIN {index} b ON b.date = c.permitted AND b.covered_from <= c.start
          LEFT JOIN {index} a ON a.date = c.start
          WHERE c.permitted IS NOT NULL) d
        WHERE days IS NOT NULL"""
    with connection.cursor() as cursor:
        def raw():
            cursor.execute(sql, [target])
            return cursor.fetchone()
        sql_ms, (known, within) = timed(raw, repeat)
    share = re.search(r'data-testid="overall-share">([\d.]+)%', response.content.decode()).group(1)
    assert known and share == f"{round(within * 100 / known, 1)}", (share, within, known)
    return line("approvals_board", ProjectProcedure.objects.count(), page_ms, sql_ms)


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
