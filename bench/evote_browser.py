"""The delegate's phone: how long evoting/crypto.js takes to encrypt and prove a ballot,
on the path the ballot page takes (evoting/crypto-worker.js), and what the page feels of it.

    PYTHONPATH=src:. .venv/bin/python -m bench.evote_browser [--names 30] [--seats 27] [--rate 4]
        [--repeat 10] [--window 8] [--no-unthrottled] [--where worker|page|both]

Headless Chromium (Debian's) with its CPU slowed `--rate` times through the DevTools
protocol (`Emulation.setCPUThrottlingRate`; 4× is the issue's stand-in for a mid-range
phone), a blank page on a made-up origin whose /static/ files are answered from the
repository, as Django serves them. The calls go through crypto-worker.js's `engine()` as
ballot.js makes them: in its module worker (`worker`, the page's path), and on the page
itself (`page`: the fallback where no worker starts, and the path of every figure before
2026-12-02). The round's key and hashes are made by the server's Python package; every
ballot is then verified by it (`verify_ballot`), so the figures are of ballots the server
accepts. Target (issue 21): encrypt + prove a 30-name ballot in under 1 s at 4×.

The throttle and the worker: Chromium throttles the page's thread, not a worker's.
`Emulation.setCPUThrottlingRate` sent to the worker's target is refused ("Operation is only
supported for pages, not workers", Chromium 156), and a worker under a page throttled 4×
ran only 1.4-2.2× slower than unthrottled here. So the worker's figures at `--rate` are not
a slow phone's: the worker runs the same crypto.js, and on a phone it costs what the page's
run costs at the rate (plus a message each way). What the worker changes is the page's
stall: the longest its own timer waited while ballots were encrypted, which is what the
delegate feels (the "Đang mã hóa phiếu…" message painted, taps answered, or not).

Printed for each path, at the throttled rate and unthrottled, each on a fresh page (a fresh
module, a fresh worker):
- the first ballot of a page that prepared nothing (the tables of multiples of G and of the
  joint key built inside it, the JIT cold; for the worker, its start too);
- `prepareKey` alone, what the ballot page calls when it loads, then the first ballot after
  it and the ballots after that (the target applies to these);
- the page's longest stall during those ballots (a 5 ms timer on the page);
- a trustee's decryption share of the same selections, in the page's run only (the
  trustee's page, keys.js, calls crypto.js itself, not the worker);
- the baseline: the same page hashing 30 times 1 KiB with the bundle's SHA-512.
Other processes' load adds to the figures (and the throttled run then slows by more or
less than its rate): run it on a quiet machine, and read the minimum of the repeated
ballots as the steadiest figure. `PYTHONPATH=src:.` imports the package and this file.

Measured 2026-12-02 (Debian Chromium 156, 2 cores shared with other work, load average
4.8: noisy), 30 names, 27 seats, at 4×. On the page (the fallback, and the phone's cost on
either path): the first ballot of a page that prepared nothing 630 ms, `prepareKey` 357 ms,
the first ballot after it 353 ms, the ballots after 201 ms median (184-878), the page's
longest stall 882 ms. In the worker: 382 / 200 / 113 / 101 ms median (57-181; not throttled
as the page is, above), the page's longest stall 64 ms. Unthrottled, the stall: 13 ms in
the worker, 117 ms on the page.

Before the worker, on the page (2026-12-01, a quiet machine, load average 1.1), at 4×: the
first ballot of a page that prepared nothing 863 ms; `prepareKey` at page load 256 ms, the
first ballot after it 375 ms, the ballots after 204 ms median (172-237); a trustee's
decryption share 137 ms; the SHA-512 baseline 2.2 ms. Unthrottled: 244 / 79 / 139 / 63 ms.
The 1 s target holds even for a page that prepared nothing (on the loaded machine of the day
before, 0.55-1.5 s for that first ballot).
"""

from __future__ import annotations

import argparse
import mimetypes
import os
import statistics
import time
from pathlib import Path
from typing import Any

from daihoi.elections.evoting.crypto import ballots, ceremony

SRC = Path(__file__).resolve().parent.parent / "src" / "daihoi"
STATIC = {
    "/static/vendor/": SRC / "core" / "static" / "vendor",
    "/static/evoting/": SRC / "elections" / "evoting" / "static" / "evoting",
}
ORIGIN = "http://evote.bench"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Runs in the page: every figure is performance.now() around the call, nothing of
# Playwright's round trips inside it.
# The ballot page's calls go through crypto-worker.js's engine, as ballot.js makes them:
# in its module worker (worker: true, the page's path), or on the page (worker: false, the
# page's fallback). A 5 ms timer on the page records its longest wait during the ballots
# after the first: how long the page could not paint nor answer a tap.
_MEASURE = """async ({manifest, key, qe, choices, repeat, records, share, prepare, worker}) => {
  const C = await import("/static/evoting/crypto.js");
  const W = await import("/static/evoting/crypto-worker.js");
  const { sha512 } = await import("/static/vendor/noble-evote.js");
  const engine = W.engine({worker});
  const encrypt = () => engine.call("encryptBallot", [manifest, key, qe, choices]);
  const time = async (f) => {
    const t = performance.now(); const v = await f(); return [performance.now() - t, v];
  };
  const [prepared] = prepare ? await time(() => engine.call("prepareKey", [key])) : [null];
  const [first, made] = await time(encrypt);
  const ballots = [made.ballot];
  const warm = [];
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now(); stall = Math.max(stall, now - last); last = now;
  }, 5);
  for (let i = 0; i < repeat; i++) {
    const [ms, m] = await time(encrypt);
    warm.push(ms);
    ballots.push(m.ballot);
    await new Promise((resolve) => setTimeout(resolve, 20));  // the timer runs between two
  }
  clearInterval(timer);
  stall = Math.max(stall, performance.now() - last);
  const aggregate = made.ballot.selections.map((s) => ({alpha: s.alpha, beta: s.beta}));
  // The trustee's page (keys.js) calls crypto.js itself: measured on the page's run only,
  // with the tables its ballots built, as before the worker.
  const [decrypt] = worker ? [null]
    : await time(() => C.decryptionShare(qe, 1, share, records, aggregate));
  const block = new Uint8Array(1024);
  const baseline = [];
  for (let i = 0; i < repeat; i++) {
    baseline.push((await time(() => { for (let j = 0; j < 30; j++) sha512(block); }))[0]);
  }
  return {prepared, first, warm, decrypt, baseline, ballots, stall, mode: engine.mode()};
}"""


def _serve(route: Any, window: int | None) -> None:
    path = route.request.url.removeprefix(ORIGIN).split("?")[0]
    if path == "/":
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>bench</title>")
        return
    for prefix, folder in STATIC.items():
        file = folder / path.removeprefix(prefix)
        if path.startswith(prefix) and file.is_file():
            body = file.read_bytes()
            if window is not None and file.name == "crypto.js":
                body = body.replace(b"const WINDOW = 8;", f"const WINDOW = {window};".encode())
            route.fulfill(status=200, body=body,
                          content_type=mimetypes.guess_type(file.name)[0] or "text/plain")
            return
    route.fulfill(status=404, body="")


def _run(browser: Any, rate: float, window: int | None, inputs: dict[str, Any]) -> dict[str, Any]:
    """One fresh page (a fresh module, a fresh worker: no table built yet) at CPU throttling
    `rate` (of the page's thread: Chromium throttles no worker, see the module doc)."""
    context = browser.new_context()
    page = context.new_page()
    page.route(f"{ORIGIN}/**", lambda route: _serve(route, window))
    page.goto(f"{ORIGIN}/")
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    out: dict[str, Any] = page.evaluate(_MEASURE, inputs)
    context.close()
    return out


def _manifest(form: str, names: int, seats: int) -> tuple[dict[str, Any], list[int]]:
    """The round's manifest (protocol §2) and a ballot of it. Any choices cost the same:
    every range proof simulates all its values but the true one."""
    manifest = {"version": 1, "round_id": 1, "election": "Bầu Ban Chấp hành (benchmark)",
                "round_number": 1, "format": form,
                "candidates": [f"Ứng viên {i + 1}" for i in range(names)],
                "trustees": [{"index": 1, "name": "Tổ trưởng"}], "threshold": 1, "tally": {}}
    if form == "agree":  # (agree, disagree) per name, at most one of the two
        manifest["selections"] = 2 * names
        manifest["contests"] = [{"indexes": [2 * i, 2 * i + 1], "min": 0, "max": 1} for i in range(names)]
        return manifest, [1, 0] * (names // 2) + [0, 1] * (names - names // 2)
    manifest["selections"] = names
    manifest["contests"] = [{"indexes": list(range(names)), "min": 1 if names > 1 else 0, "max": seats}]
    return manifest, [1] * seats + [0] * (names - seats)


def _line(label: str, values: list[float]) -> str:
    if len(values) == 1:
        return f"  {label:<52} {values[0]:8.1f} ms"
    return (f"  {label:<52} {statistics.median(values):8.1f} ms median  "
            f"(min {min(values):.1f}, max {max(values):.1f}, n={len(values)})")


def _report(browser: Any, rate: float, where: str, args: argparse.Namespace,
            inputs: dict[str, Any], manifest: dict[str, Any], key: str, qe: str,
            selections: int) -> None:
    run = {**inputs, "worker": where == "worker"}
    cold = _run(browser, rate, args.window, {**run, "repeat": 0, "prepare": False})
    out = _run(browser, rate, args.window, {**run, "prepare": True})
    if out["mode"] != where or cold["mode"] != where:
        raise SystemExit(f"asked for the {where} path, the engine ran on the {out['mode']}")
    started = time.perf_counter()
    checked = out["ballots"] + cold["ballots"]
    for ballot in checked:
        ballots.verify_ballot(manifest, key, qe, ballot)
    verified = (time.perf_counter() - started) / len(checked) * 1000
    title = ("in crypto-worker.js's worker, the page's path" if where == "worker"
             else "on the page, the fallback without a worker")
    print(f"\nCPU throttled {rate:g}×, {title} ({len(checked)} ballots, every one verified by "
          "the server's verify_ballot)")
    print(_line("page's first ballot, nothing prepared", [cold["first"]]))
    print(_line("prepareKey on a fresh page (at page load)", [out["prepared"]]))
    print(_line("first ballot after prepareKey", [out["first"]]))
    print(_line("encrypt + prove, the ballots after", out["warm"]))
    print(_line("the page's longest stall during those", [out["stall"]]))
    if out["decrypt"] is not None:
        print(_line(f"decryption share of {selections} selections (trustee)", [out["decrypt"]]))
    print(_line("baseline: 30 × SHA-512 of 1 KiB, same page", out["baseline"]))
    if rate == args.rate:
        typical = statistics.median([out["first"], *out["warm"]])
        print(f"  target 1 s at {rate:g}× after prepareKey: "
              f"{'met' if typical < 1000 else 'MISSED'} (median {typical:.0f} ms, slowest "
              f"{max(out['first'], *out['warm']):.0f} ms); the server's verify_ballot of "
              f"one: {verified:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", choices=["strike", "agree"], default="strike")
    parser.add_argument("--names", type=int, default=30)
    parser.add_argument("--seats", type=int, default=27)
    parser.add_argument("--rate", type=float, default=4.0, help="CPU throttling rate (4 = 4× slower)")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--window", type=int,
                        help="serve crypto.js with this window of precomputed multiples instead of "
                             "its 8 (1: practically no table, 6: noble's default for G)")
    parser.add_argument("--unthrottled", action=argparse.BooleanOptionalAction, default=True,
                        help="also measure at 1×")
    parser.add_argument("--where", choices=["worker", "page", "both"], default="both",
                        help="the page's path (its worker), its fallback (on the page), or both")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    manifest, choices = _manifest(args.format, args.names, args.seats)
    text = ballots.manifest_bytes(manifest).decode()
    qb = ballots.base_hash(ballots.manifest_bytes(manifest))
    secret, record = ceremony.trustee_start(qb, 1, 1)
    share = ceremony.receive_shares(qb, secret, [], [record])
    key = ceremony.joint_key([record])
    qe = ballots.extended_hash(qb, key)
    inputs = {"manifest": text, "key": key, "qe": qe, "choices": choices,
              "repeat": args.repeat, "records": [record], "share": share}

    shape = (f"{args.seats} seats: one [0,1] proof per name, one [1,{args.seats}] proof"
             if args.format == "strike" else
             "agree/disagree: two [0,1] proofs per name, one [0,1] proof of their sum")
    print(f"evoting/crypto.js in headless Chromium: a {args.names}-name {args.format} ballot "
          f"({shape}), window {args.window or 8}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        wheres = ["worker", "page"] if args.where == "both" else [args.where]
        for rate in (args.rate, 1.0) if args.unthrottled else (args.rate,):
            for where in wheres:
                _report(browser, rate, where, args, inputs, manifest, key, qe, len(choices))
        browser.close()


if __name__ == "__main__":
    main()
