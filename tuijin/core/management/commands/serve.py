"""`make serve`: the production recipe. Migrate, collect the static files, then gunicorn serves the app
(static files included, through WhiteNoise) with the task worker beside it; both stop together.

`make loadtest` and the production test start this same command, so what they measure is what a city runs.
"""

import os
import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tuijin.core.bulk import refresh_planner_statistics


def free_port():
    """A TCP port nobody listens on now, for a server of one's own beside `make run` (the tests, the load test)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_command(*, host, port, workers, threads, access_log):
    """The gunicorn command line for tuijin.wsgi, one list for `serve` and anything that wants it."""
    return [sys.executable, "-m", "gunicorn", "tuijin.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", str(threads),
            # A request over this many seconds is a stuck worker: gunicorn restarts it (the client gets 502).
            "--timeout", "120", "--graceful-timeout", "20",
            "--access-logfile", access_log, "--error-logfile", "-",
            # nginx on the same machine may pass X-Forwarded-For/-Proto; nobody else can reach 127.0.0.1.
            "--forwarded-allow-ips", "127.0.0.1"]


class Command(BaseCommand):
    help = "以生产方式运行：迁移数据库、收集静态文件，然后由 gunicorn 提供服务，后台任务进程在旁运行"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST") or "127.0.0.1",
                            help="监听地址；nginx 在本机时保持 127.0.0.1，直接对外时用 0.0.0.0")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS") or 2 * (os.cpu_count() or 1) + 1),
                            help="gunicorn 进程数，默认 CPU 核数×2+1")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS") or 4),
                            help="每个进程的线程数")
        parser.add_argument("--access-log", default="-", help="访问日志文件；- 为标准输出")
        parser.add_argument("--no-worker", action="store_true", help="不在旁启动后台任务进程")

    def handle(self, *args, host, port, workers, threads, access_log, no_worker, **options):
        if settings.DEBUG:
            raise CommandError("生产方式运行须设 DEBUG=false（开发时请用 make run）。")
        call_command("migrate", interactive=False, verbosity=1)
        refresh_planner_statistics()  # imports and the demo load rows in bulk; SQLite never refreshes them itself
        # Source maps are left out: half of what the npm packages ship, read only by developers' tools.
        call_command("collectstatic", interactive=False, verbosity=1, ignore_patterns=["*.map"])
        connections.close_all()  # the children open their own
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        children = []
        if not no_worker:
            children.append(subprocess.Popen([*manage, "db_worker", "--no-reload"]))
        server = subprocess.Popen(gunicorn_command(host=host, port=port, workers=workers, threads=threads,
                                                   access_log=access_log))
        children.append(server)

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"serving on http://{host}:{port}/ ({workers} workers × {threads} threads"
                          f"{'' if no_worker else ', task worker beside'})", ending="\n")
        self.stdout.flush()
        code = server.wait()
        stop(None, None)
        for child in children:
            child.wait()
        if code:
            raise CommandError(f"gunicorn 退出，返回码 {code}")
