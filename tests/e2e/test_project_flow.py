"""A county clerk logs in, finds a project, edits it, moves its stage and sees the history."""

from decimal import Decimal

import pytest

from tuijin.core.testing import make_project
from tuijin.projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    personas.project = make_project(personas.region_a, name="双台子高性能树脂项目", lead_department=personas.dept_x,
                                    stage="preparation")
    make_project(personas.region_a, name="双台子储备项目")
    make_project(personas.region_b, name="兴隆台外区项目")
    return personas


def test_clerk_filters_edits_moves_stage_and_sees_history(live_server, page, login, shot, world):
    page.goto(f"{live_server.url}/projects/")
    assert "/accounts/login/" in page.url
    login(page, "region_a")

    page.goto(f"{live_server.url}/projects/")
    page.locator("[data-testid=filters] input[value=preparation]").check()
    page.locator("[data-testid=filters] button[type=submit]").click()
    table = page.locator("[data-testid=project-table]")
    assert "双台子高性能树脂项目" in table.inner_text()
    assert "双台子储备项目" not in table.inner_text()
    assert "兴隆台外区项目" not in table.inner_text()
    shot(page, "project-list-filtered")

    page.click("text=双台子高性能树脂项目")
    assert page.locator("[data-testid=stage]").inner_text() == "前期"
    page.click("[data-testid=edit]")
    page.fill("#id_total_investment", "15800.50")
    page.fill("#id_change_reason", "可研批复调整总投资")
    shot(page, "project-edit")
    page.click("[data-testid=save]")
    assert page.locator("[data-testid=total-investment]").inner_text() == "1.58亿元"

    page.click("[data-testid=tab-stage]")
    page.select_option("#id_to_stage", "construction")
    page.fill("#id_effective_date", "2026-03-02")
    page.click("[data-testid=transition-submit]")
    # No construction permit: the rule is explained and the stage stays.
    assert "施工许可" in page.locator("[data-testid=transition-form]").inner_text()
    shot(page, "project-transition-refused")
    # A typed number is not a permit (it comes from the 施工许可证 procedure): only with an override and a reason.
    page.fill("#id_construction_permit", "211102202603020001")
    page.click("[data-testid=transition-submit]")
    assert "前期手续" in page.locator("[data-testid=transition-form]").inner_text()
    page.check("#id_override")
    page.fill("#id_reason", "施工许可证已由省厅核发，前期手续待补录")
    page.click("[data-testid=transition-submit]")
    assert page.locator("[data-testid=stage]").inner_text() == "在建"

    page.click("[data-testid=tab-history]")
    history = page.locator("[data-testid=history]").inner_text()
    assert "可研批复调整总投资" in history
    assert "15800.50" in history
    assert "阶段变更" in history
    shot(page, "project-history")

    project = Project.objects.get(pk=world.project.pk)
    assert (project.stage, project.total_investment) == ("construction", Decimal("15800.50"))
