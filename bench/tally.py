"""Benchmark: `daihoi tally FILE` on 1,600 ballots with 200 candidates (issue 3).

    .venv/bin/python -m bench.tally                  # 1,600 ballots, 200 candidates, 50 seats
    .venv/bin/python -m bench.tally --ballots 3000 --runs 9

Writes a deterministic JSON (seed 2025) in a temporary directory: 200 candidates with
plausible Vietnamese names and a popularity each (seats + 10 of them well known); every voter
keeps 40 to 50 names drawn by popularity and strikes the rest, as on a real ballot with a
surplus; about 1% of the ballots have a fault (no stamp, a name written in, too many kept,
all struck). Then it times:

- the WHOLE command as a subprocess, `daihoi tally FILE` (Python and Django start-up, reading
  and parsing the file, counting, printing), median of --runs;
- a bare `python -c pass`, to show the interpreter's own share, and the same count through
  Django's start-up (the management command), to show what `daihoi.cli` saves by running
  `tally` without django.setup();
- in this process: parsing (`json.loads` + `parse_tally_input`) and `count()`, medians.

Target (issue 3): under 0.5 s for the whole command. Needs no database; the subprocess gets
its own scratch DAIHOI_VAR, so var/ is never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")

SEED = 2025
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Quốc", "Ngọc", "Thanh", "Xuân", "Thị Hồng"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khoa", "Long", "Nam", "Phong",
         "Quân", "Sơn", "Tuấn", "Việt", "Anh", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa",
         "Hương", "Lan", "Linh", "Mai", "Ngân", "Phương", "Thảo", "Trang", "Vân", "Yến"]


def make_input(*, ballots: int, candidates: int, seats: int, seed: int = SEED) -> dict[str, object]:
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < candidates:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if name in seen:
            continue
        seen.add(name)
        names.append(name)
    # About seats + 10 well-known candidates and many less known, so that some 50 pass the
    # threshold (more than half of the base), a few fall just short, and the rest far below.
    favourites = set(rng.sample(range(candidates), min(candidates, seats + 10)))
    popularity = [rng.uniform(6.0, 14.0) if i in favourites else rng.uniform(0.05, 1.0)
                  for i in range(candidates)]
    out: list[dict[str, object]] = []
    for _ in range(ballots):
        keep_count = rng.randint(max(1, seats - 10), seats)
        kept: set[int] = set()
        while len(kept) < keep_count:
            kept.add(rng.choices(range(candidates), weights=popularity)[0])
        ballot: dict[str, object] = {"struck": [names[i] for i in range(candidates) if i not in kept]}
        fault = rng.random()
        if fault < 0.003:
            ballot["unstamped"] = True
        elif fault < 0.006:
            ballot["write_in"] = [f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}"]
        elif fault < 0.008:
            ballot["struck"] = [names[i] for i in range(candidates) if i % 3 == 0]  # too many kept
        elif fault < 0.010:
            ballot["struck"] = list(names)
        out.append(ballot)
    return {
        "seats": seats, "electorate_convened": ballots + 40, "excluded": 12,
        "candidates": names, "ballot_format": "strike", "ballots_issued": ballots + 10,
        "ballots": out,
    }


def _median_seconds(fn: object, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1600)
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from daihoi.rules.counting import count, parse_tally_input

    daihoi = Path(sys.executable).with_name("daihoi")
    command = [str(daihoi)] if daihoi.exists() else [sys.executable, "-m", "daihoi.cli"]
    with tempfile.TemporaryDirectory(prefix="bench-tally-") as scratch:
        data = make_input(ballots=args.ballots, candidates=args.candidates, seats=args.seats)
        path = Path(scratch) / "count.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        env = {**os.environ, "DAIHOI_VAR": str(Path(scratch) / "var")}

        def whole() -> None:
            done = subprocess.run([*command, "tally", str(path)], capture_output=True, env=env,
                                  check=False)
            if done.returncode != 0:
                raise SystemExit(done.stderr.decode())

        via_django = [sys.executable, "-c",
                      "import sys; from django.core.management import execute_from_command_line; "
                      "execute_from_command_line(['daihoi', 'tally', sys.argv[1]])", str(path)]

        def django_route() -> None:
            subprocess.run(via_django, capture_output=True, env=env, check=True)

        def bare_python() -> None:
            subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)

        whole()  # warm the file cache and the .pyc files
        whole_median, whole_times = _median_seconds(whole, args.runs)
        python_median, _ = _median_seconds(bare_python, args.runs)
        django_median, _ = _median_seconds(django_route, args.runs)

        text = path.read_text(encoding="utf-8")
        loads_median, _ = _median_seconds(lambda: json.loads(text), args.runs)
        parse_median, _ = _median_seconds(lambda: parse_tally_input(json.loads(text)), args.runs)
        contest, ballots = parse_tally_input(json.loads(text))
        count_median, _ = _median_seconds(lambda: count(contest, ballots), args.runs)
        result = count(contest, ballots)

    print(f"daihoi tally: {args.ballots} ballots, {args.candidates} candidates, {args.seats} seats "
          f"(JSON {size_mb:.1f} MB)")
    print(f"  result: valid {result.valid}, invalid {result.invalid}, base {result.base}, "
          f"threshold {result.threshold}, elected {len(result.elected)}, unfilled {result.unfilled}, "
          f"tie {'yes' if result.tie else 'no'}")
    print(f"  whole command (subprocess), median of {args.runs}: {whole_median * 1000:.0f} ms "
          f"(runs: {', '.join(f'{t * 1000:.0f}' for t in whole_times)} ms; target < 500 ms)")
    print(f"  of which a bare `python -c pass`: {python_median * 1000:.0f} ms")
    print(f"  the same through Django's start-up (django.setup(), the management command): "
          f"{django_median * 1000:.0f} ms")
    print(f"  json.loads: {loads_median * 1000:.1f} ms; json.loads + parse_tally_input: "
          f"{parse_median * 1000:.1f} ms")
    print(f"  count(): {count_median * 1000:.1f} ms")


if __name__ == "__main__":
    main()
