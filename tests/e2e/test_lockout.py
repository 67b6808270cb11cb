"""Ten wrong passwords: the editor sees the lock page in Chinese; a colleague on the same machine still
logs in; the coordinator unlocks the editor from 账号锁定; the editor logs in."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_lock_page_and_unlock_by_coordinator(new_page, login, as_user, shot, personas):
    editor = new_page()
    for _ in range(10):
        login(editor, "region_a", "wrong-password", refused=True)
    editor.locator("[data-testid=locked-out]").wait_for()
    assert "账号已暂时锁定" in editor.inner_text("[data-testid=locked-out]")
    assert "约 5 分钟后" in editor.inner_text("[data-testid=try-again]")
    shot(editor, "account-locked")

    colleague = as_user("region_b")  # same machine, same address
    colleague.locator("[data-testid=current-user]").wait_for()

    coordinator = as_user("coordinator")
    coordinator.click("text=账号锁定")
    row = coordinator.locator("[data-testid=lockouts] tr:has-text('region_a')")
    row.wait_for()
    shot(coordinator, "lockouts")
    row.locator("button:has-text('解锁')").click()
    coordinator.locator(".alert:has-text('已解锁 region_a')").wait_for()
    shot(coordinator, "lockouts-unlocked")

    login(editor, "region_a")
    assert editor.inner_text("[data-testid=current-user]") == "region_a"

    editor.click("text=修改密码")
    editor.fill("#id_old_password", "tuijin-demo")
    editor.fill("#id_new_password1", "region_a1")
    editor.fill("#id_new_password2", "region_a1")
    editor.click("button[type=submit]")
    errors = editor.inner_text("form:has(#id_new_password1)")
    assert "密码太短，至少需要 10 个字符" in errors and "太相似" in errors
    shot(editor, "password-change-refused")
