"""Who a reader is, as far as the portal needs to know: a random token in a cookie, and
the address only as a keyed hash (HMAC-SHA256 with SECRET_KEY), never in clear."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache
from typing import Any

from crawlerdetect import CrawlerDetect
from django.conf import settings

from daihoi.core.client_ip import client_ip

VISITOR_COOKIE = "dh_visitor"
VISITOR_COOKIE_AGE = 2 * 365 * 24 * 3600


def keyed_hash(purpose: str, value: str) -> str:
    key = hashlib.sha256(f"daihoi.portal:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def address_hash(request: Any) -> str:
    return keyed_hash("address", client_ip(request) or "")


def visitor_token(request: Any) -> tuple[str, bool]:
    """(token, is_new): the reader's cookie, or a new one for the answer to set."""
    token = request.COOKIES.get(VISITOR_COOKIE, "")
    if 20 <= len(token) <= 64 and token.isascii() and token.replace("-", "").replace("_", "").isalnum():
        return token, False
    return secrets.token_urlsafe(24), True


def visitor_hash(token: str) -> str:
    return keyed_hash("visitor", token)


def set_visitor_cookie(response: Any, token: str) -> None:
    response.set_cookie(
        VISITOR_COOKIE,
        token,
        max_age=VISITOR_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@lru_cache(maxsize=1)
def _detector() -> CrawlerDetect:
    return CrawlerDetect()


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """Bots, crawlers and scripts as crawlerdetect knows them; no user agent at all too."""
    if not user_agent.strip():
        return True
    return bool(_detector().isCrawler(user_agent[:500]))
