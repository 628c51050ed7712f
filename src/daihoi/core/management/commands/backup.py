from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.core import backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ dữ liệu (cơ sở dữ liệu và tệp đính kèm) vào một tệp .zip. "
        "/ Write a full, consistent backup (database and uploaded files) to FILE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file to write, e.g. daihoi-2025-10-01.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            info = backup.backup(options["file"], log=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu: {info.path} ({info.engine}, {info.media_files} tệp đính kèm, "
            f"{info.size / 1_048_576:.1f} MB)"))
