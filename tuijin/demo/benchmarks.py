"""Measurements for `make bench`: each returns the BENCH fields for one line.

Every measurement times the product's way and the most direct way of the same work in the same run.
"""

import datetime
import io
import re
import statistics
import time
import tracemalloc
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.urls import include, path
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tuijin.approvals.models import ProcedureType, ProjectProcedure
from tuijin.core.dates import today
from tuijin.core.lib.money import format_in
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
    page = response.content.decode()
    # Both money columns in 亿元 at this scale, the unit named in their headers.
    assert "累计完成（亿元）" in page and format_in(total, "亿元") in page, "page and SQL disagree"
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


def report_batch_page(repeat, year, month, due=2_000):
    """The first screen of a district clerk's batch page (`/progress/<period>/batch/`, its first page of
    rows) in a district with `due` projects due, against raw SQL reading the same rows: the page's projects
    with their report, plan and last month's cumulative figure, and the count of due projects. The district,
    its projects, plans and reports are made inside a transaction that is rolled back afterwards, so the
    other measurements' tables stay as the generator left them."""
    from tuijin.core.roles import Role
    from tuijin.org.models import RegionKind, RoleAssignment
    from tuijin.progress.models import AnnualPlan
    from tuijin.progress.views import BATCH_PAGE
    from tuijin.projects.factories import make_projects

    period = ReportingPeriod.objects.get(region__parent=None, year=year, month=month)
    previous = ReportingPeriod.objects.get(region=period.region, year=year, month=month - 1)
    with transaction.atomic():
        district = Region.objects.create(code="211199", name="基准测试区", kind=RegionKind.DISTRICT,
                                         parent=period.region)
        clerk = get_user_model().objects.create_user("bench_batch_clerk")
        RoleAssignment.objects.create(user=clerk, role=Role.REGION_EDITOR, region=district)
        projects = make_projects([Project(name=f"基准测试在建项目{i:04d}", region=district, stage="construction",
                                          total_investment=Decimal(10_000 + i))
                                  for i in range(due)])
        AnnualPlan.objects.bulk_create([AnnualPlan(project=p, year=year, planned_investment=Decimal(2_400))
                                        for p in projects])
        reports = [MonthlyReport(project=p, period=previous, year=year, month=previous.month, completed=200,
                                 ytd=2_000, since_start=2_000, status="accepted") for p in projects]
        # This month: a third not filled in yet, a third saved as drafts, a third submitted.
        reports += [MonthlyReport(project=p, period=period, year=year, month=month, completed=180, ytd=2_180,
                                  since_start=2_180, status="draft" if i % 3 == 1 else "submitted")
                    for i, p in enumerate(projects) if i % 3]
        MonthlyReport.objects.bulk_create(reports)

        client = Client()
        client.force_login(clerk)
        url = f"/progress/{period.pk}/batch/"
        page_ms, response = timed(lambda: client.get(url), repeat)
        assert response.status_code == 200, response.status_code
        shown = re.findall(r'<tr id="row-(\d+)"', response.content.decode())
        with connection.cursor() as cursor:
            def raw():
                cursor.execute("""SELECT COUNT(*) FROM projects_project WHERE region_id = %s AND stage = 'construction'""",
                               [district.pk])
                count = cursor.fetchone()[0]
                cursor.execute("""SELECT p.id, p.name, p.code, p.total_investment, a.planned_investment, o.ytd,
                                         r.id, r.status, r.version, r.completed, r.fund_central_budget,
                                         r.fund_special_bonds, r.fund_policy_finance, r.fund_provincial,
                                         r.fund_bank_loans, r.fund_self_raised, r.fund_other, r.progress_text,
                                         r.progress_percent, r.workers, r.problems_text, r.overrun_reason,
                                         r.return_reason
                                  FROM projects_project p
                                  LEFT JOIN progress_monthlyreport r ON r.project_id = p.id AND r.period_id = %s
                                  LEFT JOIN progress_monthlyreport o ON o.project_id = p.id AND o.period_id = %s
                                  LEFT JOIN progress_annualplan a ON a.project_id = p.id AND a.year = %s
                                  WHERE p.region_id = %s AND p.stage = 'construction'
                                  ORDER BY p.total_investment DESC, p.id LIMIT %s""",
                               [period.pk, previous.pk, year, district.pk, BATCH_PAGE])
                return count, cursor.fetchall()
            sql_ms, (count, rows) = timed(raw, repeat)
        assert count == due and [str(row[0]) for row in rows] == shown, ("page and SQL disagree", count, len(shown))
        transaction.set_rollback(True)
    return line("report_batch_page", due, page_ms, sql_ms, rows_shown=len(shown))


# 目标任务: the city's targets split to its districts, each indicator with the raw SQL computing its figures
# for every district at once (the city's figure is their sum: every bench project sits in a district).
START_SQL = "actual_start BETWEEN %(start)s AND %(end)s AND stage <> 'withdrawn'"
TARGET_SQL = {
    "new_starts": (f"SELECT region_id, COUNT(*) FROM projects_project WHERE {START_SQL} AND total_investment >= 10000 "
                   "GROUP BY region_id", {"min_total": "10000"}),
    "continuing": ("SELECT region_id, COUNT(*) FROM projects_project WHERE actual_start < %(start)s "
                   "AND stage <> 'withdrawn' AND (actual_completion IS NULL OR actual_completion >= %(start)s) "
                   "GROUP BY region_id", {}),
    "completions": ("SELECT region_id, COUNT(*) FROM projects_project "
                    "WHERE actual_completion BETWEEN %(start)s AND %(end)s GROUP BY region_id", {}),
    "annual_plan": ("SELECT p.region_id, SUM(a.planned_investment) FROM progress_annualplan a "
                    "JOIN projects_project p ON p.id = a.project_id WHERE a.year = %(year)s "
                    "AND a.planned_investment > 0 GROUP BY p.region_id", {}),
    "investment_completed": ("SELECT p.region_id, SUM(y.m{month:02d}) FROM progress_yeartodate y "
                             "JOIN projects_project p ON p.id = y.project_id WHERE y.year = %(year)s "
                             "GROUP BY p.region_id", {}),
    "start_rate": ("SELECT region_id, SUM(actual_start IS NOT NULL AND actual_start <= %(end)s), COUNT(*) "
                   "FROM projects_project WHERE planned_start BETWEEN %(start)s AND %(end)s "
                   "AND stage <> 'withdrawn' GROUP BY region_id", {}),
}
CITY_ONLY = ["schedule_rate", "industry_share_of_new_starts"]


def _bench_targets(city, year, checkpoint):
    from tuijin.targets.models import Target

    targets = []
    for key, (_sql, filters) in TARGET_SQL.items():
        whole = Target.objects.create(year=year, region=city, title=key, indicator=key, filters=filters,
                                      checkpoint=checkpoint, comparator="gte", value=Decimal(600))
        targets.append(whole)
        targets += [Target.objects.create(year=year, region=district, parent=whole, title=key, indicator=key,
                                          filters=filters, checkpoint=checkpoint, comparator="gte", value=Decimal(100))
                    for district in Region.objects.filter(parent=city)]
    targets += [Target.objects.create(year=year, region=city, title=key, indicator=key, checkpoint=checkpoint,
                                      comparator="gte", value=Decimal(80)) for key in CITY_ONLY]
    return targets


def _raw_figures(cursor, year, as_of):
    """{indicator key: {region id: figure}} by raw SQL (a rate as (numerator, denominator))."""
    params = {"start": datetime.date(year, 1, 1), "end": as_of, "year": year}
    found = {}
    for key, (sql, _filters) in TARGET_SQL.items():
        cursor.execute(sql.replace("{month:02d}", f"{as_of.month:02d}"), params)
        found[key] = {row[0]: row[1:] if len(row) > 2 else row[1] for row in cursor.fetchall()}
    cursor.execute(f"SELECT region_id, SUM(category = 'industry'), COUNT(*) FROM projects_project WHERE {START_SQL} "
                   "GROUP BY region_id", params)
    found["industry_share_of_new_starts"] = {row[0]: row[1:] for row in cursor.fetchall()}
    return found


def _context(client, url):
    """The template context of one more request, with the test runner's instrumentation on for it alone
    (it slows rendering, so the timed requests run without it)."""
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        return client.get(url).context
    finally:
        teardown_test_environment()


def target_progress(repeat, year):
    """The city's 目标任务进度 page (`/targets/?year=`) with 44 targets — six indicators for the city and each
    of its six districts, two more for the city — over every project, against the raw SQL computing the same
    figures (one grouped query per indicator). The page's actuals are checked against the SQL's. The targets
    are made inside a transaction rolled back afterwards."""
    city = Region.objects.get(parent=None)
    as_of = today() if today().year == year else datetime.date(year, 12, 31)
    with transaction.atomic():
        targets = _bench_targets(city, year, datetime.date(year, 12, 31))
        client = coordinator_client()
        page_ms, response = timed(lambda: client.get(f"/targets/?year={year}"), repeat)
        assert response.status_code == 200, response.status_code
        with connection.cursor() as cursor:
            sql_ms, figures = timed(lambda: _raw_figures(cursor, year, as_of), repeat)
        actual = {s.target.pk: s.actual for s in _context(client, f"/targets/?year={year}")["standings"]}
        for t in targets:
            rows = figures.get(t.indicator, {})
            if t.indicator in ("start_rate", "industry_share_of_new_starts"):
                picked = [v for r, v in rows.items() if r == t.region_id or t.region_id == city.pk]
                top, bottom = sum(Decimal(v[0]) for v in picked), sum(Decimal(v[1]) for v in picked)
                expected = (top * 100 / bottom).quantize(Decimal("0.01")) if bottom else None
            elif t.indicator == "schedule_rate":
                done = sum(Decimal(str(v)) for v in figures["investment_completed"].values())
                expected = (done * 100 / sum(Decimal(str(v)) for v in figures["annual_plan"].values())).quantize(Decimal("0.01"))
            else:
                # SQLite sums money as floating point; both sides read it to the fen.
                expected = sum(Decimal(str(v)) for r, v in rows.items()
                               if r == t.region_id or t.region_id == city.pk).quantize(Decimal("0.01"))
            assert Decimal(actual[t.pk]) == Decimal(expected), ("page and SQL disagree", t.indicator, t.region_id,
                                                                actual[t.pk], expected)
        transaction.set_rollback(True)
    return line("target_progress", Project.objects.count(), page_ms, sql_ms, targets=len(targets))


def indicator_value(repeat, year):
    """One indicator for every district at once — the API's `?by=region` for 新开工 (亿元以上) over the city —
    against its raw SQL: one grouped count. The values are checked against the SQL's."""
    city = Region.objects.get(parent=None)
    as_of = today() if today().year == year else datetime.date(year, 12, 31)
    client = coordinator_client()
    url = (f"/api/v1/indicators/new_starts/values/?scope={city.code}&year={year}&as_of={as_of}"
           "&min_total=10000&by=region")
    api_ms, response = timed(lambda: client.get(url), repeat)
    assert response.status_code == 200, response.status_code
    sql, _filters = TARGET_SQL["new_starts"]
    params = {"start": datetime.date(year, 1, 1), "end": as_of}
    with connection.cursor() as cursor:
        def raw():
            cursor.execute(sql, params)
            return dict(cursor.fetchall())
        sql_ms, counts = timed(raw, repeat)
    codes = dict(Region.objects.filter(parent=city).values_list("pk", "code"))
    assert {r["scope"]: r["value"] for r in response.json()["results"]} == {codes[k]: v for k, v in counts.items()} | {
        code: 0 for pk, code in codes.items() if pk not in counts}, "API and SQL disagree"
    return line("indicator_value", Project.objects.count(), api_ms, sql_ms, regions=len(codes))


def list_import(rows=10_000, repeat=3):
    """Reading and planning a published project list of `rows` rows (title and unit lines, a 合计 row, a section
    row every 500 rows, two owners a cell, money as text) for a district — every row read, converted, matched
    against the district's projects and staged — against python-calamine's parse of the same file alone. The
    import is made inside a transaction rolled back afterwards; `read_ms` is the reading layer alone (every row
    read and converted, nothing matched or saved). Two floors show what any import of this file costs before a
    cell is read: `staged_ms`, calamine's rows staged as they stand (no reading, no matching), and `matched_ms`,
    the district's projects indexed and every row's name matched (docs/PERFORMANCE.md). Memory is the tracemalloc
    peak of one more run, untimed, of this file (`peak_mb`) and of one twice as long (`peak_double_mb`): the
    same when memory does not grow with the rows."""
    from tuijin.exchange import services as exchange
    from tuijin.exchange.landing import to_json
    from tuijin.exchange.listing.parse import parse_file

    path = _list_file(rows)
    data = path.read_bytes()

    def parse_alone():
        workbook = CalamineWorkbook.from_path(str(path))
        return sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())

    def read_alone():
        return sum(1 for _row in parse_file(str(path)))

    region = Region.objects.get(code="211103")
    actor = get_user_model().objects.get(username="bench_coordinator")

    def check(data=data):
        with transaction.atomic():
            batch = exchange.receive(data, "bench-list.xlsx", region=region, actor=actor)
            exchange.check(batch)
            counts = dict(batch.counts)
            transaction.set_rollback(True)
        return counts

    def peak(data):
        # A run of its own: tracing every allocation slows Python several times over.
        tracemalloc.start()
        check(data)
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        return round(peak, 1)

    def staged_alone():
        # The floor under any reading: calamine's rows, each staged as it stands (its name and two amounts,
        # as JSON) through the import's own staging statement, a thousand a time.
        with transaction.atomic():
            batch = exchange.receive(data, "bench-list.xlsx", region=region, actor=actor)
            chunk = []
            for number, cells in enumerate(CalamineWorkbook.from_path(batch.file.path).get_sheet_by_index(0)
                                           .iter_rows(), start=1):
                row = exchange.Planned(batch.pk, "重点项目", number, [])
                row.action, row.name = "new", str(cells[1])
                row.values = to_json({"name": row.name, "total_investment": str(cells[3]),
                                      "annual_plan": str(cells[4])})
                chunk.append(row)
                if len(chunk) == exchange.CHUNK:
                    exchange._stage(chunk)
                    chunk = []
            exchange._stage(chunk)
            transaction.set_rollback(True)

    def matched_alone():
        # The district's projects indexed and every row's name looked up, as the import's planner does.
        with transaction.atomic():
            batch = exchange.receive(data, "bench-list.xlsx", region=region, actor=actor)
            planner = exchange.Planner(batch, {r.code: r for r in region.subtree()})
            for cells in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows():
                planner.matcher.match(None, str(cells[1]), region.pk)
            transaction.set_rollback(True)

    calamine_ms, _rows = timed(parse_alone, repeat)
    read_ms, _rows = timed(read_alone, repeat)
    staged_ms, _none = timed(staged_alone, repeat)
    matched_ms, _none = timed(matched_alone, repeat)
    import_ms, counts = timed(check, repeat, warmup=1)
    assert counts["new"] + counts["update"] + counts["duplicate"] == rows, counts
    return line("list_import", rows, import_ms, calamine_ms, read_ms=round(read_ms, 2),
                staged_ms=round(staged_ms, 2), matched_ms=round(matched_ms, 2), peak_mb=peak(data),
                peak_double_mb=peak(_list_file(2 * rows).read_bytes()))


def _list_file(rows):
    import tempfile
    from pathlib import Path

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("重点项目")
    sheet.append(["2026年重点项目计划表"])
    sheet.append(["单位：万元"])
    sheet.append(["序号", "项目名称", "建设阶段", "总投资", "2026年计划投资", "项目业主", "牵头单位", "建设起止年限"])
    sheet.append(["", "合计", "", "", "", "", "", ""])
    for i in range(rows):
        if i % 500 == 0:
            sheet.append([f"（{i // 500 + 1}）第{i // 500 + 1}组", "", "", "", "", "", "", ""])
        sheet.append([i + 1, f"基准清单项目{i:05d}号厂房及配套工程", "续建" if i % 3 else "新开工", f"{10000 + i:,}.50",
                      1200 + i % 7, "盘锦某某建设有限公司、盘锦某某投资集团", "市工业和信息化局", "2025-2027"])
    path = Path(tempfile.mkdtemp()) / "bench-list.xlsx"
    book.save(path)
    return path
