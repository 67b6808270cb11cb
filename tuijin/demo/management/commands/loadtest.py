"""`make loadtest`: logged-in users of mixed roles against the production recipe (`manage.py serve`).

Runs on its own database (the Makefile sets DB_NAME=var/loadtest.sqlite3, or a PostgreSQL database),
seeds the demo city there once, starts `serve` on a free port, logs USERS users in (coordinator, region
editors, departments, leaders; password tuijin-demo), and lets them read pages and the API and write
projects through the API for DURATION seconds. A write sends the version it read; now and then a user
deliberately sends an older one and must get 409 (counted as a conflict, not an error). Then the same
users ask for /healthz/, one bare Django view served the same way, for a baseline. Prints

    LOAD target=app users=… requests=… errors=… conflicts=… p50_ms=… p95_ms=… rps=…
    LOAD target=bare …

Errors are 5xx answers, timeouts and refused or dropped connections. Other answers outside 2xx/3xx are
listed by path (they mean the test asks for something a role may not have, which is worth a look).
"""

import http.client
import json
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from tuijin.core.management.commands.serve import free_port
from tuijin.core.roles import Role
from tuijin.org.models import RoleAssignment

PASSWORD = "tuijin-demo"
TIMEOUT = 30
# Share of the users per role, and what each role does (path templates; {id} is a project it sees).
ROLES = [(Role.COORDINATOR, 0.1), (Role.REGION_EDITOR, 0.4), (Role.DEPARTMENT, 0.3), (Role.LEADER, 0.2)]
PAGES = ["/", "/projects/", "/projects/?page=2", "/projects/{id}/", "/projects/{id}/", "/progress/",
         "/progress/schedule/", "/problems/", "/meetings/", "/approvals/", "/inbox/",
         "/api/v1/projects/", "/api/v1/projects/{id}/"]
WRITERS = {Role.COORDINATOR, Role.REGION_EDITOR}
WRITE_SHARE = 0.15  # of a writer's actions
STALE_SHARE = 0.2  # of its writes: sent with the version before the one it read


class Client:
    """One browser: its own cookies, a new connection per request (as after a pause), timings kept."""

    def __init__(self, port, results):
        self.port = port
        self.cookies = {}
        self.results = results

    def request(self, method, path, body=None, headers=None, label=None, record=True):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        status, data = None, b""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
                for header in response.headers.get_all("Set-Cookie") or []:
                    for name, morsel in SimpleCookie(header).items():
                        self.cookies[name] = morsel.value
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as error:  # refused, reset, timed out
            status = type(error).__name__
        if record:
            self.results.append((label or re.sub(r"/\d+/", "/N/", path.split("?")[0]), status,
                                 (time.perf_counter() - started) * 1000))
        return status, data

    def login(self, username):
        status, page = self.request("GET", "/accounts/login/", record=False)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise CommandError(f"登录页打不开（{status}）")
        body = f"username={username}&password={PASSWORD}&csrfmiddlewaretoken={token.group(1).decode()}"
        status, _ = self.request("POST", "/accounts/login/", body=body, record=False,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302 or "sessionid" not in self.cookies:
            raise CommandError(f"{username} 登录失败（{status}）：是否已载入演示数据？")

    def json(self, method, path, payload=None, label=None):
        headers = {"Accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload)
            headers.update({"Content-Type": "application/json", "X-CSRFToken": self.cookies.get("csrftoken", "")})
        status, data = self.request(method, path, body=body, headers=headers, label=label)
        try:
            return status, json.loads(data) if status in (200, 409) else None
        except ValueError:
            return status, None


def summary(target, users, results, elapsed):
    times = sorted(ms for _, _, ms in results)
    errors = sum(1 for _, status, _ in results if not isinstance(status, int) or status >= 500)
    conflicts = sum(1 for _, status, _ in results if status == 409)
    p50 = statistics.median(times) if times else 0
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))] if times else 0
    return (f"LOAD target={target} users={users} requests={len(results)} errors={errors} conflicts={conflicts} "
            f"p50_ms={p50:.0f} p95_ms={p95:.0f} rps={len(results) / elapsed:.1f}")


class Command(BaseCommand):
    help = "负载测试：混合角色的登录用户访问生产方式运行的系统，并与一个最简单的页面对比"

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--duration", type=float, default=120, help="秒")
        parser.add_argument("--bare-duration", type=float, default=30, help="对照（/healthz/）的秒数")
        parser.add_argument("--think", type=float, default=1.0,
                            help="每个用户两次请求之间平均停顿的秒数（0 为不停顿）")
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--threads", type=int, default=None)
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args, users, duration, bare_duration, think, workers, threads, seed, **options):
        db_name = str(settings.DATABASES["default"]["NAME"])
        if "loadtest" not in db_name:
            raise CommandError("负载测试须使用独立数据库：请用 make loadtest（DB_NAME=var/loadtest.sqlite3）")
        call_command("migrate", verbosity=0)
        call_command("seed_demo", if_empty=True, verbosity=0)
        accounts = self.accounts(users, random.Random(seed))
        connections.close_all()

        port = free_port()
        log_dir = Path(settings.BASE_DIR) / "var"
        log_dir.mkdir(exist_ok=True)
        server_log = open(log_dir / "loadtest-server.log", "w")
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "serve", "--port", str(port),
                   "--access-log", str(log_dir / "loadtest-access.log")]
        command += ["--workers", str(workers)] if workers else []
        command += ["--threads", str(threads)] if threads else []
        server = subprocess.Popen(command, stdout=server_log, stderr=subprocess.STDOUT)
        try:
            self.wait_until_up(server, port)
            self.stdout.write(f"server on port {port} ({connection.vendor}: {db_name}); logging {users} users in")
            app = self.run_app(port, accounts, duration, think, seed)
            bare = self.run_bare(port, users, bare_duration, think, seed)
        finally:
            server.terminate()
            server.wait(timeout=60)
            server_log.close()
        log_text = (log_dir / "loadtest-server.log").read_text(errors="replace")
        locked = log_text.count("database is locked")
        if locked:
            self.stdout.write(f"server log: 'database is locked' {locked} times (var/loadtest-server.log)")
        self.stdout.write(app)
        self.stdout.write(bare)

    def accounts(self, users, rng):
        by_role = defaultdict(list)
        for role, username in (RoleAssignment.objects.filter(role__in=[r for r, _ in ROLES])
                               .order_by("user__username").values_list("role", "user__username")):
            if username.startswith(("coordinator", "region_", "dept_", "leader_")):
                by_role[role].append(username)
        picked = []
        for role, share in ROLES:
            names = by_role[role]
            if not names:
                raise CommandError(f"没有角色为 {role} 的演示账号：请用空库运行，让它载入演示数据")
            picked += [(role, names[i % len(names)]) for i in range(max(1, round(users * share)))]
        rng.shuffle(picked)
        return picked[:users]

    def wait_until_up(self, server, port):
        deadline = time.monotonic() + 300
        probe = Client(port, [])
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("manage.py serve 未能启动：见 var/loadtest-server.log")
            if probe.request("GET", "/healthz/", record=False)[0] == 200:
                return
            time.sleep(0.5)
        raise CommandError("manage.py serve 五分钟内没有应答：见 var/loadtest-server.log")

    def run_app(self, port, accounts, duration, think, seed):
        results = []
        clients = []
        lock = threading.Lock()

        def prepare(role, username):
            client = Client(port, results)
            client.login(username)
            status, page = client.json("GET", "/api/v1/projects/", label="setup")
            ids = [row["id"] for row in (page or {}).get("results", [])]
            with lock:
                clients.append((role, client, ids))

        self.in_threads([lambda r=r, u=u: prepare(r, u) for r, u in accounts], limit=4)
        results.clear()  # logins and the first list are setup, not load
        deadline = time.monotonic() + duration

        def user(n, role, client, ids):
            rng = random.Random(seed * 1000 + n)
            while time.monotonic() < deadline:
                if role in WRITERS and ids and rng.random() < WRITE_SHARE:
                    self.write(client, rng.choice(ids), rng)
                else:
                    path = rng.choice(PAGES)
                    if "{id}" in path:
                        if not ids:
                            continue
                        path = path.format(id=rng.choice(ids))
                    client.request("GET", path)
                if think:
                    time.sleep(rng.uniform(0, 2 * think))

        started = time.monotonic()
        self.in_threads([lambda n=n, c=c: user(n, *c) for n, c in enumerate(clients)])
        elapsed = time.monotonic() - started
        self.report_paths(results)
        return summary("app", len(clients), results, elapsed)

    def write(self, client, project_id, rng):
        path = f"/api/v1/projects/{project_id}/"
        status, project = client.json("GET", path, label="/api/v1/projects/N/ (before write)")
        if status != 200 or not project:
            return
        stale = rng.random() < STALE_SHARE and project["version"] > 0
        version = project["version"] - 1 if stale else project["version"]
        contact = f"负载测试 {rng.randint(1000, 9999)}"
        label = "PATCH /api/v1/projects/N/ (stale version)" if stale else "PATCH /api/v1/projects/N/"
        status, _ = client.json("PATCH", path, {"contact": contact, "version": version}, label=label)
        if stale and status != 409:
            client.results.append(("stale write not refused", f"got {status}", 0))

    def run_bare(self, port, users, duration, think, seed):
        results = []
        deadline = time.monotonic() + duration

        def user(n):
            rng = random.Random(seed * 1000 + n)
            client = Client(port, results)
            while time.monotonic() < deadline:
                client.request("GET", "/healthz/")
                if think:
                    time.sleep(rng.uniform(0, 2 * think))

        started = time.monotonic()
        self.in_threads([lambda n=n: user(n) for n in range(users)])
        return summary("bare", users, results, time.monotonic() - started)

    def in_threads(self, jobs, limit=None):
        errors = []

        def run(batch):
            for job in batch:
                try:
                    job()
                except Exception as error:  # noqa: BLE001 — reported below, the others go on
                    errors.append(error)

        count = limit or len(jobs)
        threads = [threading.Thread(target=run, args=(jobs[i::count],)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise CommandError(f"{len(errors)} 个用户出错，第一个：{errors[0]}")

    def report_paths(self, results):
        by_path = defaultdict(list)
        statuses = defaultdict(Counter)
        for label, status, ms in results:
            by_path[label].append(ms)
            statuses[label][status] += 1
        for label in sorted(by_path):
            times = sorted(by_path[label])
            codes = " ".join(f"{code}×{n}" for code, n in sorted(statuses[label].items(), key=str))
            self.stdout.write(f"  {label:<45} n={len(times):<6} p50_ms={statistics.median(times):<6.0f} "
                              f"p95_ms={times[int(len(times) * 0.95)]:<6.0f} {codes}")
