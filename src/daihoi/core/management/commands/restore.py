from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.core import backup

CONFIRM_REFUSED = "Đã hủy: chưa khôi phục gì."


class Command(BaseCommand):
    help = (
        "Khôi phục toàn bộ dữ liệu từ tệp sao lưu (thay thế dữ liệu hiện có). Dừng máy chủ "
        "trước khi chạy. / Replace all data with the backup in FILE; stop the server first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a backup written by `daihoi backup`")
        parser.add_argument("--yes", action="store_true",
                            help="do not ask for confirmation (scripts)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup.read_manifest(options["file"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Bản sao lưu {manifest.get('engine')} lúc {manifest.get('created_at')}, "
            f"{manifest.get('media_files')} tệp đính kèm.")
        if not options["yes"]:
            answer = input("Toàn bộ dữ liệu hiện có sẽ bị thay thế. Máy chủ đã dừng chưa? "
                           "Gõ 'yes' để tiếp tục: ")
            if answer.strip().lower() not in {"yes", "y", "có", "co"}:
                raise CommandError(CONFIRM_REFUSED)
        try:
            result = backup.restore(options["file"], log=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục ({result['media_restored']} tệp đính kèm). Chạy `daihoi migrate` "
            "nếu phiên bản chương trình mới hơn bản sao lưu (`daihoi serve` tự làm việc này)."))
