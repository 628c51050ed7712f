"""A small congress for the hall tests: 10 official delegates, 8 checked in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from daihoi.congress.models import CheckIn, Congress, CongressSession, Delegate
from daihoi.core.models import User
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization


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


def _member(org: Organization, name: str) -> Member:
    return Member.objects.create(full_name=name, gender=Member.Gender.MALE,
                                 date_of_birth=dt.date(1980, 1, 1),
                                 admission_date=dt.date(2005, 5, 19), organization=org,
                                 status=Member.Status.FULL)


def _congress(root: Organization, ordinal: int, cell: Organization, n: int,
              present: int) -> tuple[Congress, CongressSession, list[Delegate]]:
    congress = Congress.objects.create(
        organization=root, ordinal=ordinal, term_start=2020, term_end=2025,
        starts_on=dt.date(2020, 8, 20), ends_on=dt.date(2020, 8, 21),
        status=Congress.Status.IN_SESSION)
    session = CongressSession.objects.create(congress=congress, name="Phiên chính thức",
                                             date=dt.date(2020, 8, 20), is_current=True)
    delegates = []
    for i in range(n):
        m = _member(cell, f"Nguyễn Văn Đại Biểu {ordinal}-{i}")
        delegates.append(Delegate.objects.create(congress=congress, member=m, represents=cell,
                                                 number=i + 1))
    for d in delegates[:present]:
        CheckIn.objects.create(delegate=d, session=session)
    return congress, session, delegates


@pytest.fixture
def secretary(make_user: Callable[..., User]) -> User:
    return make_user(Role.SECRETARIAT)


@pytest.fixture
def hall(db: None, make_user: Callable[..., User]) -> Hall:
    root = Organization.objects.create(name="Đảng bộ Các cơ quan tỉnh Bắc Giang",
                                       kind=Organization.Kind.COMMITTEE)
    cell = Organization.objects.create(name="Chi bộ Sở Tài chính", parent=root,
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
    other_root = Organization.objects.create(name="Đảng bộ Khối Doanh nghiệp tỉnh",
                                             kind=Organization.Kind.COMMITTEE)
    cell = Organization.objects.create(name="Chi bộ Công ty Điện lực", parent=other_root,
                                       kind=Organization.Kind.GRASSROOTS_CELL)
    congress, _session, delegates = _congress(other_root, 13, cell, 3, 3)
    return congress, delegates
