"""Benchmark: the ballot reader's accuracy and speed on a generated test deck (issue 20).

    .venv/bin/python -m bench.scan                       # 5,000 ballots, 12 names, 2 processes
    .venv/bin/python -m bench.scan --ballots 500 --names 20

Generates the deck (bench/scan_deck.py: every kind of stroke, family-name-only strokes,
write-ins, scribbles, unstamped ballots, other rounds' ballots, blank pages, ±5°, upside down,
150–300 dpi, noise, streaks, grey, JPEG) into memory as encoded files, then reads them with
`--jobs` processes, each decoding the file and reading it as `daihoi scan` does. Prints:

- errors: silent misreadings (a row decided wrong, a flag missed, a page not refused), target 0;
- flagged: share of ballots not `read` (all, and among ballots a person would read at a
  glance: the target under 1% is about these), rows flagged per 1,000 such rows;
- speed: ballots a second, and at 200 dpi alone, beside a baseline that only decodes the
  same files with the same processes;
- the score distributions (struck rows' lowest, kept rows' highest), to set the thresholds.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import time
from collections import Counter
from typing import Any

import cv2
import numpy as np

from bench.scan_deck import Deck, judge, spec_for
from daihoi.elections.scanning import reader

_TEMPLATE: reader.Template | None = None
_DECK: Deck | None = None
_SEED = 0


def _init(spec: dict[str, Any], other: dict[str, Any], seed: int) -> None:
    global _TEMPLATE, _DECK, _SEED
    cv2.setNumThreads(1)
    _DECK = Deck(spec, other=other)
    _TEMPLATE = _DECK.template()
    _SEED = seed


def _generate(i: int) -> tuple[bytes, dict[str, Any]]:
    assert _DECK is not None
    b = _DECK.ballot(random.Random(_SEED * 1_000_003 + i))
    return b.encoded(), b.truth()


def _read(item: bytes) -> tuple[dict[str, Any], list[float]]:
    assert _TEMPLATE is not None
    image = cv2.imdecode(np.frombuffer(item, np.uint8), cv2.IMREAD_COLOR)
    reading = reader.read_ballot(image, _TEMPLATE)
    return reading.to_json(), [r.score for r in reading.rows]


def _decode(item: bytes) -> int:
    image = cv2.imdecode(np.frombuffer(item, np.uint8), cv2.IMREAD_COLOR)
    return int(image.shape[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ballots", type=int, default=5000)
    parser.add_argument("--names", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=10, help="errors to list")
    options = parser.parse_args()
    spec = spec_for(options.names, options.seed)
    other = spec_for(options.names, options.seed + 1, title="Bầu Bí thư")
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(options.jobs, initializer=_init, initargs=(spec, other, options.seed)) as pool:
        started = time.perf_counter()
        generated = pool.map(_generate, range(options.ballots), chunksize=8)
        files = [g[0] for g in generated]
        truths = [g[1] for g in generated]
        print(f"deck: {len(files)} ballots × {options.names} names generated in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        pool.map(_decode, files[: options.jobs * 2])  # warm up
        t0 = time.perf_counter()
        pool.map(_decode, files, chunksize=8)
        decode_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        results = pool.map(_read, files, chunksize=8)
        read_s = time.perf_counter() - t0
        at200 = [f for f, t in zip(files, truths, strict=True) if t["dpi"] == 200]
        t0 = time.perf_counter()
        pool.map(_read, at200, chunksize=8)
        read200_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        pool.map(_decode, at200, chunksize=8)
        decode200_s = time.perf_counter() - t0
    errors: list[tuple[int, str, list[str]]] = []
    flagged = clean = clean_flagged = rows_clean = rows_flagged = refused_wrongly = 0
    struck_scores: list[float] = []
    kept_scores: list[float] = []
    kinds_flagged: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for i, ((reading, scores), truth) in enumerate(zip(results, truths, strict=True)):
        verdict = judge(reading, truth)
        if verdict["errors"]:
            errors.append((i, ",".join(truth["kinds"]), verdict["errors"]))
        flagged += verdict["flagged"]
        if reading["status"] == "refused" and not truth["refuse"]:
            refused_wrongly += 1
            reasons[reading["reason"]] += 1
        if verdict["clean"]:
            clean += 1
            rows_clean += options.names
            rows_flagged += verdict["rows_flagged"]
            if verdict["flagged"]:
                clean_flagged += 1
                kinds_flagged.update(set(truth["kinds"]))
                reasons.update(reading["flags"])
            if scores:
                names = spec["candidates"]
                for name, score in zip(names, scores, strict=True):
                    (struck_scores if name in truth["struck"] else kept_scores).append(score)
    n = len(files)
    print(f"errors: {len(errors)} ballots with a silent misreading (target 0)")
    for i, kinds, what in errors[: options.show]:
        print(f"  #{i} [{kinds}]: {'; '.join(what)}")
    print(f"flagged: {flagged / n:.2%} of all ballots ({flagged}, deck has deliberate faults); "
          f"{clean_flagged / max(clean, 1):.2%} of the {clean} ballots with no fault (target < 1%)")
    print(f"rows flagged per 1,000 rows of faultless ballots: {1000 * rows_flagged / max(rows_clean, 1):.2f}")
    print(f"refused although a ballot of the round: {refused_wrongly}")
    if kinds_flagged:
        print(f"  faultless ballots flagged, by kind: {dict(kinds_flagged.most_common(8))}")
    if reasons:
        print(f"  reasons: {dict(reasons.most_common(6))}")
    if struck_scores and kept_scores:
        s, k = np.array(struck_scores), np.array(kept_scores)
        print(f"scores: struck rows min {s.min():.3f}, 0.1% {np.percentile(s, 0.1):.3f}, "
              f"1% {np.percentile(s, 1):.3f}; kept rows max {k.max():.3f}, "
              f"99.9% {np.percentile(k, 99.9):.3f}")
    print(f"speed ({options.jobs} processes): read {n / read_s:.1f} ballots/s "
          f"(decoding alone {n / decode_s:.1f}/s); at 200 dpi: read "
          f"{len(at200) / read200_s:.1f}/s, decoding alone {len(at200) / decode200_s:.1f}/s "
          f"({len(at200)} ballots)")


if __name__ == "__main__":
    main()
