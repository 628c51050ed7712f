"""Exports of the register (.xlsx, .csv), the templates, and the round trip through import."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command

from daihoi.core.models import User
from daihoi.core.roles import Role
from daihoi.organizations import exports
from daihoi.organizations import imports as im
from daihoi.organizations.models import Member, Organization
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 1)


def tree() -> dict[str, Organization]:
    root = OrganizationFactory(name="Đảng bộ Khối", code="DBK", kind="committee")
    a = OrganizationFactory(name="Đảng bộ Sở Y tế", code="DBYT", kind="grassroots_committee", parent=root)
    cell = OrganizationFactory(name="Chi bộ Bệnh viện", kind="cell", parent=a)  # no code
    b = OrganizationFactory(name="Chi bộ Sở Tài chính", code="CBTC", kind="grassroots_cell", parent=root,
                            established_on=dt.date(1990, 1, 2))
    old = OrganizationFactory(name="Đảng bộ Sở Cũ", code="DBCU", kind="grassroots_committee", parent=root,
                              dissolved_on=dt.date(2015, 1, 1))
    old_cell = OrganizationFactory(name="Chi bộ Phòng Cũ", kind="cell", parent=old,
                                   dissolved_on=dt.date(2015, 1, 1))
    return {"root": root, "a": a, "cell": cell, "b": b, "old": old, "old_cell": old_cell}


def member(org: Organization, name: str, **kw: Any) -> Member:
    """A member without a party card unless one is given: the card column stays empty."""
    data: dict[str, Any] = {
        "gender": "male", "date_of_birth": dt.date(1980, 1, 2), "admission_date": dt.date(2010, 3, 4),
        "full_member_date": dt.date(2011, 3, 4), "status": "full", "party_card_number": None,
    }
    data.update(kw)
    return MemberFactory(full_name=name, organization=org, **data)


@pytest.fixture
def register() -> dict[str, Organization]:
    orgs = tree()
    member(orgs["cell"], "Nguyễn Văn Bình", party_card_number="0001", phone="0912000111",
           email="binh@example.vn", position="Giám đốc", education="Thạc sĩ")
    member(orgs["cell"], "Trần Thị An", gender="female", full_member_date=None, status="probationary",
           admission_date=dt.date(2025, 1, 5), ethnicity="Tày")
    member(orgs["b"], "Lê Văn Ánh", party_card_number="0003", religion="Phật giáo",
           political_theory="Cao cấp", exempt_from_activity=True)
    member(orgs["b"], "Đỗ Thị Ân", gender="female", status="transferred_out",
           left_on=dt.date(2020, 5, 6))
    member(orgs["old_cell"], "Hồ Văn Cũ", status="deceased", left_on=dt.date(2014, 5, 6))
    return orgs


def member_snapshot() -> set[tuple[Any, ...]]:
    fields = ("full_name", "gender", "date_of_birth", "ethnicity", "religion", "education",
              "political_theory", "party_card_number", "admission_date", "full_member_date", "status",
              "organization__name", "position", "phone", "email", "left_on", "exempt_from_activity",
              "search_name", "sort_key")
    return set(Member.objects.values_list(*fields))


def read_xlsx(data: bytes) -> tuple[Any, list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    return ws, list(ws.iter_rows(values_only=True))


def test_members_xlsx_is_formatted_and_in_vietnamese_order(register: dict[str, Organization],
                                                           tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    count = exports.members_xlsx(path, Member.objects.order_by("sort_key", "id"))
    assert count == 5
    ws, rows = read_xlsx(path.read_bytes())
    assert rows[0][:3] == ("Họ và tên", "Giới tính", "Ngày sinh")
    assert ws["A1"].font.b is True
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:S6"
    # Given name first, Vietnamese alphabet (a < â, tone marks only break ties):
    # An < Ánh < Ân < Bình.
    assert [r[0] for r in rows[1:]] == ["Trần Thị An", "Lê Văn Ánh", "Đỗ Thị Ân", "Nguyễn Văn Bình",
                                        "Hồ Văn Cũ"]
    binh = rows[4]
    assert binh[2] == dt.datetime(1980, 1, 2)  # a real date, not text
    assert ws["C5"].number_format == exports.DATE_FORMAT
    assert binh[12] == "Chi bộ Bệnh viện"  # no code: the name stands in «Tổ chức»
    assert rows[2][12] == "CBTC" and rows[2][17] == "Có"


def test_members_csv_has_a_bom_and_dates_as_text(register: dict[str, Organization]) -> None:
    text = "".join(exports.members_csv(Member.objects.order_by("sort_key")))
    assert text.startswith("\ufeffHọ và tên,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 6
    assert rows[4][0] == "Nguyễn Văn Bình" and rows[4][2] == "02/01/1980"


def test_round_trip_export_then_import_into_an_empty_database(register: dict[str, Organization],
                                                              tmp_path: Path) -> None:
    before_members = member_snapshot()
    orgs_before = set(Organization.objects.values_list("name", "code", "kind", "parent__name",
                                                       "established_on", "dissolved_on"))
    exports.organizations_xlsx(tmp_path / "o.xlsx")
    exports.members_xlsx(tmp_path / "m.xlsx", Member.objects.all())
    Member.objects.all().delete()
    for org in reversed(exports.organizations_in_tree_order()):
        org.delete()
    assert Organization.objects.count() == 0

    im.import_organizations_file(acting_user=None, path=tmp_path / "o.xlsx", today=TODAY)
    im.import_members_file(acting_user=None, path=tmp_path / "m.xlsx", today=TODAY)
    assert set(Organization.objects.values_list("name", "code", "kind", "parent__name",
                                                "established_on", "dissolved_on")) == orgs_before
    assert member_snapshot() == before_members


def test_the_progress_estimate_counts_the_rows_of_a_sheet_without_a_declared_size(
        register: dict[str, Organization], tmp_path: Path) -> None:
    # openpyxl's write-only mode (our export) writes no <dimension>; Excel's files have one.
    exported = tmp_path / "m.xlsx"
    exports.members_xlsx(exported, Member.objects.all())
    assert im.read_table(exported, im.MEMBER_COLUMNS).estimated_rows == Member.objects.count()
    wb = openpyxl.Workbook()
    for row in [["DANH SÁCH"], ["Họ và tên", "Giới tính"], ["A", "Nam"], ["B", "Nữ"], ["C", "Nam"]]:
        wb.active.append(row)
    declared = tmp_path / "d.xlsx"
    wb.save(declared)
    table = im.read_table(declared, im.MEMBER_COLUMNS)
    assert table.header_row == 2 and table.estimated_rows == 3


def test_round_trip_through_csv(register: dict[str, Organization], tmp_path: Path) -> None:
    before = member_snapshot()
    path = tmp_path / "m.csv"
    path.write_text("".join(exports.members_csv(Member.objects.all())), encoding="utf-8")
    Member.objects.all().delete()
    im.import_members_file(acting_user=None, path=path, today=TODAY)
    assert member_snapshot() == before


def test_members_template_has_dropdowns_and_a_list_of_valid_values(register: dict[str, Organization],
                                                                   tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    exports.members_template(path)
    wb = openpyxl.load_workbook(path)
    ws, choices = wb.worksheets
    assert [c.value for c in ws[1]][:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert ws["B2"].value == "Nữ"  # the sample row
    assert ws.column_dimensions["A"].width > 20
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"Nam,Nữ"' in formulas
    assert any(f.startswith('"Dự bị,Chính thức') for f in formulas)
    assert any("Danh mục" in f for f in formulas)
    codes = [r[0] for r in choices.iter_rows(min_row=2, values_only=True) if r[0]]
    assert {"DBK", "DBYT", "CBTC", "Chi bộ Bệnh viện"} <= set(codes)
    # The sample row's organization is a placeholder: left in, it is refused, not imported.
    with pytest.raises(im.ImportRejected) as caught:
        im.import_members_file(acting_user=None, path=path, today=TODAY)
    assert [(e.row, e.reason) for e in caught.value.errors] == [(2, str(im.UNKNOWN_ORGANIZATION))]


def test_organizations_template_and_export(register: dict[str, Organization], tmp_path: Path) -> None:
    exports.organizations_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert [c.value for c in wb.worksheets[0][1]][:4] == ["Tên tổ chức", "Mã", "Loại hình", "Trực thuộc"]
    text = "".join(exports.organizations_csv())
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    names = [r[0] for r in rows[1:]]
    # Parents before children.
    assert names.index("Đảng bộ Khối") < names.index("Đảng bộ Sở Y tế") < names.index("Chi bộ Bệnh viện")


def test_command_line_export(register: dict[str, Organization], tmp_path: Path) -> None:
    call_command("export", "members", str(tmp_path / "all.xlsx"))
    _ws, rows = read_xlsx((tmp_path / "all.xlsx").read_bytes())
    assert len(rows) == 6
    call_command("export", "members", str(tmp_path / "b.csv"), "--org", str(register["b"].pk),
                 "--status", "full")
    text = (tmp_path / "b.csv").read_text(encoding="utf-8-sig")
    assert "Lê Văn Ánh" in text and "Đỗ Thị Ân" not in text and "Bình" not in text


# --- views ----------------------------------------------------------------------------------
def download(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_export_view_applies_the_member_list_filters(register: dict[str, Organization],
                                                     client_as: Callable[..., Any]) -> None:
    client = client_as(Role.LEADER)
    r = client.get("/members/export/", {"format": "xlsx", "org": register["a"].pk})
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    _ws, rows = read_xlsx(download(r))
    # The subtree of Đảng bộ Sở Y tế, active members only (the list's default).
    assert [row[0] for row in rows[1:]] == ["Trần Thị An", "Nguyễn Văn Bình"]
    r = client.get("/members/export/", {"format": "csv", "status": "all", "q": "thi"})
    text = download(r).decode("utf-8")
    assert text.startswith("\ufeff")
    assert {row[0] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))} == {
        "Họ và tên", "Trần Thị An", "Đỗ Thị Ân"}


@pytest.mark.parametrize("role, allowed", [
    (Role.ADMIN, True), (Role.OFFICE, True), (Role.LEADER, True),
    (Role.SECRETARIAT, False), (Role.COUNTING, False), (Role.DELEGATE, False),
])
def test_who_may_export(role: Role, allowed: bool, client_as: Callable[..., Any],
                        register: dict[str, Organization]) -> None:
    client = client_as(role)
    for url in ("/members/export/?format=xlsx", "/members/export/?format=csv",
                "/organizations/export/?format=xlsx", "/organizations/export/?format=csv",
                "/members/export/"):
        assert client.get(url).status_code == (200 if allowed else 403), url


def test_export_page_shows_import_links_only_to_the_office(client_as: Callable[..., Any],
                                                           make_user: Callable[..., User]) -> None:
    tree()
    page = client_as(Role.LEADER).get("/members/export/").content.decode()
    assert 'id="export-members"' in page and 'id="import-links"' not in page
    page = client_as(Role.OFFICE).get("/members/export/").content.decode()
    assert 'id="import-links"' in page


def test_anonymous_is_sent_to_login(client: Any) -> None:
    r = client.get("/members/export/?format=xlsx")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_the_writer_keeps_every_kind_of_value(tmp_path: Path) -> None:
    path = tmp_path / "v.xlsx"
    rows = [["Tên <&> \"x\"\x01", 12, 3.5, True, dt.date(2024, 2, 29), None, ""],
            ["  khoảng trắng  ", -1, 0.0, False, dt.datetime(2024, 2, 29, 12, 0), "x", "y"]]
    n = exports.write_xlsx(path, sheet_title="Thử", headers=list("ABCDEFG"), rows=rows,
                           widths=[10] * 7)
    assert n == 2
    wb = openpyxl.load_workbook(path)
    ws = wb["Thử"]
    got = list(ws.iter_rows(min_row=2, values_only=True))
    assert got[0] == ("Tên <&> \"x\"", 12, 3.5, True, dt.datetime(2024, 2, 29), None, None)
    assert got[1] == ("  khoảng trắng  ", -1, 0, False, dt.datetime(2024, 2, 29, 12, 0), "x", "y")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:G3"
    # And the import's own reader agrees.
    table = im.read_table(path, [im.Column("a", "A"), im.Column("b", "B")])
    assert next(values for _n, values in table.rows)[:5] == (
        "Tên <&> \"x\"", 12, 3.5, True, dt.datetime(2024, 2, 29))
