"""`daihoi ballots SPEC.json --count N --out ballots.pdf` and `daihoi scan SPEC.json FILE...`.

Without Django, like `daihoi tally` (issue 20 item 4): a counting committee checks a count
independently, and anyone can test the reader. SPEC.json is the input of `daihoi tally`
(its `ballots` key ignored) with optional `title` and `organization` keys printed on the
ballot. The round's code is taken from title, organization, list and form, so `daihoi scan`
with the same SPEC reads the ballots `daihoi ballots` printed and refuses any other.

`daihoi scan` prints
    {"ballots": [{"source": "file" | "file:page", "status": "read" | "doubtful" | "refused",
                  "struck": [...], "doubtful": [...], "flags": [...], "reason": ... | null}],
     "seconds": ...}
(approve form: "agree" and "disagree" lists beside "struck", which then lists the names
marked "disagree"). Exit code 0, or 2 for bad input (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import IO, Any

EXIT_OK = 0
EXIT_BAD_INPUT = 2
ERR_SPEC = "tệp mô tả cuộc bầu cử không hợp lệ: {reason}"
ERR_FILE = "không đọc được tệp {path}: {reason}"
DEFAULT_TITLE = "Bầu cử"
DEFAULT_ORG = "Ban kiểm phiếu"


class SpecError(Exception):
    pass


def spec_ballot(spec: Any, size: str = "A5") -> tuple[Any, Any]:
    """The ballot text and layout of SPEC (a dict as `daihoi tally` reads)."""
    from daihoi.elections.scanning.layout import round_code
    from daihoi.elections.scanning.printing import BallotText, ballot_layout_for, sheet_for

    if not isinstance(spec, dict):
        raise SpecError(ERR_SPEC.format(reason="cần một đối tượng JSON"))
    names = spec.get("candidates")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip()
                                                           for n in names):
        raise SpecError(ERR_SPEC.format(reason="'candidates' phải là danh sách tên"))
    form = spec.get("ballot_format", "strike")
    if form not in ("strike", "approve"):
        raise SpecError(ERR_SPEC.format(reason="'ballot_format' là 'strike' hoặc 'approve'"))
    title = spec.get("title") or DEFAULT_TITLE
    org = spec.get("organization") or DEFAULT_ORG
    if not isinstance(title, str) or not isinstance(org, str):
        raise SpecError(ERR_SPEC.format(reason="'title' và 'organization' là chuỗi"))
    text = BallotText(org_lines=[org.upper()], stamp_label="Dấu của " + org, title=title,
                      names=[" ".join(n.split()) for n in names], ballot_format=form)
    sheet = sheet_for(text, size)
    code = round_code(f"daihoi spec {title}\n{org}\nseats {spec.get('seats')}", text.names, form,
                      sheet)
    try:
        return text, ballot_layout_for(text, code, sheet)
    except ValueError as exc:
        raise SpecError(str(exc)) from None


def _spec(path: str) -> Any:
    from daihoi.elections.tally_cli import InputError, read_input

    try:
        return read_input(path)
    except InputError as exc:
        raise SpecError(str(exc)) from None


def ballots_main(argv: list[str] | None = None, stdout: IO[str] | None = None,
                 stderr: IO[str] | None = None) -> int:
    err = stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="daihoi ballots",
        description="In phiếu bầu (có dấu định vị và mã của lần bầu) cho máy quét đọc.")
    parser.add_argument("spec", metavar="SPEC.json")
    parser.add_argument("--count", type=int, default=1, help="số phiếu (mỗi trang một phiếu)")
    parser.add_argument("--out", required=True, help="tệp PDF ra")
    parser.add_argument("--size", choices=["A5", "A4"], default="A5")
    options = parser.parse_args(argv)
    from daihoi.elections.scanning.printing import ballots_pdf

    try:
        text, lay = spec_ballot(_spec(options.spec), options.size)
    except SpecError as exc:
        err.write(f"daihoi ballots: {exc}\n")
        return EXIT_BAD_INPUT
    if not 1 <= options.count <= 100_000:
        err.write("daihoi ballots: --count từ 1 đến 100000\n")
        return EXIT_BAD_INPUT
    data = ballots_pdf(text, lay.code, count=options.count, size=lay.size)
    Path(options.out).write_bytes(data)
    return EXIT_OK


def scan_main(argv: list[str] | None = None, stdout: IO[str] | None = None,
              stderr: IO[str] | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="daihoi scan",
        description="Đọc phiếu bầu đã quét (PDF nhiều trang hoặc ảnh PNG/JPEG/TIFF).")
    parser.add_argument("spec", metavar="SPEC.json")
    parser.add_argument("files", metavar="FILE", nargs="+",
                        help="PDF, ảnh PNG/JPEG/TIFF, hoặc thư mục ảnh")
    parser.add_argument("--format", choices=["json"], default="json")
    parser.add_argument("--size", choices=["A5", "A4"], default="A5")
    parser.add_argument("--definite", type=float, default=None)
    parser.add_argument("--marginal", type=float, default=None)
    options = parser.parse_args(argv)
    from daihoi.elections.scanning import reader

    started = time.perf_counter()
    try:
        spec = _spec(options.spec)
        text, lay = spec_ballot(spec, options.size)
    except SpecError as exc:
        err.write(f"daihoi scan: {exc}\n")
        return EXIT_BAD_INPUT
    thresholds = reader.Thresholds.default()
    if options.definite is not None or options.marginal is not None:
        thresholds = reader.Thresholds(
            definite=options.definite if options.definite is not None else thresholds.definite,
            marginal=options.marginal if options.marginal is not None else thresholds.marginal)
    # The ballot may have been printed on A5 or A4: the page's code tells which.
    layouts = {lay.size: lay}
    for size in ("A5", "A4"):
        other = spec_ballot(spec, size)[1]
        layouts.setdefault(other.size, other)
    templates = [reader.Template.from_layout(x, clean=reader.render_clean(text, x))
                 for x in layouts.values()]
    ballots: list[dict[str, Any]] = []
    files: list[str] = []
    for given in options.files:  # a folder of images: its files in name order
        folder = Path(given)
        files += (sorted(str(p) for p in folder.iterdir() if p.is_file()) if folder.is_dir()
                  else [given])
    for path in files:
        try:
            pages = reader.load_pages(path)
        except reader.ReadError as exc:
            err.write(f"daihoi scan: {ERR_FILE.format(path=path, reason=exc)}\n")
            return EXIT_BAD_INPUT
        for source, image in pages:
            reading = reader.read_ballot(image, templates, thresholds)
            ballots.append({"source": source,
                            **reading.to_json(approve=lay.ballot_format == "approve")})
    result = {"ballots": ballots, "seconds": round(time.perf_counter() - started, 3)}
    out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
