"""English in a browser: on a narrow screen (the menu folded into its toggler) the language switch is
still on screen; clicking it turns the page English and it stays English on the next page; 中文 turns it
back."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_switch_is_reachable_with_the_menu_collapsed(as_user, shot, personas):
    page = as_user("region_a", viewport={"width": 900, "height": 900})
    assert not page.locator("#main-menu").is_visible()  # folded: 900 px is below the xl breakpoint
    switch = page.locator("[data-testid=language-switch] button")
    assert switch.is_visible()
    switch.click()
    page.wait_for_selector("html[lang=en]")
    assert page.locator("[data-testid=language-switch] button").inner_text() == "中文"
    page.click(".navbar-toggler")
    page.locator("#main-menu a:has-text('Projects')").first.click()
    page.wait_for_selector("html[lang=en]")
    shot(page, "english-projects-narrow")
    page.locator("[data-testid=language-switch] button").click()
    page.wait_for_selector("html[lang=zh-hans]")
