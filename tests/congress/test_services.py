"""Services of the congress: the rules they enforce and the audit rows they write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from daihoi.congress import services
from daihoi.congress.models import Body, BodyMember, CheckIn, Congress, Delegate
from daihoi.core.models import AuditLog
from daihoi.core.roles import Role
from daihoi.organizations.models import Member
from tests.factories import ElectionFactory


def audits(obj: Any) -> list[AuditLog]:
    ct = ContentType.objects.get_for_model(obj)
    return list(AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("id"))


@pytest.fixture
def secretary(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.SECRETARIAT)


# --- congress ---------------------------------------------------------------------------------


def test_congress_create_audited_and_ordinal_unique(root: Any, secretary: Any) -> None:
    c = services.congress_create(
        acting_user=secretary,
        organization=root,
        ordinal=18,
        term_start=2020,
        term_end=2025,
        starts_on=dt.date(2020, 8, 20),
        ends_on=dt.date(2020, 8, 21),
    )
    assert c.ordinal_roman == "XVIII" and c.term == "2020 – 2025"
    assert audits(c)[0].action == AuditLog.Action.CREATE
    with pytest.raises(ValidationError) as exc:
        services.congress_create(
            acting_user=secretary,
            organization=root,
            ordinal=18,
            term_start=2025,
            term_end=2030,
            starts_on=dt.date(2025, 8, 20),
            ends_on=dt.date(2025, 8, 20),
        )
    assert str(services.ORDINAL_TAKEN).format(ordinal=18) in exc.value.messages


def test_congress_lasts_one_to_three_days(root: Any, secretary: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.congress_create(
            acting_user=secretary,
            organization=root,
            ordinal=1,
            term_start=2020,
            term_end=2025,
            starts_on=dt.date(2020, 8, 20),
            ends_on=dt.date(2020, 8, 23),
        )
    assert str(services.TOO_LONG).format(days=4) in exc.value.messages
    with pytest.raises(ValidationError):
        services.congress_create(
            acting_user=secretary,
            organization=root,
            ordinal=1,
            term_start=2020,
            term_end=2025,
            starts_on=dt.date(2020, 8, 20),
            ends_on=dt.date(2020, 8, 19),
        )


def test_leader_cannot_create(root: Any, make_user: Callable[..., Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.congress_create(
            acting_user=make_user(Role.LEADER),
            organization=root,
            ordinal=1,
            term_start=2020,
            term_end=2025,
            starts_on=dt.date(2020, 8, 20),
            ends_on=dt.date(2020, 8, 20),
        )


def test_session_set_current_moves_the_flag(congress: Congress, secretary: Any) -> None:
    prep = congress.sessions.get(is_preparatory=True)
    services.session_set_current(acting_user=secretary, session=prep)
    assert list(congress.sessions.filter(is_current=True)) == [prep]


def test_quorum_confirmation_recorded(congress: Congress, secretary: Any) -> None:
    services.congress_confirm_quorum(
        acting_user=secretary, congress=congress, share="3/4", note="NQ phiên trù bị"
    )
    congress.refresh_from_db()
    assert congress.rules["quorum_share"] == "3/4"
    assert congress.rules["quorum_confirmed_by"] == str(secretary)
    assert congress.rules["quorum_confirmed_at"]
    assert audits(congress)[-1].verb == "confirm_quorum"
    with pytest.raises(ValueError, match="Tỷ lệ"):
        services.congress_confirm_quorum(acting_user=secretary, congress=congress, share="5/4")


# --- delegates --------------------------------------------------------------------------------


def test_member_at_most_once(congress: Congress, secretary: Any, make_member: Callable[..., Member]) -> None:
    m = make_member("Trần Thị Hoa")
    d = services.delegate_add(acting_user=secretary, congress=congress, member=m)
    assert d.number == 1 and d.represents_id == m.organization_id
    assert audits(d)[0].action == AuditLog.Action.CREATE
    with pytest.raises(ValidationError) as exc:
        services.delegate_add(acting_user=secretary, congress=congress, member=m)
    assert str(services.MEMBER_ALREADY_DELEGATE).format(member="Trần Thị Hoa", number=1) in exc.value.messages


def test_delegate_number_unique(
    congress: Congress, secretary: Any, make_member: Callable[..., Member]
) -> None:
    services.delegate_add(acting_user=secretary, congress=congress, member=make_member("A B"), number=7)
    with pytest.raises(ValidationError):
        services.delegate_add(acting_user=secretary, congress=congress, member=make_member(), number=7)


def test_inactive_member_refused(
    congress: Congress, secretary: Any, make_member: Callable[..., Member]
) -> None:
    m = make_member(status=Member.Status.TRANSFERRED_OUT)
    with pytest.raises(ValidationError):
        services.delegate_add(acting_user=secretary, congress=congress, member=m)


def test_replacement(congress: Congress, secretary: Any, make_delegate: Callable[..., Delegate]) -> None:
    official = make_delegate()
    alternate = make_delegate(kind=Delegate.Kind.ALTERNATE)
    services.delegate_replace(acting_user=secretary, official=official, alternate=alternate, reason="Ốm nặng")
    official.refresh_from_db()
    alternate.refresh_from_db()
    assert official.absent_whole_congress
    assert alternate.replaces == official and alternate.replacement_reason == "Ốm nặng"
    assert audits(official)[-1].verb == "replaced" and audits(alternate)[-1].verb == "replaces"
    # Once only: the official cannot be replaced again, the alternate cannot replace twice.
    other_alt = make_delegate(kind=Delegate.Kind.ALTERNATE)
    with pytest.raises(ValidationError) as exc:
        services.delegate_replace(acting_user=secretary, official=official, alternate=other_alt, reason="x")
    assert "đã được thay thế" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        services.delegate_replace(
            acting_user=secretary, official=make_delegate(), alternate=alternate, reason="x"
        )
    assert "đã thay thế một đại biểu khác" in " ".join(exc.value.messages)


@pytest.mark.parametrize(
    ("official_kw", "alternate_kw", "message"),
    [
        ({}, {}, services.REPLACE_ONLY_ALTERNATE),
        (
            {"kind": Delegate.Kind.ALTERNATE},
            {"kind": Delegate.Kind.ALTERNATE},
            services.REPLACE_ONLY_OFFICIAL,
        ),
        (
            {"origin": Delegate.Origin.EX_OFFICIO},
            {"kind": Delegate.Kind.ALTERNATE},
            services.REPLACE_EX_OFFICIO,
        ),
    ],
)
def test_replacement_rules(
    congress: Congress,
    secretary: Any,
    make_delegate: Callable[..., Delegate],
    official_kw: dict[str, Any],
    alternate_kw: dict[str, Any],
    message: Any,
) -> None:
    official, alternate = make_delegate(**official_kw), make_delegate(**alternate_kw)
    with pytest.raises(ValidationError) as exc:
        services.delegate_replace(acting_user=secretary, official=official, alternate=alternate, reason="Ốm")
    assert str(message) in exc.value.messages
    official.refresh_from_db()
    assert not official.absent_whole_congress


def test_replacement_needs_a_reason(
    congress: Congress, secretary: Any, make_delegate: Callable[..., Delegate]
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.delegate_replace(
            acting_user=secretary,
            official=make_delegate(),
            alternate=make_delegate(kind=Delegate.Kind.ALTERNATE),
            reason="  ",
        )
    assert str(services.REPLACE_REASON_REQUIRED) in exc.value.messages


def test_credentials_by_committee_member_or_secretariat(
    congress: Congress,
    secretary: Any,
    make_delegate: Callable[..., Delegate],
    make_user: Callable[..., Any],
) -> None:
    d = make_delegate(credentials=Delegate.Credentials.PENDING)
    office = make_user(Role.OFFICE)
    with pytest.raises(PermissionDenied):
        services.delegate_review_credentials(acting_user=office, delegate=d, accepted=True)
    # A member of the credentials committee (no global role) may review.
    reviewer = make_user()
    member = make_delegate().member
    member.user = reviewer
    member.save()
    body = Body.objects.create(congress=congress, kind=Body.Kind.CREDENTIALS)
    BodyMember.objects.create(body=body, member=member)
    services.delegate_review_credentials(acting_user=reviewer, delegate=d, accepted=True)
    d.refresh_from_db()
    assert d.credentials == Delegate.Credentials.ACCEPTED
    with pytest.raises(ValidationError) as exc:
        services.delegate_review_credentials(acting_user=secretary, delegate=d, accepted=False, note="")
    assert str(services.REJECT_REASON_REQUIRED) in exc.value.messages
    services.delegate_review_credentials(
        acting_user=secretary, delegate=d, accepted=False, note="Đang bị tạm giam"
    )
    d.refresh_from_db()
    assert d.credentials == Delegate.Credentials.REJECTED and d.credentials_note == "Đang bị tạm giam"
    assert [a.verb for a in audits(d)][-2:] == ["credentials", "credentials"]


# --- check-in ---------------------------------------------------------------------------------


def test_checkin_and_checkout(
    congress: Congress, secretary: Any, make_delegate: Callable[..., Delegate]
) -> None:
    d = make_delegate("Lê Văn Tám")
    row = services.checkin_record(acting_user=secretary, delegate=d)
    assert row.session.is_current and row.recorded_by == secretary
    assert audits(row)[0].verb == "checkin"
    with pytest.raises(ValidationError) as exc:
        services.checkin_record(acting_user=secretary, delegate=d)
    assert "đã điểm danh lúc" in exc.value.messages[0]
    services.checkout_record(acting_user=secretary, delegate=d)
    row.refresh_from_db()
    assert row.checked_out_at is not None
    # Back in the hall after leaving: a new presence.
    services.checkin_record(acting_user=secretary, delegate=d)
    assert CheckIn.objects.filter(delegate=d, checked_out_at__isnull=True).count() == 1
    with pytest.raises(ValidationError):
        services.checkout_record(acting_user=secretary, delegate=make_delegate())


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"absent_whole_congress": True}, services.CHECKIN_ABSENT),
        ({"credentials": Delegate.Credentials.REJECTED}, services.CHECKIN_REJECTED),
    ],
)
def test_checkin_refused(
    congress: Congress,
    secretary: Any,
    make_delegate: Callable[..., Delegate],
    kw: dict[str, Any],
    message: Any,
) -> None:
    d = make_delegate("Phạm Thị Lan", **kw)
    with pytest.raises(ValidationError) as exc:
        services.checkin_record(acting_user=secretary, delegate=d)
    assert str(message).format(name="Phạm Thị Lan") in exc.value.messages
    assert not CheckIn.objects.exists()


def test_checkin_refused_when_closed(
    congress: Congress, secretary: Any, make_delegate: Callable[..., Delegate]
) -> None:
    d = make_delegate()
    Congress.objects.filter(pk=congress.pk).update(status=Congress.Status.CLOSED)
    d.refresh_from_db()
    with pytest.raises(ValidationError):
        services.checkin_record(acting_user=secretary, delegate=d)


def test_checkin_needs_secretariat(
    congress: Congress, make_user: Callable[..., Any], make_delegate: Callable[..., Delegate]
) -> None:
    with pytest.raises(PermissionDenied):
        services.checkin_record(acting_user=make_user(Role.LEADER), delegate=make_delegate())


def test_replacing_closes_the_officials_presence(
    congress: Congress, secretary: Any, make_delegate: Callable[..., Delegate]
) -> None:
    official, alternate = make_delegate(), make_delegate(kind=Delegate.Kind.ALTERNATE)
    row = services.checkin_record(acting_user=secretary, delegate=official)
    services.delegate_replace(
        acting_user=secretary, official=official, alternate=alternate, reason="Có việc đột xuất"
    )
    row.refresh_from_db()
    assert row.checked_out_at is not None
    assert audits(row)[-1].verb == "checkout"


# --- bodies -----------------------------------------------------------------------------------


def test_counting_committee_rules(
    congress: Congress,
    secretary: Any,
    make_delegate: Callable[..., Delegate],
    make_member: Callable[..., Member],
) -> None:
    """190-QĐ/TW Điều 8: official delegates who are not on a candidate list."""
    from daihoi.elections.models import Candidate

    body = services.body_get_or_create(acting_user=secretary, congress=congress, kind=Body.Kind.COUNTING)
    ok = make_delegate("Đặng Văn Phong")
    services.body_member_add(acting_user=secretary, body=body, member=ok.member, role=BodyMember.Role.CHAIR)
    with pytest.raises(ValidationError) as exc:
        services.body_member_add(acting_user=secretary, body=body, member=ok.member)
    assert "đã có trong" in exc.value.messages[0]
    # Not a delegate, or an alternate with no seat: refused.
    for member in (
        make_member("Vũ Thị Ánh"),
        make_delegate("Hồ Văn Nam", kind=Delegate.Kind.ALTERNATE).member,
    ):
        with pytest.raises(ValidationError) as exc:
            services.body_member_add(acting_user=secretary, body=body, member=member)
        assert str(services.COUNTING_NOT_OFFICIAL).format(member=member.full_name) in exc.value.messages
    # On the candidate list of an election of this congress: refused.
    cand = make_delegate("Lê Thị Hoa")
    election = ElectionFactory(organization=congress.organization, congress=congress)
    Candidate.objects.create(election=election, member=cand.member, full_name=cand.member.full_name)
    with pytest.raises(ValidationError) as exc:
        services.body_member_add(acting_user=secretary, body=body, member=cand.member)
    assert str(services.COUNTING_IS_CANDIDATE).format(member="Lê Thị Hoa") in exc.value.messages
    assert list(body.members.values_list("member_id", flat=True)) == [ok.member_id]


def test_body_approval_locks_the_list(
    congress: Congress, secretary: Any, make_delegate: Callable[..., Delegate]
) -> None:
    body = services.body_get_or_create(acting_user=secretary, congress=congress, kind=Body.Kind.PRESIDIUM)
    row = services.body_member_add(acting_user=secretary, body=body, member=make_delegate().member)
    services.body_mark_approved(acting_user=secretary, body=body, note="100% tán thành")
    body.refresh_from_db()
    assert body.approved and body.approved_at and body.approval_note == "100% tán thành"
    assert audits(body)[-1].verb == "approved"
    with pytest.raises(ValidationError):
        services.body_member_add(acting_user=secretary, body=body, member=make_delegate().member)
    with pytest.raises(ValidationError):
        services.body_member_remove(acting_user=secretary, row=row)


def test_guest(congress: Congress, secretary: Any) -> None:
    g = services.guest_create(
        acting_user=secretary,
        congress=congress,
        full_name="Lê  Thị Thu Hồng",
        title="Phó Bí thư Thường trực Tỉnh ủy",
        sessions=list(congress.sessions.all()),
    )
    assert g.full_name == "Lê Thị Thu Hồng" and g.sessions.count() == 2
    assert audits(g)[0].action == AuditLog.Action.CREATE
    services.guest_delete(acting_user=secretary, guest=g)
    assert not congress.guests.exists()
