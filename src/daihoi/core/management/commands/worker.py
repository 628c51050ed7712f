"""`daihoi worker`: runs the background tasks (imports, exports) that the servers enqueue.

A thin wrapper over django-tasks-db's `db_worker`, with the same options (`--help`); it
only refuses clearly when the tasks are not configured to go through the database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from daihoi.core.jobs import tasks_in_database

NOT_DATABASE_BACKEND = (
    "daihoi worker chạy các tác vụ lưu trong cơ sở dữ liệu, nhưng TASKS đang dùng {backend} "
    "(DAIHOI_TASKS_BACKEND): bỏ biến này hoặc đặt DAIHOI_TASKS_BACKEND=database. / The worker "
    "runs tasks kept in the database, but TASKS uses {backend}."
)


class Command(db_worker.Command):
    help = ("Run the background tasks (imports, exports) that the application servers enqueue, "
            "on this machine or another sharing the database. Stop with Ctrl+C or SIGTERM: "
            "the task under way is finished first.")

    def run_from_argv(self, argv: list[str]) -> None:
        # Checked before the options are parsed: argparse would otherwise reject the
        # default --backend with a less helpful message.
        if not tasks_in_database() and "--help" not in argv and "-h" not in argv:
            self.stderr.write(NOT_DATABASE_BACKEND.format(backend=settings.TASKS["default"]["BACKEND"]))
            raise SystemExit(2)
        super().run_from_argv(argv)

    def handle(self, *args: Any, **options: Any) -> None:
        if not tasks_in_database():
            raise CommandError(NOT_DATABASE_BACKEND.format(backend=settings.TASKS["default"]["BACKEND"]))
        # The application's database lives under var/ when it is SQLite: make sure it exists.
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        super().handle(*args, **options)
