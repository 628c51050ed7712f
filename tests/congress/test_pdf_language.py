"""Every PDF follows the user's language (issue 14, "Errors and English"): the counting
minutes, the credentials report, the congress report (and the badges, the candidate list,
the contributions book), each fetched through its view with the language cookie set, in
Vietnamese and in English. The text checked is what reportlab really draws
(tests/pdftext.py). The ballot stays Vietnamese whatever the language (elections/pdf.py,
ballots_pdf: the official paper voted on)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from tests.pdftext import pdf_text_as as fetch

pytestmark = pytest.mark.django_db


def test_credentials_report_in_vietnamese_and_in_english(
        client_as: Any, congress: Any, seated: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_as(Role.SECRETARIAT)
    url = reverse("congress:credentials_pdf", kwargs={"pk": congress.pk})
    vi = fetch(client, monkeypatch, url, "vi")
    assert "BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU" in vi
    assert "TM. BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU" in vi and "Tỷ lệ" in vi
    assert "100,00%" in vi
    en = fetch(client, monkeypatch, url, "en")
    assert "REPORT ON THE CREDENTIALS OF THE DELEGATES" in en
    assert "FOR THE CREDENTIALS COMMITTEE" in en
    assert "COMMUNIST PARTY OF VIET NAM" in en and "Share" in en
    assert "100.00%" in en and "100,00%" not in en
    for vietnamese in ("BÁO CÁO", "Tỷ lệ", "Số lượng", "lần thứ", "Ban Thẩm tra", "ngày"):
        assert vietnamese not in en, vietnamese


def test_congress_report_in_vietnamese_and_in_english(
        client_as: Any, congress: Any, seated: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_as(Role.SECRETARIAT)
    url = reverse("congress:report_pdf", kwargs={"pk": congress.pk})
    vi = fetch(client, monkeypatch, url, "vi")
    assert "BÁO CÁO TÓM TẮT ĐẠI HỘI" in vi and "Thời gian:" in vi and "lần thứ" in vi
    en = fetch(client, monkeypatch, url, "en")
    assert "SUMMARY REPORT OF THE CONGRESS" in en
    assert "COMMUNIST PARTY OF VIET NAM" in en
    for vietnamese in ("BÁO CÁO", "Thời gian:", "lần thứ", "nhiệm kỳ", "ngày"):
        assert vietnamese not in en, vietnamese


def test_badges_in_english(client_as: Any, congress: Any, seated: Any,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    url = reverse("congress:badges_pdf", kwargs={"pk": congress.pk})
    en = fetch(client_as(Role.SECRETARIAT), monkeypatch, url, "en")
    assert "DELEGATE" in en and " No. 001" in en and "ĐẠI BIỂU" not in en
    vi = fetch(client_as(Role.SECRETARIAT), monkeypatch, url, "vi")
    assert "ĐẠI BIỂU CHÍNH THỨC" in vi and "Số thẻ" in vi


def test_contributions_book_in_english(congress: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.utils import translation

    from daihoi.congress.proceedings import pdfs
    from tests.pdftext import drawn_text

    with translation.override("en"), drawn_text(monkeypatch) as drawn:
        pdfs.contributions_book(congress)
    en = " ".join(" ".join(drawn).split())
    assert "BOOK OF CONTRIBUTIONS" in en and "CONTENTS" in en and "No contributions yet." in en
    assert "KỶ YẾU" not in en and "MỤC LỤC" not in en
