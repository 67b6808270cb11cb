"""A county editor raises a problem; the coordinator distributes it; the department answers; the raiser
confirms it solved; the coordinator closes it (销号). Each step through the pages."""

import pytest

from tuijin.core.testing import make_project
from tuijin.problems.models import Problem, ProblemCategory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    personas.project = make_project(personas.region_a, name="双台子化工项目", stage="construction")
    # A namesake in the district's zone: the picker must tell the two apart.
    make_project(personas.zone_a, name="双台子化工项目", owner_unit="园区化工有限公司", stage="construction")
    make_project(personas.region_a, name="双台子道路项目", stage="construction")
    ProblemCategory.objects.get_or_create(name="征拆", defaults={"days": 15})
    return personas


def test_raise_distribute_answer_confirm_close(live_server, as_user, shot, world):
    base = live_server.url
    editor = as_user("region_a")
    editor.goto(f"{base}/problems/")
    editor.click("[data-testid=raise-problem]")
    editor.fill("[data-testid=picker-search]", "化工")  # the search box refills the select, htmx
    options = editor.locator("#id_project option")
    options.filter(has_text="双台子道路项目").wait_for(state="detached")
    assert options.count() == 3  # "---------" and the two namesakes; the road project is filtered out
    editor.select_option("#id_project", label="双台子化工项目 · 无项目代码 · 双台子区 · 盘锦测试有限公司")
    editor.select_option("#id_category", label="征拆")
    editor.fill("#id_description", "红线内3户居民未完成征收，影响主体施工")
    editor.fill("#id_help_wanted", "请属地政府和住建局加快征收")
    editor.click("[data-testid=problem-submit]")
    editor.locator("[data-testid=problem-status]:has-text('待交办')").wait_for()
    shot(editor, "problem-raised")
    problem = Problem.objects.get()

    coordinator = as_user("coordinator")
    coordinator.goto(f"{base}/problems/{problem.pk}/")
    coordinator.select_option("#id_departments", label="市工业和信息化局")
    coordinator.locator("[data-testid=distribute-form] button").click()
    coordinator.locator("[data-testid=problem-status]:has-text('办理中')").wait_for()
    shot(coordinator, "problem-distributed")

    department = as_user("dept_x")
    department.goto(f"{base}/inbox/")
    department.locator("[data-testid=inbox] a:has-text('交办')").click()
    department.fill("[data-testid=answer-form] textarea", "已会同属地完成3户征收协议签订")
    department.locator("[data-testid=answer-form] button").click()
    department.locator("[data-testid=problem-status]:has-text('已答复')").wait_for()

    editor.goto(f"{base}/problems/{problem.pk}/")
    editor.locator("[data-testid=confirm-form] button:has-text('确认已解决')").click()
    editor.locator("[data-testid=problem-status]:has-text('已解决')").wait_for()

    coordinator.goto(f"{base}/problems/{problem.pk}/")
    coordinator.locator("[data-testid=close-form] button").click()
    coordinator.locator("[data-testid=problem-status]:has-text('已销号')").wait_for()
    shot(coordinator, "problem-closed")
    assert [e.kind for e in problem.events.all()] == ["raised", "distributed", "answered", "confirmed", "closed"]

    coordinator.goto(f"{base}/problems/figures/?by=category")
    assert coordinator.locator("[data-testid=problem-figures] tbody tr").first.inner_text().split()[:4] == \
        ["征拆", "1", "1", "0"]
    shot(coordinator, "problem-figures")
