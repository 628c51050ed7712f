"""`daihoi import members FILE` / `daihoi import organizations FILE`: all or nothing, the
progress on stderr, every error by row; exit status 1 when the file is rejected."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from daihoi.core.models import User
from daihoi.organizations import imports


class StderrProgress:
    """Prints "phase: done/total" over itself on a terminal, a line per phase otherwise."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.message = ""
        self.total = 0
        self.last = 0.0
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done: int, total: int | None = None, message: Any = None) -> None:
        if total is not None:
            self.total = total
        new_phase = message is not None and str(message) != self.message
        if new_phase:
            if self.message and self.tty:
                self.stream.write("\n")
            self.message = str(message)
        now = time.monotonic()
        if not (new_phase or now - self.last > 0.5 or (self.total and done >= self.total)):
            return
        self.last = now
        line = f"{self.message}: {done:,}/{self.total:,}" if self.total else f"{self.message}…"
        if self.tty:
            self.stream.write("\r" + line)
        elif new_phase or (self.total and done >= self.total):
            self.stream.write(line + "\n")
        self.stream.flush()

    def end(self) -> None:
        if self.tty and self.message:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Nhập tổ chức đảng hoặc đảng viên từ tệp .xlsx/.csv (tất cả hoặc không gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["members", "organizations"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="Tên đăng nhập ghi vào nhật ký (phải có vai trò Văn phòng)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có tài khoản {options['user']}")
        run = (imports.import_members_file if options["what"] == "members"
               else imports.import_organizations_file)
        progress = StderrProgress(sys.stderr)
        try:
            result = run(acting_user=user, path=path, filename=path.name, today=timezone.localdate(),
                         progress=progress)
        except imports.ImportRejected as rejected:
            progress.end()
            for error in rejected.errors:
                self.stderr.write(str(error))
            self.stderr.write(str(rejected))
            sys.exit(1)
        progress.end()
        done = imports.IMPORTED_MEMBERS if options["what"] == "members" else imports.IMPORTED_ORGANIZATIONS
        self.stdout.write(
            f"{str(done).format(count=result.created)} "
            f"(kiểm tra {result.validate_seconds:.1f} s, ghi {result.write_seconds:.1f} s)"
        )
