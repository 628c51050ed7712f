"""Posting an irreversible step as the confirmation page does (daihoi.core.confirm): a first
POST gets the page, whose token (bound to the figures shown) the second POST sends back."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

TOKEN = re.compile(r'name="confirmed" value="([0-9a-f]+)"')


def token_of(page: str) -> str:
    found = TOKEN.search(page)
    assert found, "no confirmation asked"
    return found.group(1)


def post_confirmed(client: Client, url: str, data: dict[str, Any] | None = None,
                   **kwargs: Any) -> Any:
    asked = client.post(url, data or {})
    assert asked.status_code == 200, asked.status_code
    return client.post(url, {**(data or {}), "confirmed": token_of(asked.content.decode())},
                       **kwargs)
