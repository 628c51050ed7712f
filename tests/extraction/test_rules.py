"""One test (or a few) per rule of the language the reader follows, on made-up sentences
(none of them from the sample articles): numbers, Roman numerals, qualifiers, dates, titles
before and after names, the 2025 reorganization's names, tone placement, and what each
field is and is not."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from daihoi.extraction.reader import read_text
from daihoi.extraction.reader.dates import DATE_RANGE, read_range, resolve
from daihoi.extraction.reader.levels import level_of
from daihoi.extraction.reader.names import names_in, persons_in
from daihoi.extraction.reader.numbers import QTY, ordinal_value, parse_number, quantity, roman_value
from daihoi.extraction.reader.places import province_in
from daihoi.extraction.reader.text import clean, matchable


def congress(
    body: str,
    title: str = "Đại hội đại biểu Đảng bộ xã Hòa Bình Xanh lần thứ XXV, nhiệm kỳ 2025 - 2030",
    dateline: str = "Thứ tư, 16/07/2025",
) -> dict:
    return read_text(f"{title}\n{dateline}\n{body}").record


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4.500", 4500),
        ("1.001", 1001),
        ("12.345.678", 12345678),
        ("1001", 1001),
        ("01", 1),
        ("75,6", 75.6),
        ("1.234,5", 1234.5),
        ("70 nghìn", 70000),
        ("4,5 ngàn", 4500),
        ("1,2 triệu", 1200000),
        ("hai", 2),
        ("mười", 10),
        ("mười lăm", 15),
        ("hai mươi mốt", 21),
        ("chín mươi", 90),
    ],
)
def test_vietnamese_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_a_comma_groups_thousands_only_in_a_count() -> None:
    assert parse_number("2,500", count=True) == 2500
    assert parse_number("2,5", count=True) == 2.5
    assert parse_number("2,500") == 2.5


@pytest.mark.parametrize(
    ("text", "value"),
    [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XVIII", 18), ("XXIII", 23), ("XL", 40), ("MMXXV", 2025)],
)
def test_roman_numerals(text: str, value: int) -> None:
    assert roman_value(text) == value


@pytest.mark.parametrize("text", ["IIII", "VX", "IC", "", "ABC", "XVIIII"])
def test_malformed_roman_numerals_are_none(text: str) -> None:
    assert roman_value(text) is None


def test_ordinals_in_each_form() -> None:
    assert [ordinal_value(t) for t in ("XXI", "21", "07", "nhất", "hai")] == [21, 21, 7, 1, 2]


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier"),
    [
        ("hơn 3.200 đảng viên", 3200, "more_than"),
        ("trên 600 đảng viên", 600, "more_than"),
        ("gần 1.900 đảng viên", 1900, "nearly"),
        ("gần như 800 đảng viên", 800, "nearly"),
        ("khoảng 450 đảng viên", 450, "about"),
        ("trên dưới 700 đảng viên", 700, "about"),
        ("với 120 đảng viên", 120, "exact"),
        ("với hơn 950 đảng viên", 950, "more_than"),
        ("ngót 2.000 đảng viên", 2000, "nearly"),
        ("từ 400 đảng viên trở lên", 400, "more_than"),
        ("333 đảng viên", 333, "exact"),
    ],
)
def test_qualifiers(phrase: str, value: int, qualifier: str) -> None:
    m = re.search(QTY, phrase)
    assert m
    q = quantity(m, phrase)
    assert q and (q.value, q.qualifier) == (value, qualifier)


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("25 và 26/9/2015", dt.date(2015, 9, 25), dt.date(2015, 9, 26)),
        ("Ngày 3-4/10", dt.date(2025, 10, 3), dt.date(2025, 10, 4)),
        ("từ ngày 14 đến 16/10/2020", dt.date(2020, 10, 14), dt.date(2020, 10, 16)),
        ("30/9 - 2/10/2020", dt.date(2020, 9, 30), dt.date(2020, 10, 2)),
        ("ngày 21 tháng 6 năm 2010", dt.date(2010, 6, 21), None),
    ("ngày 14 và 15 tháng 10 năm 2020", dt.date(2020, 10, 14), dt.date(2020, 10, 15)),
        ("ngày 9-6-2010", dt.date(2010, 6, 9), None),
        ("Sáng 11/8", dt.date(2025, 8, 11), None),
    ],
)
def test_date_forms(text: str, first: dt.date, last: dt.date | None) -> None:
    m = DATE_RANGE.search(text)
    assert m
    assert resolve(read_range(m), dateline_year=2025) == (first, last)


def test_a_date_without_its_year_takes_the_datelines() -> None:
    r = congress(
        "Ngày 11-8, Đảng bộ xã Hòa Bình Xanh tổ chức Đại hội đại biểu lần thứ XXV, nhiệm kỳ 2025 - 2030.",
        dateline="Thứ ba, 12/08/2025 07:30",
    )
    assert (r["start_date"], r["end_date"], r["published"]) == ("2025-08-11", "2025-08-11", "2025-08-12")


def test_without_a_dateline_the_year_stays_unknown() -> None:
    r = read_text(
        "Ngày 11-8, Đảng bộ xã Hòa Bình Xanh tổ chức Đại hội đại biểu lần thứ XXV, nhiệm kỳ 2025 - 2030."
    ).record
    assert r["kind"] == "congress" and r["start_date"] is None and r["published"] is None


def test_in_two_days_gives_the_last_day() -> None:
    r = congress(
        "Trong hai ngày, từ ngày 24/6/2025, Đảng bộ xã Hòa Bình Xanh tổ chức Đại hội đại biểu lần thứ XXV."
    )
    assert (r["start_date"], r["end_date"]) == ("2025-06-24", "2025-06-25")


def test_an_opening_date_is_only_the_first_day() -> None:
    r = congress("Sáng 20/6/2025, Đảng bộ xã Hòa Bình Xanh khai mạc Đại hội đại biểu lần thứ XXV.")
    assert (r["start_date"], r["end_date"]) == ("2025-06-20", None)


def test_an_impossible_date_is_no_date() -> None:
    r = congress("Ngày 31/6/2025, Đảng bộ xã Hòa Bình Xanh tổ chức Đại hội đại biểu lần thứ XXV.")
    assert r["start_date"] is None


def test_the_dateline_is_not_a_date_inside_prose() -> None:
    r = read_text(
        "Kỷ niệm 90 năm (3/2/1930 - 3/2/2020)\nĐại hội Đảng bộ phường Tân Lập Mới lần thứ XII\n"
        "Cập nhật lúc 08:15, 05/03/2020\nNgày 4/3/2020, Đảng bộ phường Tân Lập Mới tổ chức Đại hội "
        "lần thứ XII, nhiệm kỳ 2020-2025."
    ).record
    assert r["published"] == "2020-03-05" and r["start_date"] == "2020-03-04"


# --- names and titles -----------------------------------------------------------------------------


def test_titles_before_a_name() -> None:
    text = "Dự Đại hội có Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh Hoàng Minh Khôi."
    [p] = persons_in(text, 0, len(text))
    assert p.name == "Hoàng Minh Khôi"
    assert p.position == "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh"


def test_titles_after_a_name() -> None:
    text = "Đồng chí Đặng Thu Trang, Thành ủy viên, Giám đốc Sở Nội vụ chủ trì Hội nghị."
    [p] = persons_in(text, 0, len(text))
    assert (p.name, p.position) == ("Đặng Thu Trang", "Thành ủy viên, Giám đốc Sở Nội vụ")


def test_a_list_of_leaders_with_their_titles() -> None:
    text = "Phó Chủ tịch UBND tỉnh Bùi Văn Lực, Trưởng Ban Dân vận Tỉnh ủy Tô Thị Hằng cùng dự."
    people = persons_in(text, 0, len(text))
    assert [(p.name, p.position) for p in people] == [
        ("Bùi Văn Lực", "Phó Chủ tịch UBND tỉnh"),
        ("Tô Thị Hằng", "Trưởng Ban Dân vận Tỉnh ủy"),
    ]


def test_bodies_and_places_are_not_names() -> None:
    text = "Đoàn Chủ tịch, Đoàn Thư ký và Đoàn Đại biểu tỉnh Hà Nam; thành phố Hồ Chí Minh; Lâm Đồng."
    assert names_in(text) == []


def test_an_ethnic_name_after_a_title() -> None:
    text = "Bí thư Tỉnh ủy Y Biêr Niê dự Đại hội."
    [p] = persons_in(text, 0, len(text))
    assert (p.name, p.position) == ("Y Biêr Niê", "Bí thư Tỉnh ủy")


def test_guests_are_those_attending_or_directing() -> None:
    r = congress(
        "Về dự Đại hội có đồng chí Ngô Quang Vinh, Phó Bí thư Tỉnh ủy. Tác phẩm của Tổng Bí thư "
        "Tô Lâm được quán triệt. Phó Chủ tịch UBND tỉnh Châu Văn Tài phát biểu chỉ đạo Đại hội."
    )
    assert r["guests"] == [
        {"name": "Ngô Quang Vinh", "position": "Phó Bí thư Tỉnh ủy"},
        {"name": "Châu Văn Tài", "position": "Phó Chủ tịch UBND tỉnh"},
    ]


# --- the event, its organization, its number ------------------------------------------------------


def test_the_2025_names() -> None:
    r = read_text(
        "Đại hội Đảng bộ UBND tỉnh Gia Lai lần thứ I, nhiệm kỳ 2025-2030\nThứ hai, 04/08/2025\n"
        "Ngày 2/8, Đảng bộ UBND tỉnh Gia Lai tổ chức Đại hội đại biểu lần thứ I."
    ).record
    assert (r["organization"], r["province"], r["ordinal"]) == ("Đảng bộ UBND tỉnh Gia Lai", "Gia Lai", 1)
    r = read_text(
        "Đại hội đại biểu Đảng bộ phường Phú Xuân Mới, thành phố Huế lần thứ I\n"
        "Sáng 9/7/2025, Đảng bộ phường Phú Xuân Mới, thành phố Huế khai mạc Đại hội lần thứ I."
    ).record
    assert (r["organization"], r["province"]) == ("Đảng bộ phường Phú Xuân Mới", "Huế")


def test_old_tone_placement_reads_as_new() -> None:
    assert matchable("Uỷ viên, Khánh Hoà, Thanh Hoá, hoàng") == "Ủy viên, Khánh Hòa, Thanh Hóa, hoàng"
    r = read_text(
        "Đại hội đại biểu Đảng bộ Khối Doanh nghiệp tỉnh Khánh Hoà lần thứ IV, nhiệm kỳ 2020 - 2025\n"
        "Uỷ viên Ban Thường vụ Tỉnh uỷ Mai Văn Sáu dự Đại hội."
    ).record
    assert r["province"] == "Khánh Hòa" and r["ordinal"] == 4
    assert r["guests"] == [{"name": "Mai Văn Sáu", "position": "Uỷ viên Ban Thường vụ Tỉnh uỷ"}]


def test_a_conference_is_not_a_congress() -> None:
    r = read_text(
        "Hội nghị Ban Chấp hành Đảng bộ huyện Yên Phong Mới lần thứ 14\nThứ sáu, 10/03/2017\n"
        "Sáng 9/3, Ban Chấp hành Đảng bộ huyện Yên Phong Mới (khóa XX) tổ chức Hội nghị lần thứ 14, "
        "đánh giá việc thực hiện Nghị quyết Đại hội Đảng bộ huyện lần thứ XX."
    ).record
    assert (r["kind"], r["ordinal"], r["start_date"]) == ("committee_conference", 14, "2017-03-09")


def test_a_mention_of_a_congress_is_not_the_event() -> None:
    r = read_text(
        "Sơ kết công tác quý I\nCác chi bộ tiếp tục thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII "
        "và chuẩn bị Đại hội Đảng bộ xã nhiệm kỳ 2025-2030."
    ).record
    assert r == {**dict.fromkeys(r), "kind": "other"}


def test_the_ordinal_of_the_event_not_of_another() -> None:
    r = congress(
        "Sáng 5/7/2025, Đảng bộ xã Hòa Bình Xanh tổ chức Đại hội lần thứ XXV, quán triệt Nghị quyết "
        "Đại hội XIII của Đảng."
    )
    assert r["ordinal"] == 25


# --- the figures ------------------------------------------------------------------------------------


def test_delegates_members_and_organizations() -> None:
    r = congress(
        "Dự Đại hội có 187 đại biểu chính thức, thay mặt cho gần 3.900 đảng viên của 46 chi bộ trực thuộc."
    )
    assert r["delegates_official"] == {"value": 187, "qualifier": "exact"}
    assert r["members_represented"] == {"value": 3900, "qualifier": "nearly"}
    assert r["grassroots_organizations"] == {"value": 46, "qualifier": "exact"}


def test_the_delegation_is_not_the_congress_delegates() -> None:
    r = congress(
        "Đại hội bầu Đoàn đại biểu dự Đại hội Đảng bộ tỉnh gồm 14 đại biểu chính thức "
        "và 2 đại biểu dự khuyết."
    )
    assert r["delegates_official"] is None
    assert r["delegation"] == {"official": 14, "alternate": 2}


def test_committee_and_standing_committee() -> None:
    r = congress(
        "Đại hội bầu Ban Chấp hành khóa XXV gồm 31 đồng chí. Ban Chấp hành đã bầu Ban Thường vụ gồm "
        "9 đồng chí và Ủy ban Kiểm tra gồm 5 đồng chí."
    )
    assert (r["committee_elected"], r["standing_committee_elected"]) == (31, 9)


def test_committee_in_the_other_order() -> None:
    r = congress("Đại hội đã bầu 45 đồng chí vào Ban Chấp hành Đảng bộ nhiệm kỳ 2025-2030.")
    assert r["committee_elected"] == 45


def test_secretary_elected_and_re_elected() -> None:
    r = congress(
        "Đồng chí Trịnh Văn Hải được bầu giữ chức Bí thư Đảng ủy; đồng chí Lò Thị Mai được bầu "
        "Phó Bí thư Đảng ủy."
    )
    assert r["secretary"] == {"name": "Trịnh Văn Hải", "reelected": False}
    r = congress(
        "Đồng chí Lò Thị Mai được bầu Phó Bí thư. Đồng chí Kiều Minh Đức tái đắc cử Bí thư Đảng ủy xã."
    )
    assert r["secretary"] == {"name": "Kiều Minh Đức", "reelected": True}
    r = congress("Ban Chấp hành bầu đồng chí Vi Văn Sơn giữ chức Bí thư Đảng ủy xã.")
    assert r["secretary"] == {"name": "Vi Văn Sơn", "reelected": False}


def test_a_deputy_is_not_the_secretary() -> None:
    r = congress("Đồng chí Lò Thị Mai được bầu giữ chức Phó Bí thư Đảng ủy xã.")
    assert r["secretary"] is None


def test_admissions_of_the_term_not_of_a_half_year_nor_a_target() -> None:
    r = congress("Nhiệm kỳ qua, Đảng bộ đã kết nạp được 214 đảng viên mới.")
    assert r["admissions_in_term"] == {"value": 214, "qualifier": "exact"}
    r = congress("Trong 6 tháng đầu năm, Đảng bộ kết nạp 31 đảng viên.")
    assert r["admissions_in_term"] is None
    r = congress("Đại hội đề ra chỉ tiêu kết nạp trên 250 đảng viên trong nhiệm kỳ.")
    assert r["admissions_in_term"] is None


def test_targets_with_their_units() -> None:
    r = congress(
        "Đại hội đề ra các chỉ tiêu: phấn đấu hằng năm có trên 92% chi bộ hoàn thành tốt nhiệm vụ; "
        "kết nạp mới 260 đảng viên trở lên; 100% thôn có nhà văn hóa."
    )
    assert [(t["value"], t["unit"]) for t in r["targets"]] == [(92, "%"), (260, "members"), (100, "%")]
    assert r["targets"][1]["text"] == "kết nạp mới 260 đảng viên trở lên"


def test_results_of_the_last_term_are_not_targets() -> None:
    r = congress("Nhiệm kỳ qua, tỷ lệ chi bộ hoàn thành tốt nhiệm vụ đạt 95%, vượt chỉ tiêu Đại hội đề ra.")
    assert r["targets"] is None


def test_decimal_percent_target() -> None:
    r = congress("Phấn đấu đến năm 2030, tỷ lệ hộ nghèo giảm còn 1,5%.")
    assert r["targets"] == [
        {"text": "Phấn đấu đến năm 2030, tỷ lệ hộ nghèo giảm còn 1,5%", "value": 1.5, "unit": "%"}
    ]


# --- the pieces ------------------------------------------------------------------------------------


def test_provinces_named_with_their_unit_only() -> None:
    assert province_in("Đảng bộ Khối các cơ quan tỉnh Đắk Lắk")[0] == "Đắk Lắk"
    assert province_in("Đảng bộ TP. Hồ Chí Minh")[0] == "Hồ Chí Minh"
    assert province_in("tư tưởng Hồ Chí Minh, Quảng Nam") is None


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("Đảng bộ tỉnh Nghệ An", "province"),
        ("Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh", "upper_grassroots"),
        ("Đảng bộ UBND tỉnh Lâm Đồng", "upper_grassroots"),
        ("Đảng bộ xã Tân Hòa", "grassroots"),
        ("Đảng bộ huyện Châu Thành", "upper_grassroots"),
        ("Chi bộ Trường Tiểu học Kim Đồng", "grassroots"),
        ("Đảng bộ Tập đoàn Điện lực Việt Nam", "upper_grassroots"), ("Đảng bộ Bộ Tài chính", "central"),
    ("Đảng bộ Tổng công ty Điện lực miền Nam", "upper_grassroots"),
        ("", None),
    ],
)
def test_levels(name: str, level: str | None) -> None:
    assert level_of(name) == level


def test_clean_makes_nfc_and_plain_spaces() -> None:
    assert clean("Đa\u0323i\u00a0hội  \r\n\r\n\r\n\tlần") == "Đại hội\n\nlần"


def test_secretary_in_more_forms() -> None:
    r = congress("Đồng chí Đỗ Minh Khang, Bí thư Đảng ủy khóa XXIV được Ban Chấp hành tín nhiệm bầu lại "
                 "giữ chức Bí thư Đảng ủy xã.")
    assert r["secretary"] == {"name": "Đỗ Minh Khang", "reelected": True}
    r = congress("Đại hội đã bầu trực tiếp đồng chí Nông Thị Hoa giữ chức Bí thư Đảng ủy xã "
                 "nhiệm kỳ 2025-2030.")
    assert r["secretary"] == {"name": "Nông Thị Hoa", "reelected": False}


def test_a_secretary_named_before_is_re_elected() -> None:
    r = congress("Bí thư Đảng ủy xã khóa XXIV Mạc Văn Trung phát biểu khai mạc. Đồng chí Mạc Văn Trung "
                 "được bầu giữ chức Bí thư Đảng ủy xã khóa XXV.")
    assert r["secretary"] == {"name": "Mạc Văn Trung", "reelected": True}


@pytest.mark.parametrize(("line", "source"), [
    ("Nguồn: Báo Hà Tĩnh", "Báo Hà Tĩnh"), ("Nguồn tin: hatinh.gov.vn:", "hatinh.gov.vn"),
    ("(Theo Báo Nhân Dân)", "Báo Nhân Dân"), ("Theo TTXVN", "TTXVN"), ("Nguồn ảnh: Báo Hà Tĩnh", None)])
def test_source_lines(line: str, source: str | None) -> None:
    lead = "Sáng 2/7/2025, Đảng bộ xã Hòa Bình Xanh tổ chức Đại hội lần thứ XXV.\n"
    assert congress(lead + line)["source"] == source


def test_conferences_in_their_forms() -> None:
    r = read_text("Hội nghị lần thứ 15 Ban Chấp hành Đảng bộ tỉnh Hà Tĩnh khóa XIX\nThứ hai, 10/04/2023\n"
                  "Sáng 10/4, Ban Chấp hành Đảng bộ tỉnh Hà Tĩnh khóa XIX tổ chức Hội nghị lần thứ 15."
                  ).record
    assert (r["kind"], r["organization"], r["ordinal"]) == (
        "committee_conference", "Đảng bộ tỉnh Hà Tĩnh", 15)
    r = read_text("Tỉnh ủy Hà Tĩnh tổ chức Hội nghị lần thứ 20\nNgày 5/1/2024, Tỉnh ủy Hà Tĩnh tổ chức "
                  "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20, khóa XIX, nhiệm kỳ 2020 - 2025.").record
    assert (r["organization"], r["province"], r["ordinal"]) == ("Đảng bộ tỉnh Hà Tĩnh", "Hà Tĩnh", 20)
    r = read_text("Đảng ủy xã Đông Sơn tổ chức Hội nghị Ban Chấp hành lần thứ 12\nChiều 3/3/2022, "
                  "Ban Chấp hành Đảng bộ xã Đông Sơn (nhiệm kỳ 2020-2025) tổ chức Hội nghị lần thứ 12."
                  ).record
    assert (r["organization"], r["term"], r["end_date"]) == (
        "Đảng bộ xã Đông Sơn", [2020, 2025], "2022-03-03")


def test_delegates_said_only_as_who_came() -> None:
    r = congress("Sáng 2/7/2025, Đảng bộ xã Hòa Bình Xanh khai mạc Đại hội với sự tham dự của 136 đại biểu.")
    assert r["delegates_official"] == {"value": 136, "qualifier": "exact"}


def test_more_ways_of_saying_it() -> None:
    r = read_text("Đảng bộ xã Hòa Bình Xanh tổ chức thành công Đại hội lần thứ XXV\n"
                  "Cập nhật ngày: 03/07/2025\n"
                  "Sáng 2/7/2025, Đại hội đại biểu Đảng bộ xã Hòa Bình Xanh lần thứ XXV khai mạc với 140 "
                  "đại biểu là những đảng viên tiêu biểu, thay mặt cho hơn 1,5 nghìn đảng viên.").record
    assert (r["organization"], r["published"]) == ("Đảng bộ xã Hòa Bình Xanh", "2025-07-03")
    assert r["delegates_official"] == {"value": 140, "qualifier": "exact"}
    assert r["members_represented"] == {"value": 1500, "qualifier": "more_than"}
