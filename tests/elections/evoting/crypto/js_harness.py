"""Runs evoting/crypto.js in headless Chromium: a blank page on a made-up origin whose
/static/ files Playwright answers from the repository (the same paths as Django's static
URLs, so the module's import of ../vendor/noble-evote.js resolves as in production)."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[4] / "src" / "daihoi"
STATIC = {
    "/static/vendor/": SRC / "core" / "static" / "vendor",
    "/static/evoting/": SRC / "elections" / "evoting" / "static" / "evoting",
}
ORIGIN = "http://evote.test"
PAGE = "<!doctype html><meta charset=utf-8><title>crypto.js</title>"

# Calls an export by name; a CryptoError comes back as {"error": …} instead of a rejected
# promise, so a test can assert its message and sender. The seed, when given, makes the
# call's last argument a `seededRng(seed)`.
_CALL = """async ([name, args, seed]) => {
  const C = await import("/static/evoting/crypto.js");
  if (seed !== null) args.push(C.seededRng(seed));
  try {
    return {value: C[name](...args)};
  } catch (e) {
    if (e.name !== "CryptoError") throw e;
    return {error: e.message, sender: e.sender ?? null};
  }
}"""


def _serve(route: Any) -> None:
    path = route.request.url.removeprefix(ORIGIN).split("?")[0]
    if path == "/":
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=PAGE)
        return
    for prefix, folder in STATIC.items():
        if path.startswith(prefix):
            file = folder / path.removeprefix(prefix)
            if file.is_file():
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                route.fulfill(status=200, content_type=kind, body=file.read_bytes())
                return
    route.fulfill(status=404, body="not found")


def open_page(context: Any) -> Any:
    page = context.new_page()
    page.route(f"{ORIGIN}/**", _serve)
    page.goto(f"{ORIGIN}/")
    return page


class JsError(Exception):
    def __init__(self, message: str, sender: int | None) -> None:
        super().__init__(message)
        self.sender = sender


class JsCrypto:
    """`js.encryptBallot(manifest, k, qe, choices)` calls the module's export in the page;
    `js.seeded("seed").trusteeStart(qb, 1, 2)` passes a seeded rng as the last argument."""

    def __init__(self, page: Any, seed: str | None = None) -> None:
        self.page = page
        self._seed = seed

    def seeded(self, seed: str) -> JsCrypto:
        return JsCrypto(self.page, seed)

    def __getattr__(self, name: str) -> Any:
        def call(*args: Any) -> Any:
            # Through JSON both ways: what the page sees is what the server would send.
            out = self.page.evaluate(_CALL, [name, json.loads(json.dumps(list(args))), self._seed])
            if "error" in out:
                raise JsError(out["error"], out["sender"])
            return out.get("value")

        return call
