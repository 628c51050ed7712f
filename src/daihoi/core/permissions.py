"""Permission checks for views and services.

Every view is wrapped in `role_required(...)` (or checks a congress-scoped duty itself);
services that change state call `require_role(...)` so that a command-line caller is
held to the same rules.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from daihoi.core.roles import Role

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def has_role(user: Any, *roles: Role | str) -> bool:
    """True if the user holds any of `roles`; the system administrator holds them all."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    names = user.role_names()
    return "admin" in names or any(str(r) in names for r in roles)


def require_role(user: Any, *roles: Role | str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def require_login(user: Any) -> None:
    """Any active login, with or without a role (what one may do to one's own account)."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied


def role_required(*roles: Role | str) -> Callable[[View], View]:
    """Login required, then any of `roles` (403 otherwise)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def login_only(view: View) -> View:
    """Any logged-in user; the view narrows what it shows by its own checks."""
    return role_required(*Role)(view)
