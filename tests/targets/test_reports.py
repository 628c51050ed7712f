"""The review's Word and PDF files in the active language, the PDF with the heading of a Party
document (Hướng dẫn 36-HD/VPTW): the committee, the Party's name, place and date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from daihoi.targets import reports, selectors
from daihoi.targets.models import Target, TargetValue
from tests.factories import CongressFactory
from tests.pdftext import drawn_text


@pytest.fixture
def congress(db: None) -> object:
    congress = CongressFactory(ordinal=17, term_start=2020, term_end=2025,
                               starts_on=dt.date(2020, 8, 20), ends_on=dt.date(2020, 8, 21))
    t = Target.objects.create(congress=congress, number=1, text="Thành lập 1000 tổ chức đảng",
                              metric="other", comparison=">=", value=1000, unit="organizations",
                              period="term")
    TargetValue.objects.create(target=t, value=1201, as_of=dt.date(2023, 1, 1), source="Báo cáo")
    return congress


@pytest.mark.parametrize(("lang", "want"), [
    ("vi", ["ĐẢNG CỘNG SẢN VIỆT NAM", ", ngày ", "tính đến ngày 01/02/2023", "đạt và vượt 1/1 chỉ tiêu",
            "1.201 tổ chức, vượt 20,1% so với mục tiêu", "Đánh giá", "Vượt"]),
    ("en", ["COMMUNIST PARTY OF VIET NAM", "as of 01/02/2023", "met or exceeded 1 of 1 target",
            "1,201 organizations, 20.1% above the target", "Exceeded"]),
])
def test_the_pdf_in_each_language(congress: object, lang: str, want: list[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with translation.override(lang), drawn_text(monkeypatch) as drawn:
        review = selectors.review(congress, dt.date(2023, 2, 1))  # type: ignore[arg-type]
        data = reports.review_pdf(review)
    assert data.startswith(b"%PDF")
    text = " ".join(drawn)
    for value in want:
        assert value in text, (value, text[:2000])
    assert review.congress.organization.name.upper() in text
