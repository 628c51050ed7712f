from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from daihoi.core import registry, services
from daihoi.core.permissions import login_only, role_required
from daihoi.core.roles import READ_ALL_ROLES


@login_only
def home(request: HttpRequest) -> HttpResponse:
    # Office and administrators land on the dashboard of figures (the organizations app
    # registers it), the leader on the status page (core registers it); every other role
    # gets a plain page of its own links.
    # A page fits the roles the login holds by name: the administrator, who passes every
    # role check, lands on the page registered for administrators, not on the first one.
    names = request.user.role_names()  # type: ignore[union-attr]
    for page in registry.home_pages():
        if any(role in names for role in page.roles):
            return page.view(request)
    return render(request, "core/home.html")


@role_required(*READ_ALL_ROLES)
def status(request: HttpRequest) -> HttpResponse:
    """Where things stand, for the read-only leader (his home page): the sections the apps
    register (`registry.register_status_panel`), in their order; a panel with nothing to
    show (no congress in progress) is left out."""
    panels: list[SafeString] = []
    for panel in registry.status_panels():
        context = panel.context(request)
        if context is not None:
            # The app's own template, rendered (and escaped) by Django like any page.
            panels.append(mark_safe(render_to_string(panel.template, context, request)))
    return render(request, "core/status.html", {"panels": panels})


@require_POST
@login_only
def session_ping(request: HttpRequest) -> JsonResponse:
    """Keeps a login alive: the warning banner's "stay logged in" button posts here."""
    request.session.modified = True  # saved now, with a new expiry
    return JsonResponse({"expires_in": settings.SESSION_COOKIE_AGE})


class LoginView(auth_views.LoginView):
    """Django's login page, which says how many tries are left before django-axes locks
    the login (by username and address, settings.AXES_*) once the next wrong password would
    be the last allowed."""

    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        username = str(form.data.get("username", ""))[:150]
        failures = AxesProxyHandler.get_failures(self.request, {"username": username})
        left = max(settings.AXES_FAILURE_LIMIT - failures, 0)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            response.context_data["attempts_left"] = left
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, saved through the audited service."""

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        services.password_change_own(acting_user=self.request.user, form=form)  # type: ignore[arg-type]
        # The session stays logged in (Django's view does the same after its own save).
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())
