"""Who may do what in an election: reads, used by services (their one check), selectors,
views and e-voting alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.elections.electorate import electorate_of
from daihoi.elections.models import Election, Mandate, Round


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


def visible_round_ids(user: Any, rounds: QuerySet[Round]) -> list[int]:
    """The rounds among `rounds` whose result `user` may see: `can_see_results` applied to
    each (a congress has a handful), so a list of mandates or results filters by the one
    rule instead of a copy of it."""
    return [r.pk for r in rounds.select_related("election") if can_see_results(user, r)]


def visible_mandates(user: Any, mandates: QuerySet[Mandate]) -> QuerySet[Mandate]:
    """Who was elected, keeping only the rounds whose result `user` may see: a mandate is
    written when a round closes, before the presidium publishes it."""
    rounds = Round.objects.filter(pk__in=mandates.values("round_id"))
    return mandates.filter(round_id__in=visible_round_ids(user, rounds))


def can_see_election_results(user: Any, election: Election) -> bool:
    """`user` may see the result of every closed round of `election`: what a page needs that
    is built from the whole election's outcome (the alternates' list is the delegation's
    candidates less its elected; the first session's roll is the committee elected)."""
    closed = election.rounds.filter(status=Round.Status.CLOSED)
    return len(visible_round_ids(user, closed)) == closed.count()
