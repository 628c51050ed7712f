"""The ballot reader on generated ballots (issue 20 item 6): each kind of stroke, rotated and
upside down, a blank page, another round's ballot, an unstamped one, write-ins and marks.
Small images (150 dpi), a few ballots; the accuracy run on thousands is bench/scan.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bench.scan_deck import Deck, spec_for
from daihoi.elections.scanning import cli, reader

SPEC = spec_for(8, 7)
NAMES = SPEC["candidates"]


@pytest.fixture(scope="module")
def deck() -> Deck:
    return Deck(SPEC, other=spec_for(8, 7, title="Bầu Bí thư Đảng ủy"))


def read(deck: Deck, image: np.ndarray) -> reader.Reading:
    return reader.read_ballot(image, deck.template())


@pytest.mark.parametrize("ink,felt", [("black", False), ("blue", False), ("lightblue", True)])
def test_each_kind_of_stroke_is_read(deck: Deck, ink: str, felt: bool) -> None:
    styles = {NAMES[0]: "straight", NAMES[2]: "wavy", NAMES[3]: "double", NAMES[5]: "partial",
              NAMES[7]: "miss"}
    b = deck.make(styles, ink=ink, felt=felt)
    r = read(deck, b.image)
    assert r.status == reader.READ, (r.to_json(), r.details())
    assert sorted(r.struck) == sorted(styles)
    assert r.flags == []


def test_an_unmarked_ballot_keeps_every_name(deck: Deck) -> None:
    r = read(deck, deck.make({}).image)
    assert (r.status, r.struck, r.doubtful) == (reader.READ, [], [])


def test_a_stroke_through_the_family_name_only_goes_to_a_person(deck: Deck) -> None:
    b = deck.make({NAMES[1]: "family", NAMES[4]: "straight"})
    r = read(deck, b.image)
    assert r.status == reader.DOUBTFUL
    assert r.doubtful == [NAMES[1]]
    assert r.struck == [NAMES[4]]


@pytest.mark.parametrize("angle,upside_down", [(4.5, False), (-4.0, True), (0.0, True)])
def test_rotated_and_upside_down_ballots_are_read(deck: Deck, angle: float,
                                                   upside_down: bool) -> None:
    """Read, or shown to a person (a flag), never misread (issue 20)."""
    styles = {NAMES[1]: "straight", NAMES[6]: "wavy"}
    r = read(deck, deck.make(styles, angle=angle, upside_down=upside_down).image)
    assert r.status in (reader.READ, reader.DOUBTFUL), (r.to_json(), r.details())
    assert sorted(r.struck) == sorted(styles)  # a kept name may be doubtful, never struck
    assert not set(r.doubtful) & set(styles)
    assert r.upside_down == upside_down


def test_a_blank_page_is_refused(deck: Deck) -> None:
    r = read(deck, np.full((1240, 874, 3), 250, np.uint8))
    assert r.status == reader.REFUSED
    assert r.reason == reader.REASON_NOT_A_BALLOT


def test_a_ballot_of_another_round_is_refused(deck: Deck) -> None:
    r = read(deck, deck.make({NAMES[0]: "straight"}, other=True).image)
    assert r.status == reader.REFUSED
    assert "khác" in (r.reason or "")
    assert r.struck == []


def test_a_photocopy_without_a_stamp_is_flagged(deck: Deck) -> None:
    image = deck.make({NAMES[2]: "straight"}, stamp=False).image
    grey = np.repeat(image.mean(axis=2, keepdims=True).astype(np.uint8), 3, axis=2)
    r = read(deck, grey)
    assert r.status == reader.DOUBTFUL
    assert r.flags == [reader.UNSTAMPED]
    assert r.struck == [NAMES[2]]


def test_a_written_in_name_and_a_signature_are_flagged(deck: Deck) -> None:
    r = read(deck, deck.make({NAMES[0]: "straight"}, write_in=True).image)
    assert r.status == reader.DOUBTFUL and reader.WRITE_IN in r.flags
    r = read(deck, deck.make({}, scribble=True).image)
    assert r.status == reader.DOUBTFUL and reader.MARK in r.flags


def test_the_layout_survives_json(deck: Deck) -> None:
    from daihoi.elections.scanning.layout import Layout

    assert Layout.from_json(json.loads(json.dumps(deck.layout.to_json()))) == deck.layout


def test_ballots_and_scan_commands(tmp_path: Path, capsys: Any) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({**SPEC, "ballots": []}, ensure_ascii=False))
    pdf = tmp_path / "ballots.pdf"
    assert cli.ballots_main([str(spec), "--count", "2", "--out", str(pdf)]) == 0
    # The names are text in the PDF (searchable), not outlines.
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf.read_bytes())
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert all(name in text for name in NAMES)
    blank = tmp_path / "blank.png"
    import cv2

    cv2.imwrite(str(blank), np.full((300, 200, 3), 255, np.uint8))
    assert cli.scan_main([str(spec), str(pdf), str(blank), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"ballots", "seconds"}
    first, second, third = out["ballots"]
    assert first["source"] == f"{pdf}:1" and second["source"] == f"{pdf}:2"
    # A printed ballot straight from the printer has no stamp yet.
    assert first == {"source": f"{pdf}:1", "status": "doubtful", "struck": [], "doubtful": [],
                     "flags": ["unstamped"], "reason": None}
    assert third["source"] == str(blank) and third["status"] == "refused" and third["reason"]


def test_bad_spec_is_one_line_and_exit_2(tmp_path: Path, capsys: Any) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text('{"candidates": []}')
    assert cli.ballots_main([str(spec), "--out", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_the_reader_is_pure() -> None:
    code = ("import sys; import daihoi.elections.scanning.reader, daihoi.elections.scanning.cli, "
            "daihoi.elections.scanning.printing; "
            "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) "
            "else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603


APPROVE_SPEC = {**spec_for(5, 11, form="approve"), "seats": 5}
A_NAMES = APPROVE_SPEC["candidates"]


@pytest.fixture(scope="module")
def approve_deck() -> Deck:
    return Deck(APPROVE_SPEC)


def test_the_agree_disagree_form_reads_the_box_marked(approve_deck: Deck) -> None:
    """A tick, a cross or a filled box in "Đồng ý" or "Không đồng ý"; a line marked in both
    boxes or in neither counts for nobody (190-QĐ/TW Điều 30 khoản 1)."""
    boxes = {A_NAMES[0]: ("agree", "tick"), A_NAMES[1]: ("disagree", "cross"),
             A_NAMES[2]: ("agree", "fill"), A_NAMES[3]: ("both", "cross"),
             A_NAMES[4]: ("none", "")}
    b = approve_deck.make_approve(boxes)
    r = read(approve_deck, b.image)
    assert r.status == reader.READ, (r.to_json(approve=True), r.details())
    assert sorted(r.agree) == sorted([A_NAMES[0], A_NAMES[2]])
    assert r.disagree == r.struck == [A_NAMES[1]]
    states = {row.name: row.state for row in r.rows}
    assert (states[A_NAMES[3]], states[A_NAMES[4]]) == ("both", "none")


def test_the_agree_disagree_form_upside_down(approve_deck: Deck) -> None:
    boxes = {A_NAMES[0]: ("disagree", "tick"), A_NAMES[4]: ("disagree", "fill")}
    b = approve_deck.make_approve(boxes, upside_down=True, ink="black")
    r = read(approve_deck, b.image)
    assert r.upside_down
    assert sorted(r.disagree) == sorted([A_NAMES[0], A_NAMES[4]])
    assert r.agree == []


def test_a_long_list_goes_to_a4_in_two_columns_and_is_read_there() -> None:
    """55 seats, 62 names: too many for A5, printed on A4 in two columns (the layout
    decides); the reader, given both layouts, follows the one the page's code names."""
    spec = {**spec_for(62, 3), "seats": 55}
    text, lay = cli.spec_ballot(spec, "A5")
    assert (lay.size, lay.columns) == ("A4", 2)
    assert min(row.box[3] for row in lay.rows) >= 6 * 72 / 25.4 - 0.01
    assert lay.rows[31].box[0] > lay.rows[30].box[0]  # row 32 starts the second column
    deck = Deck(None, ballot=(text, lay))
    names = [row.name for row in lay.rows]
    strokes = {names[0]: "straight", names[30]: "wavy", names[31]: "double", names[61]: "miss"}
    b = deck.make(strokes, dpi=150, angle=-2.0)
    short = cli.spec_ballot(spec_for(8, 3), "A5")[1]
    assert short.size == "A5"
    r = reader.read_ballot(b.image, [reader.Template.from_layout(
        short, clean=reader.render_clean(cli.spec_ballot(spec_for(8, 3), "A5")[0], short)),
        deck.template()])
    assert r.status == reader.READ, (r.to_json(), r.reason)
    assert r.sheet == "A4"
    assert sorted(r.struck) == sorted(strokes)


def test_a_short_list_printed_on_a4_is_not_read_with_the_a5_layout() -> None:
    """The sheet is part of the round's code: an A4 print of an A5 ballot (the same page
    scaled by √2) is refused by the A5 layout alone, and read when both are given."""
    text5, lay5 = cli.spec_ballot(SPEC, "A5")
    text4, lay4 = cli.spec_ballot(SPEC, "A4")
    assert (lay5.size, lay4.size) == ("A5", "A4") and lay5.code != lay4.code
    deck4 = Deck(None, ballot=(text4, lay4))
    b = deck4.make({NAMES[1]: "straight"}, dpi=150)
    only5 = reader.Template.from_layout(lay5, clean=reader.render_clean(text5, lay5))
    assert read(Deck(SPEC), b.image).status == reader.REFUSED
    r = reader.read_ballot(b.image, [only5, deck4.template()])
    assert (r.status, r.struck, r.sheet) == (reader.READ, [NAMES[1]], "A4")


def test_daihoi_scan_reads_a_ballot_printed_on_a4(tmp_path: Path, capsys: Any) -> None:
    """`daihoi ballots --size A4` then `daihoi scan` with no size: the page's code tells
    the sheet."""
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC, ensure_ascii=False))
    pdf = tmp_path / "a4.pdf"
    assert cli.ballots_main([str(spec), "--count", "1", "--size", "A4", "--out", str(pdf)]) == 0
    assert cli.scan_main([str(spec), str(pdf)]) == 0
    (ballot,) = json.loads(capsys.readouterr().out)["ballots"]
    assert (ballot["status"], ballot["flags"], ballot["struck"]) == ("doubtful", ["unstamped"], [])
