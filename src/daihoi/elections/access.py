"""Who may do what in an election: reads, used by services (their one check), selectors,
views and e-voting alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.elections.electorate import electorate_of
from daihoi.elections.models import Election, Round


def is_counting(user: Any, election: Election) -> bool:
    """The counting committee: the global role, or a member of the counting committee the
    election's electorate records (the congress's, for an election of a congress)."""
    if has_role(user, Role.COUNTING):
        return True
    if user is None or not user.is_authenticated:
        return False
    electorate = electorate_of(election)
    return electorate is not None and electorate.is_counting_member(election, user=user)


def require_counting(user: Any, election: Election) -> None:
    if not is_counting(user, election):
        raise PermissionDenied


def can_see_results(user: Any, round_: Round) -> bool:
    """Before publication only the counting committee and the presidium's secretariat."""
    if round_.results_published:
        return bool(user is not None and user.is_authenticated and user.is_active)
    return has_role(user, Role.SECRETARIAT) or is_counting(user, round_.election)
