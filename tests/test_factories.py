"""The factories build consistent records: a delegate's member belongs to the congress's
organization, a congress has its two sessions, generated names are distinct."""

import pytest

from tests.factories import DelegateFactory, MemberFactory, vietnamese_name

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
