"""Two clerks of one district have the batch page open and save the same row: the second sees both
versions and keeps what they typed; nothing is silently overwritten."""

from decimal import Decimal

import pytest

from tuijin.core.roles import Role
from tuijin.org.models import RoleAssignment
from tuijin.progress.models import MonthlyReport

from .test_monthly_cycle import world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_second_clerk_is_shown_both_versions(live_server, as_user, shot, world):  # noqa: F811
    colleague = type(world.region_a_editor).objects.create_user("region_a2", password="tuijin-demo",
                                                                first_name="王会计")
    RoleAssignment.objects.create(user=colleague, role=Role.REGION_EDITOR, region=world.region_a)
    base, project = live_server.url, world.projects[0]
    pages = []
    for username in ("region_a2", "region_a"):
        page = as_user(username, viewport={"width": 1600, "height": 900})
        page.goto(f"{base}/progress/{world.period.pk}/batch/")
        pages.append(page)
    first, second = pages
    for page, amount in ((first, "100"), (second, "120")):
        page.locator(f"#row-{project.pk} input[name$='-completed']").fill(amount)
        page.locator(f"#row-{project.pk} [data-testid=save-row]").click()
    first.locator(f"#row-{project.pk} [data-testid=row-message]").wait_for()
    conflict = second.locator(f"#row-{project.pk} [data-testid=conflict]")
    conflict.wait_for()
    assert "王会计已保存了新的版本" in second.locator(f"#row-{project.pk} [data-testid=row-error]").inner_text()
    assert "100.00" in conflict.inner_text() and "120" in conflict.inner_text()
    assert second.locator(f"#row-{project.pk} input[name$='-completed']").input_value().startswith("120")
    conflict.scroll_into_view_if_needed()
    shot(second, "batch-row-conflict")
    assert MonthlyReport.objects.get(project=project).completed == Decimal("100")
    # Having seen both, the clerk saves again on purpose.
    second.locator(f"#row-{project.pk} [data-testid=save-row]").click()
    second.locator(f"#row-{project.pk} [data-testid=row-message]:has-text('已保存')").wait_for()
    assert MonthlyReport.objects.get(project=project).completed == Decimal("120")
