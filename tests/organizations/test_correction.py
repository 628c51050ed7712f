"""Corrections of a member's admission date or organization (issue 14): through an audited
service and its form, with the checks of admission and the reason in the log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.core import selectors as core_selectors
from daihoi.core.models import AuditLog
from daihoi.core.roles import Role
from daihoi.organizations import services
from daihoi.organizations.models import Member, MemberTransfer, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells(db: None) -> tuple[Organization, Organization]:
    root = Organization.objects.create(name="Đảng bộ Khối", kind=Organization.Kind.COMMITTEE)
    a = Organization.objects.create(name="Chi bộ A", parent=root, kind=Organization.Kind.GRASSROOTS_CELL)
    b = Organization.objects.create(name="Chi bộ B", parent=root, kind=Organization.Kind.GRASSROOTS_CELL)
    return a, b


@pytest.fixture
def member(cells: tuple[Organization, Organization], make_user: Any) -> Member:
    return services.member_admit(acting_user=make_user(Role.OFFICE), full_name="Phạm Văn Dũng",
                                 gender="male", date_of_birth=dt.date(1990, 3, 4),
                                 admission_date=dt.date(2024, 5, 6), organization=cells[0])


def test_a_correction_changes_the_record_and_logs_why(member: Member, cells: Any,
                                                      make_user: Any) -> None:
    office = make_user(Role.OFFICE)
    services.member_correct(acting_user=office, member=member, reason="Nhập nhầm",
                            admission_date=dt.date(2024, 5, 16), organization=cells[1])
    member.refresh_from_db()
    assert member.admission_date == dt.date(2024, 5, 16) and member.organization == cells[1]
    assert not MemberTransfer.objects.exists()  # a correction is not a transfer
    row = AuditLog.objects.filter(verb="member_correct").get()
    changes = {c.label: (c.before, c.after) for c in core_selectors.audit_changes(row)}
    assert changes["Ngày vào Đảng"] == ("06/05/2024", "16/05/2024")
    assert changes["Lý do"] == (None, "Nhập nhầm")
    assert core_selectors.audit_sentence(row) == "Đính chính hồ sơ đảng viên «Phạm Văn Dũng»"


@pytest.mark.parametrize("changes, message", [
    ({"admission_date": dt.date(2005, 1, 1)}, "18"),  # under age on the corrected date
    ({}, str(services.MEMBER_CORRECTION_NOTHING)),
])
def test_a_correction_keeps_the_rules_of_admission(member: Member, make_user: Any,
                                                   changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.member_correct(acting_user=make_user(Role.OFFICE), member=member,
                                reason="x", **changes)
    assert message in " ".join(caught.value.messages)


def test_a_correction_needs_a_reason_and_the_office(member: Member, make_user: Any) -> None:
    with pytest.raises(ValidationError):
        services.member_correct(acting_user=make_user(Role.OFFICE), member=member, reason=" ",
                                admission_date=dt.date(2024, 5, 7))
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        services.member_correct(acting_user=make_user(Role.LEADER), member=member, reason="x",
                                admission_date=dt.date(2024, 5, 7))


def test_the_correction_form(member: Member, client_as: Any) -> None:
    client = client_as(Role.OFFICE)
    url = reverse("organizations:member_action", args=[member.pk, "correct"])
    page = client.get(url).content.decode()
    # The date is shown day/month/year in a text input, whatever the browser's locale.
    assert 'name="admission_date" value="06/05/2024"' in page and 'type="date"' not in page
    response = client.post(url, {"admission_date": "07/05/2024", "organization": member.organization_id,
                                 "reason": "Theo quyết định kết nạp"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.admission_date == dt.date(2024, 5, 7)  # 7 May, not 5 July
