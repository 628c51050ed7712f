import contextlib
import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.core.jobs import tasks_in_database

DEBUG_REFUSED = (
    "DAIHOI_DEBUG đang bật: `daihoi serve` không bao giờ chạy với trang gỡ lỗi của Django "
    "(chúng để lộ cấu hình và dữ liệu). Bỏ DAIHOI_DEBUG, hoặc dùng `daihoi runserver` trên "
    "máy phát triển. / `daihoi serve` never runs with DEBUG on: unset DAIHOI_DEBUG."
)


class Command(BaseCommand):
    help = "Run the application the production way: gunicorn workers, whitenoise static files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("DAIHOI_BIND", "127.0.0.1:8000"))
        # Few requests at a time, the rest waiting their turn: on 2 cores, 2 workers x 2
        # threads answered 1,600 encrypted votes in a minute with POST p99 0.36-1.12 s (three
        # runs), 3 x 2 0.40-0.93 s (four), 5 x 4 (the usual 2 x CPU + 1, 4 threads) 1.3 s:
        # twenty requests sharing two cores each finish late, and each holds a database
        # connection (bench.evote). Two threads still cover a request's waits on the database.
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("WEB_CONCURRENCY",
                                                       min(max(multiprocessing.cpu_count(), 2), 8))))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", 2)))
        parser.add_argument("--no-migrate", dest="migrate", action="store_false")
        parser.add_argument(
            "--with-worker", action="store_true",
            help="also run one `daihoi worker` beside the server (a single machine); it stops "
                 "when the server stops",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            # Refused rather than switched off quietly: the operator who set it must learn
            # that the server they expected is not the one that would run.
            raise CommandError(DEBUG_REFUSED)
        if not settings.SECRET_KEY_CONFIGURED:
            raise CommandError(
                "SECRET_KEY chưa được đặt: đặt biến môi trường SECRET_KEY trước khi chạy "
                "(hoặc DAIHOI_DEMO=1 cho bản demo). / SECRET_KEY is not set."
            )
        if options["with_worker"] and not tasks_in_database():
            raise CommandError(
                "--with-worker cần DAIHOI_TASKS_BACKEND=database (mặc định). / --with-worker needs "
                "the database task backend."
            )
        # A fresh machine has no var/ yet: SQLite will not create the folder of its file.
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        from django.db import connections
        from gunicorn.app.base import BaseApplication

        from daihoi.wsgi import application

        config = {
            "bind": options["bind"],
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            # No access log: a line per request would put who-voted-when beside the
            # ballots' arrival, and the secret ballot must stay unlinkable.
            "accesslog": None,
            "errorlog": "-",
            "timeout": 120,
        }

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        connections.close_all()  # the workers fork: each opens its own connection
        worker = start_worker() if options["with_worker"] else None
        if worker is not None:
            config["on_exit"] = lambda _arbiter: stop_worker(worker)
            self.stdout.write(f"daihoi: background worker started (pid {worker.pid})")
        self.stdout.write(f"daihoi: http://{options['bind']}/ ({options['workers']} workers)")
        if settings.HTTPS:
            self.stdout.write(
                "daihoi: HTTPS bắt buộc (DAIHOI_HTTPS): cần proxy TLS phía trước; DAIHOI_HTTPS=0 "
                "để chạy HTTP (không dùng cho bỏ phiếu điện tử). / HTTPS required: a TLS proxy "
                "in front, plain HTTP is redirected (docs/operations.md section 5).")
        self.stdout.flush()  # before gunicorn forks: a buffer left unwritten would be copied
        try:
            Server().run()
        finally:
            if worker is not None:
                stop_worker(worker)


def _die_with_parent() -> None:
    """In the worker, before it starts: Linux sends it SIGTERM when the server dies, even
    by SIGKILL (elsewhere the server's exit hook is all there is)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_worker() -> subprocess.Popen[bytes]:
    """`daihoi worker` as a child of this process, with the same settings (environment).

    In a session of its own, so that Ctrl+C in the terminal reaches the server only: the
    server then sends the worker one SIGTERM, and the worker finishes the task under way
    before it exits (a second signal, as Ctrl+C would add, would cut it short)."""
    return subprocess.Popen(
        [sys.executable, "-m", "daihoi.cli", "worker", "--no-reload"],
        start_new_session=True,
        # Safe here: the server has started no thread yet (gunicorn starts after).
        preexec_fn=_die_with_parent,
    )


def stop_worker(worker: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """SIGTERM lets the worker finish the task under way; SIGKILL after `timeout`."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
