"""The big screen's live fragment: how long its database queries and the whole request take.

    .venv/bin/python -m bench.bigscreen [--requests 200]

Builds the demo (246 delegates, most checked in, programme, votes, speakers) in a scratch
SQLite database under a temporary DAIHOI_VAR (or uses DATABASE_URL if set: give it a
scratch database), then asks for /congress/<id>/screen/live/ as a logged-in leader, the way
the projector's page does every 2 s. Target (issue 4): the update queries under 20 ms.
Then (--device-votes N) N checked-in delegates answer an open vote through the web endpoint
one after another, and the secretariat closes it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

from bench._common import migrate


def pct(values: list[float], p: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * p))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--device-votes", type=int, default=200,
                        help="delegates answering an open vote through the web, one after another")
    args = parser.parse_args()
    os.environ.setdefault("DAIHOI_VAR", tempfile.mkdtemp(prefix="daihoi-bench-bigscreen-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    os.environ["DAIHOI_DEMO"] = "1"
    import django

    django.setup()
    import importlib

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client, on the scratch database set above
    migrate()
    from daihoi.congress.models import Congress
    from daihoi.core.models import User

    if not Congress.objects.filter(status=Congress.Status.IN_SESSION).exists():
        for name in ("core", "organizations", "congress", "elections", "congress.proceedings"):
            importlib.import_module(f"daihoi.{name}.demo").build(seed=2025, log=lambda _m: None)
    congress = Congress.objects.filter(status=Congress.Status.IN_SESSION).get()
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))
    url = f"/congress/{congress.pk}/screen/live/"

    query_ms: list[float] = []
    counts: list[int] = []
    current: list[float] = []
    own_ms: list[float] = []
    own: list[float] = []
    login_tables = ('"django_session"', '"core_user"', '"auth_group"')

    def timer(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            current.append(elapsed)
            if not any(t in sql.split(" WHERE ")[0] for t in login_tables):
                own.append(elapsed)

    request_ms = []
    client.get(url)  # warm the caches of templates and URL resolution
    with connection.execute_wrapper(timer):
        for _ in range(args.requests):
            current.clear()
            own.clear()
            start = time.perf_counter()
            response = client.get(url)
            request_ms.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            query_ms.append(sum(current))
            own_ms.append(sum(own))
            counts.append(len(current))


    print(f"database: {connection.vendor}; congress {congress.pk}, {args.requests} requests of {url}")
    print(f"queries per request: {statistics.median(counts):.0f} "
          "(session and user lookups of the login included)")
    print(f"query time per request (ms): median {statistics.median(query_ms):.2f}, "
          f"p95 {pct(query_ms, .95):.2f}, max {max(query_ms):.2f}")
    print(f"  of which the screen's own queries (attendance, hall, votes, elections) (ms): "
          f"median {statistics.median(own_ms):.2f}, p95 {pct(own_ms, .95):.2f}  (target < 20)")
    print(f"whole request in process (ms): median {statistics.median(request_ms):.2f}, "
          f"p95 {pct(request_ms, .95):.2f}")


    if args.device_votes:
        device_votes(congress, args.device_votes, pct)


def device_votes(congress: Any, count: int, pct: Callable[[list[float], float], float]) -> None:
    """An open vote by device: `count` seated, checked-in delegates answer through the web
    endpoint one after another; then the close counts them."""
    from django.test import Client

    from daihoi.congress import selectors as congress_selectors
    from daihoi.congress.proceedings import services
    from daihoi.congress.proceedings.models import Vote
    from daihoi.core.models import User

    secretary = User.objects.get(username="thuky")
    vote = services.vote_create(acting_user=secretary, congress=congress, mode=Vote.Mode.DEVICE,
                                subject=Vote.Subject.OTHER, title="Biểu quyết thử (benchmark)")
    services.vote_open(acting_user=secretary, vote=vote)
    users = []
    for user in User.objects.filter(username__startswith="db").order_by("username"):
        delegate = congress_selectors.delegate_for_user(user, congress)
        if delegate is not None and congress_selectors.delegate_is_present(delegate):
            users.append(user)
        if len(users) == count:
            break
    url = f"/congress/{congress.pk}/votes/{vote.pk}/cast/"
    times = []
    for user in users:
        client = Client()
        client.force_login(user)
        start = time.perf_counter()
        response = client.post(url, {"choice": "agree"})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
    start = time.perf_counter()
    vote = services.vote_close(acting_user=secretary, vote=vote)
    close_ms = (time.perf_counter() - start) * 1000
    print(f"device vote: {len(users)} answers through {url}: median {statistics.median(times):.2f} ms, "
          f"p95 {pct(times, .95):.2f} ms; close and count {close_ms:.1f} ms "
          f"({vote.agree} agree of base {vote.base}, adopted {vote.adopted})")


if __name__ == "__main__":
    main()
