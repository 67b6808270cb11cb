"""Forms that promised or asked for the wrong thing: the stage move's rule and its errors, a problem on a
withdrawn project, the column chooser's labels, a new project's form."""

import pytest

from tuijin.core.testing import make_project

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_start_shows_every_missing_piece_and_asks_a_reason_only_when_one_is_needed(live_server, as_user, shot,
                                                                                       personas):
    project = make_project(personas.region_a, name="双台子前期项目", stage="preparation")
    page = as_user("region_a")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.click("[data-testid=tab-stage]")
    form = page.locator("[data-testid=transition-form]")
    # The form's words agree with the rule: a start with its permit needs no reason.
    hint = form.locator("#id_reason ~ .form-hint").inner_text()
    assert "越过规则" in hint and "在建" not in hint
    page.select_option("#id_to_stage", "construction")
    page.click("[data-testid=transition-submit]")
    # No start date and no permit: both said on the first try, each under its box.
    form = page.locator("[data-testid=transition-form]")
    assert "转为在建须填写实际开工日期" in form.locator("div:has(> #id_effective_date)").inner_text()
    assert "施工许可" in form.locator("div:has(> #id_construction_permit)").inner_text()
    shot(page, "transition-all-errors")
    # Past the rule without a reason: the reason is asked for, with the date still missing.
    page.check("#id_override")
    page.click("[data-testid=transition-submit]")
    form = page.locator("[data-testid=transition-form]")
    assert "越过规则须写明原因" in form.locator("div:has(> #id_reason)").inner_text()
    assert "实际开工日期" in form.locator("div:has(> #id_effective_date)").inner_text()
    assert page.locator("[data-testid=stage]").inner_text() == "前期"


def test_no_problem_button_on_a_withdrawn_project_and_its_page_says_why(live_server, as_user, shot, personas):
    project = make_project(personas.region_a, name="双台子出库项目", stage="withdrawn")
    page = as_user("region_a")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.click("a[href='#tab-problems']")
    page.locator("#tab-problems [data-testid=raise-refused]").wait_for()
    assert "已出库" in page.locator("#tab-problems").inner_text()
    assert page.locator("#tab-problems [data-testid=raise-problem]").count() == 0
    shot(page, "withdrawn-problems-tab")
    # Reached anyway (an old link): the page explains in words, not a technical 404.
    response = page.goto(f"{live_server.url}/problems/add/?project={project.pk}")
    assert response.status == 200
    assert "项目已出库，不能再提出问题" in page.locator("[data-testid=raise-refused]").inner_text()
    shot(page, "withdrawn-raise-page")
    # A project of another region stays invisible.
    other = make_project(personas.region_b, name="兴隆台出库项目", stage="withdrawn")
    assert page.goto(f"{live_server.url}/problems/add/?project={other.pk}").status == 404


def test_the_column_chooser_names_every_column(live_server, as_user, shot, personas):
    make_project(personas.region_a, name="双台子项目")
    page = as_user("region_a")
    page.goto(f"{live_server.url}/projects/")
    chooser = page.locator("[data-testid=column-chooser]").inner_text()
    assert "None" not in chooser
    for label in ("所在区域", "牵头部门", "包保领导", "服务秘书"):
        assert label in chooser
    page.locator("[data-testid=column-chooser]").scroll_into_view_if_needed()
    shot(page, "column-chooser")


def test_only_an_edit_asks_for_a_change_note(live_server, as_user, personas):
    project = make_project(personas.region_a, name="双台子项目")
    page = as_user("region_a")
    page.goto(f"{live_server.url}/projects/add/")
    assert page.locator("#id_name").count() == 1
    assert page.locator("#id_change_reason").count() == 0
    assert "修改说明" not in page.inner_text("form")
    page.goto(f"{live_server.url}{project.get_absolute_url()}edit/")
    assert page.locator("#id_change_reason").count() == 1
