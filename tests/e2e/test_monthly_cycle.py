"""A county editor fills three rows and submits them; the reviewer accepts; the coordinator sees
the compliance and 序时进度 figures change. The same editor imports a filled Excel template."""

import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tuijin.core.testing import make_project
from tuijin.progress.models import AnnualPlan, ImportBatch, MonthlyReport, ReportingPeriod

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    personas.projects = []
    for name in ["双台子一号项目", "双台子二号项目", "双台子三号项目"]:
        project = make_project(personas.region_a, name=name, stage="construction",
                               actual_start=datetime.date(2026, 2, 1), total_investment=Decimal("50000"))
        AnnualPlan.objects.create(project=project, year=2026, planned_investment=Decimal("1200"))
        personas.projects.append(project)
    today = datetime.date.today()
    personas.period = ReportingPeriod.objects.create(region=personas.city, year=2026, month=11,
                                                     deadline=max(today, datetime.date(2026, 11, 25)))
    return personas


def test_fill_submit_accept_and_see_the_figures(live_server, as_user, shot, world):
    base = live_server.url
    editor = as_user("region_a", viewport={"width": 1600, "height": 900})
    editor.goto(f"{base}/progress/{world.period.pk}/batch/")
    for amount, project in zip(["1000", "１,１００", "1200.5"], world.projects):
        row = editor.locator(f"#row-{project.pk}")
        row.locator("input[name$='-completed']").fill(amount)
        row.locator("input[name$='-progress_text']").fill("主体施工")
        row.locator("[data-testid=save-row]").click()
        editor.locator(f"#row-{project.pk} [data-testid=row-message]").wait_for()
        editor.locator(f"#row-{project.pk} [data-testid=submit-row]").click()
        editor.locator(f"#row-{project.pk} [data-testid=row-message]:has-text('已报送')").wait_for()
    shot(editor, "batch-submitted")
    assert MonthlyReport.objects.filter(status="submitted").count() == 3
    assert MonthlyReport.objects.get(project=world.projects[1]).completed == Decimal("1100")

    reviewer = as_user("reviewer_a")
    reviewer.goto(f"{base}/progress/{world.period.pk}/review/")
    for project in world.projects:
        reviewer.locator(f"tr[data-project='{project.name}'] [data-testid=accept]").click()
        reviewer.locator(f"tr[data-project='{project.name}'] [data-testid=review-status]:has-text('已审核')").wait_for()
    shot(reviewer, "review-accepted")

    coordinator = as_user("coordinator")
    coordinator.goto(f"{base}/progress/{world.period.pk}/")
    row = coordinator.locator("[data-testid=compliance] tr[data-region='双台子区']")
    assert row.locator("[data-testid=on-time]").inner_text() == "3"
    assert row.locator("[data-testid=missing]").inner_text() == "0"
    shot(coordinator, "compliance")
    coordinator.goto(f"{base}/progress/schedule/?year=2026&month=11")
    gap = coordinator.locator("[data-testid=schedule] tr[data-group='双台子区'] [data-testid=gap]").inner_text()
    # 3300.5 done of 3600 planned = 91.68% against 91.67% expected.
    assert gap == "0.01"
    shot(coordinator, "schedule")


def test_import_a_filled_template_after_fixing_its_error(live_server, as_user, shot, world, tmp_path):
    """The Excel door: download the template, fill it, upload; an error is listed and nothing saved;
    fixed, the preview shows old → new; confirmed, the figures are on the batch page."""
    base = live_server.url
    editor = as_user("region_a", accept_downloads=True)
    editor.goto(f"{base}/progress/{world.period.pk}/import/")
    with editor.expect_download() as download:
        editor.click("text=下载本期模板")
    path = tmp_path / "月报.xlsx"
    download.value.save_as(path)
    workbook = load_workbook(path)
    sheet = workbook["月报"]
    header = [cell.value for cell in sheet[1]]
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    completed = header.index("本月完成投资（万元）")
    rows["双台子一号项目"][completed].value = "１,２００.５"  # full-width digits and a separator: read as 1200.50
    rows["双台子二号项目"][completed].value = -5
    workbook.save(path)
    editor.set_input_files("[data-testid=import-file]", str(path))
    editor.click("text=上传并检查")
    errors = editor.locator("[data-testid=import-errors]").inner_text()
    assert "第3行" in errors and "金额不能为负数" in errors, errors
    shot(editor, "import-errors")
    assert not MonthlyReport.objects.exists()

    rows["双台子二号项目"][completed].value = 300
    workbook.save(path)
    editor.set_input_files("[data-testid=import-file]", str(path))
    editor.click("text=上传并检查")
    preview = editor.locator("[data-testid=import-preview]").inner_text()
    assert "双台子一号项目" in preview and "1200.50" in preview, preview
    shot(editor, "import-preview")
    assert not MonthlyReport.objects.exists()
    editor.click("[data-testid=import-commit]")
    editor.locator(".alert:has-text('导入完成：2个项目的月报有变动')").wait_for()
    shot(editor, "import-done")
    assert MonthlyReport.objects.get(project=world.projects[0]).completed == Decimal("1200.50")
    assert MonthlyReport.objects.get(project=world.projects[1]).completed == Decimal("300")
    editor.goto(f"{base}/progress/{world.period.pk}/batch/")
    assert editor.locator(f"#row-{world.projects[0].pk} input[name$='-completed']").input_value() == "1200.50"
    # A project not reported yet shows its blank amounts as saved ones are shown.
    assert editor.locator(f"#row-{world.projects[2].pk} input[name$='-completed']").input_value() == "0.00"
    shot(editor, "batch-after-import")
    # The report's history names the upload that changed it.
    saved = ImportBatch.objects.get(status=ImportBatch.COMMITTED)
    editor.locator(f"#row-{world.projects[0].pk} >> text=修改记录").click()
    history = editor.locator("[data-testid=report-history]").inner_text()
    assert f"Excel导入 #{saved.pk}" in history and "1200.50" in history, history
    shot(editor, "report-history")
    # The import's record: the refused upload and the one saved, each with its number.
    editor.goto(f"{base}/progress/{world.period.pk}/import/")
    record = editor.locator("[data-testid=import-record] tbody tr")
    assert record.count() == 2, record.all_inner_texts()
    newest = record.nth(0).inner_text().split("\t")
    assert newest[4:] == ["已导入", "2"], newest
    assert "有错误，未保存" in record.nth(1).inner_text()
    shot(editor, "import-record")
