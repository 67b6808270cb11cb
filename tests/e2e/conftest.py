"""Browser tests: Playwright driving Debian's Chromium (Playwright cannot download browsers here).

Without /usr/bin/chromium the tests skip with the command to install it, except under CI=true,
where a missing browser fails the run.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
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
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
