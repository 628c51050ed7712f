"""Every list the office works from prints and exports to Excel (the due list included);
organization names are shown with their parent wherever two can share a name."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_member(db: None) -> Member:
    root = Organization.objects.create(name="Đảng bộ Khối", kind=Organization.Kind.COMMITTEE)
    health = Organization.objects.create(name="Đảng bộ Sở Y tế", parent=root,
                                         kind=Organization.Kind.GRASSROOTS_COMMITTEE)
    cell = Organization.objects.create(name="Chi bộ Trung tâm Dịch vụ", parent=health,
                                       kind=Organization.Kind.CELL)
    today = timezone.localdate()
    return Member.objects.create(full_name="Đỗ Thị Hương", gender="female",
                                 date_of_birth=dt.date(1995, 1, 1),
                                 admission_date=today - dt.timedelta(days=400),
                                 organization=cell, status=Member.Status.PROBATIONARY)


def test_the_due_list_prints_and_exports(client_as: Any, due_member: Member) -> None:
    client = client_as(Role.OFFICE)
    page = client.get(reverse("organizations:members_due")).content.decode()
    assert "data-print" in page
    assert f'href="{reverse("organizations:members_due_xlsx")}"' in page
    assert "Chi bộ Trung tâm Dịch vụ — Đảng bộ Sở Y tế" in page
    response = client.get(reverse("organizations:members_due_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    overdue = book[book.sheetnames[0]]
    values = [c.value for row in overdue.iter_rows() for c in row]
    assert "Đỗ Thị Hương" in values and "Chi bộ Trung tâm Dịch vụ — Đảng bộ Sở Y tế" in values


@pytest.mark.parametrize("role, code", [(Role.LEADER, 200), (Role.DELEGATE, 403)])
def test_who_may_export_the_due_list(client_as: Any, role: Role, code: int) -> None:
    assert client_as(role).get(reverse("organizations:members_due_xlsx")).status_code == code


def test_label_names_the_parent_below_the_root(due_member: Member) -> None:
    cell = due_member.organization
    assert cell.label == "Chi bộ Trung tâm Dịch vụ — Đảng bộ Sở Y tế"
    assert cell.parent is not None and cell.parent.label == "Đảng bộ Sở Y tế"
