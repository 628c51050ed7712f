"""The electoral base of each kind of body (190-QĐ/TW Điều 30 khoản 2 and 3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import base
from daihoi.rules.base import CommitteeSeat, DelegateSeat, MemberSeat


def test_delegates_base_subtracts_the_two_exclusions() -> None:
    """246 convened, 2 committee members absent, 3 others absent with no alternate: 241."""
    seats = ([DelegateSeat()] * 241 + [DelegateSeat(committee_member=True, absent_whole=True)] * 2
             + [DelegateSeat(absent_whole=True)] * 3)
    b = base.delegates_congress(seats)
    assert (b.convened, b.excluded, b.value) == (246, 5, 241)
    assert b.part(base.COMMITTEE_ABSENT) == 2 and b.part(base.ABSENT_UNREPLACED) == 3


def test_absent_committee_member_is_subtracted_even_when_an_alternate_holds_the_seat() -> None:
    """Khoản 3 names the committee members apart: 7 convened, one of them an absent ex officio
    member whose seat an alternate holds: 7 - 1 = 6 (the elections app said 7)."""
    seats = [DelegateSeat()] * 6 + [DelegateSeat(committee_member=True, absent_whole=True,
                                                 replaced=True)]
    assert base.delegates_congress(seats).value == 6


def test_replaced_absent_delegate_is_not_subtracted() -> None:
    seats = [DelegateSeat()] * 6 + [DelegateSeat(absent_whole=True, replaced=True)]
    assert base.delegates_congress(seats).value == 7


def test_rejected_and_absent_is_counted_once() -> None:
    """Not convened (credentials rejected) and also absent: out of the list once, not
    subtracted a second time: 8 listed, 1 rejected and absent: 7 (the elections app said 6)."""
    seats = [DelegateSeat()] * 7 + [DelegateSeat(not_convened=True, absent_whole=True)]
    b = base.delegates_congress(seats)
    assert (b.convened, b.excluded, b.not_convened, b.value) == (7, 0, 1, 7)


def test_members_congress_keeps_absences_without_accepted_reason() -> None:
    """A cell of 20 with 3 away on work trips keeps 20 (Điều 30 khoản 2)."""
    away = [MemberSeat(absent_whole=True)] * 3
    assert base.members_congress([MemberSeat()] * 17 + away).value == 20
    accepted = [MemberSeat(absent_whole=True, absence_accepted=True)] * 3
    assert base.members_congress([MemberSeat()] * 17 + accepted).value == 17


def test_members_congress_exclusions() -> None:
    members = [
        MemberSeat(),
        MemberSeat(transferred=True),
        MemberSeat(exempt=True),  # exempt and attending: counts
        MemberSeat(exempt=True, absent_whole=True),
        MemberSeat(suspended=True),
        MemberSeat(transferred=True, suspended=True, absent_whole=True, absence_accepted=True),
    ]
    b = base.members_congress(members)
    assert b.convened == 6 and b.excluded == 4 and b.value == 2
    assert b.breakdown == ((base.TRANSFERRED, 2), (base.EXEMPT_ABSENT, 1), (base.SUSPENDED, 1),
                           (base.ABSENT_ACCEPTED, 0))


def test_committee_members_of_a_delegates_congress_are_not_special_in_a_members_congress() -> None:
    # There is no "committee member absent" exclusion for a members' congress.
    assert base.members_congress([MemberSeat(absent_whole=True)] * 2 + [MemberSeat()]).value == 3


def test_committee_conference_counts_each_member_once() -> None:
    b = base.committee_conference([CommitteeSeat("m1"), CommitteeSeat("m2"), CommitteeSeat("m1")])
    assert b.value == 2 and b.excluded == 0


@pytest.mark.parametrize("fn, rows", [
    (base.delegates_congress, []),
    (base.delegates_congress, [DelegateSeat(not_convened=True)]),
    (base.delegates_congress, [DelegateSeat(absent_whole=True)]),
    (base.members_congress, [MemberSeat(transferred=True)]),
    (base.members_congress, []),
    (base.committee_conference, []),
])
def test_a_base_of_zero_is_an_error(fn: object, rows: list[object]) -> None:
    with pytest.raises(base.BaseError, match="phải lớn hơn 0"):
        fn(rows)  # type: ignore[operator]


@given(st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
                min_size=1, max_size=40))
def test_delegates_base_is_each_seat_once(flags: list[tuple[bool, bool, bool, bool]]) -> None:
    seats = [DelegateSeat(*f) for f in flags]
    try:
        b = base.delegates_congress(seats)
    except base.BaseError:
        return
    assert b.convened + b.not_convened == len(seats)
    assert b.excluded == sum(b for _, b in b.breakdown) <= b.convened
    assert 0 < b.value <= len(seats)
