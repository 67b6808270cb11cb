"""The embedded SQLite database takes a city's normal concurrency: simultaneous writes wait, never 500.

A real server in its own process over a database file (the test database is in memory and shared by
one connection, which would hide the lock), hit by parallel writers.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                                reason="SQLite's write lock; PostgreSQL locks rows")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def server():
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DB_NAME": f"{tmp}/db.sqlite3", "MEDIA_ROOT": f"{tmp}/media", "DEBUG": "false",
               "SECRET_KEY": "test", "ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SETTINGS_MODULE": "tuijin.settings"}
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", "--projects", "40")
        token = manage(env, "drf_create_token", "coordinator").split()[2]
        port = free_port()
        process = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            yield base, token
        finally:
            process.terminate()
            process.wait(10)


def call(base, token, method, path, body=None):
    request = urllib.request.Request(f"{base}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")[:300]
    except OSError as error:  # a writer that hangs or is refused counts as an error, as in `make loadtest`
        return 599, repr(error)


def test_simultaneous_api_writes_wait_for_each_other_instead_of_failing(server):
    base, token = server
    projects = call(base, token, "GET", "/api/v1/projects/?page_size=20")[1]["results"][:10]

    def patch(project, round_):
        return call(base, token, "PATCH", f"/api/v1/projects/{project['id']}/",
                    {"contact": f"第{round_}轮", "version": project["version"] + round_})

    statuses = []
    with ThreadPoolExecutor(max_workers=20) as pool:
        for round_ in range(3):
            # Ten different projects at once (each must save), and the same project twice at once
            # (one saves, the other is a deliberate 409 conflict, never a 500).
            jobs = [pool.submit(patch, p, round_) for p in projects]
            jobs += [pool.submit(patch, projects[0], round_)]
            statuses += [job.result() for job in jobs]
    codes = [code for code, _body in statuses]
    assert [s for s in statuses if s[0] >= 500] == []
    assert set(codes) <= {200, 409}
    # 3 rounds × 10 projects saved; the extra writer of project 0 loses each round.
    assert codes.count(200) == 30 and codes.count(409) == 3
