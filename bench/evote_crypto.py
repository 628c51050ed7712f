"""Benchmark: the server's cryptography of an encrypted round (issue 21), pure Python and
libsodium, no Django, no database.

    .venv/bin/python -m bench.evote_crypto                 # 30 names, 27 seats, 1,600 ballots
    .venv/bin/python -m bench.evote_crypto --ballots 400 --runs 21 --board 20

Figures (medians; wall time and this process's CPU time):
- verify one 30-name ballot (`ballots.verify_ballot`: 30 selection proofs of [0, 1] and
  one contest proof of [1, 27]: 87 branches, each 1 fixed-base and 3 variable-base
  scalar multiplications and 3 additions), what the server does per delegate's POST; beside it the
  plain scheme's check of the same ballot (`rules.classify` of its letters) and the
  floor: the same number of bare libsodium operations in a loop;
- encrypt and prove one 30-name ballot in Python (what bench.evote's client threads do;
  the browser's figure is bench/evote_browser.py);
- the close of --ballots ballots: the homomorphic sum, the k = 3 decryption shares made
  (on the trustees' phones in real life) and verified (on the server), the combination
  with the table of 0…ballots, and the count through `rules`; beside it the plain
  scheme's close of the same ballots: `rules.count` of 1,600 letter ballots;
- optionally (--board N) `verify_board` of a board of N ballots with jobs=1, 2 and one
  per core (what `daihoi verify` costs anyone checking a round), beside the floor: the
  N ballots' proofs in a plain loop; and the load average then (the cores may be shared).

Issue 21's targets: the close of 1,600 under 10 s; the server's CPU per delegate is
bench.evote's figure (C2), of which the proof check here is the cryptographic part.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import random
import statistics
import time
from collections.abc import Callable

import pysodium

from daihoi.elections.evoting.crypto import ballots, board, group, simulate, tally
from daihoi.rules.counting import Ballot, BallotFormat, Contest, classify, count

SEED = 2026


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def show(label: str, figure: tuple[float, float], baseline: tuple[str, tuple[float, float]] | None = None,
         unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1
    text = f"{label:<52} {figure[0] * scale:9.2f} {unit} wall  {figure[1] * scale:9.2f} {unit} CPU"
    if baseline:
        name, (wall, _cpu) = baseline
        text += f"   | baseline {name}: {wall * scale:.3f} {unit}"
    print(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.evote_crypto", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--names", type=int, default=30)
    parser.add_argument("--seats", type=int, default=27)
    parser.add_argument("--ballots", type=int, default=1600)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--board", type=int, default=0, help="also verify a board of N ballots")
    parser.add_argument("--sum-every", type=int, default=50,
                        help="the worker's running sum every N ballots (ceremony.SUM_EVERY)")
    options = parser.parse_args(argv)
    rng = random.Random(SEED)
    names = [f"Ứng viên {i + 1}" for i in range(options.names)]
    manifest = simulate.strike_manifest(names, options.seats, trustees=5, threshold=3,
                                        electorate=options.ballots + 10)
    committee = simulate.Committee(manifest, rng=group.seeded_rng("bench"))

    def draw() -> list[int]:
        kept = rng.randint(max(1, options.names - options.seats), options.seats)
        chosen = set(rng.sample(range(options.names), kept))
        return [1 if i in chosen else 0 for i in range(options.names)]

    pysodium.sodium.sodium_version_string.restype = ctypes.c_char_p
    version = pysodium.sodium.sodium_version_string().decode()
    print(f"libsodium {version}, {options.names} names, {options.seats} seats, "
          f"trustees 3 of 5, {options.ballots} ballots, median of {options.runs}")
    choices = draw()
    ballot, _ = committee.encrypt(choices)
    contest = Contest(seats=options.seats, candidates=tuple(names), ballot_format=BallotFormat.STRIKE,
                      electorate_convened=options.ballots + 10)
    letters = "".join("k" if x else "s" for x in choices)
    plain = timed(lambda: classify(contest, Ballot(struck=frozenset(i for i, c in enumerate(letters)
                                                                     if c == "s"))), options.runs * 20)
    branches = 2 * options.names + options.seats - manifest["contests"][0]["min"] + 1
    p = group.base(12345)
    s = (2**250 + 99).to_bytes(32, "little")

    def floor() -> None:
        for _ in range(branches):
            pysodium.crypto_scalarmult_ristretto255_base(s)
            pysodium.crypto_scalarmult_ristretto255(s, p)
            pysodium.crypto_scalarmult_ristretto255(s, p)
            pysodium.crypto_scalarmult_ristretto255(s, p)
            pysodium.crypto_core_ristretto255_add(p, p)
            pysodium.crypto_core_ristretto255_add(p, p)
            pysodium.crypto_core_ristretto255_sub(p, p)

    def verify() -> None:
        ballots.verify_ballot(manifest, committee.key, committee.qe, ballot)

    fast = group._DECAF
    show(f"verify one {options.names}-name ballot ({branches} branches)"
         + (", with libdecaf" if fast else ", libdecaf not installed"),
         timed(verify, options.runs), ("plain scheme's rules.classify", plain))
    if fast:
        group._DECAF = None  # the same check through libsodium alone
        try:
            show("  the same through libsodium alone", timed(verify, options.runs))
        finally:
            group._DECAF = fast
    show("  floor: libsodium's operations alone", timed(floor, options.runs))
    show(f"encrypt + prove one {options.names}-name ballot (Python)",
         timed(lambda: committee.encrypt(draw()), options.runs))

    # The close. The sum reads only the ciphertexts, so the ballots are made without proofs
    # (a proof costs as much as the ciphertext 30 times over, and changes nothing here).
    key = group.parse_point(committee.key, "K")
    cast = [draw() for _ in range(options.ballots)]

    def ciphertexts(row: list[int]) -> dict[str, object]:
        nonces = [group.random_scalar() for _ in row]
        return {"selections": [{"alpha": group.base(r).hex(),
                                "beta": group.add(group.small(x), group.mul(r, key)).hex()}
                               for r, x in zip(nonces, row, strict=True)]}

    t = time.perf_counter()
    stored = [ciphertexts(row) for row in cast]
    print(f"(made {options.ballots} ballots' ciphertexts in {time.perf_counter() - t:.1f} s)")
    w, c = time.perf_counter(), time.process_time()
    aggregate = ballots.aggregate(manifest, stored)
    sum_fig = (time.perf_counter() - w, time.process_time() - c)
    w, c = time.perf_counter(), time.process_time()
    shares = [committee.decrypt(i, aggregate) for i in (1, 3, 5)]
    make_fig = (time.perf_counter() - w, time.process_time() - c)
    w, c = time.perf_counter(), time.process_time()
    for share in shares:
        tally.verify_decryption_share(committee.qe, committee.records, share, aggregate)
    check_fig = (time.perf_counter() - w, time.process_time() - c)
    w, c = time.perf_counter(), time.process_time()
    totals = tally.combine(aggregate, shares, 3, options.ballots)
    result = board.result_of(manifest, totals, options.ballots)
    combine_fig = (time.perf_counter() - w, time.process_time() - c)
    assert totals == [sum(col) for col in zip(*cast, strict=True)], "the totals are wrong"
    server = tuple(a + b + d for a, b, d in zip(sum_fig, check_fig, combine_fig, strict=True))
    w = time.perf_counter()
    plain_result = count(contest, [Ballot(struck=frozenset(i for i, x in enumerate(row) if not x))
                                   for row in cast])
    plain_close = time.perf_counter() - w
    assert list(plain_result.votes) == list(result.votes)
    show(f"close: sum of {options.ballots} ballots", sum_fig, unit="s")
    show("close: 3 decryption shares made (on the phones)", make_fig, unit="s")
    show("close: 3 decryption shares verified", check_fig, unit="s")
    show(f"close: combine (table 0…{options.ballots}) + rules count", combine_fig, unit="s")
    show("close on the server: sum + verify + combine + count", server,  # type: ignore[arg-type]
         ("plain scheme's rules.count", (plain_close, plain_close)), unit="s")

    # The running sum (ceremony.ballots_sum): the worker adds every `sum_every` ballots during
    # the vote, the close only the running sum and the rest (at worst sum_every - 1 ballots).
    every = max(1, options.sum_every)
    rest = every - 1 if options.ballots >= every else options.ballots
    w, c = time.perf_counter(), time.process_time()
    running: list[dict[str, str]] | None = None
    upto = options.ballots - rest
    for start in range(0, upto, every):
        head = [] if running is None else [{"selections": running}]
        running = ballots.aggregate(manifest, [*head, *stored[start:min(start + every, upto)]])
    worker_fig = (time.perf_counter() - w, time.process_time() - c)
    w, c = time.perf_counter(), time.process_time()
    head = [] if running is None else [{"selections": running}]
    assert ballots.aggregate(manifest, [*head, *stored[options.ballots - rest:]]) == aggregate
    rest_fig = (time.perf_counter() - w, time.process_time() - c)
    show(f"in the worker during the vote: sums of {every}, in all",
         worker_fig, unit="s")
    show(f"close: running sum + the last {rest} ballots", rest_fig,
         (f"the sum of {options.ballots} at the close", sum_fig), unit="s")
    with_running = tuple(a + b + d for a, b, d in zip(rest_fig, check_fig, combine_fig, strict=True))
    show("close on the server, with the running sum",
         with_running, ("the same without the running sum", server), unit="s")  # type: ignore[arg-type]

    if options.board:
        made = simulate.Committee(manifest, rng=group.seeded_rng("bench board"))
        data = made.board([draw() for _ in range(options.board)], rng=group.seeded_rng("b"))
        # The floor: the ballots' proofs in a plain loop, nothing else of the board.
        shown = json.loads(data["manifest"])

        def plain_loop() -> None:
            for b in data["ballots"]:
                ballots.verify_ballot(shown, data["public_key"], data["extended_hash"], b)

        loop = timed(plain_loop, 1)
        show(f"{options.board} ballots' proofs in a plain loop", loop, unit="s")
        print(f"load average before the board's check: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for jobs in sorted({1, 2, os.cpu_count() or 1}):
            fig = timed(lambda jobs=jobs: board.verify_board(data, jobs=jobs), 1)  # type: ignore[misc]
            show(f"verify_board of {options.board} ballots, jobs={jobs}", fig,
                 ("the plain loop", loop), unit="s")
            print(f"  ({fig[0] / options.board * 1000:.1f} ms wall per ballot; CPU is this process's only)")

if __name__ == "__main__":
    main()
