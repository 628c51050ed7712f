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


def test_minutes_in_vietnamese_and_in_english(counted_round: Any, client_as: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_as(Role.COUNTING)
    url = reverse("elections:minutes_pdf", args=[counted_round.pk])
    vi = fetch(client, monkeypatch, url, "vi")
    assert "BIÊN BẢN KIỂM PHIẾU" in vi
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in vi
    assert "Số phiếu phát ra: 4; số phiếu thu vào: 4" in vi
    assert "75,00" in vi and "75.00" not in vi
    assert "Căn cứ Quy chế bầu cử trong Đảng" in vi
    en = fetch(client, monkeypatch, url, "en")
    assert "VOTE-COUNTING MINUTES" in en and "BIÊN BẢN KIỂM PHIẾU" not in en
    assert "COMMUNIST PARTY OF VIET NAM" in en
    assert "Ballots issued: 4; ballots collected: 4" in en
    assert "Valid ballots: 4; invalid ballots: 0, of which:" in en
    assert "Votes needed to be elected (more than half of 4): 3" in en
    assert "75.00" in en and "75,00" not in en
    # The regulations in English, each named by its official number and date (as on the page).
    assert "Under the Rules on elections in the Party issued with Decision 190-QĐ/TW" in en
    assert "Căn cứ" not in en
    assert "FOR THE VOTE-COUNTING COMMITTEE" in en
    # The candidates' names are data: the same in either language.
    assert "Nguyễn Văn An" in en and "Lê Văn Cường" in en
    for vietnamese in ("Số phiếu hợp lệ", "Biên bản được lập", "Đồng chí", " ngày ", "Tỷ lệ"):
        assert vietnamese not in en, vietnamese


def test_ballot_stays_vietnamese_in_english(counting_round: Any, client_as: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    round_ = counting_round(convened=2, issued=2)
    en = fetch(client_as(Role.COUNTING), monkeypatch,
               reverse("elections:ballots_pdf", args=[round_.pk]), "en")
    assert "PHIẾU BẦU CỬ" in en and "Họ và tên" in en


def test_candidate_list_in_english(make_election: Any, client_as: Any,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    election = make_election()
    url = reverse("elections:candidate_list_pdf", args=[election.pk])
    en = fetch(client_as(Role.OFFICE), monkeypatch, url, "en")
    assert "LIST OF CANDIDATES" in en
    assert "Seats to fill: 3; the list has 5 comrades" in en
    assert "Year of birth" in en and "Năm sinh" not in en
    vi = fetch(client_as(Role.OFFICE), monkeypatch, url, "vi")
    assert "DANH SÁCH BẦU CỬ" in vi and "Số lượng cần bầu: 3; danh sách gồm 5 đồng chí" in vi
