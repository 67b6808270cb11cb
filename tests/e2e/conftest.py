"""Browser tests: Playwright driving Debian's Chromium (Playwright cannot download browsers here).

Without /usr/bin/chromium the tests skip with the command to install it, except under CI=true,
where a missing browser fails the run.

The setup every flow shares lives here: `personas` (the suite's personas, password tuijin-demo),
`new_page(**options)` (one person's browser), `login(page, username)` and `as_user(username)`.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.handlers.wsgi import WSGIHandler

from tuijin.core.testing import Personas

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "tuijin-demo"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

# Playwright's sync API runs an event loop in the test thread; Django's ORM then refuses to run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server's threads share the test's one in-memory SQLite connection, and a project page loads
# four htmx tabs at once: two requests on it together made one start a transaction inside the other's
# ("cannot start a transaction within a transaction", a 500 now and then). The server handles one
# request at a time; its threads still accept every connection.
_one_request = threading.RLock()
_handle = WSGIHandler.__call__


def _one_at_a_time(self, environ, start_response):
    with _one_request:
        return _handle(self, environ, start_response)


if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    WSGIHandler.__call__ = _one_at_a_time


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        message = "未找到 Chromium：请运行 apt-get install chromium fonts-noto-cjk"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """`new_page(**options)`: a page in a browser context of its own (its own cookies: one person at one
    screen), 1400×900, zh-CN, 15 s timeouts; `options` go to `browser.new_context` (viewport, accept_downloads)."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(**{"viewport": {"width": 1400, "height": 900}, "locale": "zh-CN", **options})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def login(live_server):
    """`login(page, username, password=tuijin-demo)`: sign in through the login page and wait to leave it;
    with `refused=True` (a wrong password, a locked account) stay on the page it answers with."""

    def sign_in(page, username, password=PASSWORD, *, refused=False):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("button[type=submit]")
        if not refused:
            assert "/accounts/login/" not in page.url, f"{username} 未能登录：{page.inner_text('body')[:300]}"

    return sign_in


@pytest.fixture
def as_user(new_page, login):
    """`as_user(username, **options)`: a new page (see `new_page`) signed in as `username`."""

    def open_as(username, **options):
        page = new_page(**options)
        login(page, username)
        return page

    return open_as


@pytest.fixture
def personas():
    """The suite's personas (`tuijin.core.testing.Personas`: city, regions A and B, a zone, two departments,
    one account per role), every account with the password tuijin-demo. A class of its own per test, so
    what one flow adds to it does not leak into the next."""
    world = type("World", (Personas,), {})
    world.build_personas()
    get_user_model().objects.update(password=make_password(PASSWORD))  # every account so far is a persona
    return world


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
