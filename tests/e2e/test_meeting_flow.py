"""The coordinator calls a meeting with an escalated problem on its agenda, corrects its details, records
a decision for a department; the department reports it done (督办 to closure). Each step through the pages."""

import datetime

import pytest

from tuijin.core.models import AuditEntry
from tuijin.core.testing import make_project
from tuijin.problems import services
from tuijin.problems.models import Decision, Meeting, ProblemCategory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    personas.project = make_project(personas.region_a, name="双台子化工项目", stage="construction")
    category, _created = ProblemCategory.objects.get_or_create(name="用地", defaults={"days": 15})
    personas.problem = services.raise_problem(personas.project, actor=personas.region_a_editor, category=category,
                                              description="用地指标不足，影响开工")
    return personas


def test_call_correct_decide_and_follow_up_a_meeting(live_server, as_user, shot, world):
    base = live_server.url
    coordinator = as_user("coordinator")
    coordinator.goto(f"{base}/meetings/")
    coordinator.click("[data-testid=meeting-add]")
    coordinator.select_option("#id_kind", label="副市长月度调度会")
    coordinator.fill("#id_title", "12月重大项目调度会")
    coordinator.fill("#id_date", "2026-12-18")
    coordinator.select_option("#id_chair", label=str(world.leader))
    coordinator.select_option("#id_problems", label=str(world.problem))
    coordinator.click("[data-testid=meeting-save]")
    coordinator.locator("h1:has-text('12月重大项目调度会')").wait_for()
    meeting = Meeting.objects.get()

    # A wrong room and a second title word: corrected on the meeting's own form, the agenda kept.
    coordinator.click("[data-testid=meeting-edit]")
    coordinator.fill("#id_place", "市政府3号会议室")
    coordinator.fill("#id_title", "12月重大项目专题调度会")
    shot(coordinator, "meeting-edit")
    coordinator.click("[data-testid=meeting-save]")
    coordinator.locator("h1:has-text('12月重大项目专题调度会')").wait_for()
    assert "市政府3号会议室" in coordinator.inner_text("body")
    assert list(meeting.problems.all()) == [world.problem]

    form = coordinator.locator("[data-testid=decision-form]")
    form.locator("textarea[name=text]").fill("市工信局牵头，12月25日前协调解决用地指标")
    # Two responsible departments: the decision keeps both (issue 17: only one used to be kept).
    form.locator("select[name=departments]").select_option(label=["市工业和信息化局", "市自然资源局"])
    form.locator("input[name=deadline]").fill("2026-12-25")
    form.locator("button").click()
    coordinator.locator("[data-testid=decisions]:has-text('协调解决用地指标')").wait_for()
    assert "市工业和信息化局、市自然资源局" in coordinator.inner_text("[data-testid=decisions]")
    shot(coordinator, "meeting-decided")

    department = as_user("dept_x")
    department.goto(f"{base}/meetings/{meeting.pk}/")
    decision_row = department.locator("[data-testid=decisions] .list-group-item").first
    decision_row.locator("input[name=text]").fill("已调剂用地指标12亩")
    decision_row.locator("input[name=done]").check()
    decision_row.locator("button").click()
    department.locator("[data-testid=decisions]:has-text('已调剂用地指标12亩')").wait_for()
    shot(department, "meeting-followed-up")
    decision = Decision.objects.get()
    assert (decision.status, decision.deadline) == ("done", datetime.date(2026, 12, 25))
    # Each step through the pages wrote its one change-log entry, by the one who took it.
    log = AuditEntry.objects.exclude(kind__startswith="problem.").order_by("at", "pk")
    assert [(e.kind, e.actor_name) for e in log] == [
        ("meeting.create", "coordinator"), ("meeting.update", "coordinator"), ("decision.add", "coordinator"),
        ("decision.close", "dept_x")]
    assert log[1].changes["地点"] == ["", "市政府3号会议室"]
