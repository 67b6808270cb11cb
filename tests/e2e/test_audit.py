"""The coordinator opens a project's change log from its page, reads who changed what, when and why,
narrows it to one kind and exports it; an editor of another district cannot open the entries."""

import io

import pytest
from openpyxl import load_workbook

from tuijin.core import audit
from tuijin.core.audit_backfill import backfill
from tuijin.core.models import AuditEntry
from tuijin.core.testing import make_project
from tuijin.problems import services as problem_services
from tuijin.problems.models import ProblemCategory
from tuijin.projects import services as project_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    World = personas
    World.project = make_project(World.region_a, name="双台子化工项目", stage="construction",
                                 construction_permit="210000202601010101")
    category, _ = ProblemCategory.objects.get_or_create(name="征拆", defaults={"days": 15})
    project_services.transition_stage(World.project, "suspended", actor=World.coordinator, reason="环保督察整改，暂停施工")
    problem_services.raise_problem(World.project, actor=World.region_a_editor, category=category,
                                   description="红线内3户居民未完成征收")
    backfill()
    audit.record("project.update", actor=World.region_a_editor, subject=World.project, summary="修改项目：双台子化工项目",
                 reason="按备案证更正总投资", changes={"总投资（万元）": ["12000.00", "15000.00"]})
    return World


def test_coordinator_reads_and_exports_a_projects_change_log(live_server, as_user, shot, world):
    base = live_server.url
    page = as_user("coordinator", accept_downloads=True)
    page.goto(f"{base}{world.project.get_absolute_url()}")
    page.click("[data-testid=audit-link]")
    page.locator("[data-testid=audit-row]").first.wait_for()
    kinds = page.locator("[data-testid=audit-kind]").all_inner_texts()
    assert {"修改项目", "提出问题", "项目阶段变更", "登记项目"} <= set(kinds)
    table = page.locator("[data-testid=audit-table]").inner_text()
    for text in ["region_a", "coordinator", "环保督察整改，暂停施工", "按备案证更正总投资",
                 "总投资（万元）：12000.00 → 15000.00", "项目阶段：在建 → 停缓建"]:
        assert text in table
    assert "只看项目：双台子化工项目" in page.locator("[data-testid=audit-object-filter]").inner_text()
    shot(page, "audit-project")

    page.select_option("#id_kind", "project.stage")
    page.click("form.filters button[type=submit]")
    page.locator("[data-testid=result-count]:has-text('共 1 条')").wait_for()
    with page.expect_download() as download:
        page.click("[data-testid=audit-export]")
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "操作人", "类别")
    assert [row[2] for row in rows[1:]] == ["项目阶段变更"]


def test_editor_of_another_district_gets_404_on_an_entry(live_server, as_user, world):
    entry = AuditEntry.objects.filter(project_id=world.project.pk).first()
    page = as_user("region_b")
    response = page.goto(f"{live_server.url}/audit/{entry.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/audit/")
    assert "双台子化工项目" not in page.locator("[data-testid=audit-table]").inner_text()
