"""What the benchmarks share: scratch databases, Django's start-up, the timing figures.

A benchmark runs each database in its own process, because Django reads its settings once
per process: the parent (`run_workers`) makes a scratch DAIHOI_VAR in a temporary directory
and a scratch database (a SQLite file in that directory, or a PostgreSQL database created
here and dropped afterwards), then runs `python -m bench.<name> --worker <backend> ...`
with both in its environment. var/ is never touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from urllib.parse import urlsplit, urlunsplit

BACKENDS = ("sqlite", "postgres")
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def pg_url(db: str) -> str:
    """The URL of the database `db` on the server DATABASE_URL names (when it names a
    PostgreSQL server), else on the local one."""
    base = os.environ.get("DATABASE_URL", DEFAULT_PG_URL)
    if not base.startswith("postgres"):
        base = DEFAULT_PG_URL
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


def pg_admin(url: str, *statements: str) -> None:
    """Runs the statements on the maintenance database `postgres` of the server `url` is on
    (a database cannot be created or dropped from inside itself)."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))
    with psycopg.connect(admin, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def pg_recreate(db: str) -> str:
    """Drops (a previous run's leftover) and creates the scratch database; returns its URL."""
    url = pg_url(db)
    pg_admin(url, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)', f'CREATE DATABASE "{db}"')
    return url


def pg_drop(db: str) -> None:
    pg_admin(pg_url(db), f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "daihoi.settings"
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100), nearest rank."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timing_line(label: str, times: list[float], *, width: int = 46) -> str:
    """One printed row of figures: count, median, p95 and max of `times` (ms)."""
    return (f"  {label:<{width}} n={len(times):>5}  median {statistics.median(times):6.1f} ms  "
            f"p95 {percentile(times, 95):6.1f} ms  max {max(times):6.1f} ms")


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--postgres", action="store_true", help="also run on PostgreSQL")
    parser.add_argument("--only", choices=BACKENDS)
    parser.add_argument("--worker", choices=BACKENDS, help=argparse.SUPPRESS)


def chosen_backends(args: argparse.Namespace) -> list[str]:
    """SQLite always; PostgreSQL too with --postgres or when DATABASE_URL names one;
    --only picks one."""
    if args.only:
        return [args.only]
    backends = ["sqlite"]
    if args.postgres or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        backends.append("postgres")
    return backends


def run_workers(args: argparse.Namespace, *, module: str, pg_db: str, scratch_prefix: str,
                worker_args: list[str]) -> None:
    """Runs `python -m <module> --worker <backend> <worker_args>` once per chosen backend,
    each on its own scratch database and DAIHOI_VAR."""
    for backend in chosen_backends(args):
        with tempfile.TemporaryDirectory(prefix=scratch_prefix) as tmp:
            env = dict(os.environ, DAIHOI_VAR=tmp)
            if backend == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            else:
                env["DATABASE_URL"] = pg_recreate(pg_db)
            try:
                subprocess.run([sys.executable, "-m", module, "--worker", backend, *worker_args],
                               env=env, check=True)
            finally:
                if backend == "postgres":
                    pg_drop(pg_db)
