"""A county editor records two procedures on a project; the coordinator sees the within-51-days share
and the over-limit warning."""

import datetime

import pytest

from tuijin.approvals.models import ProcedureType
from tuijin.core.testing import make_project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    personas.project = make_project(personas.region_a, name="双台子化工项目", stage="preparation")
    for order, (name, stage, days, permit) in enumerate([("项目审批/核准/备案", "land", 20, False),
                                                          ("施工许可证", "permit", 7, True)]):
        ProcedureType.objects.get_or_create(name=name, defaults={
            "stage": stage, "limit_days": days, "is_construction_permit": permit, "sort_order": order,
            "categories": ["industry"], "department": personas.dept_x})
    return personas


def fill(page, name, status, applied, approved, number=""):
    page.locator(f"tr:has-text('{name}') [data-testid=edit-procedure]").first.click()
    form = page.locator(f"[data-testid='procedure-form-{name}']")
    form.locator("select[name$='-status']").select_option(status)
    form.locator("input[name$='-applied_on']").fill(applied)
    form.locator("input[name$='-approved_on']").fill(approved)
    if number:
        form.locator("input[name$='-document_number']").fill(number)
    form.locator("button").click()
    page.locator(f"tr:has-text('{name}'):has-text('{approved}')").wait_for()


def test_record_two_procedures_and_see_the_share(live_server, as_user, shot, world):
    if datetime.date.today() < datetime.date(2026, 11, 10):
        pytest.skip("dates below are in the past only from 10 November 2026")
    base = live_server.url
    editor = as_user("region_a", viewport={"width": 1400, "height": 1000})
    editor.goto(f"{base}/projects/{world.project.pk}/#tab-approvals")
    editor.locator("[data-testid=ensure-checklist]").click()
    editor.locator("tr:has-text('施工许可证') [data-testid=edit-procedure]").wait_for()
    fill(editor, "项目审批/核准/备案", "done", "2026-09-01", "2026-09-15")
    # 20 Sep → 10 Nov: far over the permit's 7 working days.
    fill(editor, "施工许可证", "done", "2026-09-20", "2026-11-10", "210000202611100001")
    editor.locator("[data-testid=procedure-over]").wait_for()
    assert "施工许可证已用" in editor.locator("[data-testid=procedure-over]").inner_text()
    # 1 Sep → 10 Nov is 46 working days (国庆 and the two worked weekend days counted): within 51.
    assert "46" in editor.locator("[data-testid=procedure-chain]").inner_text()
    editor.locator("[data-testid=timeline] canvas").wait_for()
    shot(editor, "procedures-project")

    coordinator = as_user("coordinator", viewport={"width": 1400, "height": 1000})
    coordinator.goto(f"{base}/approvals/")
    assert coordinator.locator("[data-testid=overall-share]").inner_text().strip() == "100.0%"
    assert coordinator.locator("[data-testid=over-count]").inner_text().strip() == "1"
    assert "施工许可证" in coordinator.locator("[data-testid=over-list]").inner_text()
    shot(coordinator, "procedures-board")
