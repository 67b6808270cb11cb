"""The coordinator chases the districts that have not reported from 报送情况; a district's editor finds
the notice on its home page and in 消息, and it leads to the batch page. Closing asks for confirmation
and warns before the deadline; a closed period is reopened with a reason."""

import datetime
from decimal import Decimal

import pytest

from tuijin.core.dates import today
from tuijin.core.models import Notification
from tuijin.core.testing import make_project
from tuijin.progress import services
from tuijin.progress.models import AnnualPlan, ReportingPeriod

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(personas):
    personas.projects = []
    for region, name in [(personas.region_a, "双台子一号项目"), (personas.region_a, "双台子二号项目"),
                         (personas.region_b, "兴隆台道路项目")]:
        project = make_project(region, name=name, stage="construction", actual_start=datetime.date(2026, 2, 1),
                               total_investment=Decimal("50000"))
        AnnualPlan.objects.create(project=project, year=2026, planned_investment=Decimal("1200"))
        personas.projects.append(project)
    # Due ten days from now, so that the close step warns that it comes before the deadline.
    personas.period = ReportingPeriod.objects.create(region=personas.city, year=2026, month=11,
                                                     deadline=max(today() + datetime.timedelta(days=10),
                                                                  datetime.date(2026, 11, 25)))
    # 兴隆台区 has reported: its editor is not chased.
    report, _ = services.save_report(personas.projects[2], personas.period, {"completed": Decimal("10")},
                                     actor=personas.region_b_editor)
    services.submit_report(report, actor=personas.region_b_editor)
    return personas


def test_the_coordinator_chases_and_the_district_editor_finds_the_notice(live_server, as_user, shot, world):
    base = live_server.url
    coordinator = as_user("coordinator")
    coordinator.goto(f"{base}/progress/{world.period.pk}/")
    chase = coordinator.locator("[data-testid=chase]")
    assert "2个未报送" in chase.inner_text()
    assert coordinator.locator("tr[data-region='兴隆台区'] [data-testid=chase-region]").count() == 0
    shot(coordinator, "chase-period-page")
    chase.click()
    coordinator.locator("text=已催报：通知1人").wait_for()
    shot(coordinator, "chase-done")
    assert list(Notification.objects.filter(kind="chase").values_list("user__username", flat=True)) == ["region_a"]

    editor = as_user("region_a")  # lands on the home page
    notice = editor.locator("[data-testid=notification]:has-text('项目办催报')")
    notice.wait_for()
    assert "您所辖仍有2个项目未报送" in notice.inner_text()
    shot(editor, "chase-editor-home")
    editor.goto(f"{base}/inbox/")
    editor.locator("[data-testid=inbox] a:has-text('项目办催报')").click()
    editor.wait_for_url(f"**/progress/{world.period.pk}/batch/")
    assert editor.locator(f"#row-{world.projects[0].pk}").count() == 1

    other = as_user("region_b")
    assert other.locator("text=项目办催报").count() == 0


def test_closing_is_confirmed_with_a_warning_and_reopening_needs_a_reason(live_server, as_user, shot, world):
    base = live_server.url
    coordinator = as_user("coordinator")
    coordinator.goto(f"{base}/progress/{world.period.pk}/")
    coordinator.click("[data-testid=close-period]")
    confirm = coordinator.locator("[data-testid=close-confirm]")
    confirm.wait_for()
    assert "截止日前关闭，尚有2个项目未报送" in confirm.inner_text()
    shot(coordinator, "close-confirm")
    confirm.locator("[data-testid=confirm-close]").click()  # not ticked
    coordinator.locator("[data-testid=close-confirm] .alert-danger:has-text('确认关闭')").wait_for()
    assert not ReportingPeriod.objects.get(pk=world.period.pk).is_closed
    coordinator.check("[data-testid=confirm-close-box]")
    coordinator.click("[data-testid=confirm-close]")
    coordinator.locator("[data-testid=period-status]:has-text('已关闭')").wait_for()

    reopen = coordinator.locator("[data-testid=reopen]")
    reopen.locator("textarea").fill("双台子区申请补报")
    shot(coordinator, "reopen-form")
    reopen.locator("button").click()
    coordinator.locator("[data-testid=period-status]:has-text('填报中')").wait_for()
    assert not ReportingPeriod.objects.get(pk=world.period.pk).is_closed


def test_opening_a_period_while_another_is_open_asks_first(live_server, as_user, shot, world):
    coordinator = as_user("coordinator")
    coordinator.goto(f"{live_server.url}/progress/")
    form = coordinator.locator("[data-testid=open-period]")
    form.locator("input[name=year]").fill("2026")
    form.locator("input[name=month]").fill("12")
    form.locator("button[type=submit]").click()
    warning = coordinator.locator("[data-testid=still-open]")
    warning.wait_for()
    assert "2026年11月填报期尚未关闭" in warning.inner_text()
    shot(coordinator, "open-while-open")
    assert not ReportingPeriod.objects.filter(year=2026, month=12).exists()
    coordinator.check("[data-testid=confirm-open]")
    form.locator("button[type=submit]").click()
    coordinator.locator("h1:has-text('2026年12月月报')").wait_for()
