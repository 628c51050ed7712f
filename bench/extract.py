"""Benchmark: the article reader on an archive of plain-text articles (issue 19).

    .venv/bin/python -m bench.extract                 # 1,000 articles, 3 runs
    .venv/bin/python -m bench.extract --articles 3000 --runs 5 --html

Builds the archive in a temporary directory (seed 2025): each article is one of the sample
and demo articles with its organization, numbers and names changed, a third of them in NFD.
Then, in this process (the rules loaded once), it times, median of --runs:

- the baseline: a plain Python loop reading every file and decoding it (what any reader
  pays before reading a word);
- the reader: `read_file` on every file, the whole record with its spans;
- with --html, the same articles as HTML pages (lxml and the boilerplate stripping).

Target (issue 19): over 200 articles per second for the rules alone; a back-filled archive
of 1,000 articles read in under a minute. No database, no Django.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import unicodedata
from html import escape
from pathlib import Path

from daihoi.extraction.reader import read_file

SEED = 2025
ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "tests" / "extraction" / "articles").glob("*.txt")) + sorted(
    (ROOT / "src" / "daihoi" / "extraction" / "demo_articles").glob("*.txt"))
PLACES = ["Tân Phú", "Hòa An", "Mỹ Lợi", "Phước Long", "Đông Hải", "Bình Minh", "Thạnh Phú", "An Nhơn"]


def _vary(text: str, rng: random.Random) -> str:
    for old in ("Bến Tre", "Bắc Giang", "Tân Hòa", "Lâm Đồng"):
        text = text.replace(old, rng.choice(PLACES))
    for old in ("246", "242", "150", "200", "300"):
        text = text.replace(f"{old} đại biểu", f"{rng.randint(90, 400)} đại biểu")
    return text


def _as_html(text: str) -> str:
    lines = [line for line in text.split("\n") if line.strip()]
    body = "".join(f"<p>{escape(line)}</p>" for line in lines[1:])
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(lines[0])}</title></head><body>"
            f"<nav class='menu'><a href='/'>Trang chủ</a></nav>"
            f"<div class='detail'><h1>{escape(lines[0])}</h1>"
            f"{body}</div><footer>Bản quyền</footer></body></html>")


def build(folder: Path, count: int, *, html: bool) -> list[Path]:
    rng = random.Random(SEED)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    paths = []
    for i in range(count):
        text = _vary(texts[i % len(texts)], rng)
        if i % 3 == 2:
            text = unicodedata.normalize("NFD", text)
        path = folder / (f"{i:05d}.html" if html else f"{i:05d}.txt")
        path.write_text(_as_html(text) if html else text, encoding="utf-8")
        paths.append(path)
    return paths


def _median_seconds(fn: object, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of this process (the CPU figure is the one to read
    on a shared machine, where other processes take turns on the cores)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _line(label: str, count: int, times: tuple[float, float]) -> str:
    wall, cpu = times
    return (f"{label:<26} {count / wall:8.0f} articles/s wall ({wall:.2f} s), "
            f"{count / cpu:8.0f} articles/s of CPU ({cpu:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--html", action="store_true", help="also time the articles as HTML pages")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = build(folder, args.articles, html=False)
        size = sum(p.stat().st_size for p in paths)
        print(f"{len(paths)} plain-text articles, {size / len(paths) / 1024:.1f} KiB each on average")

        def baseline() -> None:
            for p in paths:
                p.read_bytes().decode("utf-8")

        def reader() -> None:
            for p in paths:
                read_file(p)

        read_file(paths[0])  # the patterns compiled once, as in a batch import
        base = _median_seconds(baseline, args.runs)
        rules = _median_seconds(reader, args.runs)
        kinds: dict[str, int] = {}
        for p in paths:
            kind = read_file(p).record["kind"]
            kinds[kind] = kinds.get(kind, 0) + 1
        print(_line("baseline (read + decode)", len(paths), base))
        print(_line("reader, rules (.txt)", len(paths), rules))
        print(f"kinds read: {dict(sorted(kinds.items()))}")
        if args.html:
            pages = build(folder, args.articles, html=True)

            def reader_html() -> None:
                for p in pages:
                    read_file(p)

            html = _median_seconds(reader_html, args.runs)
            print(_line("reader, rules (.html)", len(pages), html))


if __name__ == "__main__":
    main()
