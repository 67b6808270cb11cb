"""A leader writes a 批示 on a district's problem; the district clerk finds it in its inbox and on the
problem page. An empty 批示 is refused with the message at the field."""

import pytest

from tuijin.core.testing import make_project
from tuijin.problems import services
from tuijin.problems.models import ProblemCategory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    project = make_project(personas.region_a, name="双台子化工项目", stage="construction")
    category, _ = ProblemCategory.objects.get_or_create(name="征拆", defaults={"days": 15})
    personas.problem = services.raise_problem(project, actor=personas.region_a_editor, category=category,
                                              description="红线内3户居民未完成征收，影响主体施工")
    return personas


def test_leader_instruction_reaches_the_district_clerk(live_server, as_user, shot, world):
    base = live_server.url
    url = f"{base}/problems/{world.problem.pk}/"
    leader = as_user("leader")
    leader.goto(url)
    form = leader.locator("[data-testid=instruction-form]")
    form.locator("button").click()  # nothing typed
    leader.locator("[data-testid=instruction-form] .invalid-feedback:has-text('请填写批示内容')").wait_for()
    leader.fill("[data-testid=instruction-form] textarea", "请双台子区一周内完成征收，住建局配合")
    leader.locator("[data-testid=instruction-form] button").click()
    leader.locator("[data-testid=instruction]:has-text('请双台子区一周内完成征收')").wait_for()
    shot(leader, "instruction-leader-wrote")

    clerk = as_user("region_a")
    clerk.goto(f"{base}/inbox/")
    notice = clerk.locator("[data-testid=inbox] a:has-text('批示')")
    notice.wait_for()
    shot(clerk, "instruction-clerk-inbox")
    notice.click()
    clerk.locator("[data-testid=instruction]:has-text('请双台子区一周内完成征收')").wait_for()
    assert clerk.locator("[data-testid=instruction-form]").count() == 0  # the clerk reads, it does not write
    assert "领导批示" in clerk.inner_text("[data-testid=problem-events]")  # in the problem's 办理记录
    shot(clerk, "instruction-clerk-problem")
