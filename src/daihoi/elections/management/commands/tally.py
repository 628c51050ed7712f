"""`daihoi tally FILE`: count an election from a JSON file, print the result as JSON.

A counting committee can check a count independently, and anyone can test the rules
(issue 3 item 2). FILE may be `-` for standard input. Bad input gives one line on stderr and
exit code 2, never a traceback. Only the pure rules module is imported: no database needed.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from daihoi.elections.rules import RulesError, tally

EXIT_BAD_INPUT = 2
ERR_READ = "không đọc được tệp {path}: {reason}"
ERR_JSON = "tệp {path} không phải JSON hợp lệ: {reason} (dòng {line}, cột {column})"
ERR_ENCODING = "tệp {path} không phải văn bản UTF-8"
ERR_DUPLICATE_KEY = "khóa '{key}' xuất hiện hai lần trong cùng một đối tượng JSON"
ERR_CONSTANT = "giá trị {value} không có trong JSON chuẩn"


class _InputError(Exception):
    """Input that cannot be read as JSON: a one-line message for stderr."""


class _BadJson(ValueError):
    pass


def _no_constants(value: str) -> Any:
    # Python's json accepts NaN and Infinity, which are not JSON and not counts.
    raise _BadJson(ERR_CONSTANT.format(value=value))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys silently; in a count that hides a typo.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _BadJson(ERR_DUPLICATE_KEY.format(key=key))
        result[key] = value
    return result


def read_input(path: str) -> Any:
    """The parsed JSON of FILE (or stdin for `-`); raises _InputError with a one-line message."""
    try:
        if path == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
    except OSError as exc:
        raise _InputError(ERR_READ.format(path=path, reason=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _InputError(ERR_ENCODING.format(path=path)) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise _InputError(ERR_JSON.format(path=path, reason=exc.msg, line=exc.lineno,
                                          column=exc.colno)) from None
    except _BadJson as exc:
        raise _InputError(str(exc)) from None
    except RecursionError:
        raise _InputError(ERR_JSON.format(path=path, reason="lồng quá sâu", line=1, column=1)) from None


class Command(BaseCommand):
    help = ("Đếm phiếu từ một tệp JSON theo Quy chế bầu cử (190-QĐ/TW) và in kết quả dạng JSON. "
            "FILE là '-' để đọc từ đầu vào chuẩn.")
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="tệp JSON (hoặc '-' cho stdin)")
        parser.add_argument("--compact", action="store_true", help="in JSON trên một dòng")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            result = tally(read_input(options["file"]))
        except (_InputError, RulesError) as exc:
            self.stderr.write(f"daihoi tally: {exc}")
            raise SystemExit(EXIT_BAD_INPUT) from None
        self.stdout.write(result.dumps(indent=None if options["compact"] else 2))
