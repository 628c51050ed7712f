"""crypto.js as Django serves it: from /static/evoting/ with its bundle from
/static/vendor/ (the module's relative import), under the application's Content Security
Policy, on a page of the running server."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.elections.evoting.crypto import ballots, ceremony

from .conftest import strike_manifest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_module_loads_from_the_servers_static_files(page: Any) -> None:
    manifest = strike_manifest(5, 3)
    text = ballots.manifest_bytes(manifest).decode()
    qb = ballots.base_hash(ballots.manifest_bytes(manifest))
    _, record = ceremony.trustee_start(qb, 1, 1)
    key = ceremony.joint_key([record])
    qe = ballots.extended_hash(qb, key)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto("/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # A module script element of the page (Playwright's own evaluation is exempt from the
    # policy, an element is not): it loads, and its import of the bundle with it.
    loaded = page.evaluate("""() => new Promise((resolve) => {
      const s = document.createElement("script");
      s.type = "module";
      s.src = "/static/evoting/crypto.js";
      s.onload = () => resolve("loaded");
      s.onerror = () => resolve("refused");
      document.head.append(s);
    })""")
    assert loaded == "loaded"
    assert violations == []
    made = page.evaluate("""async ([manifest, key, qe]) => {
      const C = await import("/static/evoting/crypto.js");
      return C.encryptBallot(manifest, key, qe, [1, 1, 0, 0, 1]);
    }""", [text, key, qe])
    ballots.verify_ballot(manifest, key, qe, made["ballot"])
