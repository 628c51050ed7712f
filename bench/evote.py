"""Benchmark: 1,600 delegates voting electronically (issue 3, item 6; issue 21).

    .venv/bin/python -m bench.evote                    # encrypted, PostgreSQL daihoi_bench_evote
    .venv/bin/python -m bench.evote --scheme plain     # the ballots stored as letters
    .venv/bin/python -m bench.evote --sqlite           # the same on a SQLite file
    .venv/bin/python -m bench.evote --arrival 0        # every delegate at the same moment
    .venv/bin/python -m bench.evote --delegates 400 --concurrency 100

The encrypted scheme (issue 21, docs/evote-protocol.md): the counting committee's key is
made first (three trustees, k = 2, simulated with the Python crypto through the ceremony's
services), the round opens encrypted, and each delegate's ballot is encrypted and proved
with `crypto.ballots.encrypt_ballot` in the bench's client threads (the phone's work, in
the browser: bench/evote_browser.py). They are made before the burst starts: on a machine
of two cores the client's encryption would otherwise take the server's CPU, which phones do
not do in the hall. The POST carries the encrypted ballot; the server verifies every proof.
The close: `ceremony._close_count` (the homomorphic sum) and the mix, then two trustees'
decryption shares (made on their phones in real life, here in this process, timed apart)
posted to `ceremony.decryption_submit`, which verifies them, combines the totals and
counts them through `rules`. Checked: the decrypted totals equal the tally of the ballots
the bench made.

Baseline: after the burst, the same client sends the same number of requests (two per
delegate) to a bare Django view on the same server (bench.portal_settings: the project's
middleware, no template, no query), and the server's CPU per delegate is printed beside
the ballot's.

Against the production set-up: `daihoi serve` (gunicorn gthread workers, SECRET_KEY set,
DEBUG off) started as a subprocess on a free 127.0.0.1 port, with its own scratch DAIHOI_VAR
and database (PostgreSQL `daihoi_bench_evote`, dropped and created here; or a SQLite file
under the scratch directory). The bench creates a congress in session, N delegates with
logins and check-ins, an election of 30 candidates for 25 seats and a first round open for
electronic voting; logins are session rows written directly (no 1,600 password hashes).

Then every delegate votes (a thread pool of --concurrency clients, http.client; with
--arrival S, delegate i starts at i·S/N seconds, 60 s by default, 0 for all at once):
GET the ballot form (CSRF and ballot token), POST the ballot. On top of that, 5% of the
delegates send their ballot twice at the same moment from two forms (two tokens: one must
count, the other be answered 409 "đã bỏ phiếu"), and 5% send the same form again after the
answer (a retry after a network failure: "already recorded"). Measured: latency of the
POSTs (p50/p95/p99/max) and of the GETs, and the wall time of the whole burst. Afterwards,
checked: exactly N receipts and N ballots, and the close (mix + rules.count + the elections
app's finalize, timed) gives exactly the tally of the ballots the bench cast: zero lost,
zero doubled. Traffic goes to 127.0.0.1 only; every request has a timeout and the server is
stopped at the end. Also printed: the CPU seconds the server (all gunicorn processes) and
the bench client used during the burst, the load average, and (PostgreSQL) how many
database connections the burst opened.

What the figures showed (2 cores shared with other work, load average 9-17; see the
evoteperf report for the numbers):
- The server's CPU is the bottleneck: 1,600 delegates make ~3,440 requests (GET + POST, the
  doubles and the retries); the server spent ~30 ms of CPU per delegate before the e-voting
  pages were made cheaper, ~19 ms after (PostgreSQL; SQLite 22 -> 15 ms). The bench client
  costs about 1 ms per delegate: it is not what eats the CPU. Keep-alive (`--keepalive`)
  did not help.
- Workers vs threads: 9 workers x 1 thread, 5 x 4 (the default of `daihoi serve` on 2
  cores) and 3 x 4 used the same CPU per request; the GIL is not the cost (a request spends
  about half its time waiting for the database, which the threads overlap).
- Persistent connections (DB_CONN_MAX_AGE, 600 here, 60 by default) work with gthread:
  each worker thread keeps its own, the burst opens workers x threads connections (20).

The encrypted scheme (issue 21; 2026-12-01, PostgreSQL 15, the same 2 cores shared with
five other engineers' tests and browsers, load average 11-15 before and 27-35 during; two
runs):
- Server CPU per delegate (GET + POST, the doubles and retries included): encrypted
  75.9 / 70.6 ms; the plain scheme in the same conditions 33.2 ms; the bare Django view
  7.5-8.5 ms. The difference is the proof check: `verify_ballot` of a 30-name ballot costs
  ~27 ms of CPU (87 range-proof branches in pysodium, bench.evote_crypto).
- 1,600 delegates over 60 s need 1,600 x 73 ms = 117 s of server CPU within those 60 s:
  two whole cores, which this machine did not have to give. The burst took 363 / 311 s of
  wall time, POST p50 14.8 / 16.9 s, p99 88.5 / 56.4 s (plain: 100 s, p99 14.2 s). Zero
  lost, zero doubled in every run (1,600 receipts, 1,600 ballots, the decrypted tally
  equal to the ballots made). For p99 under 1 s at that rate the server needs about three
  free cores, or the same 1,600 arriving over three minutes on two.
- The close of 1,600 encrypted ballots: the stop and the homomorphic sum
  (`ceremony._close_count`: `crypto.ballots.aggregate`, 96,000 point additions, ~7 ms per
  ballot here) 11.8 s; two decryption shares verified and combined with the count 0.58 s;
  so sum + decrypt + count 12.4 s against the 10 s aimed at, on this loaded machine. On top,
  the mix and VACUUM FULL: 8.1 s (first run, the rows rewritten through Python: 13 s;
  now copied inside the database, services._rewrite_shuffled). A trustee's decryption
  share (their phone's work, here in Python): 10-20 ms.
- Those figures predate the running sum: the server now runs with its worker, which adds
  the ballots up every 50 during the burst (ceremony.ballots_sum), so the close sums at
  most 49 ballots (bench.evote_crypto: 0.07 s CPU instead of 2.3 s for the sum of 1,600
  30-name ballots) and the worker's sums (2.6 s CPU in all) fall within the burst. Not
  re-run here since.

Re-run on a quieter machine (2026-12-01 23:00-23:22, PostgreSQL 15, 2 cores; load average
1-2 before the first run, 2-4 before the others as other engineers' tests started; the
running sum in the worker; a delegate who has voted answered before any proof check):
- 1,600 delegates over 60 s, encrypted (two runs): server CPU per delegate 60.6 / 60.9 ms
  against the bare view's 7.4 / 9.3 ms; POST p50 1,150 / 721 ms, p99 5.8 / 4.6 s. The
  plain scheme in the same conditions: 34.9 ms per delegate, p99 1.8 s. Zero lost, zero
  doubled in every run. 1,600 x 61 ms is 98 s of CPU in 60 s, most of two cores, before
  PostgreSQL's own: the queue, not a slow request, makes the tail.
- The same 1,600 over 120 s: p50 92 ms, p95 678 ms, p99 1.03 s (63.8 ms CPU per delegate).
  So on two cores p99 reaches 1 s when the hall's arrivals spread over about two minutes;
  within one minute it needs about twice the cores.
- The close: stop + the last sum 13-72 ms, mix + VACUUM 2.0-2.2 s, two shares verified,
  combined and counted 131-178 ms: 2.1-2.5 s in all, against the 10 s aimed at.

2026-12-02 (PostgreSQL 15, 2 cores, no other engineer's work running; load average 1-5
before each run, from the runs before it), after two changes: the proofs' commitments
computed with libdecaf's double-scalar multiplication (crypto.group.range_commitments), and
fewer requests served at a time by `daihoi serve` (the default was 2 x CPU+1 workers x 4
threads, 5 x 4 here):
- 1,600 delegates over 60 s, encrypted, POST p99 by server shape (--workers x --threads):
  2 x 2 (the new default) 357 / 550 / 1,116 ms (p50 83 / 46 / 287 ms, GET p99 305 / 387 /
  1,053 ms); 3 x 2 396 / 817 / 927 / 714 ms; 2 x 4 541 ms; 4 x 2 504 ms; 5 x 4 1,300 ms.
  Server CPU 40-55 ms per delegate, the bare view 4.8-8.4 ms in the same runs: the machine's
  own speed moved that much, and the run over 1 s was the slowest machine (54.6 ms a
  delegate, the bare view 7.2 ms). Zero lost, zero doubled in every run. Target p99 under
  1 s: met in 6 of the 7 runs of the two small shapes, with little to spare. Twenty
  requests sharing two cores each finish late and each holds a database connection (21
  opened, against 7 at 3 x 2): the slots, not the CPU, made most of the tail.
- 3 x 2 without libdecaf (DAIHOI_NO_LIBDECAF=1, libsodium alone): p99 656 ms, 54.4 ms per
  delegate.
- The plain scheme: at 2 x 2 30.7 ms per delegate, POST p50 21 ms, p99 116 ms, GET p99
  106 ms; at 3 x 2 (one run) 25.9 ms, POST p99 1.08 s, GET p99 2.4 s, not looked into.
- The close of 1,600 encrypted ballots: 2.5 s (mix + VACUUM 2.3 s).
- `--trace FILE` writes every request's start and latency, to see when a tail happens.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

SEED = 2026
PG_NAME = "daihoi_bench_evote"
CANDIDATES = 30
SEATS = 25
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Hoài"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng",
         "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quang",
         "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Vân", "Yến"]

TIMEOUT = 120.0  # seconds, per request
# "!" is Django's unusable password: these logins are session rows, never a password form.
UNUSABLE = "!"
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _configure(args: argparse.Namespace, scratch: Path) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "daihoi.settings",
        "DAIHOI_VAR": str(scratch),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DAIHOI_DEBUG": "0",
        "DAIHOI_DEMO": "0",
        "DAIHOI_HTTPS": "0",  # plain HTTP to gunicorn, no TLS proxy in front
        "LOG_LEVEL": "WARNING",
        "SESSION_AGE": "7200",
    }
    if args.sqlite:
        env["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    else:
        import psycopg

        base = args.pg.rstrip("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')
        env["DATABASE_URL"] = f"{base}/{PG_NAME}"
    os.environ.update(env)
    return env


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _ceremony(round_: Any) -> dict[str, Any]:
    """The counting committee's key, made by three trustees (k = 2) through the ceremony's
    services, each trustee's phone simulated with the Python crypto."""
    from django.contrib.auth.models import Group

    from daihoi.core.models import User
    from daihoi.core.roles import Role
    from daihoi.elections.evoting import ceremony
    from daihoi.elections.evoting.crypto import ballots
    from daihoi.elections.evoting.crypto import ceremony as cc
    from daihoi.elections.evoting.models import Trustee

    users = User.objects.bulk_create([User(username=f"bench-trustee{i}", password=UNUSABLE)
                                      for i in (1, 2, 3)])
    group = Group.objects.get(name=str(Role.COUNTING))
    for user in users:
        user.groups.add(group)
    state = ceremony.ceremony_start(acting_user=users[0], round_=round_, trustees=users, threshold=2)
    qb = ballots.base_hash(state.manifest.encode())
    by_index = {t.index: t.user for t in Trustee.objects.filter(round_id=round_.pk)}
    secrets_ = {}
    for index, user in by_index.items():
        secrets_[index], record = cc.trustee_start(qb, index, 2)
        ceremony.trustee_publish(acting_user=user, round_=round_, record=record)
    records = ceremony.records(round_)
    for index, user in by_index.items():
        ceremony.shares_post(acting_user=user, round_=round_,
                             payloads=cc.shares_for(qb, secrets_[index], records))
    shares = {}
    for index, user in by_index.items():
        shares[index] = cc.receive_shares(qb, secrets_[index], ceremony.shares_to(round_, index),
                                          records)
        ceremony.trustee_confirm(acting_user=user, round_=round_)
    return {"users": by_index, "shares": shares, "records": records}


def _setup(n: int, rng: random.Random, scheme: str) -> dict[str, Any]:
    """The congress, N delegates with logins and check-ins, and an open e-voting round."""
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from daihoi.congress.models import CheckIn, Congress, CongressSession, Delegate
    from daihoi.core.models import User
    from daihoi.core.roles import Role
    from daihoi.core.services import user_create
    from daihoi.elections import selectors as el_selectors
    from daihoi.elections import services as el
    from daihoi.elections.evoting import services as ev
    from daihoi.organizations.models import Member, Organization

    call_command("migrate", interactive=False, verbosity=0)
    for role in Role:
        Group.objects.get_or_create(name=str(role))
    office = user_create(acting_user=None, username="bench-office", password=secrets.token_urlsafe(16),
                         full_name="Văn phòng", roles=[Role.OFFICE, Role.SECRETARIAT])
    counter = user_create(acting_user=None, username="bench-counting", password=secrets.token_urlsafe(16),
                          full_name="Ban Kiểm phiếu", roles=[Role.COUNTING])
    org = Organization.objects.create(name="Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh",
                                      kind=Organization.Kind.COMMITTEE)
    today = timezone.localdate()
    congress = Congress.objects.create(organization=org, ordinal=18, term_start=2025, term_end=2030,
                                       starts_on=today, ends_on=today + dt.timedelta(days=1),
                                       status=Congress.Status.IN_SESSION)
    session = CongressSession.objects.create(congress=congress, name="Phiên chính thức", date=today,
                                             order=1, is_current=True)
    users = User.objects.bulk_create(
        [User(username=f"bench{i:05d}", password=UNUSABLE, full_name=_name(rng)) for i in range(n)],
        batch_size=1000)
    users = list(User.objects.filter(username__startswith="bench0").order_by("username"))
    group = Group.objects.get(name=str(Role.DELEGATE))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=1000)
    members = Member.objects.bulk_create([
        Member(full_name=u.full_name, gender=Member.Gender.MALE, date_of_birth=dt.date(1975, 1, 1),
               admission_date=dt.date(2000, 5, 19), status=Member.Status.FULL, organization=org,
               user=u) for u in users], batch_size=1000)
    delegates = Delegate.objects.bulk_create([
        Delegate(congress=congress, member=m, represents=org, number=i + 1,
                 credentials=Delegate.Credentials.ACCEPTED, checkin_code=secrets.token_urlsafe(12))
        for i, m in enumerate(members)], batch_size=1000)
    CheckIn.objects.bulk_create([CheckIn(delegate=d, session=session) for d in delegates],
                                batch_size=1000)
    election = el.election_create(acting_user=office, organization=org, congress=congress,
                                  title="Bầu Ban Chấp hành Đảng bộ Khối khóa XIX", kind="committee",
                                  seats=SEATS, term="2025–2030")
    for _ in range(CANDIDATES):
        el.candidate_add(acting_user=office, election=election, full_name=_name(rng))
    if not el_selectors.surplus_status(election).ok:
        el.decision_record(acting_user=office, election=election, kind="surplus",
                           text="Đại hội biểu quyết", decided_by="Đại hội")
    round_ = el.round_create_first(acting_user=office, election=election)
    el.round_setup(acting_user=counter, round_=round_, electorate_convened=n, excluded=0,
                   ballots_issued=0)
    el.counting_rules_confirm(acting_user=counter, election=election, open_reasons=[],
                              blank_approve_ballot="invalid")
    committee: dict[str, Any] = {}
    if scheme == "encrypted":
        committee = _ceremony(round_)
    ev.evote_open(acting_user=counter, round_=round_, scheme=scheme)
    # Logged-in sessions written directly: what the login form would leave behind.
    expire = timezone.now() + dt.timedelta(hours=2)
    store = SessionStore()
    keys = {}
    rows = []
    for u in users:
        key = secrets.token_hex(16)
        keys[u.pk] = key
        rows.append(Session(session_key=key, expire_date=expire, session_data=store.encode({
            "_auth_user_id": str(u.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": u.get_session_auth_hash(),
        })))
    Session.objects.bulk_create(rows, batch_size=1000)
    return {"round": round_, "counter": counter, "sessions": [keys[u.pk] for u in users],
            "candidates": len(ev.candidates_of(round_)), "committee": committee}


class Client:
    """One delegate's browser: cookies, and requests to 127.0.0.1 only.

    By default a new connection per request. `--keepalive`: the GET and the POST of a
    delegate go over one connection, as a phone's browser would. Measured (2 cores, 1,600
    delegates, 200 clients): the bench client costs about 1 ms of CPU per delegate either way
    (against 20-30 ms for the server), so the client is not what eats the CPU, and keep-alive
    made the tail worse (p95 ~10 s instead of ~4 s: a worker keeps serving the connections it
    holds while new ones wait to be accepted). A connection idle for more than
    KEEPALIVE_IDLE is not reused: gunicorn closes idle connections after 2 s, and a vote
    must never be resent because the server hung up an idle socket."""

    KEEPALIVE_IDLE = 1.0  # seconds; gunicorn's keepalive is 2 s

    def __init__(self, port: int, session_key: str, keepalive: bool = False) -> None:
        self.port = port
        self.cookies = {"sessionid": session_key}
        self.keepalive = keepalive
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, float]:
        if self.conn is not None and time.monotonic() - self.last_used > self.KEEPALIVE_IDLE:
            self.close()
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        conn = self.conn
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        keep = False
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            elapsed = time.perf_counter() - start
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            keep = self.keepalive and not response.will_close
            return response.status, text, elapsed
        finally:
            self.last_used = time.monotonic()
            if not keep:
                self.close()

    def form(self, path: str) -> tuple[dict[str, str], float]:
        status, text, elapsed = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        token = re.search(r'name="token" value="([^"]+)"', text)
        if not csrf or not token:
            raise RuntimeError("no ballot form")
        return {"csrfmiddlewaretoken": csrf.group(1), "token": token.group(1)}, elapsed

    def post(self, path: str, fields: dict[str, str], body: dict[str, str]) -> tuple[int, str, float]:
        """The ballot as the page posts it: `body` is every line's letter (plain) or the
        encrypted ballot (encrypted)."""
        return self.request("POST", path, urllib.parse.urlencode({**fields, **body}))


def _pg_sessions(args: argparse.Namespace) -> int | None:
    """Sessions ever opened on the bench database (pg_stat_database.sessions, PostgreSQL 14+;
    the statistics are flushed with a short delay, so a second's pause first)."""
    if args.sqlite:
        return None
    import psycopg

    time.sleep(1.0)
    try:
        with psycopg.connect(f"{args.pg.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute("SELECT pg_stat_clear_snapshot()")
            row = conn.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s",
                               [PG_NAME]).fetchone()
    except psycopg.Error:
        return None
    return int(row[0]) if row and row[0] is not None else None


def _self_cpu() -> float:
    """CPU seconds (user + system) of this process: the bench's client threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _group_cpu(pgid: int) -> float:
    """CPU seconds used so far by the live processes of a process group (the gunicorn
    arbiter and its workers: `daihoi serve` runs in its own session), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        # fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def _said(text: str, outcome: str) -> bool:
    """The answer's outcome: the plain page's sentence, or the encrypted vote's JSON."""
    sentence = {"recorded": "đã được ghi nhận", "already_recorded": "ghi nhận từ trước"}[outcome]
    return sentence in text or f'"outcome": "{outcome}"' in text


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"),
                        help="PostgreSQL server URL (without database name)")
    parser.add_argument("--delegates", type=int, default=1600)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: serve's)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--keepalive", action="store_true",
                        help="one keep-alive connection per delegate (default: a new connection "
                             "per request; see Client)")
    parser.add_argument("--scheme", choices=["encrypted", "plain"], default="encrypted")
    parser.add_argument("--trace", type=Path, default=None,
                        help="write every request's start (s after the burst's start), kind and "
                             "latency (ms) to this CSV file")
    parser.add_argument("--arrival", type=float, default=60.0,
                        help="seconds over which the delegates arrive (0: all at once)")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="daihoi-bench-evote-"))
    env = _configure(args, scratch)
    import django

    django.setup()
    from daihoi.elections.evoting.models import CastBallot, EncryptedBallot, VoterReceipt
    from daihoi.elections.models import Round

    rng = random.Random(SEED)
    t0 = time.perf_counter()
    data = _setup(args.delegates, rng, args.scheme)
    round_ = data["round"]
    n_cands = data["candidates"]
    print(f"database: {'SQLite file' if args.sqlite else 'PostgreSQL ' + PG_NAME}; "
          f"{args.delegates} delegates, {n_cands} candidates, {SEATS} seats, scheme "
          f"{args.scheme} (set-up {time.perf_counter() - t0:.1f} s)")
    _ballots(args, data, round_, n_cands, rng)

    port = _free_port()
    # With the worker, as in production: it adds the encrypted ballots into the running sum
    # during the burst (its CPU counted with the server's), so the close sums only the rest.
    cmd = [str(Path(sys.executable).with_name("daihoi")), "serve", "--bind", f"127.0.0.1:{port}",
           "--no-migrate", "--with-worker"]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    # bench.portal_settings: the project's settings with a bare view at /bench/bare/.
    server_env = {**os.environ, **env, "DB_CONN_MAX_AGE": "600",
                  "DJANGO_SETTINGS_MODULE": "bench.portal_settings",
                  "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}"}
    server = subprocess.Popen(cmd, env=server_env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, start_new_session=True)
    log_lines: list[str] = []
    threading.Thread(target=lambda: log_lines.extend(
        line.decode(errors="replace") for line in server.stdout or []), daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/login/")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("server did not start:\n" + "".join(log_lines[-30:]))
            time.sleep(0.3)
        print("server: " + (log_lines[0].strip() if log_lines else " ".join(cmd)))
        load_before = os.getloadavg()
        sessions_before = _pg_sessions(args)
        server_cpu = _group_cpu(server.pid)
        client_cpu = _self_cpu()
        _burst(args, port, data, round_, n_cands, rng)
        server_cpu = _group_cpu(server.pid) - server_cpu
        client_cpu = _self_cpu() - client_cpu
        print(f"CPU during the burst: server (gunicorn, all workers) {server_cpu:.1f} s, "
              f"bench client {client_cpu:.1f} s; per delegate (GET + POST): server "
              f"{server_cpu * 1000 / args.delegates:.1f} ms, client "
              f"{client_cpu * 1000 / args.delegates:.1f} ms "
              f"(PostgreSQL's own processes not counted)")
        print("load average before the burst: {:.2f} {:.2f} {:.2f}; after: {:.2f} {:.2f} {:.2f}"
              .format(*load_before, *os.getloadavg()))
        bare_cpu = _group_cpu(server.pid)
        bare_wall = _bare(args, port, data)
        bare_cpu = _group_cpu(server.pid) - bare_cpu
        print(f"baseline, a bare Django view (two GETs per delegate, {args.delegates} delegates, "
              f"wall {bare_wall:.1f} s): server {bare_cpu * 1000 / args.delegates:.1f} ms per "
              f"delegate, against {server_cpu * 1000 / args.delegates:.1f} ms for the ballot "
              f"({args.scheme})")
        if sessions_before is not None:
            # Persistent connections (DB_CONN_MAX_AGE) with gthread: each worker thread keeps
            # its own connection, so the burst opens about workers x threads of them, not one
            # per request.
            print(f"PostgreSQL connections opened during the burst: "
                  f"{(_pg_sessions(args) or 0) - sessions_before}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    # Afterwards: nothing lost, nothing doubled.
    receipts = VoterReceipt.objects.filter(round=round_).count()
    table = EncryptedBallot if args.scheme == "encrypted" else CastBallot
    ballots = table.objects.filter(round=round_).count()
    print(f"receipts {receipts}, ballots {ballots} (expected {args.delegates} each)")
    votes = _close(args, data, round_) if args.scheme == "encrypted" else _close_plain(data, round_)
    round_.refresh_from_db()
    expected = data["expected"]
    ok = (receipts == ballots == args.delegates and votes == expected
          and round_.status == Round.Status.CLOSED)
    print(f"round status: {round_.status}; tally equals the ballots cast: {votes == expected}")
    print("RESULT: " + ("OK, zero lost, zero doubled" if ok else "FAILED"))
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    if not args.sqlite:
        from django.db import connections

        connections.close_all()
    sys.exit(0 if ok else 1)


def _close_plain(data: dict[str, Any], round_: Any) -> list[int]:
    from daihoi.elections.evoting import services as ev

    t_close = time.perf_counter()
    report = ev.evote_close(acting_user=data["counter"], round_=round_)
    print(f"close (mix the ballots, rules.count, finalize, VACUUM): "
          f"{(time.perf_counter() - t_close) * 1000:.0f} ms")
    return list(report.result.votes)


def _close(args: argparse.Namespace, data: dict[str, Any], round_: Any) -> list[int]:
    """The encrypted close: the sum and the mix on the server, two trustees' decryption
    shares (their phones' work, timed apart), their verification and combination on the
    server with the count through `rules`."""
    from daihoi.elections.evoting import ceremony
    from daihoi.elections.evoting import services as ev
    from daihoi.elections.evoting.crypto import tally
    from daihoi.elections.evoting.models import EVoteRound

    committee = data["committee"]
    close_count = ceremony._close_count
    spent: list[float] = []

    def timed_close_count(*args: Any) -> Any:  # the sum, apart from the mix and VACUUM
        t = time.perf_counter()
        try:
            return close_count(*args)
        finally:
            spent.append(time.perf_counter() - t)

    ceremony._close_count = timed_close_count  # type: ignore[assignment]
    t0 = time.perf_counter()
    try:
        ev.evote_close_encrypted(acting_user=data["counter"], round_=round_)
    finally:
        ceremony._close_count = close_count
    t_sum = time.perf_counter() - t0
    state = EVoteRound.objects.get(round_id=round_.pk)
    server = 0.0
    phones = []
    for index in (1, 2):
        t1 = time.perf_counter()
        share = tally.decryption_share(state.extended_hash, index, committee["shares"][index],
                                       committee["records"], state.aggregate or [])
        phones.append(time.perf_counter() - t1)
        t2 = time.perf_counter()
        ceremony.decryption_submit(acting_user=committee["users"][index], round_=round_, share=share)
        server += time.perf_counter() - t2
    print(f"close of {args.delegates} encrypted ballots: stop + sum (ceremony._close_count) "
          f"{spent[0] * 1000:.0f} ms, mix + VACUUM {(t_sum - spent[0]) * 1000:.0f} ms; "
          f"two decryption shares verified, combined (table 0..{args.delegates}), counted "
          f"through rules, finalized {server * 1000:.0f} ms; server total "
          f"{(t_sum + server) * 1000:.0f} ms (target < 10 s); each trustee's share on the "
          f"phone (here in Python) {statistics.mean(phones) * 1000:.0f} ms")
    round_.refresh_from_db()  # the votes as the round's result records them
    return [c["votes"] for c in (round_.result or {}).get("candidates", [])]


def _ballots(args: argparse.Namespace, data: dict[str, Any], round_: Any, n_cands: int,
             rng: random.Random) -> None:
    """What each delegate will send: the kept names (15 to 25 of 30 for 25 seats) and,
    encrypted, the ballot the phone makes (a second one for a delegate voting twice)."""
    n = args.delegates
    struck_of = []
    for _ in range(n):
        keep = rng.randint(15, SEATS)
        struck_of.append(sorted(rng.sample(range(n_cands), n_cands - keep)))
    expected = [0] * n_cands
    for struck in struck_of:
        for i in range(n_cands):
            if i not in struck:
                expected[i] += 1
    data["expected"] = expected
    data["kinds"] = ["double" if i % 20 == 0 else "retry" if i % 20 == 1 else "plain" for i in range(n)]
    if args.scheme == "plain":
        data["bodies"] = [({f"line-{i}": "s" if i in struck else "k" for i in range(n_cands)},) * 2
                          for struck in struck_of]
        return
    from daihoi.elections.evoting import services as ev
    from daihoi.elections.evoting.crypto import ballots

    keys = ev.keys_of(type(round_).objects.select_related("evote").get(pk=round_.pk))

    def make(struck: list[int]) -> dict[str, str]:
        ballot, _reveal = ballots.encrypt_ballot(keys.manifest, keys.public_key, keys.extended_hash,
                                                 [0 if i in struck else 1 for i in range(n_cands)])
        return {"ballot": json.dumps(ballot)}

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        firsts = list(pool.map(make, struck_of))
        seconds = list(pool.map(lambda i: make(struck_of[i]) if data["kinds"][i] == "double" else None,
                                range(n)))
    print(f"ballots encrypted and proved by crypto.ballots.encrypt_ballot in the client threads: "
          f"{n} + {sum(1 for b in seconds if b)} in {time.perf_counter() - t0:.1f} s")
    data["bodies"] = [(a, b or a) for a, b in zip(firsts, seconds, strict=True)]


def _bare(args: argparse.Namespace, port: int, data: dict[str, Any]) -> float:
    """The same client, the same number of requests, against a bare Django view."""
    def one(i: int) -> None:
        client = Client(port, data["sessions"][i], args.keepalive)
        try:
            for _ in range(2):
                status, _text, _elapsed = client.request("GET", "/bench/bare/")
                if status != 200:
                    raise RuntimeError(f"bare view: {status}")
        finally:
            client.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        list(pool.map(one, range(args.delegates)))
    return time.perf_counter() - start


def _burst(args: argparse.Namespace, port: int, data: dict[str, Any], round_: Any, n_cands: int,
           rng: random.Random) -> None:
    path = f"/vote/r/{round_.pk}/"
    n = args.delegates
    kinds, bodies = data["kinds"], data["bodies"]
    post_times: list[float] = []
    get_times: list[float] = []
    trace: list[tuple[float, str, float]] = []  # (start after the burst's start, kind, seconds)
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def note(key: str) -> None:
        with lock:
            outcomes[key] = outcomes.get(key, 0) + 1

    def one(i: int) -> None:
        # Arrivals spread over --arrival seconds: delegate i comes at i * arrival / n.
        wait = start + i * args.arrival / n - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        client = Client(port, data["sessions"][i], args.keepalive)
        try:
            vote(i, client)
        finally:
            client.close()

    def vote(i: int, client: Client) -> None:
        fields, g = client.form(path)
        with lock:
            get_times.append(g)
            trace.append((time.perf_counter() - g - start, "GET", g))
        if kinds[i] == "double":
            other = Client(port, data["sessions"][i], args.keepalive)
            fields2, _g2 = other.form(path)
            other.close()  # its POST comes on a new connection, at the same moment as the first
            results: list[tuple[int, str, float]] = []
            barrier = threading.Barrier(2)

            def send(c: Client, f: dict[str, str], body: dict[str, str]) -> None:
                barrier.wait()
                results.append(c.post(path, f, body))

            threads = [threading.Thread(target=send, args=(c, f, b))
                       for c, f, b in ((client, fields, bodies[i][0]), (other, fields2, bodies[i][1]))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(TIMEOUT * 2)
            codes = sorted(r[0] for r in results)
            note(f"double {codes}")
            with lock:
                post_times.extend(r[2] for r in results)
                trace.extend((time.perf_counter() - r[2] - start, "POST double", r[2]) for r in results)
            return
        status, text, elapsed = client.post(path, fields, bodies[i][0])
        with lock:
            post_times.append(elapsed)
            trace.append((time.perf_counter() - elapsed - start, "POST", elapsed))
        note(f"post {status}" + (" recorded" if _said(text, "recorded") else ""))
        if kinds[i] == "retry":
            status2, text2, _ = client.post(path, fields, bodies[i][0])
            note(f"retry {status2}" + (" already recorded" if _said(text2, "already_recorded") else ""))

    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        start = time.perf_counter()
        errors = [f.exception() for f in [pool.submit(one, i) for i in range(n)]]
    wall = time.perf_counter() - start
    if args.trace:
        args.trace.write_text("start_s,kind,ms\n" + "".join(
            f"{t:.3f},{kind},{sec * 1000:.1f}\n" for t, kind, sec in sorted(trace)))
    failed = [e for e in errors if e is not None]
    print(f"burst: {n} delegates arriving over {args.arrival:.0f} s, {args.concurrency} clients "
          f"({'keep-alive' if args.keepalive else 'a new connection per request'}), wall {wall:.1f} s, "
          f"{len(post_times) / wall:.0f} POST/s")
    ms = [t * 1000 for t in post_times]
    gms = [t * 1000 for t in get_times]
    print(f"POST vote  ms: p50 {_pct(ms, 50):.0f}  p95 {_pct(ms, 95):.0f}  p99 {_pct(ms, 99):.0f}  "
          f"max {max(ms):.0f}  (n={len(ms)}, mean {statistics.mean(ms):.0f})")
    print(f"GET ballot ms: p50 {_pct(gms, 50):.0f}  p95 {_pct(gms, 95):.0f}  "
          f"p99 {_pct(gms, 99):.0f}  max {max(gms):.0f}")
    for key in sorted(outcomes):
        print(f"  {key}: {outcomes[key]}")
    if failed:
        print(f"client errors: {len(failed)}; first: {failed[0]!r}")


if __name__ == "__main__":
    main()
