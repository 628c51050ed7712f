"""Public pages cached per language and host, invalidated by any change they show.

The key carries SiteVersion.number, which every portal service bumps in its transaction:
every application server (each with its own cache) reads it at most once a second
(VERSION_SECONDS), so a change shows everywhere within a second, at once on the server
that made it, and a cached page costs no database query. Cached pages hold nothing of one
reader: no CSRF token (the page's script fetches it from `portal:state`), no counter
figures (the same), so the footer counter does not defeat the cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from daihoi.portal.models import SiteVersion

PAGE_SECONDS = 300
VERSION_SECONDS = 1.0
_memo: list[float] = [0.0, -1.0]  # [version, read at (monotonic)]


def site_version(*, fresh: bool = False) -> int:
    now = time.monotonic()
    if not fresh and now - _memo[1] < VERSION_SECONDS:
        return int(_memo[0])
    row = SiteVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    _memo[0], _memo[1] = float(row or 0), now
    return int(row or 0)


def _forget() -> None:
    _memo[1] = -1.0


def bump() -> None:
    """Call inside the transaction of the change: the new number commits with it (and this
    process reads it again right after the commit)."""
    if not SiteVersion.objects.filter(pk=1).update(number=F("number") + 1):
        SiteVersion.objects.create(pk=1, number=1)
    _forget()
    transaction.on_commit(_forget)


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = f"portal:page:{site_version()}:{get_language()}:{request.get_host()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type, status = hit
            response = HttpResponse(content, content_type=content_type, status=status)
            response["X-Portal-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code in (200, 404) and not response.cookies and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"], response.status_code), PAGE_SECONDS)
        response["X-Portal-Cache"] = "miss"
        return response

    return wrapped
