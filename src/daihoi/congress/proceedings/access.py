"""Who may see and do what in the hall of one congress.

- See the programme, documents, votes, resolution, discussion and the big screen: the
  delegates of THAT congress (official or alternate, through their member record), and the
  roles that read everything (admin, office, secretariat, leader). The counting role sees
  them too (its members are delegates; the role alone is granted per congress).
- Run the hall (programme, current item, documents, votes, resolution): the secretariat
  role (Ban Tổ chức Đại hội / Đoàn Thư ký) or admin. Only they enter show-of-hands counts.
- Run the speakers' queue: the secretariat role, admin, or a member of the congress's
  presidium (Đoàn Chủ tịch).
- The big screen: anyone who may see the congress. The hall projector is driven by a
  computer logged in with a plain account holding the "leader" (read only) role, or the
  secretariat's; no anonymous screen, since it shows live attendance.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from daihoi.congress import selectors as congress_selectors
from daihoi.congress.models import Body, Congress
from daihoi.core.permissions import has_role
from daihoi.core.roles import READ_ALL_ROLES, Role


def can_view(user: Any, congress: Congress) -> bool:
    if has_role(user, *READ_ALL_ROLES, Role.COUNTING):
        return True
    # A member seated at this congress sees it even if the delegate role was not granted.
    return congress_selectors.delegate_for_user(user, congress) is not None


def can_run(user: Any, congress: Congress) -> bool:
    return has_role(user, Role.SECRETARIAT)


def can_preside(user: Any, congress: Congress) -> bool:
    if has_role(user, Role.SECRETARIAT):
        return True
    return congress_selectors.is_body_member(user, congress, Body.Kind.PRESIDIUM)


def require_view(user: Any, congress: Congress) -> None:
    if not can_view(user, congress):
        raise PermissionDenied


def require_run(user: Any, congress: Congress) -> None:
    if not can_run(user, congress):
        raise PermissionDenied


def require_preside(user: Any, congress: Congress) -> None:
    if not can_preside(user, congress):
        raise PermissionDenied
