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
import os
import statistics
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

PG_DB = "daihoi_bench_checkin"
SEED = 2025


def _pg_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base.startswith("postgres"):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{PG_DB}", parts.query, parts.fragment))


def _pg_admin(sql: str) -> None:
    import psycopg

    parts = urlsplit(_pg_url())
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _line(label: str, times: list[float]) -> str:
    return (
        f"  {label:<44} n={len(times):>5}  median {statistics.median(times):6.1f} ms  "
        f"p95 {_percentile(times, 95):6.1f} ms  max {max(times):6.1f} ms"
    )


def worker(backend: str, delegates: int, runs: int) -> None:
    import datetime as dt
    import random

    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "daihoi.settings"
    django.setup()
    from django.core.management import call_command
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
    call_command("migrate", interactive=False, verbosity=0)
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
    print(_line("POST check-in (target < 50 ms)", checkin_times))
    print(_line("  first 100", checkin_times[:100]))
    print(_line("  last 100 (hall nearly full)", checkin_times[-100:]))
    print(_line("GET name search at the door", search_times))
    print(_line("attendance_summary() (target < 20 ms)", summary_times))
    print(_line("GET attendance.json", json_times))
    print(
        f"  final: {last['present']}/{last['convened']} present, quorum needed {last['quorum_needed']}, "
        f"met {last['quorum_met']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--delegates", type=int, default=1600)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--postgres", action="store_true", help="also run on PostgreSQL")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.delegates, args.runs)
        return
    backends = ["sqlite"]
    if args.postgres or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        backends.append("postgres")
    if args.only:
        backends = [args.only]
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="daihoi-bench-checkin-") as tmp:
            env = dict(os.environ, DAIHOI_VAR=tmp)
            if backend == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            else:
                _pg_admin(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
                _pg_admin(f'CREATE DATABASE "{PG_DB}"')
                env["DATABASE_URL"] = _pg_url()
            try:
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "bench.checkin",
                        "--worker",
                        backend,
                        "--delegates",
                        str(args.delegates),
                        "--runs",
                        str(args.runs),
                    ],
                    env=env,
                    check=True,
                )
            finally:
                if backend == "postgres":
                    _pg_admin(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
