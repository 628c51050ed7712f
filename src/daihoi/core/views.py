from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from daihoi.core import registry, services
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


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, saved through the audited service."""

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        services.password_change_own(acting_user=self.request.user, form=form)  # type: ignore[arg-type]
        # The session stays logged in (Django's view does the same after its own save).
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())
