from typing import Any

from django.conf import settings
from django.http import HttpRequest

from daihoi.core.permissions import has_role
from daihoi.core.roles import Role


def daihoi(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles = {role.value: has_role(user, role) for role in Role}
    return {
        # The expiry moves at most once a minute: count down from the earliest it may fall.
        "session_age": settings.SESSION_COOKIE_AGE - settings.SESSION_RENEW_EVERY,
        "session_warning": settings.SESSION_EXPIRY_WARNING,
        "roles": roles,
        # The staff's menus run to 18 links: grouped. A delegate's or a committee member's few
        # stay flat, one tap away on the phone.
        "nav_grouped": any(roles[r] for r in (Role.ADMIN, Role.OFFICE, Role.SECRETARIAT,
                                               Role.COUNTING, Role.LEADER)),
    }
