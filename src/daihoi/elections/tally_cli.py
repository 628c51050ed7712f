"""`daihoi tally FILE`, runnable without Django: read the JSON, count, print the result.

A counting committee checks a count independently with it, and anyone can test the rules
(issue 3 item 2). FILE may be `-` for standard input. Bad input gives one line on stderr and
exit code 2, never a traceback.

The input (issue 3 item 2), ballot by ballot:

    {"seats": 3, "electorate_convened": 246, "excluded": 2, "ballots_issued": 240,
     "candidates": ["Lê Thị Thu Hồng", "Nguyễn Văn An", ...], "ballot_format": "strike",
     "ballots": [{"struck": ["Nguyễn Văn An"]}, {"unstamped": true, "struck": []}, ...]}

(`"ballot_format": "approve"`: a ballot is {"agree": [...], "disagree": [...]}; the flags
`unstamped`, `identifying_mark` and the list `write_in` go with either format), or from a
tally sheet, with `"totals": {"ballots_collected": 200, "invalid_by_reason": {"unstamped": 5},
"votes": {"Lê Thị Thu Hồng": 190, ...}}` in place of `ballots`. Optional
`"blank_approve_ballot": "invalid"` (the default) or `"valid"`: the counting committee's choice
for a multi-name approve ballot marked for nobody (RULES.md, open).

Names are compared after Unicode NFC and collapsing spaces, so a name typed on another
keyboard is the same name. Two candidates equal after that, more ballots collected than the
base or than issued, more ballots issued than convened, and numbers beyond any electorate are
bad input.

The output keys are those of issue 3 item 2, in that order, then `passed_not_elected` (the
names above the threshold left without a seat because the seats ran out: for a delegation, the
open case of 190-QĐ/TW Điều 18 that the presidium decides).

Counting needs nothing but the pure rules module, so `daihoi.cli` runs this directly, without
Django's start-up (which costs more than the count: see bench/tally.py); the management
command `tally` calls the same `run()`, so `call_command("tally", ...)` behaves the same.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import IO, Any

from daihoi.rules.counting import MAX_COUNT, RulesError, tally

EXIT_OK = 0
EXIT_BAD_INPUT = 2
ERR_READ = "không đọc được tệp {path}: {reason}"
ERR_JSON = "tệp {path} không phải JSON hợp lệ: {reason} (dòng {line}, cột {column})"
ERR_ENCODING = "tệp {path} không phải văn bản UTF-8"
ERR_DUPLICATE_KEY = "khóa '{key}' xuất hiện hai lần trong cùng một đối tượng JSON"
ERR_CONSTANT = "giá trị {value} không có trong JSON chuẩn"
ERR_TOO_DEEP = "lồng quá sâu"
ERR_NUMBER_TOO_LARGE = "số {text} quá lớn (tối đa {maximum})"
# Longer than any count the rules accept (MAX_COUNT): refused while reading, before Python
# turns thousands of digits into an integer (or refuses to, with a traceback).
_MAX_DIGITS = len(str(MAX_COUNT)) + 1
STDIN_NAME = "(đầu vào chuẩn)"
HELP = ("Đếm phiếu từ một tệp JSON theo Quy chế bầu cử trong Đảng (190-QĐ/TW) và in kết quả "
        "dạng JSON. FILE là '-' để đọc từ đầu vào chuẩn.")
EPILOG = """Ví dụ tệp vào (mẫu phiếu gạch tên):
  {"seats": 3, "electorate_convened": 246, "excluded": 2, "ballots_issued": 240,
   "candidates": ["Lê Thị Thu Hồng", "Nguyễn Văn An", "Trần Văn Bình", "Phạm Minh Châu"],
   "ballot_format": "strike",
   "ballots": [{"struck": ["Nguyễn Văn An"]},
               {"unstamped": true, "identifying_mark": false, "write_in": [], "struck": []}]}
Mẫu "approve": mỗi phiếu {"agree": [...], "disagree": [...]}.
Phiếu tổng hợp thay cho "ballots": "totals": {"ballots_collected": 200,
   "invalid_by_reason": {"unstamped": 5}, "votes": {"Lê Thị Thu Hồng": 190, ...}}
Tùy chọn "blank_approve_ballot": "invalid" (mặc định) hoặc "valid": phiếu đồng ý / không
   đồng ý nhiều tên không đánh dấu đồng ý ai, theo quyết định của Ban kiểm phiếu.
Tên so sánh sau chuẩn hóa Unicode NFC và gộp dấu cách.
Kết quả: các khóa của issue 3, rồi "passed_not_elected": những người quá một nửa nhưng
   không trúng cử vì đã đủ số lượng (đoàn đại biểu: Đoàn Chủ tịch quyết định, 190-QĐ/TW Điều 18).
Mã thoát: 0 thành công; 2 dữ liệu vào sai (một dòng thông báo trên stderr)."""


class InputError(Exception):
    """Input that cannot be read as JSON: a one-line message for stderr."""


class _BadJson(ValueError):
    pass


def _no_constants(value: str) -> Any:
    # Python's json accepts NaN and Infinity, which are not JSON and not counts.
    raise _BadJson(ERR_CONSTANT.format(value=value))


def _int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        shown = text if len(text) <= 20 else f"{text[:12]}… ({len(text.lstrip('-'))} chữ số)"
        raise _BadJson(ERR_NUMBER_TOO_LARGE.format(text=shown, maximum=MAX_COUNT))
    return int(text)


def _float(text: str) -> float:
    # 1e400 reads as infinity; a count is never a float anyway, but the message must say why.
    value = float(text)
    if not math.isfinite(value):
        raise _BadJson(ERR_NUMBER_TOO_LARGE.format(text=text[:20], maximum=MAX_COUNT))
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys silently; in a count that hides a typo.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _BadJson(ERR_DUPLICATE_KEY.format(key=key))
        result[key] = value
    return result


def read_input(path: str, stdin: IO[bytes] | None = None) -> Any:
    """The parsed JSON of FILE (or of stdin for `-`); raises InputError with a one-line message."""
    shown = STDIN_NAME if path == "-" else path
    try:
        if path == "-":
            raw = (stdin if stdin is not None else sys.stdin.buffer).read()
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
    except OSError as exc:
        raise InputError(ERR_READ.format(path=shown, reason=exc.strerror or exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(ERR_ENCODING.format(path=shown)) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants,
                          parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise InputError(ERR_JSON.format(path=shown, reason=exc.msg, line=exc.lineno,
                                         column=exc.colno)) from None
    except _BadJson as exc:
        raise InputError(str(exc)) from None
    except RecursionError:
        raise InputError(ERR_JSON.format(path=shown, reason=ERR_TOO_DEEP, line=1, column=1)) from None


def run(path: str, *, compact: bool = False, stdin: IO[bytes] | None = None,
        stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Count FILE and print the result; the exit code (0, or 2 for bad input)."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        result = tally(read_input(path, stdin))
    except (InputError, RulesError) as exc:
        err.write(f"daihoi tally: {exc}\n")
        return EXIT_BAD_INPUT
    out.write(result.dumps(indent=None if compact else 2) + "\n")
    return EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="tệp JSON (hoặc '-' cho đầu vào chuẩn)")
    parser.add_argument("--compact", action="store_true", help="in JSON trên một dòng")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="daihoi tally", description=HELP, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    options = parser.parse_args(argv)
    return run(options.file, compact=options.compact)
