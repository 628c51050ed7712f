"""The sample articles of ../shared/samples/articles/, every key against the expected
records written by hand in samples/*.json, as plain text, as NFD text and as an HTML page
with a site's menus and footer around the article."""

from __future__ import annotations

import json
import os
import unicodedata
from html import escape
from pathlib import Path

import pytest

from daihoi.extraction.reader import KEYS, read_bytes, read_file, read_text

HERE = Path(__file__).parent / "samples"
SHARED = Path(
    os.environ.get("DAIHOI_SAMPLES", Path(__file__).resolve().parents[3] / "shared" / "samples" / "articles")
)
if not SHARED.is_dir():
    SHARED = Path("/work/shared/samples/articles")
EXPECTED = sorted(HERE.glob("*.json"))
# The articles beside the expected records (a copy is kept here so the tests run anywhere).
ARTICLES = Path(__file__).parent / "articles"


def _article(name: str) -> Path:
    return ARTICLES / f"{name}.txt"


def test_every_sample_has_its_expected_record() -> None:
    assert len(EXPECTED) == 3
    if SHARED.is_dir():
        assert {p.stem for p in SHARED.glob("*.txt")} == {p.stem for p in EXPECTED}
        for p in SHARED.glob("*.txt"):
            assert p.read_bytes() == _article(p.stem).read_bytes(), f"{p.name}: the copy differs"


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_every_key_of_the_sample(expected: Path) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))
    assert list(want) == list(KEYS)
    got = read_file(_article(expected.stem)).record
    for key in KEYS:
        assert got[key] == want[key], key
    assert list(got) == list(KEYS)


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_nfd_reads_the_same(expected: Path) -> None:
    text = _article(expected.stem).read_text(encoding="utf-8")
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert read_bytes(nfd.encode("utf-8"), "x.txt").record == json.loads(expected.read_text(encoding="utf-8"))


def _as_html(text: str) -> str:
    lines = [line for line in text.split("\n") if line.strip()]
    title, rest = lines[0], lines[1:]
    paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in rest)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}
 - Cổng thông tin</title>

<script>var menu = "Đại hội Đảng bộ tỉnh lần thứ XX";</script><style>p {{ margin: 0 }}</style></head>
<body><nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li>Tin tức</li>
<li>Đại hội Đảng bộ Giả lập lần thứ IX</li></ul></nav>
<div class="sidebar"><h3>Tin liên quan</h3>
<p>Đại hội đại biểu Đảng bộ huyện Khác lần thứ XXI, nhiệm kỳ 2015-2020 với 300 đại biểu chính thức</p></div>
<div class="news-detail"><h1>{escape(title)}</h1>{paragraphs}</div>
<div class="comments"><p>Ý kiến bạn đọc: hay quá, 500 đại biểu!</p></div>
<footer><p>Bản quyền thuộc Cổng thông tin điện tử. Số lượt truy cập 411605</p></footer></body></html>"""


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_the_sample_inside_an_html_page(expected: Path) -> None:
    html = _as_html(_article(expected.stem).read_text(encoding="utf-8"))
    reading = read_bytes(html.encode("utf-8"), "page.html")
    want = json.loads(expected.read_text(encoding="utf-8"))
    assert reading.record == want
    for boilerplate in ("hay quá, 500 đại biểu", "Tin liên quan", "huyện Khác", "Bản quyền", "Trang chủ"):
        assert boilerplate not in reading.text


@pytest.mark.parametrize("expected", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_every_field_found_has_its_span(expected: Path) -> None:
    reading = read_file(_article(expected.stem))
    for key, value in reading.record.items():
        if value is not None:
            assert reading.spans.get(key), key
            for start, end in reading.spans[key]:
                assert 0 <= start < end <= len(reading.text)


def test_spans_point_at_the_words() -> None:
    reading = read_file(_article("bentre-2020-congress"))
    words = {key: [reading.text[s:e] for s, e in spans] for key, spans in reading.spans.items()}
    assert words["ordinal"] == ["XIII"]
    assert "52" in words["delegation"] and "3" in words["delegation"]
    assert words["committee_elected"] == ["28"]
    assert "Võ Văn Kiệt" in words["secretary"]
    assert words["start_date"][0] == "18 và 19/8/2020"


def test_a_partial_text_reads_what_it_has() -> None:
    """Only the lead paragraph of a report, no title, no dateline."""
    text = _article("bentre-2020-congress").read_text(encoding="utf-8")
    lead = next(line for line in text.split("\n") if line.startswith("Trong 2 ngày"))
    record = read_text(lead).record
    assert record["kind"] == "congress"
    assert record["ordinal"] == 13
    assert record["published"] is None
    assert record["start_date"] == "2020-08-18" and record["end_date"] == "2020-08-19"
