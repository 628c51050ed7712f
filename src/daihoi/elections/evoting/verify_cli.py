"""`daihoi verify BOARD.json`, runnable without Django: check an encrypted round's bulletin
board from its JSON alone (docs/evote-protocol.md §6, issue 21 item 4).

Anyone holding the board (the page's download) recomputes every proof, the sum, the
decryption and the result through the same rules as `daihoi tally`, trusting nothing the
server says. Each failure is printed on its own line, naming what it concerns (the
trustee, the ballot by its index and tracker, the selection, the total); the exit code is
0 when everything holds and 1 otherwise (a file that cannot be read included). The cast
ballots, most of the work, are checked in `--jobs` processes (one per core by default;
`--jobs 1` in this one), their progress on stderr. The closing line speaks as the board's
format does: an election's keys are its Ban kiểm phiếu's (190-QĐ/TW Điều 8), a committee
conference's confidence vote is counted by the conference's Tổ kiểm phiếu (its key holders)
and rates people. Vietnamese only, as every message of the tools without Django.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import IO, Any

from daihoi.elections.evoting.crypto.board import is_counted, verify_board
from daihoi.elections.tally_cli import InputError, read_input

EXIT_OK = 0
EXIT_FAILED = 1
HELP = ("Kiểm chứng bảng công khai (JSON) của một lần bỏ phiếu điện tử mã hóa (bầu cử hoặc lấy "
        "phiếu tín nhiệm): mọi bằng chứng, tổng mã hóa, phần giải mã của các thành viên giữ khóa "
        "(Ban kiểm phiếu hoặc Tổ kiểm phiếu) và kết quả đếm lại theo quy chế. "
        "FILE là '-' để đọc từ đầu vào chuẩn.")
EPILOG = ("Mã thoát: 0 khi mọi thứ đều đúng; 1 khi có ít nhất một lỗi (mỗi lỗi một dòng, "
          "nói rõ lỗi ở đâu) hoặc không đọc được tệp.")
OK = ("Bảng hợp lệ: {trustees} thành viên Ban kiểm phiếu (ngưỡng {k}), {cast} phiếu đã bỏ, "
      "{spoiled} phiếu kiểm tra{count}.")
OK_COUNTED = "; tổng mã hóa, phần giải mã, các tổng số và kết quả đều khớp"
OK_CONFIDENCE = ("Bảng hợp lệ: lấy phiếu tín nhiệm {people} người; {trustees} thành viên giữ khóa "
                 "của Tổ kiểm phiếu (ngưỡng {k}), {cast} phiếu tín nhiệm đã bỏ, {spoiled} phiếu "
                 "kiểm tra{count}.")
OK_COUNTED_CONFIDENCE = ("; tổng mã hóa, phần giải mã, các tổng số và số phiếu từng mức của "
                         "mỗi người đều khớp")
OK_NOT_COUNTED = "; chưa kiểm phiếu (bảng chưa có phần giải mã)"
FAILED = "Bảng KHÔNG hợp lệ: {n} lỗi."
PROGRESS = "đã kiểm {done}/{total} lá phiếu"
# A line on stderr every this many cast ballots (a few seconds of work); a smaller board is
# checked before anyone would wonder.
PROGRESS_EVERY = 200


def _progress(err: IO[str]) -> Callable[[int, int], None]:
    """progress(checked, total) for verify_board: a line on stderr each time another
    PROGRESS_EVERY ballots are checked, and at the last; stdout's report is untouched."""
    shown = 0

    def show(done: int, total: int) -> None:
        nonlocal shown
        if total > PROGRESS_EVERY and (done // PROGRESS_EVERY > shown // PROGRESS_EVERY or done == total):
            err.write(PROGRESS.format(done=done, total=total) + "\n")
            err.flush()
            shown = done

    return show


def run(path: str, *, jobs: int = 1, stdin: IO[bytes] | None = None, stdout: IO[str] | None = None,
        stderr: IO[str] | None = None) -> int:
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        board = read_input(path, stdin)
    except InputError as exc:
        err.write(f"daihoi verify: {exc}\n")
        return EXIT_FAILED
    failures = verify_board(board, jobs=jobs, progress=_progress(err))
    if failures:
        for failure in failures:
            out.write(f"LỖI  {failure}\n")
        out.write(FAILED.format(n=len(failures)) + "\n")
        return EXIT_FAILED
    out.write(summary(board) + "\n")
    return EXIT_OK


def summary(board: dict[str, Any]) -> str:
    """The closing line of a board that verified, in the words of its format."""
    manifest = json.loads(board["manifest"])
    confidence = manifest["format"] == "confidence"
    counted = is_counted(board)
    done = (OK_COUNTED_CONFIDENCE if confidence else OK_COUNTED) if counted else OK_NOT_COUNTED
    return (OK_CONFIDENCE if confidence else OK).format(
        people=len(manifest["candidates"]), trustees=len(board["trustees"]),
        k=manifest["threshold"], cast=len(board["ballots"]), spoiled=len(board["spoiled"]),
        count=done)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="daihoi verify", description=HELP, epilog=EPILOG)
    parser.add_argument("file", metavar="FILE", help="tệp JSON của bảng công khai (hoặc '-')")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="số tiến trình kiểm các phiếu (mặc định: số nhân CPU)")
    options = parser.parse_args(argv)
    return run(options.file, jobs=max(1, options.jobs))
