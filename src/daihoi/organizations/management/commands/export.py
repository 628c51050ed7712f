"""`daihoi export members FILE.xlsx|.csv [--org ID] [--status S] [--q TEXT]` and
`daihoi export organizations FILE.xlsx|.csv`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.organizations import exports, selectors


class Command(BaseCommand):
    help = "Xuất đảng viên hoặc tổ chức đảng ra tệp .xlsx/.csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["members", "organizations"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", type=int, help="id của tổ chức (gồm cả cấp dưới)")
        parser.add_argument("--status", default="all",
                            help="probationary, full, ...; 'all' (mặc định) hoặc '' (đang sinh hoạt)")
        parser.add_argument("--q", default="", help="tìm theo họ tên / số thẻ")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        suffix = path.suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise CommandError("Tên tệp phải kết thúc bằng .xlsx hoặc .csv")
        if options["what"] == "members":
            members = selectors.member_search(q=options["q"], organization_id=options["org"],
                                              status=options["status"])
            if suffix == ".xlsx":
                count = exports.members_xlsx(path, members)
            else:
                count = _write_csv(path, exports.members_csv(members))
        elif suffix == ".xlsx":
            count = exports.organizations_xlsx(path)
        else:
            count = _write_csv(path, exports.organizations_csv())
        self.stdout.write(f"{count} dòng → {path}")


def _write_csv(path: Path, chunks: Any) -> int:
    lines = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        for chunk in chunks:
            fh.write(chunk)
            lines += chunk.count("\n")
    return max(0, lines - 1)
