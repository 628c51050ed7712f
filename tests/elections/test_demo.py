"""The elections demo: three elections, the committee counted from paper ballots and
published, the secretary elected, the delegation ready for a new user to walk through."""

from __future__ import annotations

import pytest

from daihoi.core import demo as core_demo
from daihoi.elections import demo, selectors
from daihoi.elections.models import Election, Mandate, PaperBallot, Round
from daihoi.organizations import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_without_a_congress() -> None:
    logs: list[str] = []
    core_demo.build(seed=7, log=logs.append)
    org_demo.build(seed=7, log=logs.append, members=400)
    demo.build(seed=7, log=logs.append)
    committee, secretary, delegation = Election.objects.order_by("id")
    first = committee.rounds.get()
    assert first.status == Round.Status.CLOSED and first.results_published
    assert PaperBallot.objects.filter(group__round=first).count() == first.result["ballots_collected"]
    assert first.result["ballots_collected"] <= first.ballots_issued
    assert first.result["invalid"]["total"] == 3
    assert len(first.result["elected"]) == Mandate.objects.filter(election=committee).count() > 20
    assert secretary.mandates.get().position == Mandate.Position.SECRETARY
    assert secretary.mandates.get().member_id == committee.mandates.get(order=1).member_id
    assert delegation.status == Election.Status.PREPARING
    assert delegation.candidates.count() == demo.DELEGATION_CANDIDATES
    assert [p.election.pk for p in selectors.published_results(None)] == [committee.pk, secretary.pk]
    # Run again: nothing is added.
    demo.build(seed=7, log=logs.append)
    assert Election.objects.count() == 3
