"""Benchmark: 1,600 delegates voting electronically at once (issue 3, item 6).

    .venv/bin/python -m bench.evote                    # PostgreSQL database daihoi_bench_evote
    .venv/bin/python -m bench.evote --sqlite           # the same on a SQLite file
    .venv/bin/python -m bench.evote --delegates 400 --concurrency 100

Against the production set-up: `daihoi serve` (gunicorn gthread workers, SECRET_KEY set,
DEBUG off) started as a subprocess on a free 127.0.0.1 port, with its own scratch DAIHOI_VAR
and database (PostgreSQL `daihoi_bench_evote`, dropped and created here; or a SQLite file
under the scratch directory). The bench creates a congress in session, N delegates with
logins and check-ins, an election of 30 candidates for 25 seats and a first round open for
electronic voting; logins are session rows written directly (no 1,600 password hashes).

Then every delegate votes at once (a thread pool of --concurrency clients, http.client):
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
"""

from __future__ import annotations

import argparse
import http.client
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


def _setup(n: int, rng: random.Random) -> dict[str, Any]:
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
    if not el.surplus_status(election).ok:
        el.decision_record(acting_user=office, election=election, kind="surplus",
                           text="Đại hội biểu quyết", decided_by="Đại hội")
    round_ = el.round_create_first(acting_user=office, election=election)
    el.round_setup(acting_user=counter, round_=round_, electorate_convened=n, excluded=0,
                   ballots_issued=0)
    ev.evote_open(acting_user=counter, round_=round_)
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
            "candidates": len(ev.candidates_of(round_))}


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

    def post(self, path: str, fields: dict[str, str], struck: list[int]) -> tuple[int, str, float]:
        pairs = list(fields.items()) + [("struck", str(i)) for i in struck]
        return self.request("POST", path, urllib.parse.urlencode(pairs))


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
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="daihoi-bench-evote-"))
    env = _configure(args, scratch)
    import django

    django.setup()
    from daihoi.elections.evoting import services as ev
    from daihoi.elections.evoting.models import CastBallot, VoterReceipt
    from daihoi.elections.models import Round

    rng = random.Random(SEED)
    t0 = time.perf_counter()
    data = _setup(args.delegates, rng)
    round_ = data["round"]
    n_cands = data["candidates"]
    print(f"database: {'SQLite file' if args.sqlite else 'PostgreSQL ' + PG_NAME}; "
          f"{args.delegates} delegates, {n_cands} candidates, {SEATS} seats "
          f"(set-up {time.perf_counter() - t0:.1f} s)")

    port = _free_port()
    cmd = [str(Path(sys.executable).with_name("daihoi")), "serve", "--bind", f"127.0.0.1:{port}",
           "--no-migrate"]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    server_env = {**os.environ, **env, "DB_CONN_MAX_AGE": "600"}
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
    ballots = CastBallot.objects.filter(round=round_).count()
    t_close = time.perf_counter()
    report = ev.evote_close(acting_user=data["counter"], round_=round_)
    close_s = time.perf_counter() - t_close
    round_.refresh_from_db()
    expected = data["expected"]
    print(f"receipts {receipts}, ballots {ballots} (expected {args.delegates} each)")
    print(f"close (mix {ballots} ballots, rules.count, finalize, VACUUM): {close_s * 1000:.0f} ms; "
          f"round status: {round_.status}")
    ok = (receipts == ballots == args.delegates and list(report.result.votes) == expected
          and round_.status == Round.Status.CLOSED)
    print(f"tally equals the ballots cast: {list(report.result.votes) == expected}")
    print("RESULT: " + ("OK, zero lost, zero doubled" if ok else "FAILED"))
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    if not args.sqlite:
        from django.db import connections

        connections.close_all()
    sys.exit(0 if ok else 1)


def _burst(args: argparse.Namespace, port: int, data: dict[str, Any], round_: Any, n_cands: int,
           rng: random.Random) -> None:
    path = f"/vote/r/{round_.pk}/"
    n = args.delegates
    # Each delegate keeps between 15 and 25 names (25 seats), strikes the rest.
    ballots = []
    for _ in range(n):
        keep = rng.randint(15, SEATS)
        ballots.append(sorted(rng.sample(range(n_cands), n_cands - keep)))
    expected = [0] * n_cands
    for struck in ballots:
        for i in range(n_cands):
            if i not in struck:
                expected[i] += 1
    data["expected"] = expected
    kinds = ["double" if i % 20 == 0 else "retry" if i % 20 == 1 else "plain" for i in range(n)]
    post_times: list[float] = []
    get_times: list[float] = []
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def note(key: str) -> None:
        with lock:
            outcomes[key] = outcomes.get(key, 0) + 1

    def one(i: int) -> None:
        client = Client(port, data["sessions"][i], args.keepalive)
        try:
            vote(i, client)
        finally:
            client.close()

    def vote(i: int, client: Client) -> None:
        fields, g = client.form(path)
        with lock:
            get_times.append(g)
        if kinds[i] == "double":
            other = Client(port, data["sessions"][i], args.keepalive)
            fields2, _g2 = other.form(path)
            other.close()  # its POST comes on a new connection, at the same moment as the first
            results: list[tuple[int, str, float]] = []
            barrier = threading.Barrier(2)

            def send(c: Client, f: dict[str, str]) -> None:
                barrier.wait()
                results.append(c.post(path, f, ballots[i]))

            threads = [threading.Thread(target=send, args=(c, f))
                       for c, f in ((client, fields), (other, fields2))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(TIMEOUT * 2)
            codes = sorted(r[0] for r in results)
            note(f"double {codes}")
            with lock:
                post_times.extend(r[2] for r in results)
            return
        status, text, elapsed = client.post(path, fields, ballots[i])
        with lock:
            post_times.append(elapsed)
        note(f"post {status}" + (" recorded" if "đã được ghi nhận" in text else ""))
        if kinds[i] == "retry":
            status2, text2, _ = client.post(path, fields, ballots[i])
            note(f"retry {status2}" + (" already recorded" if "ghi nhận từ trước" in text2 else ""))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        errors = [f.exception() for f in [pool.submit(one, i) for i in range(n)]]
    wall = time.perf_counter() - start
    failed = [e for e in errors if e is not None]
    print(f"burst: {n} delegates, {args.concurrency} concurrent clients "
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
