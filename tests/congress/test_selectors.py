"""Attendance, the convened base and quorum; the user's place in a congress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from daihoi.congress import selectors
from daihoi.congress.models import Body, BodyMember, CheckIn, Congress, Delegate


def _in(d: Delegate) -> CheckIn:
    session = selectors.current_session(d.congress_id)
    assert session is not None
    return CheckIn.objects.create(delegate=d, session=session)


def test_base_and_presence(congress: Congress, make_delegate: Callable[..., Delegate]) -> None:
    """9 officials convened; 1 committee member absent all congress; 1 elected official absent
    and replaced by an alternate (the seat stays in the base); 1 elected absent with no
    alternate. Base = 9 - 1 - 1 = 7; two thirds of 7 is 4.67, so 5 are needed."""
    officials = [make_delegate() for _ in range(6)]
    committee_absent = make_delegate(origin=Delegate.Origin.EX_OFFICIO, absent_whole_congress=True)
    replaced = make_delegate(absent_whole_congress=True)
    unreplaced = make_delegate(absent_whole_congress=True)
    alt_seated = make_delegate(kind=Delegate.Kind.ALTERNATE, replaces=replaced, replacement_reason="Ốm")
    alt_free = make_delegate(kind=Delegate.Kind.ALTERNATE)
    make_delegate(credentials=Delegate.Credentials.REJECTED)  # not convened
    assert committee_absent and unreplaced

    s = selectors.attendance_summary(congress)
    assert (s.convened, s.committee_absent, s.absent_unreplaced, s.base) == (9, 1, 1, 7)
    assert (s.present, s.quorum_needed, s.quorum_met) == (0, 5, False)

    for d in officials[:4]:
        _in(d)
    _in(alt_seated)
    _in(alt_free)
    s = selectors.attendance_summary(congress)
    # The seated alternate counts as present; the other alternate is shown apart.
    assert (s.present, s.alternates_present, s.quorum_met) == (5, 1, True)
    assert s.as_json()["quorum_share"] == "2/3"
    assert not s.quorum_confirmed

    CheckIn.objects.filter(delegate=officials[0]).update(checked_out_at="2020-01-01T00:00:00Z")
    assert selectors.attendance_summary(congress).present == 4


def test_quorum_share_from_the_congress_rules(
    congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    for _ in range(4):
        make_delegate()
    congress.rules = {"quorum_share": "1/2"}
    congress.save()
    assert selectors.attendance_summary(congress).quorum_needed == 2
    congress.rules = {}
    congress.save()
    assert selectors.attendance_summary(congress).quorum_needed == 3


def test_attendance_summary_is_two_queries(
    congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    """The current session, then the delegates' rows with replaced / present (the base is
    rules.base over them, in Python): however many delegates."""
    for _ in range(20):
        _in(make_delegate())
    with CaptureQueriesContext(connection) as ctx:
        selectors.attendance_summary(congress)
    assert len(ctx.captured_queries) == 2


def test_previous_session_presence_does_not_count(
    congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    d = make_delegate()
    CheckIn.objects.create(delegate=d, session=congress.sessions.get(is_preparatory=True))
    assert selectors.attendance_summary(congress).present == 0
    assert not selectors.delegate_is_present(d)
    _in(d)
    assert selectors.delegate_is_present(d)


def test_user_place(
    congress: Congress,
    other_congress: Congress,
    make_delegate: Callable[..., Delegate],
    make_user: Callable[..., Any],
) -> None:
    user, other = make_user(), make_user()
    d = make_delegate()
    d.member.user = user
    d.member.save()
    assert selectors.delegate_for_user(user, congress) == d
    assert selectors.delegate_for_user(other, congress) is None
    assert not selectors.is_counting_member(user, congress)
    body = Body.objects.create(congress=congress, kind=Body.Kind.COUNTING)
    BodyMember.objects.create(body=body, member=d.member)
    user = type(user).objects.get(pk=user.pk)  # the member id is cached per user object
    assert selectors.is_counting_member(user, congress)
    assert selectors.is_body_member(user, congress, Body.Kind.COUNTING)
    assert not selectors.is_body_member(user, congress, Body.Kind.PRESIDIUM)
    # Only for this congress.
    assert not selectors.is_counting_member(user, other_congress)


def test_checkin_search_ignores_diacritics(
    congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    d = make_delegate("Nguyễn Thị Hồng Hạnh")
    make_delegate("Trần Văn Đức")
    rows = selectors.checkin_matches(congress=congress, q="hong hanh")
    assert [r["id"] for r in rows] == [d.pk]
    assert selectors.checkin_matches(congress=congress, q=f"db{d.number:03d}")[0]["id"] == d.pk
    assert [r["name"] for r in selectors.checkin_matches(congress=congress, q="duc")] == ["Trần Văn Đức"]
    assert selectors.checkin_matches(congress=congress, q="  ") == []


@pytest.mark.parametrize(
    "kw", [{"absent_whole_congress": True}, {"credentials": Delegate.Credentials.REJECTED}]
)
def test_checkin_search_flags_blocked(
    congress: Congress, make_delegate: Callable[..., Delegate], kw: dict[str, Any]
) -> None:
    make_delegate("Lê Văn Bình", **kw)
    assert selectors.checkin_matches(congress=congress, q="binh")[0]["blocked"]


def test_report_counts_from_the_tree(congress: Congress, make_member: Callable[..., Any], units: Any) -> None:
    from daihoi.organizations.models import Member, Organization

    make_member(org=units[0])
    make_member(org=units[1])
    make_member(org=Organization.objects.get(name="Chi bộ Phòng Ngân sách"))
    make_member(org=units[1], status=Member.Status.TRANSFERRED_OUT)
    assert selectors.members_represented(congress.organization) == 3
    assert selectors.grassroots_organizations(congress.organization).count() == 2
