"""Issue 17 in the browser: a district clerk adds its own department (区农发局) and leader (宋凯), registers
several owner units on a project with them, and plans the project's next year on its 月报 tab."""

import datetime

import pytest

from tuijin.core.dates import today
from tuijin.core.testing import make_project
from tuijin.projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


def test_district_catalog_owners_and_next_year_plan(live_server, as_user, shot, personas):
    base = live_server.url
    project = make_project(personas.region_a, name="龙泉驿现代农业园项目",
                           planned_start=datetime.date(today().year, 3, 1),
                           planned_completion=datetime.date(today().year + 1, 12, 31))
    clerk = as_user("region_a")

    clerk.goto(f"{base}/org/departments/")
    clerk.fill("[data-testid=catalog-form] [name=name]", "区农发局")
    clerk.select_option("[data-testid=catalog-form] [name=region]", str(personas.region_a.pk))
    clerk.locator("[data-testid=catalog-form] button").click()
    clerk.locator("[data-testid=catalog-rows] td:has-text('区农发局')").wait_for()
    shot(clerk, "district-departments")

    clerk.goto(f"{base}/org/leaders/")
    clerk.fill("[data-testid=catalog-form] [name=name]", "宋凯")
    clerk.fill("[data-testid=catalog-form] [name=title]", "副区长")
    clerk.select_option("[data-testid=catalog-form] [name=region]", str(personas.region_a.pk))
    clerk.locator("[data-testid=catalog-form] button").click()
    clerk.locator("[data-testid=catalog-rows] td:has-text('宋凯')").wait_for()
    shot(clerk, "district-leaders")

    clerk.goto(f"{base}/projects/{project.pk}/edit/")
    clerk.fill("[name=owner_units]", "成都经济技术开发区管委会\n龙泉驿区农村发展局、成都市兴龙投资有限公司")
    clerk.select_option("[name=lead_department]", label="区农发局（双台子区）")
    clerk.select_option("[name=district_leader]", label="副区长 宋凯（双台子区）")
    shot(clerk, "project-form-owners")
    clerk.locator("[data-testid=save]").click()
    clerk.locator("[data-testid=owner-units] li:has-text('成都市兴龙投资有限公司')").wait_for()
    assert Project.objects.get(pk=project.pk).owner_units == [
        "成都经济技术开发区管委会", "龙泉驿区农村发展局", "成都市兴龙投资有限公司"]
    clerk.locator("[data-testid=district-leader]:has-text('宋凯')").wait_for()
    shot(clerk, "project-owners-district-leader")

    clerk.locator("a[href='#tab-progress']").click()
    next_year = today().year + 1
    clerk.select_option("[data-testid=plan-year] select", str(next_year))
    clerk.locator(f"#tab-progress :text('{next_year}年计划投资')").wait_for()
    clerk.fill("[data-testid=plan-form] [name=planned_investment]", "2400")
    clerk.locator("[data-testid=plan-form] button").click()
    clerk.locator("[data-testid=plan-form] :text('已保存')").wait_for()
    clerk.locator("#tab-progress :text('2,400.00万元')").wait_for()
    shot(clerk, "project-plan-next-year")

    clerk.goto(f"{base}/progress/plans/?year={next_year}")
    clerk.locator(f"[data-testid=plan-year] option[value='{next_year}']").wait_for(state="attached")
    shot(clerk, "plans-page-year-select")
