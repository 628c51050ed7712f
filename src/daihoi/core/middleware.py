import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "_renewed_at"
KEEP_SESSION = "keep_session"  # set on a request by a view that must not renew (the e-vote)


class SessionRenewalMiddleware:
    """Slides a login's expiry forward, at most once every SESSION_RENEW_EVERY seconds.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would cost a database
    write per request on the busiest screens (ballot entry, the door, 1,600 e-voters) and
    lock an SQLite database for nothing; a minute's precision is all the expiry needs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return response
        if getattr(request, KEEP_SESSION, False):
            return response
        now = int(time.time())
        if now - int(session.get(RENEWED_AT, 0)) >= settings.SESSION_RENEW_EVERY:
            session[RENEWED_AT] = now  # marks the session modified: saved with a new expiry
        return response


class VietnameseFirstMiddleware:
    """The interface speaks Vietnamese until the user picks English with the VI/EN switch
    (a cookie). The browser's own language list is not consulted: office machines are
    often set up in English, and that must not turn the committee's system into English."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY on every response: scripts only from our own
    static files, so a name that slipped through escaping could still run nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
