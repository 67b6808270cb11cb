"""A district clerk uploads a published list from the 登记项目 page, reads what each row would do, and
confirms; the projects land in their real stage awaiting 入库审核."""

import pytest

from tuijin.core import progress
from tuijin.exchange.models import ProjectImport
from tuijin.exchange.tests.test_import_command import LONGQUAN, workbook
from tuijin.progress.tests.test_background_import import run_worker
from tuijin.projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_imports_a_published_list(live_server, as_user, shot, personas):
    clerk = as_user("region_a", viewport={"width": 1400, "height": 1000})
    clerk.goto(f"{live_server.url}/projects/add/")
    clerk.click("[data-testid=import-list-link]")
    clerk.set_input_files("#id_file", str(workbook(LONGQUAN)))
    clerk.click("[data-testid=upload]")
    clerk.locator("[data-testid=import-rows]").wait_for()
    assert "新增 2" in clerk.inner_text("[data-testid=import-counts]")
    assert "区农发局" in clerk.inner_text("[data-testid=import-rows]")  # kept as written, to be linked
    shot(clerk, "list-import-preview")
    clerk.click("[data-testid=commit-import]")
    clerk.locator("[data-testid=import-status]:has-text('已导入')").wait_for()
    shot(clerk, "list-import-done")
    assert set(Project.objects.filter(intake_pending=True).values_list("name", flat=True)) == {
        "汽车城配套道路工程", "龙泉山旅游环线"}


def test_a_clerk_sets_the_columns_of_an_unknown_layout_and_reads_again(live_server, as_user, shot, personas):
    from tuijin.exchange.tests.test_import_columns import OWN_LAYOUT

    clerk = as_user("region_a", viewport={"width": 1400, "height": 1000})
    clerk.goto(f"{live_server.url}/exchange/imports/")
    clerk.set_input_files("#id_file", str(workbook(OWN_LAYOUT)))
    clerk.click("[data-testid=upload]")
    clerk.locator("[data-testid=import-columns]").wait_for()
    assert "没有项目名称列" in clerk.inner_text("body")
    clerk.select_option("select[name='column-工程']", "name")
    clerk.select_option("select[name='column-资金']", "total_investment")
    shot(clerk, "list-import-columns")
    clerk.click("[data-testid=recheck]")
    clerk.locator("[data-testid=import-counts]:has-text('新增 2')").wait_for()
    clerk.fill("input[name=mapping_name]", "区自编表")
    clerk.click("[data-testid=commit-import]")
    clerk.locator("[data-testid=import-status]:has-text('已导入')").wait_for()
    assert Project.objects.get(name="双台子区体育馆").total_investment == 800
    clerk.goto(f"{live_server.url}/exchange/imports/")
    assert "区自编表" in clerk.inner_text("#id_mapping")
    shot(clerk, "list-import-upload-mapping")


def test_a_large_list_shows_its_progress_while_the_worker_reads_and_saves_it(live_server, as_user, shot, personas, settings):
    settings.IMPORT_INLINE_MAX_BYTES = 0  # every file "large": the page waits for the worker
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    clerk = as_user("region_a", viewport={"width": 1400, "height": 700})
    clerk.goto(f"{live_server.url}/exchange/imports/")
    clerk.set_input_files("#id_file", str(workbook(LONGQUAN)))
    clerk.click("[data-testid=upload]")
    clerk.locator("[data-testid=import-progress]").wait_for()
    assert "排队等待读取" in clerk.inner_text("[data-testid=import-progress]")
    shot(clerk, "list-import-queued")
    # The worker reads it; the page, polling, turns into the preview by itself.
    run_worker()
    clerk.locator("[data-testid=import-counts]:has-text('新增 2')").wait_for()
    clerk.click("[data-testid=commit-import]")
    clerk.locator("[data-testid=import-progress]:has-text('正在保存，请稍候')").wait_for()
    # While the worker saves (one transaction), the card shows what the saving says of itself.
    saving = progress.Progress(ProjectImport.objects.get().progress_key, 120, step="projects")
    for _ in range(40):
        saving.advance()
    clerk.locator("[data-testid=import-progress]:has-text('正在保存：第 40 / 120 个项目')").wait_for()
    shot(clerk, "list-import-saving")
    saving.close()
    run_worker()
    clerk.locator("[data-testid=import-status]:has-text('已导入')").wait_for()
    assert Project.objects.filter(name="龙泉山旅游环线", intake_pending=True).exists()
