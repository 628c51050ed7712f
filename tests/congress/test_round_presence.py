"""When voting starts, the round takes the number present from the congress's check-in
through the Electorate (issue 14): the counting committee no longer types it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from daihoi.congress.models import CheckIn, Congress, Delegate
from daihoi.congress.selectors import current_session
from daihoi.core.roles import Role
from daihoi.elections import services as el

pytestmark = pytest.mark.django_db


def test_present_prefilled_from_check_in_when_voting_starts(
        congress: Congress, make_delegate: Callable[..., Delegate],
        make_user: Callable[..., Any]) -> None:
    office, counter = make_user(Role.OFFICE, Role.SECRETARIAT), make_user(Role.COUNTING)
    delegates = [make_delegate() for _ in range(5)]
    session = current_session(congress.pk)
    for d in delegates[:3]:
        CheckIn.objects.create(delegate=d, session=session)
    election = el.election_create(acting_user=office, organization=congress.organization,
                                  congress=congress, title="Bầu đoàn đại biểu", kind="delegation",
                                  seats=1, ballot_format="approve")
    el.candidate_add(acting_user=office, election=election, full_name="Nguyễn Văn An")
    round_ = el.round_create_first(acting_user=office, election=election)
    assert round_.electorate_present is None
    CheckIn.objects.create(delegate=delegates[3], session=session)  # one more before the vote
    round_ = el.round_open_voting(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    assert (round_.electorate_convened, round_.electorate_present) == (5, 4)
    # Still the counting committee's to correct.
    el.round_setup(acting_user=counter, round_=round_, electorate_convened=5, excluded=0,
                   ballots_issued=4, electorate_present=3)
    round_.refresh_from_db()
    assert round_.electorate_present == 3
