"""复工 on the project's stage tab, and the 外部数据 page: the coordinator types June's FAI and sees the platform's own
investment beside it; the indicator value follows."""

import datetime
from decimal import Decimal

import pytest

from tuijin.core.testing import make_project
from tuijin.progress.models import YearToDate
from tuijin.projects.models import Resumption

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_district_records_a_resumption_on_the_stage_tab(live_server, as_user, shot, personas):
    project = make_project(personas.region_a, name="双台子化工项目", stage="construction",
                           actual_start=datetime.date(2025, 6, 1))
    page = as_user("region_a")
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    page.click("[data-testid=tab-stage]")
    form = page.locator("[data-testid=resumption-form]")
    form.wait_for()
    page.fill("[data-testid=resumption-form] input[name=day]", "2099-01-01")
    page.click("[data-testid=resumption-submit]")
    page.locator("[data-testid=resumption-error]:has-text('复工日期不能晚于今天')").wait_for()
    page.fill("[data-testid=resumption-form] input[name=day]", "2026-02-20")
    page.fill("[data-testid=resumption-form] input[name=note]", "春节后复工")
    page.click("[data-testid=resumption-submit]")
    page.locator("[data-testid=resumptions] td:has-text('春节后复工')").wait_for()
    assert Resumption.objects.get().day == datetime.date(2026, 2, 20)
    shot(page, "resumption-stage-tab")


def test_the_coordinator_enters_fai_beside_the_platforms_figure(live_server, as_user, shot, personas):
    project = make_project(personas.city, name="盘锦港项目", stage="construction")
    YearToDate.objects.create(project=project, year=2026, m06=Decimal("5000.00"))
    page = as_user("coordinator")
    page.goto(f"{live_server.url}/targets/figures/?year=2026")
    form = page.locator("[data-testid=figure-form]")
    form.locator("select[name=kind]").select_option("fai")
    form.locator("select[name=region]").select_option(label="盘锦市")
    form.locator("input[name=year]").fill("2026")
    form.locator("input[name=month]").fill("6")
    form.locator("input[name=value]").fill("200000")
    form.locator("input[name=source]").fill("市统计局")
    form.locator("input[name=reported_on]").fill("2026-07-15")
    form.locator("button").click()
    page.locator("[data-testid=figures] td:has-text('市统计局')").wait_for()
    # The platform's 5,000.00 万 of 200,000.00 万 = 2.50 %.
    assert page.inner_text("[data-testid=share]").strip() == "2.50%"
    shot(page, "figures-list")
    page.click("[data-testid=figures] a:has-text('修改')")
    page.locator("[data-testid=figure-value]").wait_for()
    shot(page, "figure-detail")
    page.goto(f"{live_server.url}/targets/indicators/list_share_of_fai/rows/?scope=211100&year=2026&as_of=2026-06-30"
              "&part=denominator")
    page.locator("[data-testid=rows] td:has-text('市统计局')").wait_for()
    assert "须按清单统计" in page.inner_text("[data-testid=basis]")
    shot(page, "indicator-rows-list-share-of-fai")
