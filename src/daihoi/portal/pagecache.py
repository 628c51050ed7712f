"""Public pages cached per language and host, invalidated by any change they show.

The key carries SiteVersion.number, which every portal service bumps in its transaction:
one indexed read per request tells every application server (each with its own cache)
that its copies are stale. Cached pages hold nothing of one reader: no CSRF token (the
page's script fetches it from `portal:state`), no counter figures (the same), so the
footer counter does not defeat the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from daihoi.portal.models import SiteVersion

PAGE_SECONDS = 300


def site_version() -> int:
    row = SiteVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return int(row or 0)


def bump() -> None:
    """Call inside the transaction of the change: the new number commits with it."""
    if not SiteVersion.objects.filter(pk=1).update(number=F("number") + 1):
        SiteVersion.objects.create(pk=1, number=1)


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
