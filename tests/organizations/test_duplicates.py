"""The same person is never recorded twice (issue 14): re-importing the same file created 4
duplicate members; the back button after admitting created another. An import row or an
admission matching an existing member (name, date of birth, organization) is refused, by
row; an admission may go on when the clerk confirms it is another person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.organizations import imports, services
from daihoi.organizations.models import Member, Organization

pytestmark = pytest.mark.django_db

CSV = ("Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Trạng thái,Tổ chức\n"
       "Nguyễn Văn An,Nam,01/02/1980,03/02/2010,03/02/2011,Chính thức,CB01\n"
       "Lê Thị Bình,Nữ,05/06/1985,03/02/2012,03/02/2013,Chính thức,CB01\n")


@pytest.fixture
def cell(db: None) -> Organization:
    root = Organization.objects.create(name="Đảng bộ Khối", kind=Organization.Kind.COMMITTEE)
    return Organization.objects.create(name="Chi bộ Văn phòng", code="CB01", parent=root,
                                       kind=Organization.Kind.GRASSROOTS_CELL)


def _import(path: Path, user: Any) -> Any:
    return imports.import_members_file(acting_user=user, path=path, filename=path.name,
                                       today=dt.date(2025, 6, 1))


def test_importing_the_same_file_twice_creates_nobody_twice(cell: Organization, tmp_path: Path,
                                                            make_user: Any) -> None:
    office = make_user(Role.OFFICE)
    path = tmp_path / "ds.csv"
    path.write_text(CSV, encoding="utf-8")
    assert _import(path, office).created == 2
    with pytest.raises(imports.ImportRejected) as caught:
        _import(path, office)
    errors = caught.value.errors
    assert [e.row for e in errors] == [2, 3]
    assert all("đã có trong danh sách" in e.reason for e in errors)
    assert Member.objects.count() == 2


def test_the_same_person_twice_in_one_file_is_refused_by_row(cell: Organization, tmp_path: Path,
                                                             make_user: Any) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(CSV + "nguyễn  văn an,Nam,01/02/1980,03/02/2010,03/02/2011,Chính thức,CB01\n",
                    encoding="utf-8")
    with pytest.raises(imports.ImportRejected) as caught:
        _import(path, make_user(Role.OFFICE))
    assert [(e.row, e.reason) for e in caught.value.errors] == [
        (4, str(imports.DUPLICATE_MEMBER_IN_FILE).format(row=2))]


def _admit(user: Any, cell: Organization, **extra: Any) -> Member:
    return services.member_admit(acting_user=user, full_name="Trần Văn Cường", gender="male",
                                 date_of_birth=dt.date(1990, 1, 1),
                                 admission_date=dt.date(2024, 1, 1), organization=cell, **extra)


def test_admitting_the_same_person_again_is_refused_unless_confirmed(cell: Organization,
                                                                     make_user: Any) -> None:
    office = make_user(Role.OFFICE)
    _admit(office, cell)
    with pytest.raises(ValidationError) as caught:
        _admit(office, cell)
    assert caught.value.error_list[0].code == "duplicate"
    _admit(office, cell, confirmed_distinct=True)
    assert Member.objects.filter(full_name="Trần Văn Cường").count() == 2


def test_the_back_button_after_admitting_asks_instead_of_admitting(cell: Organization,
                                                                   client_as: Any) -> None:
    client = client_as(Role.OFFICE)
    data = {"full_name": "Trần Văn Cường", "gender": "male", "date_of_birth": "01/01/1990",
            "ethnicity": "Kinh", "organization": cell.pk, "admission_date": "01/01/2024"}
    first = client.post(reverse("organizations:member_admit"), data)
    assert first.status_code == 302
    again = client.post(reverse("organizations:member_admit"), data)  # the back button, resent
    body = again.content.decode()
    assert again.status_code == 400 and "có thể trang đã được gửi hai lần" in body
    assert 'type="checkbox" name="confirmed_distinct"' in body
    assert Member.objects.count() == 1
    confirmed = client.post(reverse("organizations:member_admit"),
                            {**data, "confirmed_distinct": "on"})
    assert confirmed.status_code == 302 and Member.objects.count() == 2
