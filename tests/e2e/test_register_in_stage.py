"""A district clerk registers a row of a published list (2009 龙泉驿区重点项目计划表) in its real stage,
加快建设 = 在建, with two owners and without 国民经济行业 / 项目类别: it is saved, awaits 入库审核 with its
待补充 listed, and counts on the home page only once the coordinator confirms it."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_project_registered_under_construction_counts_after_intake(live_server, as_user, shot, personas):
    base = live_server.url
    clerk = as_user("region_a", viewport={"width": 1400, "height": 1000})
    clerk.goto(f"{base}/projects/add/")
    clerk.fill("#id_name", "龙泉汽车城配套道路")
    clerk.fill("#id_owner_units", "成都经济技术开发区建设发展有限公司、龙泉驿区交通局")
    clerk.select_option("#id_region", str(personas.region_a.pk))
    clerk.fill("#id_total_investment", "52000")
    clerk.select_option("#id_registered_stage", "construction")
    clerk.fill("#id_registered_start", "2026-03-01")
    clerk.fill("#id_source", "2009年龙泉驿区重点项目计划表")
    shot(clerk, "register-in-stage-form")
    clerk.locator("[data-testid=save]").click()
    clerk.locator("[data-testid=intake-pending]").wait_for()
    assert clerk.inner_text("[data-testid=stage]") == "在建"
    assert clerk.inner_text("[data-testid=owner-units]").split("\n") == ["成都经济技术开发区建设发展有限公司", "龙泉驿区交通局"]
    pending = clerk.inner_text("[data-testid=missing-documents]")
    assert "待补充：施工许可证（前期手续）、国民经济行业、项目类别" in pending
    assert clerk.locator("[data-testid=confirm-intake]").count() == 0  # not the district's to confirm
    shot(clerk, "register-in-stage-pending")
    project_url = clerk.url

    coordinator = as_user("coordinator", viewport={"width": 1400, "height": 1000})
    coordinator.goto(f"{base}/")
    assert coordinator.inner_text("[data-testid=stage-construction] .h1") == "0"  # not yet in the figures
    coordinator.goto(f"{base}/todo/")
    coordinator.locator("a:has-text('龙泉汽车城配套道路')").click()
    assert coordinator.url == project_url
    coordinator.locator("[data-testid=confirm-intake]").click()
    coordinator.locator("text=已审核入库，该项目自此计入统计").wait_for()
    assert coordinator.locator("[data-testid=intake-pending]").count() == 0
    shot(coordinator, "register-in-stage-confirmed")
    coordinator.goto(f"{base}/")
    assert coordinator.inner_text("[data-testid=stage-construction] .h1") == "1"  # now it counts
