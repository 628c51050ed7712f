"""Benchmark: entering a paper ballot, server side (issue 3: target under 30 ms).

    .venv/bin/python -m bench.ballot_entry                 # SQLite only
    .venv/bin/python -m bench.ballot_entry --postgres      # SQLite, then PostgreSQL
    .venv/bin/python -m bench.ballot_entry --ballots 2000 --candidates 57 --only postgres

Builds, in a scratch database (a SQLite file in a temporary directory; the PostgreSQL database
`daihoi_bench_ballots`, created and dropped here), an election of 28 seats with 33
candidates (the article's executive committee), its first round in counting with two groups,
then enters 1,000 ballots through the web endpoint as the counting committee would: Django's
test Client POSTs /elections/group/<id>/ballot/ (the full middleware stack, the permission
check, parsing, classification by the rules module, the insert, the group's counter and the
audit row, each ballot in its own transaction). It prints the median, p95 and max ms per
ballot, the same for the undo, and for the running totals the entry screen reloads after
each ballot (GET /elections/group/<id>/totals/, which counts the group's ballots with
rules.count), and the time of the round's final count (round_count over all groups).
Each ballot carries an idempotency key as the entry screen sends it; the retry of a
ballot already stored (the same key again, as after a lost answer) is timed too.
Never touches var/.
"""

from __future__ import annotations

import argparse
import random
import time
import uuid

from bench._common import add_backend_options, migrate, run_workers, setup_django, timing_line

PG_DB = "daihoi_bench_ballots"
SEED = 2025


def worker(backend: str, ballots: int, candidates: int, seats: int) -> None:
    setup_django()
    from django.test import Client

    from daihoi.core.roles import Role
    from daihoi.core.services import user_create
    from daihoi.elections import selectors, services
    from daihoi.elections.models import Election
    from daihoi.organizations.models import Organization

    migrate()
    rng = random.Random(SEED)
    office = user_create(acting_user=None, username="bench-office", password=None,
                         roles=[Role.OFFICE, Role.SECRETARIAT])
    counter = user_create(acting_user=None, username="bench-counting", password=None,
                          roles=[Role.COUNTING])
    org = Organization.objects.create(name="Đảng bộ Khối", kind=Organization.Kind.COMMITTEE)
    election = services.election_create(acting_user=office, organization=org, title="Bầu BCH",
                                        kind=Election.Kind.COMMITTEE, seats=seats)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    given = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Nam"]
    for i in range(candidates):
        services.candidate_add(acting_user=office, election=election,
                               full_name=f"{rng.choice(family)} Văn {rng.choice(given)} {i}")
    if not selectors.surplus_status(election).ok:
        services.decision_record(acting_user=office, election=election, kind="surplus",
                                 text="bench", decided_by="Đại hội")
    round_ = services.round_create_first(acting_user=office, election=election)
    services.round_setup(acting_user=counter, round_=round_, electorate_convened=ballots + 10,
                         excluded=0, ballots_issued=ballots + 10)
    services.counting_rules_confirm(acting_user=counter, election=election, open_reasons=[],
                                    blank_approve_ballot="invalid")
    services.round_start_counting(acting_user=counter, round_=round_, groups=2)
    groups = list(round_.groups.order_by("number"))

    client = Client()
    client.force_login(counter)
    surplus = candidates - seats
    enter_times: list[float] = []
    sent: list[tuple[int, dict[str, str]]] = []
    for i in range(ballots):
        group = groups[i % 2]
        struck = sorted(rng.sample(range(1, candidates + 1), surplus + rng.choice([0, 0, 0, 1, 2])))
        data = {"marks": " ".join(map(str, struck)), "entry": "1", "key": str(uuid.uuid4())}
        sent.append((group.pk, data))
        if i % 97 == 0:
            data["unstamped"] = "1"
        t = time.perf_counter()
        response = client.post(f"/elections/group/{group.pk}/ballot/", data)
        enter_times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.content[:300]

    retry_times: list[float] = []
    for group_pk, data in sent[:100]:
        t = time.perf_counter()
        response = client.post(f"/elections/group/{group_pk}/ballot/", data)
        retry_times.append((time.perf_counter() - t) * 1000)
        assert response.json()["repeated"] is True, response.content[:300]

    totals_times: list[float] = []
    for _ in range(50):
        t = time.perf_counter()
        response = client.get(f"/elections/group/{groups[0].pk}/totals/")
        totals_times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200

    undo_times: list[float] = []
    for _ in range(20):
        t = time.perf_counter()
        response = client.post(f"/elections/group/{groups[1].pk}/undo/", {"entry": "1"})
        undo_times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.content[:300]

    count_times: list[float] = []
    for _ in range(5):
        t = time.perf_counter()
        result = selectors.round_count(round_).result
        count_times.append((time.perf_counter() - t) * 1000)
    assert result.ballots_collected == ballots - 20, result.ballots_collected

    print(f"[{backend}] {ballots:,} paper ballots, {candidates} candidates, {seats} seats, "
          "2 counting groups (test Client, server side)")
    print(timing_line("POST one ballot (target < 30 ms)", enter_times))
    print(timing_line("  first 100", enter_times[:100]))
    print(timing_line("  last 100", enter_times[-100:]))
    print(timing_line("POST a ballot again, same key (stored once)", retry_times))
    print(timing_line(f"GET group totals ({ballots // 2} ballots counted)", totals_times))
    print(timing_line("POST undo of the last ballot", undo_times))
    print(timing_line(f"round_count over {result.ballots_collected} ballots", count_times))
    print(f"  result: valid {result.valid}, invalid {result.invalid}, elected {len(result.elected)}, "
          f"threshold {result.threshold}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--candidates", type=int, default=33)
    parser.add_argument("--seats", type=int, default=28)
    add_backend_options(parser)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.ballots, args.candidates, args.seats)
        return
    run_workers(args, module="bench.ballot_entry", pg_db=PG_DB,
                scratch_prefix="daihoi-bench-ballots-",
                worker_args=["--ballots", str(args.ballots), "--candidates", str(args.candidates),
                             "--seats", str(args.seats)])


if __name__ == "__main__":
    main()
