"""Issue 14 in the browser: a damaged workbook and a sheet full of errors, as the clerk sees them."""

from unittest import mock

import pytest
from openpyxl import load_workbook

from tests.e2e.test_monthly_cycle import world  # noqa: F401 (the fixture)
from tuijin.progress import imports
from tuijin.progress.models import ImportBatch, MonthlyReport
from tuijin.progress.tests.test_import_failures import DAMAGED, with_false_size

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_damaged_file_and_a_file_full_of_errors(live_server, as_user, shot, world, tmp_path):  # noqa: F811
    base = live_server.url
    editor = as_user("region_a", accept_downloads=True)
    editor.goto(f"{base}/progress/{world.period.pk}/import/")
    with editor.expect_download() as download:
        editor.click("text=下载本期模板")
    path = tmp_path / "月报.xlsx"
    download.value.save_as(path)

    damaged = tmp_path / "损坏.xlsx"
    damaged.write_bytes(with_false_size(path.read_bytes()))
    editor.set_input_files("[data-testid=import-file]", str(damaged))
    editor.click("text=上传并检查")
    errors = editor.locator("[data-testid=import-errors]").inner_text()
    assert DAMAGED in errors, errors
    shot(editor, "import-damaged")
    assert ImportBatch.objects.get().status == ImportBatch.FAILED

    workbook = load_workbook(path)
    sheet = workbook["月报"]
    for line in range(10, 40):  # 30 rows without a project id
        sheet.cell(line, 3, "无ID的行")
    workbook.save(path)
    with mock.patch.object(imports, "MAX_ERRORS", 10):
        editor.set_input_files("[data-testid=import-file]", str(path))
        editor.click("text=上传并检查")
        errors = editor.locator("[data-testid=import-errors]")
        assert "发现 30 处错误" in errors.inner_text()
        assert errors.locator("li").count() == 10
        assert "另有 20 处错误未列出" in errors.locator("[data-testid=import-unlisted-errors]").inner_text()
    shot(editor, "import-unlisted-errors")
    assert not MonthlyReport.objects.exists()
    record = editor.locator("[data-testid=import-record] tbody tr")
    assert [row.split("\t")[4] for row in record.all_inner_texts()] == ["有错误，未保存", "未保存"]
