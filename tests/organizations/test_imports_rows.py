"""Row validation of the import, without a database: the lookups are passed in."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.organizations import imports as im

TODAY = dt.date(2025, 6, 1)
HEADERS = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ đảng viên", "Ngày vào Đảng",
           "Ngày tổ chức lễ kết nạp",
           "Ngày chính thức", "Trạng thái", "Tổ chức", "Email"]


def lookups(cards: tuple[str, ...] = ()) -> im.MemberLookups:
    orgs = [
        (1, "Chi bộ Phòng Tổ chức", "CB01", None),
        (2, "Chi bộ Phòng Kế toán", "CB02", dt.date(2024, 1, 1)),  # dissolved
        (3, "Chi bộ 1", None, None),
        (4, "Chi bộ 1", None, None),  # same name under another parent
    ]
    return im.MemberLookups.build(orgs, cards, TODAY)


def setup() -> tuple[dict[str, int], dict[str, str]]:
    index, errors = im.match_headers(HEADERS, im.MEMBER_COLUMNS)
    assert errors == []
    return index, im.header_names(index, HEADERS, im.MEMBER_COLUMNS)


def row(**kw: object) -> tuple[object, ...]:
    values: dict[str, object] = {
        "Họ và tên": "Nguyễn Văn An", "Giới tính": "Nam", "Ngày sinh": "02/09/1980",
        "Số thẻ đảng viên": "", "Ngày vào Đảng": "19/05/2010", "Ngày chính thức": "19/05/2011",
        "Trạng thái": "Chính thức", "Tổ chức": "CB01", "Email": "",
    }
    values.update({k.replace("_", " "): v for k, v in kw.items()})
    return (1, *[values.get(h) for h in HEADERS[1:]])


def check(values: tuple[object, ...], cards: tuple[str, ...] = ()) -> tuple[im.MemberRow | None,
                                                                             list[im.RowError]]:
    index, headers = setup()
    return im.validate_member_row(values, row=7, index=index, headers=headers, lookups=lookups(cards))


def reasons(errors: list[im.RowError]) -> dict[str, str]:
    return {e.column: e.reason for e in errors}


def test_header_key_ignores_diacritics_case_and_punctuation() -> None:
    assert im.header_key("Họ và tên") == "ho va ten"
    assert im.header_key("  HO VA TEN ") == "ho va ten"
    assert im.header_key("Ngày chuyển đi / ra khỏi Đảng") == "ngay chuyen di ra khoi dang"
    assert im.header_key("Số thẻ đảng viên") == im.header_key("so the dang vien")


def test_headers_match_without_diacritics_and_in_english() -> None:
    index, errors = im.match_headers(
        ["ho va ten", "GIOI TINH", "date of birth", "ngay vao dang", "to chuc", "ghi chú"],
        im.MEMBER_COLUMNS)
    assert errors == []
    assert index == {"full_name": 0, "gender": 1, "date_of_birth": 2, "admission_date": 3,
                     "organization": 4}


def test_missing_required_column_and_duplicate_column_are_errors() -> None:
    _index, errors = im.match_headers(["Họ và tên", "Ho va ten", "Giới tính"], im.MEMBER_COLUMNS)
    got = [e.reason for e in errors]
    assert str(im.DUPLICATE_COLUMN).format(column="Ho va ten") in got
    for missing in ("Ngày sinh", "Ngày vào Đảng", "Tổ chức"):
        assert str(im.MISSING_COLUMN).format(column=missing) in got


@pytest.mark.parametrize("value, expected", [
    ("02/09/1980", dt.date(1980, 9, 2)),
    ("2/9/1980", dt.date(1980, 9, 2)),
    ("1980-09-02", dt.date(1980, 9, 2)),
    ("02-09-1980", dt.date(1980, 9, 2)),
    (dt.datetime(1980, 9, 2), dt.date(1980, 9, 2)),
    (dt.date(1980, 9, 2), dt.date(1980, 9, 2)),
    (29466, dt.date(1980, 9, 2)),  # Excel's day number
    ("", None),
    (None, None),
])
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert im.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/1980", "1980", "hôm qua", "13/13/2000"])
def test_parse_date_rejects(value: str) -> None:
    with pytest.raises(im.BadValue):
        im.parse_date(value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_parse_date_round_trips_the_vietnamese_format(day: dt.date) -> None:
    assert im.parse_date(day.strftime("%d/%m/%Y")) == day


def test_a_good_row() -> None:
    member, errors = check(row())
    assert errors == []
    assert member is not None
    assert member.full_name == "Nguyễn Văn An"
    assert member.gender == "male"
    assert member.status == "full"
    assert member.organization_id == 1
    assert member.ethnicity == "Kinh"
    assert member.full_member_date == dt.date(2011, 5, 19)


def test_status_defaults_from_the_full_member_date() -> None:
    member, errors = check(row(**{"Trạng thái": "", "Ngày chính thức": ""}))
    assert errors == [] and member is not None and member.status == "probationary"


def test_values_without_diacritics_are_understood() -> None:
    member, errors = check(row(**{"Giới tính": "nu", "Trạng thái": "chinh thuc", "Tổ chức": "cb01"}))
    assert errors == []
    assert member is not None and member.gender == "female" and member.organization_id == 1


@pytest.mark.parametrize("column, value, reason", [
    ("Họ và tên", "", im.REQUIRED),
    ("Giới tính", "", im.REQUIRED),
    ("Giới tính", "Khác", im.BAD_GENDER),
    ("Ngày sinh", "", im.REQUIRED),
    ("Ngày sinh", "31/02/1980", im.BAD_DATE),
    ("Ngày vào Đảng", "02/06/2025", im.FUTURE_DATE),
    ("Ngày vào Đảng", "01/01/1979", im.ADMISSION_BEFORE_BIRTH),
    ("Ngày chính thức", "01/01/2009", im.FULL_BEFORE_ADMISSION),
    ("Ngày chính thức", "", im.FULL_WITHOUT_DATE),
    ("Trạng thái", "Đang công tác", str(im.BAD_STATUS).format(choices=im._status_labels())),
    ("Tổ chức", "", im.REQUIRED),
    ("Tổ chức", "CB99", im.UNKNOWN_ORGANIZATION),
    ("Tổ chức", "CB02", im.DISSOLVED_ORGANIZATION),
    ("Tổ chức", "Chi bộ 1", im.AMBIGUOUS_ORGANIZATION),
    ("Email", "an@", im.BAD_EMAIL),
])
def test_each_error_names_the_row_column_and_reason(column: str, value: str, reason: object) -> None:
    member, errors = check(row(**{column: value}))
    assert member is None
    assert reasons(errors)[column] == str(reason)
    assert all(e.row == 7 for e in errors)


def test_full_member_date_within_the_probation_year_is_rejected() -> None:
    # Charter Điều 5: probation lasts 12 months; 19/05/2010 + 12 months = 19/05/2011.
    _m, errors = check(row(**{"Ngày chính thức": "18/05/2011"}))
    assert reasons(errors)["Ngày chính thức"] == str(im.FULL_BEFORE_PROBATION_END).format(
        months=12, earliest="19/05/2011")


def test_probation_counts_from_the_ceremony_when_the_row_gives_one() -> None:
    # Charter Điều 5: 12 months from the ceremony (02/06/2010), not from the decision.
    _m, errors = check(row(**{"Ngày tổ chức lễ kết nạp": "02/06/2010", "Ngày chính thức": "01/06/2011"}))
    assert reasons(errors)["Ngày chính thức"] == str(im.FULL_BEFORE_PROBATION_END).format(
        months=12, earliest="02/06/2011")
    member, errors = check(row(**{"Ngày tổ chức lễ kết nạp": "02/06/2010", "Ngày chính thức": "02/06/2011"}))
    assert errors == []
    assert member is not None and member.ceremony_date == dt.date(2010, 6, 2)


def test_a_ceremony_before_the_decision_is_rejected() -> None:
    _m, errors = check(row(**{"Ngày tổ chức lễ kết nạp": "18/05/2010"}))
    assert reasons(errors)["Ngày tổ chức lễ kết nạp"] == str(im.CEREMONY_BEFORE_ADMISSION)


def test_admitted_under_eighteen_is_rejected_on_the_day_before_the_birthday() -> None:
    # Charter Điều 1: 18 on the admission date; born 20/05/1992, admitted 19/05/2010: 17.
    _m, errors = check(row(**{"Ngày sinh": "20/05/1992"}))
    assert "Chưa đủ 18 tuổi" in reasons(errors)["Ngày vào Đảng"]
    _m, errors = check(row(**{"Ngày sinh": "19/05/1992"}))
    assert "Ngày vào Đảng" not in reasons(errors)


def test_probationary_member_with_a_full_date_is_rejected() -> None:
    _m, errors = check(row(**{"Trạng thái": "Dự bị"}))
    assert reasons(errors)["Ngày chính thức"] == str(im.PROBATIONARY_WITH_FULL_DATE)


def test_a_former_member_may_belong_to_a_dissolved_organization() -> None:
    member, errors = check(row(**{"Tổ chức": "CB02", "Trạng thái": "Đã từ trần"}))
    assert errors == [] and member is not None and member.organization_id == 2


def test_card_number_taken_in_the_database() -> None:
    _m, errors = check(row(**{"Số thẻ đảng viên": "12345"}), cards=("12345",))
    assert reasons(errors)["Số thẻ đảng viên"] == str(im.DUPLICATE_CARD_IN_DB)


def test_card_number_from_excel_as_a_number_keeps_its_digits() -> None:
    member, errors = check(row(**{"Số thẻ đảng viên": 123456.0}))
    assert errors == [] and member is not None and member.party_card_number == "123456"


def test_several_errors_of_one_row_are_all_reported() -> None:
    _m, errors = check(row(**{"Họ và tên": "", "Giới tính": "x", "Tổ chức": "CB99"}))
    assert set(reasons(errors)) == {"Họ và tên", "Giới tính", "Tổ chức"}


def test_validate_members_reports_duplicates_in_the_file_and_skips_blank_rows() -> None:
    index, headers = setup()
    rows = [
        (2, row(**{"Số thẻ đảng viên": "111"})),
        (3, tuple([None] * len(HEADERS))),
        (4, row(**{"Số thẻ đảng viên": "222"})),
        (5, row(**{"Số thẻ đảng viên": "111", "Họ và tên": "Lê Thị Bình"})),
    ]
    good, errors = im.validate_members(rows, index=index, headers=headers, lookups=lookups())
    assert [g.row for g in good] == [2, 4]
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (5, "Số thẻ đảng viên", str(im.DUPLICATE_CARD_IN_FILE).format(row=2))]


# --- organizations --------------------------------------------------------------------------
ORG_HEADERS = ["Tên tổ chức", "Mã", "Loại hình", "Trực thuộc"]


def org_lookups() -> im.OrganizationLookups:
    return im.OrganizationLookups.build([
        (1, "Đảng bộ Khối", "DBK", None, None),
        (2, "Đảng bộ Sở Cũ", "OLD", dt.date(2020, 1, 1), 1),
    ])


def validate_orgs(rows: list[tuple[object, ...]]) -> tuple[list[im.OrganizationRow], list[im.RowError]]:
    index, errors = im.match_headers(ORG_HEADERS, im.ORGANIZATION_COLUMNS)
    assert errors == []
    headers = im.header_names(index, ORG_HEADERS, im.ORGANIZATION_COLUMNS)
    numbered = [(n, values) for n, values in enumerate(rows, start=2)]
    return im.validate_organizations(numbered, index=index, headers=headers, lookups=org_lookups(),
                                     today=TODAY)


def test_organizations_may_have_parents_defined_above_in_the_same_file() -> None:
    good, errors = validate_orgs([
        ("Đảng bộ Sở Y tế", "DBYT", "Đảng bộ cơ sở", "DBK"),
        ("Chi bộ Bệnh viện", "CBBV", "Chi bộ trực thuộc", "DBYT"),
        ("Chi bộ Văn phòng Sở", "", "chi bo truc thuoc", "Đảng bộ Sở Y tế"),
    ])
    assert errors == []
    assert [(g.parent_id, g.parent_row) for g in good] == [(1, None), (None, 2), (None, 2)]


def test_organization_errors() -> None:
    _good, errors = validate_orgs([
        ("Chi bộ A", "CBA", "Chi bộ trực thuộc", "CBB"),  # parent only further down
        ("Chi bộ B", "CBB", "Chi bộ trực thuộc", "DBK"),
        ("Chi bộ C", "DBK", "Chi bộ trực thuộc", "DBK"),  # code taken
        ("Chi bộ D", "CBB", "Chi bộ trực thuộc", "DBK"),  # code repeated
        ("Chi bộ E", "", "Tổ đảng", "DBK"),  # no such kind
        ("Chi bộ F", "", "Chi bộ trực thuộc", ""),  # no parent
        ("Chi bộ G", "", "Chi bộ trực thuộc", "OLD"),  # dissolved parent
        ("Chi bộ B", "", "Chi bộ trực thuộc", "DBK"),  # same name, same parent
    ])
    got = {(e.row, e.column): e.reason for e in errors}
    assert got == {
        (2, "Trực thuộc"): str(im.UNKNOWN_PARENT),
        (4, "Mã"): str(im.DUPLICATE_CODE_IN_DB),
        (5, "Mã"): str(im.DUPLICATE_CODE_IN_FILE).format(row=3),
        (6, "Loại hình"): str(im.BAD_KIND).format(choices=im._kind_labels()),
        (7, "Trực thuộc"): str(im.PARENT_REQUIRED),
        (8, "Trực thuộc"): str(im.DISSOLVED_ORGANIZATION),
        (9, "Tên tổ chức"): str(im.DUPLICATE_ORG_NAME),
    }
