"""Fixtures of the congress tests: a small committee, members and a congress in session."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from daihoi.congress.models import Congress, CongressSession, Delegate
from daihoi.organizations.models import Member, Organization

_seq = itertools.count(1)


@pytest.fixture
def root(db: None) -> Organization:
    root = Organization.objects.create(name="Đảng bộ Khối Cơ quan tỉnh", kind=Organization.Kind.COMMITTEE)
    return root


@pytest.fixture
def units(root: Organization) -> list[Organization]:
    a = Organization.objects.create(
        name="Đảng bộ Sở Tài chính", kind=Organization.Kind.GRASSROOTS_COMMITTEE, parent=root, code="DB01"
    )
    b = Organization.objects.create(
        name="Chi bộ Sở Tư pháp", kind=Organization.Kind.GRASSROOTS_CELL, parent=root, code="CB01"
    )
    Organization.objects.create(name="Chi bộ Phòng Ngân sách", kind=Organization.Kind.CELL, parent=a)
    return [a, b]


@pytest.fixture
def make_member(units: list[Organization]) -> Callable[..., Member]:
    def make(full_name: str | None = None, *, org: Organization | None = None, **extra: Any) -> Member:
        n = next(_seq)
        data: dict[str, Any] = {
            "full_name": full_name or f"Nguyễn Văn Thử {n}",
            "gender": Member.Gender.MALE,
            "date_of_birth": dt.date(1980, 1, 1),
            "admission_date": dt.date(2005, 5, 19),
            "status": Member.Status.FULL,
            "organization": org or units[0],
        }
        data.update(extra)
        return Member.objects.create(**data)

    return make


@pytest.fixture
def congress(root: Organization) -> Congress:
    today = timezone.localdate()
    c = Congress.objects.create(
        organization=root,
        ordinal=18,
        term_start=2025,
        term_end=2030,
        starts_on=today,
        ends_on=today + dt.timedelta(days=1),
        status=Congress.Status.IN_SESSION,
        rules={"quorum_share": "2/3"},
    )
    CongressSession.objects.create(congress=c, name="Phiên trù bị", date=today, order=1, is_preparatory=True)
    CongressSession.objects.create(congress=c, name="Phiên chính thức", date=today, order=2, is_current=True)
    return c


@pytest.fixture
def other_congress(congress: Congress) -> Congress:
    """The same organization's previous congress: what belongs to `congress` must not count here."""
    return Congress.objects.create(
        organization=congress.organization,
        ordinal=17,
        term_start=2020,
        term_end=2025,
        starts_on=congress.starts_on,
        ends_on=congress.ends_on,
    )


@pytest.fixture
def make_delegate(congress: Congress, make_member: Callable[..., Member]) -> Callable[..., Delegate]:
    numbers = itertools.count(1)

    def make(full_name: str | None = None, *, member: Member | None = None, **extra: Any) -> Delegate:
        member = member or make_member(full_name)
        data: dict[str, Any] = {
            "congress": congress,
            "member": member,
            "represents": member.organization,
            "number": next(numbers),
            "credentials": Delegate.Credentials.ACCEPTED,
        }
        data.update(extra)
        return Delegate.objects.create(**data)

    return make
