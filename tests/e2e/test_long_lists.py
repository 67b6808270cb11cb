"""The coordinator pages through the procedures over their limit, slowest first, the filter kept from page to
page; a department's page counts every late procedure though it shows one page of them."""

import datetime

import pytest

from tuijin.approvals.models import ProcedureType, ProjectProcedure
from tuijin.core.testing import make_project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    planning, _ = ProcedureType.objects.get_or_create(name="建设工程规划许可证", defaults={
        "stage": "works", "limit_days": 20, "sort_order": 1})
    # Seven planning permits applied for a week apart in spring and still open: all over 20 working days.
    for i in range(7):
        project = make_project(personas.region_a, name=f"双台子{i + 1}号项目", stage="preparation")
        ProjectProcedure.objects.create(project=project, procedure_type=planning, department=personas.dept_y,
                                        status="in_progress", applied_on=datetime.date(2026, 3, 2) + datetime.timedelta(weeks=i))
    return personas


def test_over_limit_procedures_page_by_page(live_server, as_user, shot, world, monkeypatch):
    monkeypatch.setattr("tuijin.approvals.views.ROWS_PAGE", 3)
    coordinator = as_user("coordinator", viewport={"width": 1400, "height": 900})
    coordinator.goto(f"{live_server.url}/approvals/rows/?view=procedures&over=1")
    rows = coordinator.locator("[data-testid=approval-rows] tbody tr")
    assert rows.count() == 3
    assert "双台子1号项目" in rows.first.inner_text()  # the slowest first
    assert "第 1 / 3 页，共 7 条" in coordinator.locator("[data-testid=pager]").inner_text()
    shot(coordinator, "long-list-procedures")
    coordinator.click("[data-testid=next-page]")
    coordinator.wait_for_url("**over=1&page=2")
    assert "双台子4号项目" in rows.first.inner_text()
    coordinator.goto(f"{live_server.url}/approvals/departments/{world.dept_y.pk}/")
    assert "7 项手续已超过办理时限" in coordinator.locator("[data-testid=department-over]").inner_text()
    assert coordinator.locator("tbody tr").count() == 3
    shot(coordinator, "long-list-department")
