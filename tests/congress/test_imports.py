"""Import of the delegate list from Excel: all or nothing, errors by row and column."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

from daihoi.congress import imports
from daihoi.congress.models import Congress, Delegate
from daihoi.core.models import AuditLog
from daihoi.core.roles import Role
from tests.factories import DelegateFactory


def xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def secretary(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.SECRETARIAT)


def test_import_all(congress: Congress, secretary: Any, make_member: Callable[..., Any], units: Any) -> None:
    a = make_member("Nguyễn Thị Hồng Hạnh")
    b = make_member("Trần Văn Đức", party_card_number="12345678")
    c = make_member("Lê Minh Tâm")
    data = xlsx(
        [
            ["HO VA TEN", "So the dang vien", "Loại", "Hình thức", "Đơn vị", "Số thẻ đại biểu"],
            ["nguyen thi hong hanh", None, "Chính thức", "Đương nhiên", "", 5],
            [None, "12345678", "dự khuyết", "bầu", "Chi bộ Sở Tư pháp", None],
            ["Lê Minh Tâm", None, "", "Chỉ định", "CB01", "db007"],
        ]
    )
    created = imports.delegates_import(acting_user=secretary, congress=congress, data=data)
    assert len(created) == 3
    rows = {d.member_id: d for d in Delegate.objects.filter(congress=congress)}
    assert (rows[a.pk].kind, rows[a.pk].origin, rows[a.pk].number) == ("official", "ex_officio", 5)
    assert rows[a.pk].represents_id == a.organization_id
    assert (rows[b.pk].kind, rows[b.pk].represents_id) == ("alternate", units[1].pk)
    assert rows[b.pk].number == 8  # next after the highest number in use
    assert (rows[c.pk].origin, rows[c.pk].number, rows[c.pk].represents_id) == ("appointed", 7, units[1].pk)
    assert AuditLog.objects.filter(verb="import").count() == 3


def test_import_errors_by_row_and_nothing_written(
    congress: Congress, secretary: Any, make_member: Callable[..., Any]
) -> None:
    make_member("Nguyễn Văn An")
    make_member("Nguyễn Văn An")
    make_member("Phạm Thị Lan")
    already = make_member("Hồ Văn Bảy")
    DelegateFactory(congress=congress, member=already, number=3)
    data = xlsx(
        [
            ["Họ và tên", "Loại", "Hình thức", "Đơn vị", "Số thẻ đại biểu"],
            ["Phạm Thị Lan", "chính thức", "bầu", "", 1],  # fine
            ["Nguyễn Văn An", "chính thức", "bầu", "", ""],  # two members so named
            ["Không Có Ai", "chính thức", "bầu", "", ""],  # nobody
            ["Phạm Thị Lan", "thường", "bầu", "", ""],  # twice; bad kind
            ["Hồ Văn Bảy", "chính thức", "mời", "Không tồn tại", 3],  # already; bad origin; unit; number
            ["", "", "", "", 1],  # empty id; (number duplicates row 2)
        ]
    )
    with pytest.raises(imports.ImportFailed) as exc:
        imports.delegates_import(acting_user=secretary, congress=congress, data=data)
    got = {(e.row, e.column) for e in exc.value.errors}
    assert got == {
        (3, "Họ và tên"),
        (4, "Họ và tên"),
        (5, "Họ và tên"),
        (5, "Loại"),
        (6, "Họ và tên"),
        (6, "Hình thức"),
        (6, "Đơn vị"),
        (6, "Số thẻ đại biểu"),
        (7, "Họ và tên"),
        (7, "Số thẻ đại biểu"),
    }
    messages = {(e.row, e.column): e.message for e in exc.value.errors}
    assert messages[(3, "Họ và tên")] == imports.MANY_MEMBERS_NAMED.format(count=2, value="Nguyễn Văn An")
    assert messages[(5, "Họ và tên")] == imports.DUPLICATE_IN_FILE.format(row=2)
    assert str(exc.value.errors[0]).startswith("Dòng 3, cột «Họ và tên»")
    assert Delegate.objects.filter(congress=congress).count() == 1


def test_not_a_spreadsheet(congress: Congress, secretary: Any) -> None:
    with pytest.raises(imports.ImportFailed) as exc:
        imports.delegates_import(acting_user=secretary, congress=congress, data=b"not xlsx")
    assert exc.value.errors[0].message == imports.NOT_XLSX


def test_missing_identity_column(congress: Congress, secretary: Any) -> None:
    with pytest.raises(imports.ImportFailed) as exc:
        imports.delegates_import(
            acting_user=secretary, congress=congress, data=xlsx([["Loại"], ["chính thức"]])
        )
    assert exc.value.errors[0].message == imports.MISSING_ID_COLUMN
