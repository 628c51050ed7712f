"""docs/operations.md must not advise plain HTTP for the hall (issue 15, "Secret ballot": on a
shared Wi-Fi every delegate can read the others' plain traffic): the hall section says
HTTPS only and documents an offline certificate set-up, every http:// address in the
page is the proxy's upstream on the server itself, and the settings it names exist."""

from __future__ import annotations

import re
from pathlib import Path

OPS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def _section(text: str, title: str) -> str:
    start = text.index(title)
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_the_hall_is_served_over_https_only() -> None:
    text = OPS.read_text()
    hall = _section(text, "## 5. The hall network")
    assert "HTTPS only, never plain HTTP" in hall
    assert "HTTPS without the internet: a local certificate authority" in hall
    assert "openssl req -x509" in hall and "ssl_certificate" in hall and "tls internal" in hall
    assert "SECURE_COOKIES=1" not in hall  # DAIHOI_HTTPS (on by default) does more


def test_every_plain_http_address_is_the_upstream_on_the_server() -> None:
    addresses = re.findall(r"http://[^\s;`)]+", OPS.read_text())
    assert addresses and all(a.startswith("http://127.0.0.1:") for a in addresses), addresses
