from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from daihoi.core import registry
from daihoi.core.permissions import has_role, login_only


@login_only
def home(request: HttpRequest) -> HttpResponse:
    # Office, administrators and leaders land on the dashboard of figures (the
    # organizations app registers it); every other role gets a plain page of its own links.
    for page in registry.home_pages():
        if has_role(request.user, *page.roles):
            return page.view(request)
    return render(request, "core/home.html")


@require_POST
@login_only
def session_ping(request: HttpRequest) -> JsonResponse:
    """Keeps a login alive: the warning banner's "stay logged in" button posts here."""
    request.session.modified = True  # saved now, with a new expiry
    return JsonResponse({"expires_in": settings.SESSION_COOKIE_AGE})
