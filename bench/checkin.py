"""Benchmark: check-in of a national-scale congress, 1,600 delegates (issue 4).

    .venv/bin/python -m bench.checkin                    # SQLite only
    .venv/bin/python -m bench.checkin --postgres         # SQLite, then PostgreSQL
    .venv/bin/python -m bench.checkin --delegates 800 --only postgres

Builds, in a scratch database (a SQLite file in a temporary directory; the PostgreSQL
database `daihoi_bench_checkin`, created and dropped here), the demo organization tree,
a congress in session with 1,600 official delegates (members spread over the grassroots
organizations), then checks every delegate in through the web endpoint, one after the
other as fast as the server answers: Django's test Client POSTs to
/congress/<id>/checkin/do/ as the secretariat (the full middleware stack, the service
with its audit row, and the attendance summary the answer carries). It prints the
median, p95 and max ms per check-in, the same for the door's name search, and the
median and p95 of `attendance_summary` (the big screen's update query) on the full hall.

Targets (issue 4): a check-in under 50 ms server side; the big screen's query under 20 ms.
Never touches var/.
"""

from __future__ import annotations

import argparse
import time

from bench._common import add_backend_options, migrate, run_workers, setup_django, timing_line

PG_DB = "daihoi_bench_checkin"
SEED = 2025


def worker(backend: str, delegates: int, runs: int) -> None:
    import datetime as dt
    import random

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from daihoi.congress import selectors
    from daihoi.congress.models import CheckIn, Congress, CongressSession, Delegate
    from daihoi.core.roles import Role
    from daihoi.core.services import user_create
    from daihoi.organizations import demo
    from daihoi.organizations.models import Member

    started = time.perf_counter()
    migrate()
    rng = random.Random(SEED)
    tree = demo.build_organizations(rng)
    today = timezone.localdate()
    members = list(
        demo.generate_members(
            rng,
            n=delegates,
            leaves=tree.leaves,
            weights=tree.weights,
            today=today,
            admitted_before=dt.date(today.year - 2, 1, 1),
        )
    )
    for m in members:
        m.status = Member.Status.FULL
        m.left_on = None
    Member.objects.bulk_create(members, batch_size=2000)
    congress = Congress.objects.create(
        organization=tree.root,
        ordinal=14,
        term_start=2026,
        term_end=2031,
        starts_on=today,
        ends_on=today + dt.timedelta(days=2),
        status=Congress.Status.IN_SESSION,
        rules={"quorum_share": "2/3"},
    )
    CongressSession.objects.create(
        congress=congress, name="Phiên trù bị", date=today, order=1, is_preparatory=True
    )
    CongressSession.objects.create(
        congress=congress, name="Phiên chính thức", date=today, order=2, is_current=True
    )
    seats = [
        Delegate(
            congress=congress,
            member=m,
            represents_id=m.organization_id,
            number=i + 1,
            credentials=Delegate.Credentials.ACCEPTED,
        )
        for i, m in enumerate(members)
    ]
    Delegate.objects.bulk_create(seats, batch_size=2000)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    user = user_create(acting_user=None, username="bench-door", password=None, roles=[Role.SECRETARIAT])
    print(
        f"[{backend}] congress with {Delegate.objects.filter(congress=congress).count():,} delegates "
        f"built in {time.perf_counter() - started:.1f} s"
    )

    client = Client()
    client.force_login(user)
    do_url = f"/congress/{congress.pk}/checkin/do/"
    search_url = f"/congress/{congress.pk}/checkin/search/"
    ids = list(
        Delegate.objects.filter(congress=congress).order_by("number").values_list("id", "member__search_name")
    )

    # The door's search as typed: the last two words of a delegate's name, no diacritics.
    search_times = []
    for _, folded in rng.sample(ids, min(runs * 5, len(ids))):
        t = time.perf_counter()
        response = client.get(search_url, {"q": " ".join(folded.split()[-2:])})
        search_times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code

    checkin_times = []
    for pk, _ in ids:
        t = time.perf_counter()
        response = client.post(do_url, {"delegate": pk})
        checkin_times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.content[:200]
    last = response.json()["summary"]
    assert last["present"] == len(ids), last
    assert CheckIn.objects.filter(checked_out_at__isnull=True).count() == len(ids)

    summary_times = []
    for _ in range(runs * 10):
        t = time.perf_counter()
        s = selectors.attendance_summary(congress)
        summary_times.append((time.perf_counter() - t) * 1000)
    assert s.present == len(ids)

    json_times = []
    for _ in range(runs * 5):
        t = time.perf_counter()
        client.get(f"/congress/{congress.pk}/attendance.json")
        json_times.append((time.perf_counter() - t) * 1000)

    print(f"[{backend}] {len(ids):,} check-ins one after another (test Client, server side)")
    print(timing_line("POST check-in (target < 50 ms)", checkin_times, width=44))
    print(timing_line("  first 100", checkin_times[:100], width=44))
    print(timing_line("  last 100 (hall nearly full)", checkin_times[-100:], width=44))
    print(timing_line("GET name search at the door", search_times, width=44))
    print(timing_line("attendance_summary() (target < 20 ms)", summary_times, width=44))
    print(timing_line("GET attendance.json", json_times, width=44))
    print(
        f"  final: {last['present']}/{last['convened']} present, quorum needed {last['quorum_needed']}, "
        f"met {last['quorum_met']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--delegates", type=int, default=1600)
    parser.add_argument("--runs", type=int, default=20)
    add_backend_options(parser)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.delegates, args.runs)
        return
    run_workers(
        args,
        module="bench.checkin",
        pg_db=PG_DB,
        scratch_prefix="daihoi-bench-checkin-",
        worker_args=["--delegates", str(args.delegates), "--runs", str(args.runs)],
    )


if __name__ == "__main__":
    main()
