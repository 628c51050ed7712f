"""A small congress for the hall tests: 10 official delegates, 8 checked in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from daihoi.congress.models import Congress, CongressSession, Delegate
from daihoi.core.models import User
from daihoi.core.roles import Role
from daihoi.organizations.models import Organization
from tests.factories import (
    CheckInFactory,
    CongressFactory,
    CongressSessionFactory,
    DelegateFactory,
    OrganizationFactory,
)


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    """Messages are asserted in Vietnamese: a request served in English (test_english) leaves
    English active in the thread, so each test starts in Vietnamese again."""
    from django.utils import translation

    from daihoi.congress.proceedings import selectors

    translation.activate("vi")
    selectors._election_memo.clear()  # ids are reused between tests
    yield
    translation.activate("vi")


@dataclass
class Hall:
    congress: Congress
    session: CongressSession
    delegates: list[Delegate]
    root: Organization
    cell: Organization
    make_delegate_user: Callable[..., User] = field(repr=False)


def _congress(root: Organization, ordinal: int, cell: Organization, n: int,
              present: int) -> tuple[Congress, CongressSession, list[Delegate]]:
    congress = CongressFactory(organization=root, ordinal=ordinal, term_start=2020, term_end=2025,
                               starts_on=dt.date(2020, 8, 20), rules={}, sessions=False)
    session = CongressSessionFactory(congress=congress)
    delegates = [DelegateFactory(congress=congress, number=i + 1,
                                 member__full_name=f"Nguyễn Văn Đại Biểu {ordinal}-{i}",
                                 member__organization=cell, member__party_card_number=None)
                 for i in range(n)]
    for d in delegates[:present]:
        CheckInFactory(delegate=d, session=session)
    return congress, session, delegates


@pytest.fixture
def secretary(make_user: Callable[..., User]) -> User:
    return make_user(Role.SECRETARIAT)


@pytest.fixture
def hall(db: None, make_user: Callable[..., User]) -> Hall:
    root = OrganizationFactory(name="Đảng bộ Các cơ quan tỉnh Bắc Giang",
                               kind=Organization.Kind.COMMITTEE)
    cell = OrganizationFactory(name="Chi bộ Sở Tài chính", parent=root,
                               kind=Organization.Kind.GRASSROOTS_CELL)
    congress, session, delegates = _congress(root, 18, cell, 10, 8)

    def make_delegate_user(delegate: Delegate, *roles: Any) -> User:
        user = make_user(Role.DELEGATE, *roles)
        delegate.member.user = user
        delegate.member.save()
        return user

    return Hall(congress=congress, session=session, delegates=delegates, root=root, cell=cell,
                make_delegate_user=make_delegate_user)


@pytest.fixture
def other_congress(hall: Hall) -> tuple[Congress, list[Delegate]]:
    other_root = OrganizationFactory(name="Đảng bộ Khối Doanh nghiệp tỉnh",
                                     kind=Organization.Kind.COMMITTEE)
    cell = OrganizationFactory(name="Chi bộ Công ty Điện lực", parent=other_root,
                               kind=Organization.Kind.GRASSROOTS_CELL)
    congress, _session, delegates = _congress(other_root, 13, cell, 3, 3)
    return congress, delegates
