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

_DECKS: dict[bool, Deck] = {}  # approve form? -> its deck
_SEED = 0
_APPROVE_EVERY = 0


def _init(specs: dict[bool, tuple[dict[str, Any], dict[str, Any]]], seed: int,
          approve_every: int) -> None:
    global _SEED, _APPROVE_EVERY
    cv2.setNumThreads(1)
    for approve, (spec, other) in specs.items():
        _DECKS[approve] = Deck(spec, other=other)
        _DECKS[approve].template()
    _SEED, _APPROVE_EVERY = seed, approve_every


def _is_approve(i: int) -> bool:
    return bool(_APPROVE_EVERY) and i % _APPROVE_EVERY == _APPROVE_EVERY - 1


def _one(i: int) -> dict[str, Any]:
    """Ballot i generated, encoded, then decoded and read as `daihoi scan` does, with the
    processor time of each step (the machine is shared: processor time is what this
    process spent, whatever else runs beside it)."""
    approve = _is_approve(i)
    deck = _DECKS[approve]
    b = deck.ballot(random.Random(_SEED * 1_000_003 + i))
    data = b.encoded()
    t0 = time.process_time()
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    t1 = time.process_time()
    reading = reader.read_ballot(image, deck.template())
    t2 = time.process_time()
    return {"truth": b.truth(), "reading": reading.to_json(approve=approve),
            "scores": [r.score for r in reading.rows], "decode": t1 - t0, "read": t2 - t0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ballots", type=int, default=5000)
    parser.add_argument("--names", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=10, help="errors to list")
    parser.add_argument("--approve-every", type=int, default=10,
                        help="every Nth ballot is of the agree/disagree form (0: none)")
    options = parser.parse_args()
    spec = spec_for(options.names, options.seed)
    other = spec_for(options.names, options.seed + 1, title="Bầu Bí thư")
    # The agree/disagree form: a list with no surplus (as many names as seats).
    approve_spec = {**spec_for(options.names, options.seed + 2, form="approve"),
                    "seats": options.names}
    approve_other = spec_for(options.names, options.seed + 3, title="Bầu Bí thư",
                             form="approve")
    specs = {False: (spec, other), True: (approve_spec, approve_other)}
    ctx = multiprocessing.get_context("fork")
    started = time.perf_counter()
    done = []
    with ctx.Pool(options.jobs, initializer=_init,
                  initargs=(specs, options.seed, options.approve_every)) as pool:
        for k, one in enumerate(pool.imap(_one, range(options.ballots), chunksize=4), 1):
            done.append(one)
            if k % 500 == 0:
                print(f"  {k} ballots ({time.perf_counter() - started:.0f} s)", flush=True)
    wall = time.perf_counter() - started
    print(f"deck: {len(done)} ballots × {options.names} names generated and read in "
          f"{wall:.0f} s ({options.jobs} processes)", flush=True)
    results = [(d["reading"], d["scores"]) for d in done]
    truths = [d["truth"] for d in done]
    errors: list[tuple[int, str, list[str]]] = []
    flagged = clean = clean_flagged = rows_clean = rows_flagged = refused_wrongly = 0
    struck_scores: list[float] = []
    kept_scores: list[float] = []
    kinds_flagged: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    # Rows by how they were marked: how many, how many left to a person (the share by kind).
    by_style: dict[str, Counter[str]] = {}
    forms: dict[bool, Counter[str]] = {False: Counter(), True: Counter()}
    for i, ((reading, scores), truth) in enumerate(zip(results, truths, strict=True)):
        verdict = judge(reading, truth)
        approve = truth.get("boxes") is not None
        form = forms[approve]
        form["ballots"] += 1
        form["errors"] += bool(verdict["errors"])
        form["clean"] += verdict["clean"]
        form["clean_flagged"] += verdict["clean"] and verdict["flagged"]
        if reading["status"] != "refused" and not truth["refuse"]:
            names = (approve_spec if approve else spec)["candidates"]
            doubtful = set(reading["doubtful"])
            for name in names:
                style = truth["styles"].get(name, "kept")
                if approve:
                    style = "box " + style
                c = by_style.setdefault(style, Counter())
                c["rows"] += 1
                c["doubtful"] += name in doubtful
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
            if scores and not approve:
                names = spec["candidates"]
                for name, score in zip(names, scores, strict=True):
                    (struck_scores if name in truth["struck"] else kept_scores).append(score)
    n = len(done)
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
    for approve, form in forms.items():
        if form["ballots"]:
            print(f"  {'agree/disagree' if approve else 'strike'} form: {form['ballots']} "
                  f"ballots, {form['errors']} with an error, {form['clean_flagged']} of "
                  f"{form['clean']} faultless flagged")
    print("rows by how they were marked: doubtful / rows (share)")
    for style, c in sorted(by_style.items()):
        print(f"  {style:22s} {c['doubtful']:5d} / {c['rows']:6d} "
              f"({c['doubtful'] / max(c['rows'], 1):.2%})")
    if struck_scores and kept_scores:
        s, k = np.array(struck_scores), np.array(kept_scores)
        print(f"scores: struck rows min {s.min():.3f}, 0.1% {np.percentile(s, 0.1):.3f}, "
              f"1% {np.percentile(s, 1):.3f}; kept rows max {k.max():.3f}, "
              f"99.9% {np.percentile(k, 99.9):.3f}")
    # Speed: processor seconds a ballot, as ballots a second on `jobs` cores each reading
    # one ballot after another; the baseline only decodes the same files.
    def rate(rows: list[dict[str, Any]], key: str) -> float:
        return options.jobs * len(rows) / max(sum(r[key] for r in rows), 1e-9)

    at200 = [d for d in done if d["truth"]["dpi"] == 200 and not d["truth"]["refuse"]]
    print(f"speed on {options.jobs} cores: read {rate(done, 'read'):.1f} ballots/s (decoding "
          f"alone {rate(done, 'decode'):.1f}/s); at 200 dpi: read {rate(at200, 'read'):.1f}/s, "
          f"decoding alone {rate(at200, 'decode'):.1f}/s ({len(at200)} ballots)")


if __name__ == "__main__":
    main()
