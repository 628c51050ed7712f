"""Benchmark: the member list page with 100,000 members, server side (issue 2).

    .venv/bin/python -m bench.member_list                 # SQLite only
    .venv/bin/python -m bench.member_list --postgres      # SQLite, then PostgreSQL
    .venv/bin/python -m bench.member_list --members 20000 --runs 30 --only postgres

Creates the demo's organization tree (77 grassroots organizations, their cells) and
100,000 members (seed 2025, `organizations.demo.generate_members`) in a scratch database:
a SQLite file in a temporary directory, and the PostgreSQL database
`daihoi_bench_members` (created and dropped here) when --postgres is given or
DATABASE_URL is set. Each database runs in its own process (Django reads its settings
once). Then it times Django's test Client GET of the list, logged in as the office:
the first page, a search without diacritics, a filter by a grassroots committee (its
whole sub-tree), and a late page, printing the median and p95 in ms.

Target (issue 2): under 200 ms per page. Never touches var/.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench._common import add_backend_options, migrate, percentile, run_workers, setup_django

PG_DB = "daihoi_bench_members"
SEED = 2025


def worker(backend: str, members: int, runs: int) -> None:
    import random

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from daihoi.core.roles import Role
    from daihoi.core.services import user_create
    from daihoi.organizations import demo, selectors
    from daihoi.organizations.models import Member, Organization

    started = time.perf_counter()
    migrate()
    rng = random.Random(SEED)
    tree = demo.build_organizations(rng)
    today = timezone.localdate()
    batch: list[Member] = []
    for m in demo.generate_members(rng, n=members, leaves=tree.leaves, weights=tree.weights,
                                   today=today):
        batch.append(m)
        if len(batch) == 5000:
            Member.objects.bulk_create(batch)
            batch = []
    Member.objects.bulk_create(batch)
    with connection.cursor() as cur:
        # The state autovacuum keeps a live database in after a bulk load: statistics, and
        # on PostgreSQL the visibility map that lets counts read the index alone.
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    user = user_create(acting_user=None, username="bench-office", password=None, roles=[Role.OFFICE])
    print(f"[{backend}] {Member.objects.count():,} members, {Organization.objects.count()} "
          f"organizations loaded in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(user)
    biggest = max(tree.grassroots, key=lambda o: o.children.count())
    pages = (Member.objects.filter(status__in=Member.ACTIVE_STATUSES).count() + 49) // 50
    cases = [
        ("first page", {}),
        ("search 'nguyen van an'", {"q": "nguyen van an"}),
        ("search 'thi thu'", {"q": "thi thu"}),
        (f"filter: {biggest.name[:40]}", {"org": biggest.pk}),
        ("filter + search", {"org": biggest.pk, "q": "nguyen"}),
        (f"page {pages // 2} of {pages}", {"page": pages // 2}),
        (f"last page ({pages})", {"page": pages}),
    ]
    print(f"[{backend}] GET /members/ — {runs} runs each, server side (test Client)")
    print(f"  {'case':<52} {'median ms':>10} {'p95 ms':>8} {'rows':>7}")
    for label, params in cases:
        response = client.get("/members/", params)  # warm-up
        assert response.status_code == 200, response.status_code
        count = selectors.member_search(q=str(params.get("q", "")),
                                        organization_id=params.get("org")).count()  # type: ignore[arg-type]
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            client.get("/members/", params)
            times.append((time.perf_counter() - t) * 1000)
        print(f"  {label:<52} {statistics.median(times):>10.1f} {percentile(times, 95):>8.1f} "
              f"{count:>7,}")
    for label, url in (("organization tree", "/organizations/"), ("dashboard", "/dashboard/"),
                       ("due for recognition", "/members/due/")):
        assert client.get(url).status_code == 200
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        print(f"  {'GET ' + url + ' (' + label + ')':<52} {statistics.median(times):>10.1f} "
              f"{percentile(times, 95):>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    add_backend_options(parser)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.members, args.runs)
        return
    run_workers(args, module="bench.member_list", pg_db=PG_DB, scratch_prefix="daihoi-bench-members-",
                worker_args=["--members", str(args.members), "--runs", str(args.runs)])


if __name__ == "__main__":
    main()
