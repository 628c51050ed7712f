"""`daihoi extract FILE [--format json] [--spans]`, runnable without Django: read one news
article (.txt or .html, UTF-8, NFC or NFD) and print the proposed congress record.

The keys are those of issue 19, in that order, null where the article does not say it;
`--spans` adds "spans": for each key found, where in the article's text (NFC, as the reader
cleaned it) it was read, with the words themselves. FILE may be `-` for standard input.
A file with no article in it (empty, binary, a page with no text) gives one line on stderr
and exit code 2; an article about something else is kind "other" with every key null.
`daihoi.cli` runs this without Django's start-up, as it runs `daihoi tally`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from daihoi.extraction.reader import KEYS, ReadError, Reading, read_bytes

EXIT_OK = 0
EXIT_BAD_INPUT = 2
ERR_READ = "không đọc được tệp {path}: {reason}"
STDIN_NAME = "(đầu vào chuẩn)"
HELP = (
    "Đọc một bài báo về đại hội hoặc hội nghị Ban Chấp hành (.txt, .html; UTF-8) và in "
    "bản ghi đề xuất. FILE là '-' để đọc từ đầu vào chuẩn."
)
EPILOG = (
    "Khóa kết quả: " + ", ".join(KEYS) + ". Giá trị null: bài viết không nói đến. "
    "Mã thoát: 0 thành công; 2 tệp không có bài viết (một dòng thông báo trên stderr)."
)
LABELS = {
    "kind": "Loại",
    "organization": "Tổ chức đảng",
    "province": "Tỉnh",
    "ordinal": "Lần thứ",
    "term": "Nhiệm kỳ",
    "start_date": "Từ ngày",
    "end_date": "Đến ngày",
    "published": "Ngày đăng",
    "source": "Nguồn",
    "delegates_official": "Đại biểu chính thức",
    "members_represented": "Đảng viên đại diện",
    "grassroots_organizations": "Tổ chức cơ sở đảng",
    "committee_elected": "Ban Chấp hành",
    "standing_committee_elected": "Ban Thường vụ",
    "secretary": "Bí thư",
    "delegation": "Đoàn đại biểu dự Đại hội cấp trên",
    "admissions_in_term": "Kết nạp trong nhiệm kỳ",
    "targets": "Chỉ tiêu",
    "guests": "Khách mời",
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="daihoi extract", description=HELP, epilog=EPILOG)
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--format",
        choices=["json", "text"],
        default="text",
        help="json: một đối tượng JSON; text (mặc định): dễ đọc",
    )
    p.add_argument("--spans", action="store_true", help="thêm vị trí của từng giá trị trong bài")
    return p


def read(path: str, stdin: IO[bytes] | None = None) -> Reading:
    if path == "-":
        data = (stdin or sys.stdin.buffer).read()
        return read_bytes(data, "")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ReadError(ERR_READ.format(path=path, reason=error.strerror or error)) from error
    return read_bytes(data, path)


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict) and "value" in value:
        return f"{value['value']} ({value['qualifier']})"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "\n    " + "\n    ".join(json.dumps(v, ensure_ascii=False) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render(reading: Reading, *, fmt: str, spans: bool) -> str:
    data = reading.as_json(with_spans=spans)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    lines = [f"{LABELS[k]:<34} {_plain(data[k])}" for k in KEYS]
    if spans:
        lines.append("")
        for key, found in data.get("spans", {}).items():
            lines.append(f"{key}: " + "; ".join(f"[{s['start']}:{s['end']}] {s['text']!r}" for s in found))
    return "\n".join(lines)


def run(
    argv: list[str],
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[bytes] | None = None,
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    args = parser().parse_args(argv)
    try:
        reading = read(args.file, stdin)
    except ReadError as error:
        name = STDIN_NAME if args.file == "-" else args.file
        print(f"daihoi extract: {name}: {error}", file=err)
        return EXIT_BAD_INPUT
    print(render(reading, fmt=args.format, spans=args.spans), file=out)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
