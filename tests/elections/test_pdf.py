"""Printed ballots (identical pages, nothing that tells ballots apart) and the counting
minutes (the numbers are in it)."""

from __future__ import annotations

import re
import zlib
from typing import Any

import pytest

from daihoi.elections import pdf, selectors
from daihoi.elections.models import Round
from tests.conftest import save_artifact

pytestmark = pytest.mark.django_db

def page_streams(data: bytes) -> list[bytes]:
    """The content stream of each page, in page order (uncompressed: pageCompression=0)."""
    objects = {int(m.group(1)): m.group(2) for m in
               re.finditer(rb"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S)}
    streams = []
    pages = [b for b in objects.values() if re.search(rb"/Type /Page\b(?!s)", b)]
    for body in pages:
        ref = re.search(rb"/Contents (\d+) 0 R", body)
        assert ref, body
        content = objects[int(ref.group(1))]
        raw = re.search(rb"stream\r?\n(.*)endstream", content, re.S)
        assert raw
        payload = raw.group(1)
        if b"/FlateDecode" in content:
            payload = zlib.decompress(payload)
        streams.append(payload)
    return streams


def form_text(data: bytes) -> bytes:
    """The ballot form's stream (where the names are drawn)."""
    m = re.search(rb"/Subtype /Form.*?stream\r?\n(.*?)endstream", data, re.S)
    assert m
    return m.group(1)


@pytest.mark.parametrize("size, per_sheet", [("A5", 2), ("A4", 1)])
def test_ballot_pages_are_identical(counting_round: Any, size: str, per_sheet: int) -> None:
    round_ = counting_round(convened=7, issued=7)
    data = pdf.ballots_pdf(round_, size=size)
    streams = page_streams(data)
    # 7 ballots: rounded up to full sheets.
    assert len(streams) == -(-7 // per_sheet)
    assert len(set(streams)) == 1, "a page differs from another: a ballot could be told apart"
    # Every ballot on a page is the same form, placed per_sheet times.
    assert streams[0].count(b"/FormXob.ballot Do") == per_sheet
    # Nothing else is drawn on a page except the cut line.
    assert b"Tj" not in streams[0]
    save_artifact(f"ballots-{size}.pdf", data)


def test_ballot_form_holds_the_list_in_ballot_order(counting_round: Any) -> None:
    round_ = counting_round(ballot_format="approve", seats=5, decide_surplus=True)
    data = pdf.ballots_pdf(round_, copies=2)
    form = form_text(data)
    # Names are subset-encoded by reportlab: check the layout through the drawing commands.
    assert form.count(b"re") >= len(selectors.ballot_candidates(round_))
    assert len(page_streams(data)) == 1


def test_minutes_contain_the_numbers(counted_round: Round) -> None:
    round_ = counted_round
    data = pdf.minutes_pdf(round_)
    assert data.startswith(b"%PDF")
    text = pdf.story_text(pdf.minutes_story(round_))
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    # Ballot order and the elected in order of votes, with % of the base 4.
    assert "1. Nguyễn Văn An, 2. Trần Thị Bình, 3. Lê Văn Cường" in text
    assert "Số phiếu phát ra: 4; số phiếu thu vào: 4" in text
    assert "Số phiếu hợp lệ: 4; số phiếu không hợp lệ: 0" in text
    assert "100,00" in text and "75,00" in text and "25,00" in text  # the decimal comma
    assert "Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 190-QĐ/TW" in text
    save_artifact("minutes.pdf", data)


def test_candidate_list_in_ballot_order(make_election: Any, client_as: Any) -> None:
    from django.urls import reverse

    election = make_election()
    text = pdf.story_text(pdf.candidate_list_story(election))
    order = [text.index(n) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường",
                                     "Phạm Thị Dung", "Hoàng Văn Em")]
    assert order == sorted(order)
    assert "Số lượng cần bầu: 3; danh sách gồm 5 đồng chí" in text
    res = client_as("office").get(reverse("elections:candidate_list_pdf", args=[election.pk]))
    assert res.status_code == 200 and res.content.startswith(b"%PDF")
