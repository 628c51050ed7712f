"""Who may enter a list: the office (and the administrator) anywhere; a login granted an
organization (its secretary) for that organization and everything under it. Who may read:
the roles that read every record, and a granted login for its own organizations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from daihoi.appraisal.models import EntryGrant
from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.organizations.models import Organization

CHANGE_ROLES = (Role.OFFICE,)  # and the administrator
READ_ROLES = (Role.OFFICE, Role.LEADER, Role.SECRETARIAT)


def granted_organizations(user: Any) -> list[int]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(EntryGrant.objects.filter(user=user).values_list("organization_id", flat=True))


def _ancestors(organization: Organization) -> set[int]:
    from daihoi.appraisal.selectors import ancestors

    return {pk for pk, _parent, _kind in ancestors(organization.pk)}


def can_enter(user: Any, organization: Organization) -> bool:
    if has_role(user, *CHANGE_ROLES):
        return True
    granted = granted_organizations(user)
    return bool(granted) and bool(_ancestors(organization) & set(granted))


def require_enter(user: Any, organization: Organization) -> None:
    if not can_enter(user, organization):
        raise PermissionDenied


def can_read_all(user: Any) -> bool:
    return has_role(user, *READ_ROLES)


def can_open(user: Any, organization: Organization) -> bool:
    """The entry page: who reads every record, and who may enter this organization."""
    return can_read_all(user) or can_enter(user, organization)
