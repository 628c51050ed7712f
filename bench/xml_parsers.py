"""Benchmark: what reading a workbook of 100,000 members costs with each XML parser openpyxl
can stream its sheets with (issue 15: defusedxml's cost).

    .venv/bin/python -m bench.xml_parsers                 # 100,000 rows, 3 runs each
    .venv/bin/python -m bench.xml_parsers --rows 20000 --runs 1

The workbook is bench.import_members' (seed 2020), made once in a temporary directory.
Each parser runs in its own process (openpyxl picks its parser at import), reading every
row of the first sheet in read-only mode as the import does:

- defusedxml: openpyxl's choice when defusedxml is installed (the pure-Python parser);
- safexml: core.safexml, what the import uses (the C parser after expat's prolog check);
- stdlib: the C parser with no check (unsafe on its own; for the comparison only);
- lxml: lxml's iterparse with resolve_entities=False, no_network=True, load_dtd=False.

Printed: the process's CPU seconds (the machine is shared: wall-clock time follows the
load), the best and median of the runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARSERS = ("defusedxml", "safexml", "stdlib", "lxml")


def read_all(parser: str, path: Path) -> tuple[float, int]:
    import openpyxl
    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    if parser == "safexml":
        from daihoi.core import safexml

        safexml.install()
    elif parser == "stdlib":
        from xml.etree.ElementTree import iterparse

        _reader.iterparse = strings.iterparse = iterparse
    elif parser == "lxml":
        from functools import partial

        from lxml.etree import iterparse as lxml_iterparse

        safe = partial(lxml_iterparse, resolve_entities=False, no_network=True, load_dtd=False)
        _reader.iterparse = strings.iterparse = safe
    start = time.process_time()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return time.process_time() - start, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", choices=PARSERS, help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        cpu, rows = read_all(args.child, args.file)
        print(f"{cpu:.3f} {rows}")
        return
    from bench.import_members import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "members.xlsx"
        generate(path, args.rows)
        print(f"{args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB; CPU seconds to read every row")
        figures: dict[str, list[float]] = {p: [] for p in PARSERS}
        for _ in range(args.runs):
            for parser in PARSERS:  # interleaved, so a burst of load hits all alike
                out = subprocess.run(
                    [sys.executable, "-m", "bench.xml_parsers", "--child", parser,
                     "--file", str(path)], capture_output=True, text=True, check=True)
                cpu, rows = out.stdout.split()
                assert int(rows) == args.rows + 1, (parser, rows)
                figures[parser].append(float(cpu))
        base = min(figures["defusedxml"])
        for parser in PARSERS:
            best, median = min(figures[parser]), statistics.median(figures[parser])
            print(f"  {parser:<11} best {best:6.2f} s  median {median:6.2f} s  "
                  f"({best / base:5.0%} of defusedxml)")


if __name__ == "__main__":
    main()
