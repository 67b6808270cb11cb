"""The coordinator's year with its targets (issue 18, done when): a document's plan loaded, each target with
its actual and status, the rows behind an actual opened, one target edited with history, the decomposition
table exported and imported again."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from tuijin.core.testing import make_project
from tuijin.targets.models import Target

pytestmark = pytest.mark.django_db(transaction=True)


def test_load_see_open_edit_export_reimport(live_server, as_user, shot, personas, tmp_path):
    call_command("load_plan", "panjin-2017", stdout=io.StringIO())
    # One 亿元以上 start in 2017 (exactly 10,000.00 万元 counts), one just under it (does not).
    make_project(personas.region_a, name="双台子精细化工项目", total_investment=Decimal("10000.00"),
                 stage="construction", actual_start=datetime.date(2017, 5, 1), category="industry")
    make_project(personas.region_a, name="双台子小型配套项目", total_investment=Decimal("9999.99"),
                 stage="construction", actual_start=datetime.date(2017, 6, 1), category="industry")
    target = Target.objects.get(plan__key="panjin-2017", title="新开工亿元以上重点项目90项")
    base = live_server.url
    page = as_user("coordinator", viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/targets/?year=2017")
    row = page.locator(f"[data-testid=target-{target.pk}]")
    assert row.locator("[data-testid=actual]").inner_text() == "1"
    assert "未完成" in row.inner_text()  # 1 of 90, and the year is over
    shot(page, "target-year-list")
    row.locator("[data-testid=actual]").click()
    rows = page.locator("[data-testid=rows]")
    rows.wait_for()
    assert "双台子精细化工项目" in rows.inner_text() and "双台子小型配套项目" not in rows.inner_text()

    page.goto(f"{base}/targets/{target.pk}/")
    page.click("summary:has-text('修改目标')")
    page.fill("#id_value", "95")
    page.fill("#id_change_reason", "市政府常务会调整")
    page.locator("details button:has-text('保存')").click()
    page.locator("text=目标任务已保存").wait_for()
    assert "市政府常务会调整" in page.inner_text("body")
    assert Target.objects.get(pk=target.pk).value == Decimal("95")
    shot(page, "target-year-edited")

    page.goto(f"{base}/targets/excel/?year=2017")
    with page.expect_download() as download:
        page.click("[data-testid=targets-template]")
    path = tmp_path / "decomposition.xlsx"
    download.value.save_as(path)
    before = Target.objects.count()
    page.set_input_files("input[name=file]", str(path))
    page.click("button:has-text('上传导入')")
    page.locator("text=条目标任务").first.wait_for()
    assert Target.objects.count() == before  # every row has its ID: edited in place, none added
    assert Target.objects.get(pk=target.pk).value == Decimal("95")
    shot(page, "target-year-reimported")
