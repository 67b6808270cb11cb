"""A city leader's page lists the projects it packages; one the project office has registered in its real stage
is named apart, outside the count, until its 入库审核 — as every figure treats it."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_packaged_project_waits_outside_the_leader_page_count_until_intake(live_server, as_user, shot, personas):
    base = live_server.url
    office = as_user("coordinator", viewport={"width": 1400, "height": 1000})
    office.goto(f"{base}/projects/add/")
    office.fill("#id_name", "辽河口湿地保护工程")
    office.fill("#id_owner_units", "盘锦辽河口建设有限公司")
    office.select_option("#id_region", str(personas.region_a.pk))
    office.fill("#id_total_investment", "8000")
    office.select_option("#id_registered_stage", "construction")
    office.fill("#id_registered_start", "2026-03-01")
    office.select_option("#id_leader", str(personas.leader.pk))
    office.locator("[data-testid=save]").click()
    office.locator("[data-testid=intake-pending]").wait_for()
    project_url = office.url

    office.goto(f"{base}/leaders/{personas.leader.pk}/")
    awaiting = office.inner_text("[data-testid=leader-awaiting-intake]")
    assert "另有 1 个项目待入库审核，审核入库后计入：辽河口湿地保护工程" in awaiting
    assert "辽河口湿地保护工程" not in office.inner_text("[data-testid=leader-projects]")
    shot(office, "leader-awaiting-intake")

    office.goto(project_url)
    office.locator("[data-testid=confirm-intake]").click()
    office.locator("text=已审核入库，该项目自此计入统计").wait_for()
    office.goto(f"{base}/leaders/{personas.leader.pk}/")
    assert "辽河口湿地保护工程" in office.inner_text("[data-testid=leader-projects]")
    assert office.locator("[data-testid=leader-awaiting-intake]").count() == 0
