"""Importing members from real .xlsx and .csv files: all or nothing, every error reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from daihoi.core.audit import snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.roles import Role
from daihoi.organizations import imports as im
from daihoi.organizations.models import Member, Organization
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 1)
HEADERS = ["Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Số thẻ đảng viên", "Ngày vào Đảng",
           "Ngày chính thức", "Trạng thái", "Tổ chức", "Chức vụ", "Điện thoại", "Email"]


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, title_rows: int = 0) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["DANH SÁCH ĐẢNG VIÊN"])
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def orgs() -> dict[str, Organization]:
    root = OrganizationFactory(name="Đảng bộ Khối", code="DBK", kind="committee")
    a = OrganizationFactory(name="Đảng bộ Sở Y tế", code="DBYT", kind="grassroots_committee", parent=root)
    cell = OrganizationFactory(name="Chi bộ Bệnh viện", code="CBBV", kind="cell", parent=a)
    old = OrganizationFactory(name="Chi bộ Cũ", code="CBCU", kind="cell", parent=a,
                              dissolved_on=dt.date(2020, 1, 1))
    return {"root": root, "a": a, "cell": cell, "old": old}


GOOD = [
    ["Nguyễn Văn An", "Nam", dt.datetime(1980, 9, 2), "Kinh", "1001", dt.datetime(2010, 5, 19),
     dt.datetime(2011, 5, 19), "Chính thức", "CBBV", "Bác sĩ", "0912345678", "an@example.vn"],
    ["Trần Thị Bình", "Nữ", "15/03/1992", "Tày", "", "03/02/2025", "", "Dự bị", "Chi bộ Bệnh viện",
     "", "", ""],
    ["Lê Văn Cường", "nam", "1975-01-30", "", "1003", "1999-12-01", "2000-12-01", "chinh thuc",
     "DBYT", "", "", ""],
]


@pytest.fixture
def office(make_user: Callable[..., User]) -> User:
    return make_user(Role.OFFICE)


def run(path: Path, user: User | None) -> im.ImportResult:
    return im.import_members_file(acting_user=user, path=path, today=TODAY)


def test_a_good_file_is_imported_with_one_audit_row_per_member(tmp_path: Path, office: User) -> None:
    orgs()
    path = write_xlsx(tmp_path / "good.xlsx", [HEADERS, *GOOD])
    result = run(path, office)
    assert result.created == 3
    an = Member.objects.get(party_card_number="1001")
    assert an.full_name == "Nguyễn Văn An"
    assert an.search_name == "nguyen van an"  # derived columns filled despite bulk_create
    assert an.sort_key
    assert an.date_of_birth == dt.date(1980, 9, 2)
    assert an.status == "full" and an.organization.code == "CBBV"
    binh = Member.objects.get(full_name="Trần Thị Bình")
    assert binh.status == "probationary" and binh.party_card_number is None
    assert binh.ethnicity == "Tày" and binh.gender == "female"
    assert Member.objects.get(party_card_number="1003").ethnicity == "Kinh"
    logs = AuditLog.objects.filter(verb="member_import")
    assert logs.count() == 3
    assert {log.actor_id for log in logs} == {office.pk}
    assert {log.object_id for log in logs} == {str(m.pk) for m in Member.objects.all()}
    # The same audit row as `audit_create_bulk` would write: the member's full snapshot.
    for m in Member.objects.all():
        log = logs.get(object_id=str(m.pk))
        assert log.after == snapshot(m)
        assert log.action == "create" and log.object_repr == m.full_name and log.before is None
        assert log.content_type.model_class() is Member


def test_imported_ids_follow_deleted_ones_never_reusing_them(tmp_path: Path, office: User) -> None:
    o = orgs()
    gone = MemberFactory(full_name="Phạm Văn Đã Xóa", probationary=True, date_of_birth=dt.date(1970, 1, 1),
                         admission_date=dt.date(2000, 1, 1), organization=o["cell"])
    gone_id = gone.pk
    gone.delete()
    run(write_xlsx(tmp_path / "good.xlsx", [HEADERS, *GOOD]), office)
    assert min(Member.objects.values_list("id", flat=True)) > gone_id
    # The next member made the ordinary way gets a fresh id too.
    later = MemberFactory(full_name="Vũ Văn Sau", probationary=True, date_of_birth=dt.date(1970, 1, 1),
                          admission_date=dt.date(2000, 1, 1), organization=o["cell"])
    assert later.pk > max(Member.objects.exclude(pk=later.pk).values_list("id", flat=True))


def test_a_bad_file_writes_nothing_and_lists_every_error(tmp_path: Path, office: User) -> None:
    o = orgs()
    MemberFactory(full_name="Phạm Văn Có", probationary=True, date_of_birth=dt.date(1970, 1, 1),
                  admission_date=dt.date(2000, 1, 1), organization=o["cell"], party_card_number="9999")
    before_members, before_logs = Member.objects.count(), AuditLog.objects.count()
    bad = [
        HEADERS,
        GOOD[0],                                                                         # row 2 good
        ["", "Nam", "02/09/1980", "", "", "19/05/2010", "", "", "CBBV", "", "", ""],      # 3 name
        ["Đỗ Văn D", "Nam", "31/02/1980", "", "", "19/05/2010", "", "", "CBBV", "", "", ""],  # 4 date
        ["Đỗ Văn E", "Nam", "02/09/1980", "", "", "01/01/2030", "", "", "CBBV", "", "", ""],  # 5 future
        ["Đỗ Văn G", "Nam", "02/09/1980", "", "", "19/05/2010", "01/01/2009", "", "CBBV", "", "", ""],
        ["Đỗ Văn H", "Khác", "02/09/1980", "", "", "19/05/2010", "", "", "CBBV", "", "", ""],  # 7
        ["Đỗ Văn I", "Nam", "02/09/1980", "", "", "19/05/2010", "", "Nghỉ hưu", "CBBV", "", "", ""],
        ["Đỗ Văn K", "Nam", "02/09/1980", "", "1001", "19/05/2010", "", "", "CBBV", "", "", ""],  # 9
        ["Đỗ Văn L", "Nam", "02/09/1980", "", "9999", "19/05/2010", "", "", "CBBV", "", "", ""],  # 10
        ["Đỗ Văn M", "Nam", "02/09/1980", "", "", "19/05/2010", "", "", "CB-KHONG-CO", "", "", ""],
        ["Đỗ Văn N", "Nam", "02/09/1980", "", "", "19/05/2010", "", "", "CBCU", "", "", ""],  # 12
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", bad)
    with pytest.raises(im.ImportRejected) as caught:
        run(path, office)
    got = {(e.row, e.column): e.reason for e in caught.value.errors}
    assert got == {
        (3, "Họ và tên"): str(im.REQUIRED),
        (4, "Ngày sinh"): str(im.BAD_DATE),
        (5, "Ngày vào Đảng"): str(im.FUTURE_DATE),
        (6, "Ngày chính thức"): str(im.FULL_BEFORE_ADMISSION),
        (7, "Giới tính"): str(im.BAD_GENDER),
        (8, "Trạng thái"): str(im.BAD_STATUS).format(choices=im._status_labels()),
        (9, "Số thẻ đảng viên"): str(im.DUPLICATE_CARD_IN_FILE).format(row=2),
        (10, "Số thẻ đảng viên"): str(im.DUPLICATE_CARD_IN_DB),
        (11, "Tổ chức"): str(im.UNKNOWN_ORGANIZATION),
        (12, "Tổ chức"): str(im.DISSOLVED_ORGANIZATION),
    }
    values = {e.row: e.value for e in caught.value.errors}
    assert values[4] == "31/02/1980" and values[11] == "CB-KHONG-CO"
    assert Member.objects.count() == before_members
    assert AuditLog.objects.count() == before_logs


def test_row_numbers_are_excel_rows_with_title_rows_and_blank_rows(tmp_path: Path, office: User) -> None:
    orgs()
    rows = [HEADERS, GOOD[0], [None] * len(HEADERS), ["", *GOOD[1][1:]]]
    path = write_xlsx(tmp_path / "titled.xlsx", rows, title_rows=2)
    with pytest.raises(im.ImportRejected) as caught:
        run(path, office)
    # Two title rows, the header on row 3, data from row 4, a blank row 5: the bad row is 6.
    assert [(e.row, e.column) for e in caught.value.errors] == [(6, "Họ và tên")]


def test_a_sheet_declaring_too_small_a_size_is_read_to_its_last_row(tmp_path: Path,
                                                                    office: User) -> None:
    """Some writers leave a wrong <dimension> (A1:B2 here); every row and column the
    sheet holds is imported all the same."""
    import zipfile

    orgs()
    path = write_xlsx(tmp_path / "dim.xlsx", [HEADERS, *GOOD])
    wrong = tmp_path / "wrong-dim.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(wrong, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:L4"/>' in data
                data = data.replace(b'<dimension ref="A1:L4"/>', b'<dimension ref="A1:B2"/>')
            dst.writestr(item, data)
    assert run(wrong, office).created == 3
    assert Member.objects.get(party_card_number="1003").organization.code == "DBYT"


def test_missing_columns_reject_the_file(tmp_path: Path, office: User) -> None:
    orgs()
    path = write_xlsx(tmp_path / "cols.xlsx", [["Họ và tên", "Giới tính"], ["Nguyễn Văn A", "Nam"]])
    with pytest.raises(im.ImportRejected) as caught:
        run(path, office)
    reasons = [e.reason for e in caught.value.errors]
    assert str(im.MISSING_COLUMN).format(column="Ngày sinh") in reasons
    assert Member.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_rejected_clearly(tmp_path: Path, office: User) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(im.ImportRejected) as caught:
        run(path, office)
    assert caught.value.errors[0].reason.startswith(str(im.BAD_FILE).split("{")[0])
    with pytest.raises(im.ImportRejected):
        im.import_members_file(acting_user=office, path=tmp_path / "x.ods", filename="x.ods",
                               today=TODAY)


def test_csv_with_bom_semicolons_and_headers_without_diacritics(tmp_path: Path, office: User) -> None:
    orgs()
    text = (
        "ho va ten;gioi tinh;ngay sinh;so the dang vien;ngay vao dang;ngay chinh thuc;trang thai;to chuc\r\n"
        "Nguyễn Thị Hồng Hạnh;Nữ;02/09/1985;2001;19/05/2010;19/05/2011;Chính thức;CBBV\r\n"
        "\"Vũ Văn; Khoa\";Nam;1990-01-01;;01/03/2024;;;Chi bộ Bệnh viện\r\n"
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    assert run(path, office).created == 2
    hanh = Member.objects.get(party_card_number="2001")
    assert hanh.full_name == "Nguyễn Thị Hồng Hạnh"  # the BOM did not stick to the first header
    assert Member.objects.filter(full_name="Vũ Văn; Khoa", status="probationary").exists()


def test_csv_with_commas_and_no_bom(tmp_path: Path, office: User) -> None:
    orgs()
    path = tmp_path / "plain.csv"
    path.write_text("Full name,Gender,Date of birth,Admission date,Organization,Status\n"
                    "Hoàng Văn Em,male,01/01/1990,01/01/2020,CBBV,\n"
                    "Hoàng Văn Út,Nam,01/01/1991,,CBBV,\n", encoding="utf-8")
    with pytest.raises(im.ImportRejected) as caught:
        run(path, office)
    assert [(e.row, e.column, e.reason) for e in caught.value.errors] == [
        (3, "Admission date", str(im.REQUIRED))]


def test_only_the_office_may_import(tmp_path: Path, make_user: Callable[..., User]) -> None:
    orgs()
    path = write_xlsx(tmp_path / "good.xlsx", [HEADERS, *GOOD])
    for role in (Role.LEADER, Role.DELEGATE, Role.COUNTING, Role.SECRETARIAT):
        with pytest.raises(PermissionDenied):
            run(path, make_user(role))
    assert Member.objects.count() == 0
    assert run(path, make_user(Role.ADMIN)).created == 3


def test_command_line_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    orgs()
    bad = write_xlsx(tmp_path / "bad.xlsx", [HEADERS, ["", *GOOD[0][1:]], GOOD[1]])
    with pytest.raises(SystemExit) as exited:
        call_command("import", "members", str(bad))
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Dòng 2, cột «Họ và tên»" in err and str(im.REQUIRED) in err
    assert Member.objects.count() == 0

    good = write_xlsx(tmp_path / "good.xlsx", [HEADERS, *GOOD])
    call_command("import", "members", str(good))
    captured = capsys.readouterr()
    assert "3" in captured.out
    assert str(im.PHASE_WRITING) in captured.err
    assert Member.objects.count() == 3



def test_a_vietnamese_file_imports_from_an_english_screen(tmp_path: Path, office: User) -> None:
    """Headers and values written on a Vietnamese screen ("Họ và tên", "Nam", "Chính thức")
    are known whatever language the person importing has chosen."""
    from django.utils import translation

    orgs()
    path = write_xlsx(tmp_path / "vi.xlsx", [HEADERS, *GOOD])
    with translation.override("en"):
        result = run(path, office)
    assert result.created == 3
    assert Member.objects.get(party_card_number="1001").gender == "male"


def test_a_nul_byte_in_a_name_is_an_error_of_its_row_not_a_traceback(tmp_path: Path) -> None:
    from daihoi.core.imports import CONTROL_CHARACTER

    org = OrganizationFactory(name="Chi bộ NUL", code="CBNUL", kind="grassroots_cell")
    path = tmp_path / "nul.csv"
    path.write_text("Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Tổ chức\n"
                    "Trần\x00Văn Một,Nam,01/01/1980,02/02/2010,CBNUL\n", encoding="utf-8")
    with pytest.raises(im.ImportRejected) as exc:
        im.import_members_file(acting_user=None, path=path, today=dt.date(2025, 6, 1))
    assert [(e.row, e.column, e.value, e.reason) for e in exc.value.errors] == [
        (2, "Họ và tên", "TrầnVăn Một", str(CONTROL_CHARACTER))]
    assert not Member.objects.filter(organization=org).exists()
