"""The delegate's phone: how long evoting/crypto.js takes to encrypt and prove a ballot.

    PYTHONPATH=src .venv/bin/python -m bench.evote_browser [--names 30] [--seats 27] [--rate 4]
        [--repeat 10] [--window 8] [--no-unthrottled]

Headless Chromium (Debian's) with its CPU slowed `--rate` times through the DevTools
protocol (`Emulation.setCPUThrottlingRate`; 4× is the issue's stand-in for a mid-range
phone), a blank page on a made-up origin whose /static/ files are answered from the
repository, as Django serves them. The round's key and hashes are made by the server's
Python package; every ballot the page makes is then verified by it (`verify_ballot`), so
the figures are of ballots the server accepts. Target (issue 21): encrypt + prove a
30-name ballot in under 1 s at 4×.

Printed, at the throttled rate and unthrottled, each on a fresh page (a fresh module):
- the first ballot of a page that prepared nothing (the tables of multiples of G and of the
  joint key built inside it, the JIT cold);
- `prepareKey` alone, what the ballot page calls when it loads, then the first ballot after
  it and the ballots after that (the target applies to these);
- a trustee's decryption share of the same selections (on the trustee's phone);
- the baseline: the same page hashing 30 times 1 KiB with the bundle's SHA-512.
Other processes' load adds to the figures (and the throttled run then slows by more or
less than its rate): run it on a quiet machine, and read the minimum of the repeated
ballots as the steadiest figure. `PYTHONPATH=src` imports the package beside this file.

Measured on a quiet machine (2026-12-01, Debian Chromium 156, 2 cores, load average 1.1),
30 names, 27 seats, at 4×: the first ballot of a page that prepared nothing 863 ms;
`prepareKey` at page load 256 ms, the first ballot after it 375 ms, the ballots after
204 ms median (172-237); a trustee's decryption share 137 ms; the SHA-512 baseline 2.2 ms.
Unthrottled: 244 / 79 / 139 / 63 ms. The 1 s target holds even for a page that prepared
nothing (on the loaded machine of the day before, 0.55-1.5 s for that first ballot).
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
_MEASURE = """async ({manifest, key, qe, choices, repeat, records, share, prepare}) => {
  const C = await import("/static/evoting/crypto.js");
  const { sha512 } = await import("/static/vendor/noble-evote.js");
  const time = (f) => { const t = performance.now(); const v = f(); return [performance.now() - t, v]; };
  const [prepared] = prepare ? time(() => C.prepareKey(key)) : [null];
  const [first, made] = time(() => C.encryptBallot(manifest, key, qe, choices));
  const ballots = [made.ballot];
  const warm = [];
  for (let i = 0; i < repeat; i++) {
    const [ms, m] = time(() => C.encryptBallot(manifest, key, qe, choices));
    warm.push(ms);
    ballots.push(m.ballot);
  }
  const aggregate = made.ballot.selections.map((s) => ({alpha: s.alpha, beta: s.beta}));
  const [decrypt] = time(() => C.decryptionShare(qe, 1, share, records, aggregate));
  const block = new Uint8Array(1024);
  const baseline = [];
  for (let i = 0; i < repeat; i++) {
    baseline.push(time(() => { for (let j = 0; j < 30; j++) sha512(block); })[0]);
  }
  return {prepared, first, warm, decrypt, baseline, ballots};
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
    """One fresh page (a fresh module: no table built yet) at CPU throttling `rate`."""
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
        for rate in (args.rate, 1.0) if args.unthrottled else (args.rate,):
            cold = _run(browser, rate, args.window, {**inputs, "repeat": 0, "prepare": False})
            out = _run(browser, rate, args.window, {**inputs, "prepare": True})
            started = time.perf_counter()
            checked = out["ballots"] + cold["ballots"]
            for ballot in checked:
                ballots.verify_ballot(manifest, key, qe, ballot)
            verified = (time.perf_counter() - started) / len(checked) * 1000
            print(f"\nCPU throttled {rate:g}× ({len(checked)} ballots, every one verified by the "
                  "server's verify_ballot)")
            print(_line("page's first ballot, nothing prepared", [cold["first"]]))
            print(_line("prepareKey on a fresh page (at page load)", [out["prepared"]]))
            print(_line("first ballot after prepareKey", [out["first"]]))
            print(_line("encrypt + prove, the ballots after", out["warm"]))
            print(_line(f"decryption share of {len(choices)} selections (trustee)", [out["decrypt"]]))
            print(_line("baseline: 30 × SHA-512 of 1 KiB, same page", out["baseline"]))
            if rate == args.rate:
                typical = statistics.median([out["first"], *out["warm"]])
                print(f"  target 1 s at {rate:g}× after prepareKey: "
                      f"{'met' if typical < 1000 else 'MISSED'} (median {typical:.0f} ms, slowest "
                      f"{max(out['first'], *out['warm']):.0f} ms); the server's verify_ballot of "
                      f"one: {verified:.1f} ms")
        browser.close()


if __name__ == "__main__":
    main()
