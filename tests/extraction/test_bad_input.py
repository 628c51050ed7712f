"""Bad input never crashes the reader: a file with no article is a ReadError with a clear
message; an article about something else is kind "other" with every other key None; and
no text at all (hypothesis) makes the reader raise anything else."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.extraction.reader import KEYS, ReadError, read_bytes, read_text
from daihoi.extraction.reader.text import ERR_BINARY, ERR_EMPTY, ERR_NO_TEXT

OTHER = {**dict.fromkeys(KEYS), "kind": "other"}


@pytest.mark.parametrize("data", [b"", b"   \n\t  \n", "\ufeff".encode()])
def test_an_empty_file(data: bytes) -> None:
    with pytest.raises(ReadError, match=re.escape(ERR_EMPTY)):
        read_bytes(data, "a.txt")


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)), b"\xff\xfe\xfa ok"]
)
def test_a_binary_file(data: bytes) -> None:
    with pytest.raises(ReadError, match=re.escape(ERR_BINARY)):
        read_bytes(data, "a.txt")


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Trang chủ</title></head><body><nav>Trang chủ | Tin tức</nav>"
        "<footer>© 2024</footer></body></html>",
        "<html><body></body></html>",
        "<!DOCTYPE html><html><body><script>var a=1;</script></body></html>",
        "<div><p></p></div>",
    ],
)
def test_html_without_an_article(html: str) -> None:
    with pytest.raises(ReadError, match=re.escape(ERR_NO_TEXT)):
        read_bytes(html.encode(), "page.html")


def test_an_article_about_something_else() -> None:
    text = (
        "Hội thi nấu ăn ngon năm 2024\nThứ bảy, 09/03/2024\nSáng 8/3, Công đoàn cơ sở tổ chức Hội thi nấu ăn "
        "với sự tham gia của 120 đoàn viên, hơn 4.500 lượt người xem; đồng chí Nguyễn Văn Hùng, Chủ tịch "
        "Công đoàn dự."
    )
    assert read_text(text).record == OTHER


def test_other_congresses_are_other() -> None:
    text = (
        "Đại hội Công đoàn tỉnh lần thứ XIV, nhiệm kỳ 2023 - 2028\nSáng 5/9/2023, Liên đoàn Lao động tỉnh "
        "khai mạc Đại hội Công đoàn tỉnh lần thứ XIV với 300 đại biểu chính thức."
    )
    assert read_text(text).record == OTHER


def test_html_in_another_declared_charset_is_read() -> None:
    """Not UTF-8, but the page declares its charset: lxml decodes it."""
    html = (
        '<html><head><meta charset="windows-1252"></head><body><article><h1>Résumé</h1><p>'
        + "Café au lait, crème brûlée and a naïve façade were on the menu of the week. " * 5
        + "</p></article></body></html>"
    )
    reading = read_bytes(html.encode("cp1252"), "page.html")
    assert reading.record == OTHER
    assert "crème brûlée" in reading.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=600))
def test_any_text_reads_without_raising(text: str) -> None:
    record = read_text(text).record
    assert list(record) == list(KEYS)
    assert record["kind"] in ("congress", "committee_conference", "other")


_WORDS = st.sampled_from(
    [
        "Đại hội",
        "đại biểu",
        "Đảng bộ",
        "xã",
        "Tân",
        "lần thứ",
        "XIV",
        "nhiệm kỳ",
        "2020 - 2025",
        "hơn",
        "gần",
        "4.500",
        "đảng viên",
        "Ban Chấp hành",
        "gồm",
        "28",
        "đồng chí",
        "Bí thư",
        "Nguyễn Văn",
        "An",
        "tái đắc cử",
        "18 và 19/8/2020",
        "Ngày",
        "17-18/8",
        "trong 2 ngày",
        ",",
        ".",
        ";",
        ":",
        "\n",
        "Hội nghị",
        "dự khuyết",
        "chính thức",
        "phấn đấu",
        "%",
        "(",
        ")",
        "Thứ hai",
        "24/08/2020",
        "Nguồn:",
        "Dự và chỉ đạo",
        "Phó",
        "tỉnh",
        "Bến Tre",
        "Đoàn",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=80).map(" ".join))
def test_article_like_noise_reads_without_raising(text: str) -> None:
    reading = read_text(text)
    for spans in reading.spans.values():
        for start, end in spans:
            assert 0 <= start <= end <= len(reading.text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.html", ""]))
def test_any_bytes_read_or_give_a_read_error(data: bytes, name: str) -> None:
    try:
        read_bytes(data, name)
    except ReadError as error:
        assert str(error)


def test_the_lead_set_apart_from_the_body_is_read() -> None:
    html = ("<html><head><meta property='og:description' content='x'></head><body><h1>Đại hội Đảng bộ "
            "phường Hòa Mỹ Tây lần thứ XIV</h1><h2 class='sapo'>Sáng 3/7/2025, Đảng bộ phường Hòa Mỹ Tây tổ "
            "chức Đại hội lần thứ XIV với 110 đại biểu chính thức.</h2><div class='detail-content'><p>"
            + "Đại hội đã thảo luận các văn kiện và đề ra phương hướng cho nhiệm kỳ mới của Đảng bộ. " * 4
            + "</p></div><span class='date'>Thứ năm, 03/07/2025</span></body></html>")
    record = read_bytes(html.encode(), "a.html").record
    assert record["delegates_official"] == {"value": 110, "qualifier": "exact"}
    assert record["ordinal"] == 14 and record["start_date"] == "2025-07-03"
