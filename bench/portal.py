"""The public portal under load: the front page and an article page served by `daihoi serve`
(gunicorn, the production way) to 200 concurrent clients on loopback, measured with wrk
(Debian's package: `apt-get install wrk`), beside a bare Django view on the same server.

    .venv/bin/python -m bench.portal [--postgres] [--connections 200] [--seconds 10]

Each database gets a scratch DAIHOI_VAR (and a scratch PostgreSQL database); the portal's
demo (a dozen articles, categories, a banner, pages, events) is loaded, the server started on
a free loopback port with its default workers and threads, and wrk run against each URL in
turn after a short warm-up. Prints requests per second, p50/p99 latency and errors (answers
other than 2xx/3xx, and wrk's socket errors: a timeout is an answer slower than wrk's 2 s). The
target (issue 18): p99 under 100 ms with no errors. Page views are not counted here: wrk
fetches the page, not the counter endpoint its script calls.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench._common import add_backend_options, migrate, run_workers, setup_django

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - loopback only
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url}")


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(url: str, *, connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for p in ("50", "99"):
        figures[f"p{p}"] = _ms(re.search(rf"^\s+{p}%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    figures["non2xx"] = float(non2xx.group(1)) if non2xx else 0.0
    figures["timeouts"] = float(sockets.group(4)) if sockets else 0.0
    figures["errors"] = figures["non2xx"] + (sum(float(g) for g in sockets.groups()) if sockets else 0.0)
    figures["requests"] = float(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return figures


def worker(backend: str, connections: int, seconds: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.portal_settings"
    setup_django()
    migrate()
    from daihoi.portal import demo
    from daihoi.portal.models import Article

    if not Article.objects.exists():
        demo.build(seed=2025, log=lambda _m: None)
    slug = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("-publish_at").first().slug  # type: ignore[union-attr]
    from django.db import connections as dbs

    dbs.close_all()
    port = _free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.portal_settings",
        SECRET_KEY="b" * 20 + "enchmark-key-" * 4,
        DAIHOI_HTTPS="0",  # plain HTTP to gunicorn on loopback, no TLS proxy in front
        PYTHONPATH=f"{ROOT}:{ROOT / 'src'}",
    )
    env.pop("DAIHOI_DEMO", None)
    daihoi = str(Path(sys.executable).with_name("daihoi"))
    server = subprocess.Popen(
        [daihoi, "serve", "--bind", f"127.0.0.1:{port}", "--no-migrate"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/bench/bare/")
        urls = [
            ("front page /", f"{base}/"),
            (f"article /tin/{slug[:24]}…/", f"{base}/tin/{slug}/"),
            ("bare Django view", f"{base}/bench/bare/"),
        ]
        print(f"{backend}: daihoi serve (default workers and threads), wrk -t2 -c{connections} -d{seconds}s")
        for label, url in urls:
            _wrk(url, connections=connections, seconds=2)  # warm-up: caches, connections
            f = _wrk(url, connections=connections, seconds=seconds)
            verdict = "ok" if f["p99"] < 100 and not f["errors"] else "OVER TARGET"
            print(
                f"  {label:<42} {f['rps']:8.0f} req/s  p50 {f['p50']:6.1f} ms  p99 {f['p99']:6.1f} ms  "
                f"errors {int(f['errors'])}/{int(f['requests'])} (non-2xx {int(f['non2xx'])}, "
                f"timeouts {int(f['timeouts'])})  {verdict}"
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_backend_options(parser)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.connections, args.seconds)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    run_workers(
        args,
        module="bench.portal",
        pg_db="daihoi_bench_portal",
        scratch_prefix="daihoi-bench-portal-",
        worker_args=["--connections", str(args.connections), "--seconds", str(args.seconds)],
    )


if __name__ == "__main__":
    main()
