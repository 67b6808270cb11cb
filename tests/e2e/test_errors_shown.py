"""What the server refuses is shown where the person typed it: a clerk's bad figure on the report row, a
reviewer's return without a reason. Nothing is silently dropped."""

from decimal import Decimal

import pytest

from tuijin.progress import services
from tuijin.progress.models import MonthlyReport

from .test_monthly_cycle import world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refused_figure_shows_at_its_row(live_server, as_user, shot, world):  # noqa: F811
    editor = as_user("region_a", viewport={"width": 1600, "height": 900})
    editor.goto(f"{live_server.url}/progress/{world.period.pk}/batch/")
    first, second = world.projects[:2]
    row = editor.locator(f"#row-{first.pk}")
    row.locator("input[name$='-completed']").fill("-5")
    row.locator("[data-testid=save-row]").click()
    error = editor.locator(f"#row-{first.pk} [data-testid=row-error]")
    error.wait_for()
    assert "金额不能为负数" in error.inner_text()
    # ... and under the box that holds it, which is marked.
    box = editor.locator(f"#row-{first.pk} td:has(input[name$='-completed'])")
    assert "金额不能为负数" in box.locator("[data-testid=field-error]").inner_text()
    box.locator("input.is-invalid").wait_for()
    # The bad value stays in the box, to be corrected; nothing was saved.
    assert editor.locator(f"#row-{first.pk} input[name$='-completed']").input_value() == "-5"
    assert not MonthlyReport.objects.filter(project=first).exists()

    row = editor.locator(f"#row-{second.pk}")
    row.locator("input[name$='-completed']").fill("10")
    row.locator("input[name$='-progress_percent']").fill("120")
    row.locator("[data-testid=save-row]").click()
    error = editor.locator(f"#row-{second.pk} [data-testid=row-error]")
    error.wait_for()
    assert "百分比不能超过100" in error.inner_text()
    box = editor.locator(f"#row-{second.pk} td:has(input[name$='-progress_percent'])")
    assert "百分比不能超过100" in box.locator("[data-testid=field-error]").inner_text()
    assert editor.locator(f"#row-{second.pk} input[name$='-completed']").input_value() == "10"
    error.scroll_into_view_if_needed()
    shot(editor, "row-error-shown")
    assert not MonthlyReport.objects.filter(project=second).exists()


def test_a_return_without_reason_says_why(live_server, as_user, shot, world):  # noqa: F811
    project = world.projects[0]
    report, _changed = services.save_report(project, world.period, {"completed": Decimal("100")},
                                            actor=world.region_a_editor)
    services.submit_report(report, actor=world.region_a_editor)
    reviewer = as_user("reviewer_a")
    reviewer.goto(f"{live_server.url}/progress/{world.period.pk}/review/")
    row = reviewer.locator(f"tr[data-project='{project.name}']")
    row.locator("[data-testid=return]").click()
    # The message is under the reason box, which is marked; the report is still waiting.
    error = reviewer.locator(f"tr[data-project='{project.name}'] [data-testid=field-error]")
    error.wait_for()
    assert "退回须写明原因" in error.inner_text()
    reviewer.locator(f"#reason-{report.pk}.is-invalid").wait_for()  # (htmx settles attributes after the swap)
    assert "已报送" in reviewer.locator(f"tr[data-project='{project.name}'] [data-testid=review-status]").inner_text()
    shot(reviewer, "return-error-shown")
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_refusal_answered_with_a_whole_page_is_said_not_pasted_into_the_row(live_server, as_user, login, shot,
                                                                               world):  # noqa: F811
    # The clerk signs in again in another tab: the old tab's security token is void, and its next save is
    # answered with the "页面已过期" page. That page's words are shown; the row stays a row.
    editor = as_user("region_a", viewport={"width": 1600, "height": 900})
    editor.goto(f"{live_server.url}/progress/{world.period.pk}/batch/")
    other_tab = editor.context.new_page()
    other_tab.goto(f"{live_server.url}/")
    other_tab.click("form[action$='/logout/'] button")
    login(other_tab, "region_a")
    project = world.projects[0]
    editor.locator(f"#row-{project.pk} input[name$='-completed']").fill("100")
    editor.locator(f"#row-{project.pk} [data-testid=save-row]").click()
    # Said on the page, above the table, where it stays until dismissed (not a dialog that blocks the tab).
    notice = editor.locator("#notices [data-testid=page-notice]")
    notice.wait_for()
    message = notice.inner_text()
    assert "页面已过期" in message and "刷新" in message
    shot(editor, "page-notice")
    assert editor.locator(f"#row-{project.pk} [data-testid=error-page]").count() == 0
    assert editor.locator(f"#row-{project.pk} input[name$='-completed']").input_value() == "100"
    assert not MonthlyReport.objects.filter(project=project).exists()
