from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from daihoi.core.permissions import login_only


@login_only
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_POST
@login_only
def session_ping(request: HttpRequest) -> JsonResponse:
    """Keeps a login alive: the warning banner's "stay logged in" button posts here
    (SESSION_SAVE_EVERY_REQUEST renews the expiry)."""
    return JsonResponse({"expires_in": settings.SESSION_COOKIE_AGE})
