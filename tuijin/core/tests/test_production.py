"""The production recipe (`manage.py serve`, what `make serve` runs): gunicorn with DEBUG off on a free
port, its own SQLite file, static files under hashed names from WhiteNoise; and the settings a city
turns on with HTTPS=true."""

import http.client
import os
import re
import secrets
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults

from tuijin.core.management.commands.serve import free_port

NEEDS_NODE_MODULES = pytest.mark.skipif(
    not (settings.NODE_MODULES / "@tabler" / "core" / "dist").is_dir(),
    reason="node_modules/ is missing: run `make setup` (npm ci) first; collectstatic needs the front-end packages")


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "SECRET_KEY", "STATIC_ROOT"))}
    env.update(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), DB_ENGINE="sqlite",
               DB_NAME=str(tmp_path / "db.sqlite3"), STATIC_ROOT=str(tmp_path / "static"), **extra)
    return env


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("serve")
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen([sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1",
                                "--threads", "4"], cwd=settings.BASE_DIR, env=production_env(tmp_path),
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"manage.py serve stopped with {process.returncode}:\n{log.read()[-3000:]}")
        try:
            if get(port, "/healthz/")[0].status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.terminate()
            log.seek(0)
            pytest.fail(f"manage.py serve did not answer within 90 s:\n{log.read()[-3000:]}")
        time.sleep(0.3)
    yield port
    process.terminate()
    process.wait(timeout=30)
    log.close()


@NEEDS_NODE_MODULES
def test_login_page_and_its_css_and_js_are_served_under_hashed_names(server):
    response, body = get(server, "/accounts/login/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    page = body.decode()
    assert "登录推进平台" in page
    assert "演示账号" not in page  # a production database has no demo accounts
    css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    js = re.findall(r'<script src="([^"]+)"', page)
    assert any("tabler.min." in url for url in css) and any("htmx.min." in url for url in js)
    for urls, content_type in ((css, "text/css"), (js, "text/javascript")):
        for url in urls:
            assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", url), f"{url} has no content hash in its name"
            response, body = get(server, url, {"Accept-Encoding": "gzip"})
            assert response.status == 200, url
            assert response.getheader("Content-Type").startswith(content_type), url
            assert response.getheader("Content-Encoding") == "gzip", url
            assert "immutable" in response.getheader("Cache-Control"), url
            assert len(body) > 100


@NEEDS_NODE_MODULES
def test_unknown_address_gets_the_chinese_404_page(server):
    response, body = get(server, "/no-such-page/")
    assert response.status == 404
    page = body.decode()
    assert "页面不存在" in page and "请检查地址" in page
    assert "Not Found" not in page


@NEEDS_NODE_MODULES
def test_healthz_answers_ok_without_login(server):
    response, body = get(server, "/healthz/")
    assert (response.status, body) == (200, b"ok")


@pytest.mark.django_db
def test_500_page_is_chinese_and_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错了" in page and "请稍后刷新页面重试" in page


@pytest.mark.django_db
def test_403_page_is_chinese():
    from django.contrib.auth.models import AnonymousUser
    request = RequestFactory().get("/projects/1/edit/")
    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "没有权限进行此操作" in response.content.decode()


def test_check_deploy_is_clean_with_https(tmp_path):
    env = production_env(tmp_path, HTTPS="true", BEHIND_PROXY="true", ALLOWED_HOSTS="tuijin.example.gov.cn")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--tag", "security"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "security." not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_setting_turns_on_the_secure_cookies_and_hsts(tmp_path):
    env = production_env(tmp_path, HTTPS="true", BEHIND_PROXY="true", SESSION_COOKIE_AGE="3600")
    code = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_AGE)")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1].split() == ["True", "True", "True", "31536000", "('HTTP_X_FORWARDED_PROTO',", "'https')",
                                     "3600"], result.stderr


@pytest.mark.django_db
def test_form_posted_without_csrf_token_gets_the_chinese_expired_page():
    from django.test import Client
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page and "刷新后重新提交" in page


def test_pages_render_with_debug_off_before_any_collectstatic(tmp_path):
    """`make bench` and tests' servers run with DEBUG=false and no collected files: pages still render."""
    env = production_env(tmp_path)
    code = ("from django.template.loader import render_to_string; "
            "print(render_to_string('500.html').count('<html'), "
            "__import__('django.templatetags.static', fromlist=['static']).static('tabler/css/tabler.min.css'))")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "1 /static/tabler/css/tabler.min.css", result.stderr
