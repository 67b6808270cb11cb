"""Synthetic monthly reports for the demo city: three years of periods, annual plans and reports.

Figures follow a northern city's rhythm (little work in Jan–Mar and December), stay within each
project's total investment, and leave the current month half reported so compliance has something
to show. Bulk inserts: derived figures (year-to-date, since start) are computed here.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from tuijin.progress.models import AnnualPlan, MonthlyReport, ReportingPeriod
from tuijin.progress.cumulative import rebuild_year_to_date
from tuijin.progress.services import default_deadline
from tuijin.projects.choices import Stage

SEASON = {1: Decimal("0.2"), 2: Decimal("0.3"), 3: Decimal("0.7"), 12: Decimal("0.4")}
CENT = Decimal("0.01")


def months_back(today, count):
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(out))


def seed_progress(rng, city, projects, actor, today, months=35):
    calendar = months_back(today, months)
    periods = {}
    for year, month in calendar:
        current = (year, month) == (today.year, today.month)
        periods[(year, month)] = ReportingPeriod.objects.create(
            region=city, year=year, month=month, deadline=default_deadline(year, month),
            status="open" if current else "closed")
    plans, reports = [], []
    years = sorted({y for y, _m in calendar})
    for project in projects:
        if not project.actual_start and project.stage != Stage.PREPARATION:
            continue
        active_years = [y for y in years if project.actual_start and project.actual_start.year <= y
                        and (not project.actual_completion or project.actual_completion.year >= y)]
        if project.stage == Stage.PREPARATION:
            active_years = [today.year] if rng.random() < 0.4 else []
        yearly = {}
        for year in active_years:
            planned = (project.total_investment * Decimal(rng.uniform(0.15, 0.4))).quantize(CENT)
            yearly[year] = planned
            plans.append(AnnualPlan(project=project, year=year, planned_investment=planned))
        if not project.actual_start:
            continue
        since_start, ytd = Decimal(0), {}
        for year, month in calendar:
            first = datetime.date(year, month, 1)
            if first < project.actual_start.replace(day=1) or year not in yearly:
                continue
            if project.actual_completion and first > project.actual_completion:
                continue
            if (year, month) == (today.year, today.month) and rng.random() < 0.2:
                continue  # not reported yet
            pace = yearly[year] / 12 * SEASON.get(month, Decimal(1)) * Decimal(rng.uniform(0.7, 1.8))
            completed = min(pace.quantize(CENT), project.total_investment - since_start)
            since_start += completed
            ytd[year] = ytd.get(year, Decimal(0)) + completed
            period = periods[(year, month)]
            status, submitted_at = "accepted", _submitted(rng, period)
            if period.status == "open":
                status = rng.choice(["submitted", "submitted", "accepted", "draft"])
                submitted_at = None if status == "draft" else submitted_at
            reports.append(MonthlyReport(
                project=project, period=period, year=year, month=month, completed=completed, ytd=ytd[year],
                since_start=since_start, fund_self_raised=(completed * Decimal("0.6")).quantize(CENT),
                fund_bank_loans=(completed * Decimal("0.3")).quantize(CENT),
                progress_text=rng.choice(["土建施工", "主体结构施工", "设备安装", "室外配套", "基础施工"]),
                progress_percent=min(Decimal(100), (since_start / project.total_investment * 100).quantize(CENT)),
                workers=rng.randint(20, 400), status=status, submitted_at=submitted_at,
                submitted_by=actor if submitted_at else None))
    AnnualPlan.objects.bulk_create(plans, batch_size=2000)
    MonthlyReport.objects.bulk_create(reports, batch_size=2000)
    rebuild_year_to_date()
    return len(reports)


def _submitted(rng, period):
    day = period.deadline - datetime.timedelta(days=rng.randint(-3, 10))  # a few come in late
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59))))
    return min(moment, timezone.now())
