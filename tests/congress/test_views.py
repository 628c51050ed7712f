"""Pages and endpoints: who may, who may not, and what they answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.models import Body, BodyMember, CheckIn, Congress, Delegate, Guest
from daihoi.core.roles import Role
from tests.factories import DelegateFactory

READ_PAGES = ["detail", "delegates", "credentials", "bodies", "guests", "report"]


def url(name: str, congress: Congress, **kw: Any) -> str:
    return reverse(f"congress:{name}", kwargs={"pk": congress.pk, **kw})


@pytest.mark.parametrize("role", [Role.OFFICE, Role.SECRETARIAT, Role.LEADER, Role.ADMIN])
def test_readers_see_the_pages(
    client_as: Callable[..., Any], congress: Congress, seated: Any, role: Role
) -> None:
    client = client_as(role)
    assert client.get(reverse("congress:list")).status_code == 200
    for name in READ_PAGES:
        response = client.get(url(name, congress))
        assert response.status_code == 200, name
    assert client.get(url("delegate", congress, did=seated[0].pk)).status_code == 200


@pytest.mark.parametrize("role", [Role.DELEGATE, Role.COUNTING])
def test_delegate_and_counting_roles_see_no_register(
    client_as: Callable[..., Any], congress: Congress, seated: Any, role: Role
) -> None:
    client = client_as(role)
    assert client.get(reverse("congress:list")).status_code == 403
    for name in READ_PAGES:
        assert client.get(url(name, congress)).status_code == 403, name
    assert client.get(url("delegate", congress, did=seated[0].pk)).status_code == 403
    assert client.get(url("badges_pdf", congress)).status_code == 403
    assert client.get(url("checkin", congress)).status_code == 403


def test_anonymous_goes_to_login(client: Any, congress: Congress) -> None:
    response = client.get(url("detail", congress))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_delegate_sees_own_seat_only(
    client: Any, make_user: Callable[..., Any], congress: Congress, seated: list[Delegate]
) -> None:
    user = make_user(Role.DELEGATE)
    member = seated[0].member
    member.user = user
    member.save()
    client.force_login(user)
    response = client.get(url("me", congress))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Thị Hồng Hạnh" in body and "Trần Văn Đức" not in body
    badge = client.get(url("my_badge", congress))
    assert badge.status_code == 200 and badge["Content-Type"] == "application/pdf"
    # A delegate of another congress (or none) has no page here.
    client.force_login(make_user(Role.DELEGATE))
    assert client.get(url("me", congress)).status_code == 403


def test_leader_cannot_change(client_as: Callable[..., Any], congress: Congress, seated: Any) -> None:
    client = client_as(Role.LEADER)
    assert client.get(reverse("congress:create")).status_code == 403
    assert client.post(url("guests", congress), {"full_name": "X", "group": "leaders"}).status_code == 403
    assert client.post(url("checkin_do", congress), {"delegate": seated[0].pk}).status_code == 403
    assert client.post(url("delegate_replace", congress, did=seated[0].pk), {}).status_code == 403
    assert not Guest.objects.exists() and not CheckIn.objects.exists()


def test_office_does_not_work_the_door(
    client_as: Callable[..., Any], congress: Congress, seated: Any
) -> None:
    client = client_as(Role.OFFICE)
    assert client.get(url("checkin", congress)).status_code == 403
    assert client.post(url("checkin_do", congress), {"delegate": seated[0].pk}).status_code == 403


def test_checkin_endpoint(client_as: Callable[..., Any], congress: Congress, seated: list[Delegate]) -> None:
    client = client_as(Role.SECRETARIAT)
    page = client.get(url("checkin", congress))
    assert page.status_code == 200 and 'id="att-present">0<' in page.content.decode()
    found = client.get(url("checkin_search", congress), {"q": "hong hanh"}).json()["results"]
    assert [r["id"] for r in found] == [seated[0].pk]
    answer = client.post(url("checkin_do", congress), {"delegate": seated[0].pk})
    assert answer.status_code == 200
    data = answer.json()
    assert data["ok"] and data["summary"]["present"] == 1 and data["summary"]["convened"] == 3
    again = client.post(url("checkin_do", congress), {"delegate": seated[0].pk})
    assert again.status_code == 409 and "đã điểm danh lúc" in again.json()["message"]
    by_code = client.post(url("checkin_do", congress), {"code": seated[1].checkin_code}).json()
    assert by_code["ok"] and by_code["summary"]["present"] == 2 and by_code["summary"]["quorum_met"]
    out = client.post(url("checkin_do", congress), {"delegate": seated[1].pk, "action": "out"}).json()
    assert out["ok"] and out["summary"]["present"] == 1
    assert client.post(url("checkin_do", congress), {"code": "nope"}).status_code == 404
    assert client.get(url("attendance_json", congress)).json()["present"] == 1


def test_checkin_refuses_another_congress_badge(
    client_as: Callable[..., Any],
    congress: Congress,
    other_congress: Congress,
    make_member: Callable[..., Any],
) -> None:
    m = make_member()
    d = DelegateFactory(congress=other_congress, member=m)
    answer = client_as(Role.SECRETARIAT).post(url("checkin_do", congress), {"code": d.checkin_code})
    assert answer.status_code == 400 and not CheckIn.objects.exists()


def test_checkin_blocked_delegate_message(
    client_as: Callable[..., Any], congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    d = make_delegate("Vũ Văn Vắng", absent_whole_congress=True)
    answer = client_as(Role.SECRETARIAT).post(url("checkin_do", congress), {"delegate": d.pk})
    assert answer.status_code == 409 and "vắng mặt cả đại hội" in answer.json()["message"]


def test_credentials_member_may_review(
    client: Any, make_user: Callable[..., Any], congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    user = make_user(Role.DELEGATE)
    reviewer = make_delegate()
    reviewer.member.user = user
    reviewer.member.save()
    BodyMember.objects.create(
        body=Body.objects.create(congress=congress, kind=Body.Kind.CREDENTIALS), member=reviewer.member
    )
    pending = make_delegate(credentials=Delegate.Credentials.PENDING)
    client.force_login(user)
    assert client.get(url("credentials", congress)).status_code == 200
    response = client.post(
        url("delegate_credentials", congress, did=pending.pk),
        {"decision": "accept", "note": "", "next": "credentials"},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.credentials == Delegate.Credentials.ACCEPTED


def test_replace_through_the_page(
    client_as: Callable[..., Any], congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    official, alternate = make_delegate(), make_delegate(kind=Delegate.Kind.ALTERNATE)
    client = client_as(Role.SECRETARIAT)
    client.post(
        url("delegate_replace", congress, did=official.pk), {"alternate": alternate.pk, "reason": "Ốm"}
    )
    alternate.refresh_from_db()
    assert alternate.replaces_id == official.pk


def test_delegate_list_filters(
    client_as: Callable[..., Any], congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    make_delegate("Nguyễn Thị Hồng Hạnh")
    make_delegate("Trần Văn Đức", kind=Delegate.Kind.ALTERNATE)
    client = client_as(Role.OFFICE)
    body = client.get(url("delegates", congress), {"q": "hanh"}).content.decode()
    assert "Nguyễn Thị Hồng Hạnh" in body and "Trần Văn Đức" not in body
    body = client.get(url("delegates", congress), {"kind": "alternate"}).content.decode()
    assert "Trần Văn Đức" in body and "Nguyễn Thị Hồng Hạnh" not in body


def test_create_congress_through_the_form(client_as: Callable[..., Any], root: Any) -> None:
    client = client_as(Role.OFFICE)
    response = client.post(
        reverse("congress:create"),
        {
            "organization": root.pk,
            "kind": "delegates",
            "ordinal": 18,
            "term_start": 2020,
            "term_end": 2025,
            "starts_on": "2020-08-20",
            "ends_on": "2020-08-21",
            "theme": "",
            "venue": "Hội trường",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    c = Congress.objects.get()
    assert str(c) == "Đại hội Đảng bộ Khối Cơ quan tỉnh lần thứ XVIII, nhiệm kỳ 2020 – 2025"
    bad = client.post(
        reverse("congress:create"),
        {
            "organization": root.pk,
            "kind": "delegates",
            "ordinal": 19,
            "term_start": 2025,
            "term_end": 2030,
            "starts_on": "2025-08-20",
            "ends_on": "2025-08-25",
            "status": "planned",
        },
    )
    assert bad.status_code == 200 and "một đến ba ngày" in bad.content.decode()


def test_every_page_keeps_the_role_navigation(
    client_as: Callable[..., Any], congress: Congress, seated: Any
) -> None:
    """A view's context must not shadow the `roles` of the context processor."""
    client = client_as(Role.SECRETARIAT)
    checkin = url("checkin", congress)
    for name in READ_PAGES:
        assert checkin in client.get(url(name, congress)).content.decode(), name


def test_edit_congress(client_as: Callable[..., Any], congress: Congress) -> None:
    client = client_as(Role.SECRETARIAT)
    assert client.get(url("edit", congress)).status_code == 200
    response = client.post(
        url("edit", congress),
        {
            "organization": congress.organization_id,
            "kind": "delegates",
            "ordinal": 18,
            "term_start": 2025,
            "term_end": 2030,
            "starts_on": congress.starts_on.isoformat(),
            "ends_on": congress.ends_on.isoformat(),
            "theme": "Đoàn kết - Dân chủ - Kỷ cương",
            "venue": "Hội trường tỉnh",
            "status": "closed",
        },
    )
    assert response.status_code == 302
    congress.refresh_from_db()
    assert congress.venue == "Hội trường tỉnh" and congress.status == Congress.Status.CLOSED


def test_mark_absent_through_the_page(
    client_as: Callable[..., Any], congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    d = make_delegate(origin=Delegate.Origin.EX_OFFICIO)
    client = client_as(Role.SECRETARIAT)
    client.post(url("delegate_absent", congress, did=d.pk), {"absent": "1"})
    d.refresh_from_db()
    assert d.absent_whole_congress
    assert client.get(url("attendance_json", congress)).json()["base"] == 0
    client.post(url("delegate_absent", congress, did=d.pk), {"absent": "0"})
    d.refresh_from_db()
    assert not d.absent_whole_congress
    assert (
        client_as(Role.LEADER).post(url("delegate_absent", congress, did=d.pk), {"absent": "1"}).status_code
        == 403
    )


def test_delegate_link_to_own_congress(
    client: Any, make_user: Callable[..., Any], congress: Congress, seated: list[Delegate]
) -> None:
    user = make_user(Role.DELEGATE)
    seated[0].member.user = user
    seated[0].member.save()
    client.force_login(user)
    response = client.get(reverse("congress:me_current"))
    assert response.status_code == 302 and response["Location"] == url("me", congress)
    assert reverse("congress:me_current") in client.get(url("me", congress)).content.decode()


def test_delegates_excel_export_and_template(
    client_as: Callable[..., Any], congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    import io

    import openpyxl

    make_delegate("Nguyễn Thị Hồng Hạnh")
    make_delegate("Trần Văn Đức", kind=Delegate.Kind.ALTERNATE)
    client = client_as(Role.LEADER)
    response = client.get(url("delegates_xlsx", congress), {"kind": "alternate"})
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên" and [r[1] for r in rows[1:]] == ["Trần Văn Đức"]
    assert client.get(url("delegate_import_template", congress)).status_code == 403
    template = client_as(Role.SECRETARIAT).get(url("delegate_import_template", congress))
    head = next(openpyxl.load_workbook(io.BytesIO(template.content)).active.iter_rows(values_only=True))
    assert head[:3] == ("Họ và tên", "Số thẻ đảng viên", "Loại")


def test_accept_all_pending(
    client_as: Callable[..., Any], congress: Congress, make_delegate: Callable[..., Delegate]
) -> None:
    pending = [make_delegate(credentials=Delegate.Credentials.PENDING) for _ in range(3)]
    rejected = make_delegate(credentials=Delegate.Credentials.REJECTED, credentials_note="Bị tạm giam")
    assert client_as(Role.OFFICE).post(url("credentials_accept_all", congress)).status_code == 403
    client_as(Role.SECRETARIAT).post(url("credentials_accept_all", congress), {"note": "Biên bản số 1"})
    assert all(Delegate.objects.get(pk=d.pk).credentials == Delegate.Credentials.ACCEPTED for d in pending)
    rejected.refresh_from_db()
    assert rejected.credentials == Delegate.Credentials.REJECTED


def test_pages_in_english(client_as: Callable[..., Any], congress: Congress, seated: Any) -> None:
    client = client_as(Role.SECRETARIAT)
    client.cookies["django_language"] = "en"
    body = client.get(url("checkin", congress)).content.decode()
    assert "Delegate check-in" in body and "Điểm danh đại biểu" not in body
    body = client.get(url("credentials", congress)).content.decode()
    assert "Credentials report" in body and "Under 30" in body
    answer = client.post(url("checkin_do", congress), {"delegate": seated[0].pk}).json()
    assert answer["message"].startswith("Checked in:")


def test_switch_session_from_the_door(
    client_as: Callable[..., Any], congress: Congress, seated: list[Delegate]
) -> None:
    client = client_as(Role.SECRETARIAT)
    prep = congress.sessions.get(is_preparatory=True)
    response = client.post(url("session_current", congress, sid=prep.pk), {"next": "checkin"})
    assert response.status_code == 302 and response["Location"] == url("checkin", congress)
    client.post(url("checkin_do", congress), {"delegate": seated[0].pk})
    assert CheckIn.objects.get().session == prep
