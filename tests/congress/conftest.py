"""Fixtures of the congress tests: a small committee, members and a congress in session,
built by the shared factories (tests/factories.py)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from daihoi.congress.models import Congress, Delegate
from daihoi.organizations.models import Member, Organization
from tests.factories import CongressFactory, DelegateFactory, MemberFactory, OrganizationFactory


@pytest.fixture
def root(db: None) -> Organization:
    # The name is the one test_views reads back in the congress's title.
    return OrganizationFactory(name="Đảng bộ Khối Cơ quan tỉnh")


@pytest.fixture
def units(root: Organization) -> list[Organization]:
    a = OrganizationFactory(name="Đảng bộ Sở Tài chính", kind=Organization.Kind.GRASSROOTS_COMMITTEE,
                            parent=root, code="DB01")
    b = OrganizationFactory(name="Chi bộ Sở Tư pháp", kind=Organization.Kind.GRASSROOTS_CELL,
                            parent=root, code="CB01")
    OrganizationFactory(name="Chi bộ Phòng Ngân sách", kind=Organization.Kind.CELL, parent=a)
    return [a, b]


@pytest.fixture
def make_member(units: list[Organization]) -> Callable[..., Member]:
    """`make_member("Trần Thị Hoa", org=unit, status=...)`: a full member, of the first unit
    unless told."""

    def make(full_name: str | None = None, *, org: Organization | None = None, **extra: Any) -> Member:
        if full_name:
            extra["full_name"] = full_name
        return MemberFactory(organization=org or units[0], **extra)

    return make


@pytest.fixture
def congress(root: Organization) -> Congress:
    return CongressFactory(organization=root)


@pytest.fixture
def other_congress(congress: Congress) -> Congress:
    """The same organization's previous congress: what belongs to `congress` must not count here."""
    return CongressFactory(organization=congress.organization, ordinal=17, term_start=2020,
                           term_end=2025, starts_on=congress.starts_on, ends_on=congress.ends_on,
                           status=Congress.Status.PLANNED, rules={}, sessions=False)


@pytest.fixture
def make_delegate(congress: Congress, make_member: Callable[..., Member]) -> Callable[..., Delegate]:
    """`make_delegate("Lê Văn Tám", kind=..., ...)`: a delegate of `congress` whose credentials
    were accepted, numbered 1, 2, ... in the order made."""
    numbers = itertools.count(1)

    def make(full_name: str | None = None, *, member: Member | None = None, **extra: Any) -> Delegate:
        member = member or make_member(full_name)
        data: dict[str, Any] = {"number": next(numbers), "credentials": Delegate.Credentials.ACCEPTED,
                                **extra}
        return DelegateFactory(congress=congress, member=member, **data)

    return make


@pytest.fixture
def seated(congress: Congress, make_delegate: Callable[..., Delegate]) -> list[Delegate]:
    """Three accepted official delegates with the names the page tests look for."""
    return [make_delegate("Nguyễn Thị Hồng Hạnh"), make_delegate("Trần Văn Đức"), make_delegate("Lê Văn Ba")]


@pytest.fixture
def count_election(make_user: Callable[..., Any]) -> Callable[..., Any]:
    """`count_election(congress)`: an election of `congress` for one seat, counted and
    closed, not published: "Phạm Minh Châu" elected with 3 of 3 votes (threshold 2)."""
    from daihoi.core.roles import Role
    from daihoi.elections import services as el

    def count(congress: Congress, *, name: str = "Phạm Minh Châu") -> Any:
        office, counter = make_user(Role.OFFICE, Role.SECRETARIAT), make_user(Role.COUNTING)
        election = el.election_create(acting_user=office, organization=congress.organization,
                                      congress=congress, title="Bầu Bí thư", kind="committee",
                                      seats=1, ballot_format="approve")
        el.candidate_add(acting_user=office, election=election, full_name=name)
        el.decision_record(acting_user=office, election=election, kind="surplus",
                           text="Đại hội biểu quyết giữ danh sách", decided_by="Đại hội")
        round_ = el.round_create_first(acting_user=office, election=election)
        el.round_setup(acting_user=counter, round_=round_, electorate_convened=3, excluded=0,
                       ballots_issued=3)
        el.counting_rules_confirm(acting_user=counter, election=election, open_reasons=[],
                                  blank_approve_ballot="invalid")
        el.round_start_counting(acting_user=counter, round_=round_, groups=0)
        el.round_record_totals(acting_user=counter, round_=round_, ballots_collected=3,
                               invalid_by_reason={}, votes={round_.candidates.get().pk: 3})
        el.round_finalize(acting_user=counter, round_=round_)
        round_.refresh_from_db()
        assert round_.mandates.count() == 1 and not round_.results_published
        return round_

    return count
