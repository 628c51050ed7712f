"""The factories build consistent records: a delegate's member belongs to the congress's
organization, a congress has its two sessions, a check-in is at the current one, a
probationary member has no card, generated names are distinct."""

import datetime as dt

import pytest

from daihoi.organizations.models import Member
from tests.factories import (
    CheckInFactory,
    CongressFactory,
    CongressSessionFactory,
    DelegateFactory,
    MemberFactory,
    vietnamese_name,
)

pytestmark = pytest.mark.django_db


def test_delegate_belongs_to_its_congress() -> None:
    delegate = DelegateFactory()
    assert delegate.member.organization == delegate.congress.organization
    assert delegate.represents == delegate.member.organization
    assert [s.is_current for s in delegate.congress.sessions.order_by("order")] == [False, True]


def test_names_are_distinct_and_vietnamese() -> None:
    names = [vietnamese_name(i) for i in range(2000)]
    assert len(set(names)) == 2000
    assert names[0] == "Nguyễn Văn An"
    members = MemberFactory.create_batch(3)
    assert len({m.party_card_number for m in members}) == 3


def test_a_probationary_member_has_no_card_and_a_ceremony() -> None:
    member = MemberFactory(probationary=True, admission_date=dt.date(2025, 3, 2))
    assert (member.status, member.party_card_number, member.full_member_date) == (
        Member.Status.PROBATIONARY, None, None)
    assert member.ceremony_date == dt.date(2025, 3, 2)
    assert MemberFactory().ceremony_date is None


def test_a_check_in_is_at_the_current_session_of_the_delegates_congress() -> None:
    check_in = CheckInFactory()
    assert check_in.session.congress == check_in.delegate.congress
    assert check_in.session.is_current and not check_in.session.is_preparatory


def test_a_congress_without_sessions_gets_the_ones_made_for_it() -> None:
    congress = CongressFactory(sessions=False)
    assert not congress.sessions.exists()
    session = CongressSessionFactory(congress=congress)
    assert list(congress.sessions.all()) == [session] and session.date == congress.starts_on
