"""The seats (congress/seats.py: who is convened, who holds a vote, the base) against a plain
Python reading of RULES.md, on random halls, read as the hall reads them
(selectors.attendance_summary)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.congress import selectors
from daihoi.congress.models import CheckIn, Congress, Delegate
from daihoi.organizations.models import Member
from daihoi.rules import quorum
from tests.factories import DelegateFactory

seat = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["official", "official", "official", "alternate"]),
        "origin": st.sampled_from(["elected", "elected", "ex_officio", "appointed"]),
        "rejected": st.sampled_from([False, False, False, True]),
        "absent": st.booleans(),
        "present": st.booleans(),
    }
)


@pytest.fixture
def pool(make_member: Callable[..., Member]) -> list[Member]:
    return [make_member() for _ in range(30)]


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seats=st.lists(seat, min_size=1, max_size=30), replace=st.lists(st.booleans(), min_size=30, max_size=30)
)
def test_summary_matches_the_rule(
    congress: Congress, pool: list[Member], seats: list[dict[str, Any]], replace: list[bool]
) -> None:
    Delegate.objects.filter(congress=congress).update(replaces=None)  # PROTECT: unlink, then clear
    Delegate.objects.filter(congress=congress).delete()
    session = selectors.current_session(congress.pk)
    assert session is not None
    rows = [
        DelegateFactory.build(
            congress=congress,
            member=pool[i],
            kind=s["kind"],
            origin=s["origin"],
            absent_whole_congress=s["absent"],
            credentials=Delegate.Credentials.REJECTED if s["rejected"] else Delegate.Credentials.ACCEPTED,
        )
        for i, s in enumerate(seats)
    ]
    Delegate.objects.bulk_create(rows)
    # Alternates replacing absent officials (any origin: the rule must not care here), in
    # order, where the drawn flag says so: each at most once on both sides.
    alternates = [d for d in rows if d.kind == "alternate"]
    absent = [d for d in rows if d.kind == "official" and d.absent_whole_congress]
    for alternate, official, flag in zip(alternates, absent, replace, strict=False):
        if flag:
            alternate.replaces = official
            alternate.save(update_fields=["replaces"])
    CheckIn.objects.bulk_create(
        [CheckIn(delegate=d, session=session) for d, s in zip(rows, seats, strict=True) if s["present"]]
    )

    # The rule, read plainly.
    def convened(d: Delegate) -> bool:
        return d.kind == "official" and d.credentials != Delegate.Credentials.REJECTED

    replaced = {d.replaces_id for d in rows if d.replaces_id}
    n_convened = sum(convened(d) for d in rows)
    committee_absent = sum(convened(d) and d.absent_whole_congress and d.origin == "ex_officio" for d in rows)
    unreplaced = sum(
        convened(d) and d.absent_whole_congress and d.origin != "ex_officio" and d.pk not in replaced
        for d in rows
    )
    base = max(n_convened - committee_absent - unreplaced, 0)  # 0: no base (an error, shown as 0)
    # Present: those holding a vote who are checked in; an official whose seat an alternate
    # took does not vote (the alternate does), even if checked in.
    present = sum(
        s["present"]
        and d.credentials != Delegate.Credentials.REJECTED
        and ((d.kind == "official" and d.pk not in replaced) or d.replaces_id is not None)
        for d, s in zip(rows, seats, strict=True)
    )

    got = selectors.attendance_summary(congress)
    assert (got.convened, got.base, got.present) == (n_convened, base, present)
    assert got.quorum_met == quorum.quorum_met(present, base)
