"""待办 through the browser: each office opens its to-do page and finds its own work (screenshots per role)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from tests.e2e.conftest import PASSWORD
from tuijin.dashboard.tests.test_todo import TodoTestCase

pytestmark = pytest.mark.django_db(transaction=True)

EXPECTED = {
    "region_a": "园区配套项目：被退回，请修改后重报",  # the clerk: its return, with the reviewer's reason
    "reviewer_a": "月报待审核",
    "coordinator": "月报逾期未报",
    "dept_x": "交办给本部门、待答复的问题",
    "dept_y": "市自然资源局在办的前期手续",
    "secretary": "我服务的项目：逾期事项",
    "owner": "本单位项目：逾期事项",
    "inspector": "逾期未解决的问题（待督办）",
}


@pytest.fixture
def world():
    world = type("World", (TodoTestCase,), {})
    world.setUpTestData()
    get_user_model().objects.update(password=make_password(PASSWORD))
    return world


def test_each_role_finds_its_own_work_on_its_to_do_page(world, as_user, live_server, shot):
    for username, expected in EXPECTED.items():
        page = as_user(username)
        page.goto(f"{live_server.url}/todo/")
        assert expected in page.inner_text("[data-testid=todo]"), username
        shot(page, f"todo-{username}")
    page = as_user("region_a")
    page.click("text=1个项目尚未填报")
    assert "双台子污水厂" in page.inner_text("body")


def test_the_home_page_leads_with_the_to_do_sections(world, as_user, live_server, shot):
    page = as_user("dept_x")
    assert "双台子化工项目：规划" in page.inner_text("[data-testid=todo-answer]")
    page.click("[data-testid=todo-answer] >> text=双台子化工项目：规划")
    assert "规划条件调整未批复" in page.inner_text("body")
    nobody = as_user("nobody")
    assert "目前没有等您处理的事项" in nobody.inner_text("[data-testid=todo]")
