"""DAIHOI_PORTAL_HOST: requests for that host name get the portal's URLs only."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PortalHostMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = getattr(settings, "DAIHOI_PORTAL_HOST", "")
        if host and request.get_host().split(":")[0].lower() == host.lower():
            request.urlconf = "daihoi.portal.urls_host"
        return self.get_response(request)
