"""A clerk with 136 projects: the table keeps its status and buttons in view, filters by status, and submits
every draft at once; the reviewer returns one with a reason and accepts the rest at once; the return
reaches the clerk's home page."""

import datetime
from decimal import Decimal

import pytest

from tuijin.core.testing import make_project
from tuijin.progress import services
from tuijin.progress.models import AnnualPlan, MonthlyReport, ReportingPeriod

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    today = datetime.date.today()
    personas.period = ReportingPeriod.objects.create(region=personas.city, year=2026, month=11,
                                                     deadline=max(today, datetime.date(2026, 11, 25)))
    personas.projects = []
    for i in range(136):
        project = make_project(personas.region_a, name=f"双台子{i + 1:03d}号在建项目", stage="construction",
                               actual_start=datetime.date(2026, 2, 1), total_investment=Decimal(90000 - i))
        AnnualPlan.objects.create(project=project, year=2026, planned_investment=Decimal("1200"))
        personas.projects.append(project)
    editor = personas.region_a_editor
    for project in personas.projects[:120]:  # 16 not filled in yet
        services.save_report(project, personas.period, {"completed": Decimal("100"), "progress_text": "主体施工"},
                             actor=editor)
    return personas


def test_136_rows_submit_all_return_one_accept_the_rest(live_server, as_user, shot, world):
    base = live_server.url
    first, second = world.projects[0], world.projects[1]
    clerk = as_user("region_a")  # 1400 × 900
    clerk.goto(f"{base}/progress/{world.period.pk}/batch/")
    assert clerk.locator("tr[id^=row-]").count() == 136
    # The status and the save button of a row are on screen without scrolling sideways.
    for hook in ("[data-testid=row-status]", "[data-testid=save-row]"):
        box = clerk.locator(f"#row-{first.pk} {hook}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1400, (hook, box)
    shot(clerk, "batch-136-rows")

    clerk.select_option("select[name=status]", "none")
    clerk.click("[data-testid=apply-filters]")
    clerk.wait_for_url("**status=none**")
    assert clerk.locator("tr[id^=row-]").count() == 16
    clerk.click("[data-testid=submit-all]")
    clerk.locator(".alert:has-text('已报送120份月报')").wait_for()
    assert "另有16个项目尚未填写本月数据" in clerk.inner_text("body")
    assert "status=none" in clerk.url  # back on the filtered table
    shot(clerk, "batch-submitted-all")
    assert MonthlyReport.objects.filter(status="submitted").count() == 120

    reviewer = as_user("reviewer_a")
    reviewer.goto(f"{base}/progress/{world.period.pk}/review/")
    assert "120 份待审核" in reviewer.inner_text("[data-testid=bulk-review]")
    report = MonthlyReport.objects.get(project=first)
    reviewer.check(f"#report-{report.pk} input[name=report]")
    reviewer.fill("[data-testid=bulk-review] input[name=reason]", "形象进度与完成投资不符，请核实")
    shot(reviewer, "review-bulk-bar")
    reviewer.press("[data-testid=bulk-review] input[name=reason]", "Enter")  # Enter accepts nothing
    reviewer.wait_for_timeout(500)
    assert MonthlyReport.objects.filter(status="submitted").count() == 120
    reviewer.click("[data-testid=return-selected]")
    reviewer.locator(".alert:has-text('已退回1份月报')").wait_for()
    reviewer.click("[data-testid=accept-all]")
    reviewer.locator(".alert:has-text('已审核通过119份月报')").wait_for()
    shot(reviewer, "review-bulk-done")
    assert MonthlyReport.objects.filter(status="accepted").count() == 119
    assert MonthlyReport.objects.get(project=second).status == "accepted"

    clerk.goto(f"{base}/")
    note = clerk.locator(f"[data-testid=notification]:has-text('{first.name}')")
    assert "被退回：形象进度与完成投资不符，请核实" in note.inner_text()
    shot(clerk, "home-return-notice")
    note.locator("a").click()
    clerk.wait_for_url(f"**/progress/{world.period.pk}/batch/**")
    assert "形象进度与完成投资不符" in clerk.inner_text(f"#row-{first.pk}")
    clerk.goto(f"{base}/progress/{world.period.pk}/batch/?status=returned")
    assert clerk.locator("tr[id^=row-]").count() == 1
    shot(clerk, "batch-returned-filter")
