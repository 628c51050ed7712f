"""The application's part (issue 20 item 3): a box's scan uploaded, read by the worker (the
immediate backend in tests), doubtful ballots decided with who decided, joined to the count
exactly like keyed ballots, the minutes' figures and the keyed recount comparison."""

from __future__ import annotations

import io
from typing import Any

import cv2
import numpy as np
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bench.scan_deck import Deck
from daihoi.core.roles import Role
from daihoi.elections import services as el_services
from daihoi.elections.models import PaperBallot, Round
from daihoi.elections.scanning import paper, selectors, services
from daihoi.elections.scanning.models import ScanBatch, ScannedBallot


def scan_pdf(images: list[np.ndarray]) -> bytes:
    """A multi-page PDF of scanned pages, as a document scanner writes one."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    c = Canvas(buffer)
    for im in images:
        h, w = im.shape[:2]
        c.setPageSize((w * 72 / 150, h * 72 / 150))
        _ok, png = cv2.imencode(".png", im)
        c.drawImage(ImageReader(io.BytesIO(png.tobytes())), 0, 0, w * 72 / 150, h * 72 / 150)
        c.showPage()
    c.save()
    return buffer.getvalue()


def deck_of(round_: Round) -> Deck:
    return Deck(None, ballot=paper.layout_of(round_))


@pytest.fixture
def box(counting_round: Any) -> Any:
    """A round counting, and a box of four scanned ballots: two read, one with a stroke
    through the family name only (doubtful), one unstamped (flagged)."""
    round_ = counting_round(convened=6, issued=6)
    deck = deck_of(round_)
    names = [r.name for r in deck.layout.rows]
    images = [
        deck.make({names[3]: "straight", names[4]: "wavy"}).image,
        deck.make({names[3]: "double", names[4]: "straight"}, upside_down=True).image,
        deck.make({names[2]: "family", names[4]: "straight"}).image,
        deck.make({names[0]: "straight", names[4]: "straight"}, stamp=False).image,
    ]
    return round_, scan_pdf(images), names


@pytest.mark.django_db
def test_upload_read_decide_join(client_as: Any, box: Any, counter: Any) -> None:
    round_, data, names = box
    group = round_.groups.get()
    client = client_as(Role.COUNTING)
    res = client.post(reverse("scanning:scans", args=[round_.pk]),
                      {"group": group.pk, "file": SimpleUploadedFile("hom1.pdf", data)})
    assert res.status_code == 302
    batch = ScanBatch.objects.get()
    assert batch.status == ScanBatch.Status.READ, batch.message
    readings = list(batch.ballots.order_by("position"))
    assert [r.status for r in readings] == ["read", "read", "doubtful", "doubtful"]
    assert readings[0].struck == [4, 5] and readings[1].struck == [4, 5]
    assert readings[2].doubtful == [3] and readings[3].flags == ["unstamped"]
    assert selectors.batch_counts(batch)["undecided"] == 2
    # Not joined while a person has not decided.
    res = client.post(reverse("scanning:join", args=[batch.pk]), follow=True)
    assert PaperBallot.objects.count() == 0
    # The review screen shows the first doubtful ballot; the decision goes to the next.
    page = client.get(reverse("scanning:review", args=[batch.pk]))
    assert page.status_code == 200 and names[2] in page.content.decode()
    res = client.post(reverse("scanning:review", args=[batch.pk]),
                      {"ballot": readings[2].pk, "marks": "5"})
    assert res.status_code == 302 and f"ballot={readings[3].pk}" in res["Location"]
    client.post(reverse("scanning:review", args=[batch.pk]),
                {"ballot": readings[3].pk, "marks": "1 5", "unstamped": "on"})
    decided = ScannedBallot.objects.get(pk=readings[3].pk)
    assert decided.decided_by is not None and decided.decision["unstamped"] is True
    client.post(reverse("scanning:join", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ScanBatch.Status.JOINED
    papers = list(PaperBallot.objects.filter(group=group).order_by("position"))
    assert [p.marks for p in papers] == [[4, 5], [4, 5], [5], [1, 5]]
    assert [p.unstamped for p in papers] == [False, False, False, True]
    group.refresh_from_db()
    assert group.entered_1 == 4
    assert selectors.round_scan_figures(round_) == {"scanned": 4, "by_machine": 2, "by_person": 2}
    # The count and the minutes take them like keyed ballots, and say how they were read.
    el_services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    votes = {c["name"]: c["votes"] for c in round_.result["candidates"]}
    # Valid: the first two (the third keeps four names for three seats; the fourth is unstamped).
    assert [votes[n] for n in names] == [2, 2, 2, 0, 0]
    import pypdfium2 as pdfium

    from daihoi.elections import pdf

    doc = pdfium.PdfDocument(pdf.minutes_pdf(round_))
    text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "Kiểm bằng máy quét: 4 phiếu, trong đó máy đọc 2 phiếu" in " ".join(text.split())
    # The images are there for the review, for the counting committee only.
    assert client.get(reverse("scanning:image", args=[readings[0].pk]))["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_keyed_recount_is_compared(box: Any, counter: Any) -> None:
    round_, data, _names = box
    group = round_.groups.get()
    batch = services.batch_create(acting_user=counter, group=group, filename="hom1.pdf")
    from daihoi.elections.scanning.reader import load_bytes
    from daihoi.elections.scanning.tasks import read_pages

    services.batch_store(acting_user=counter, batch=batch,
                         readings=read_pages(batch, load_bytes(data, name="hom1.pdf")))
    for marks in ("4 5", "4 5", "4 5", "1 5"):  # keyed by hand: the third differs
        el_services.ballot_enter(acting_user=counter, group=group, marks=marks)
    comparison = selectors.recount_comparison(batch)
    assert comparison is not None and comparison["keyed"]["ballots"] == 4
    # Undecided doubtful ballots count as the machine read them (only its definite strokes).
    diffs = {d["name"]: (d["keyed"], d["scanned"]) for d in comparison["differences"]}
    assert diffs == {names_order(round_)[3]: (1, 2)}


def names_order(round_: Round) -> list[str]:
    return [r.name for r in paper.layout_of(round_)[1].rows]


@pytest.mark.django_db
def test_other_roles_get_nothing(client_as: Any, box: Any, counter: Any) -> None:
    round_, _data, _names = box
    batch = services.batch_create(acting_user=counter, group=round_.groups.get(), filename="x")
    client = client_as(Role.OFFICE)
    for url in (reverse("scanning:scans", args=[round_.pk]),
                reverse("scanning:batch", args=[batch.pk]),
                reverse("scanning:review", args=[batch.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("scanning:join", args=[batch.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.batch_create(acting_user=None, group=round_.groups.get(), filename="x")


@pytest.mark.django_db
def test_the_rounds_printed_ballots_carry_the_marks(counting_round: Any) -> None:
    """The hall's ballot PDF (two A5 to an A4 sheet) is read: cut in two, each half is a
    ballot of the round (unstamped, as it comes from the printer)."""
    from daihoi.elections import pdf
    from daihoi.elections.scanning import reader

    round_ = counting_round()
    sheet = reader.render_pdf_page(pdf.ballots_pdf(round_, copies=2), 0, 150)
    left = sheet[:, : sheet.shape[1] // 2]
    r = reader.read_ballot(left, deck_of(round_).template())
    assert (r.status, r.flags, r.struck) == ("doubtful", ["unstamped"], [])
    other = counting_round()
    assert reader.read_ballot(left, deck_of(other).template()).status == "refused"
