"""Drawing a ballot made to be read, with reportlab; no Django (the command line prints too).

The elections app's ballot PDF (daihoi.elections.pdf) draws its ballot with `draw_ballot`,
and `ballots_pdf` here prints ballots from plain data for `daihoi ballots` and the bench.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfgen.canvas import Canvas

from daihoi.core.pdf import register_fonts
from daihoi.elections.scanning.layout import (
    APPROVE,
    COLUMN_GAP,
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    MM,
    Layout,
    ballot_layout,
    code_text,
    fit,
    fits,
)

INSTRUCTION_STRIKE = "Gạch ngang cả họ và tên người không bầu."
INSTRUCTION_APPROVE = ("Đánh dấu (X) vào cột “Đồng ý” hoặc “Không đồng ý” ở mỗi dòng; "
                       "chỉ đánh một ô mỗi dòng.")
BALLOT_FORM = "ballot"


@dataclass(frozen=True)
class BallotText:
    """What a ballot says, beside its list."""

    org_lines: list[str]  # the convening committee, parent first, as printed (upper case)
    stamp_label: str  # "Dấu của ..." in the stamp area
    title: str
    names: list[str]
    ballot_format: str = "strike"
    term: str = ""  # the congress and the term it elects for (Hướng dẫn: the ballot names them)


@cache
def marker_cells(marker_id: int) -> tuple[tuple[bool, ...], ...]:
    """The 6 × 6 cells (True = black) of ArUco 4×4 marker `marker_id`, border included."""
    import cv2

    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_1000)
    image = cv2.aruco.generateImageMarker(dictionary, marker_id, 6)
    return tuple(tuple(bool(v < 128) for v in row) for row in image)


def draw_marker(c: Canvas, marker_id: int, x: float, y: float, size: float) -> None:
    cell = size / 6
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)
    path = c.beginPath()
    for i, row in enumerate(marker_cells(marker_id)):
        for j, black in enumerate(row):
            if black:  # row 0 is the top of the marker
                path.rect(x + j * cell, y + size - (i + 1) * cell, cell, cell)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def draw_ballot(c: Canvas, text: BallotText, lay: Layout) -> None:
    """One ballot at the origin, as `lay` (computed for the same names) places it."""
    w = lay.width
    approve = lay.ballot_format == APPROVE
    # The stamp area, top left (190-QĐ/TW Điều 15: the convening committee's stamp).
    sx, sy, sw, sh = lay.stamp
    c.setDash(3, 2)
    c.setLineWidth(0.6)
    c.rect(sx, sy, sw, sh)
    c.setDash()
    c.setFont(FONT_ITALIC, fit(text.stamp_label, FONT_ITALIC, 7, sw - 2 * MM))
    c.drawCentredString(sx + sw / 2, sy + sh / 2 - 2, text.stamp_label)
    # The convening committee, beside the stamp area.
    x_text = sx + sw + 4 * MM
    avail = w - x_text - 10 * MM
    y = lay.org_lines_y[0] if lay.org_lines_y else sy + sh - 4 * MM
    for line in text.org_lines:
        size = fit(line, FONT_BOLD, 8.5, avail)
        c.setFont(FONT_BOLD, size)
        c.drawCentredString(x_text + avail / 2, y, line)
        y -= size + 3
    c.setFont(FONT_ITALIC, 8)
    c.drawCentredString(x_text + avail / 2, y - 1, "*")
    c.setFont(FONT_BOLD, 15)
    c.drawCentredString(w / 2, lay.title_y, "PHIẾU BẦU CỬ")
    table_w = lay.table[2]
    size = fit(text.title.upper(), FONT_BOLD, 10, table_w)
    c.setFont(FONT_BOLD, size)
    c.drawCentredString(w / 2, lay.subtitle_y, text.title.upper())
    if text.term and lay.term_y is not None:
        size = fit(text.term, FONT_ITALIC, 9, table_w)
        c.setFont(FONT_ITALIC, size)
        c.drawCentredString(w / 2, lay.term_y, text.term)
    # The list: a header over each column, then the rows.
    hx, hy, hw, hh = lay.header
    c.setLineWidth(0.5)
    num_w = 12 * MM
    column_w = lay.column_w or hw
    first = lay.rows[0] if lay.rows else None
    # The agree/disagree boxes' place in a column (from its left edge) and their widths.
    boxes = ((first.agree[0] - first.box[0], first.agree[2],
              first.disagree[0] - first.box[0], first.disagree[2])
             if approve and first and first.agree and first.disagree else None)
    for k in range(lay.columns):
        cx = hx + k * (column_w + COLUMN_GAP)
        c.rect(cx, hy, column_w, hh)
        for x in [cx + num_w] + ([cx + boxes[0], cx + boxes[2]] if boxes else []):
            c.line(x, hy + hh, x, hy)
        c.setFont(FONT_BOLD, 8.5)
        name_end = cx + boxes[0] if boxes else cx + column_w
        c.drawCentredString(cx + num_w / 2, hy + 2.3 * MM, "Số TT")
        c.drawCentredString((cx + num_w + name_end) / 2, hy + 2.3 * MM, "Họ và tên")
        if boxes:
            ax, aw, dx, dw = boxes
            c.setFont(FONT_BOLD, fit("Không đồng ý", FONT_BOLD, 8.5, dw - 2 * MM))
            c.drawCentredString(cx + ax + aw / 2, hy + 2.3 * MM, "Đồng ý")
            c.drawCentredString(cx + dx + dw / 2, hy + 2.3 * MM, "Không đồng ý")
    for row in lay.rows:
        rx, ry, rw, rh = row.box
        c.rect(rx, ry, rw, rh)
        base = row.name_box[1]
        c.setFont(FONT, row.font_size)
        c.drawCentredString(rx + num_w / 2, base, str(row.number))
        c.setFont(FONT_BOLD, row.font_size)
        c.drawString(row.name_box[0], base, row.name)
        # Column rules, row by row (a second column may be a row shorter).
        xs = [rx + num_w]
        if row.agree and row.disagree:
            xs += [row.agree[0], row.disagree[0]]
        for x in xs:
            c.line(x, ry + rh, x, ry)
    tx = lay.table[0]
    note = "Ghi chú: " + (INSTRUCTION_APPROVE if approve else INSTRUCTION_STRIKE)
    c.setFont(FONT_ITALIC, fit(note, FONT_ITALIC, 8.5, table_w))
    c.drawString(tx, lay.note_y, note)
    # Marks for the reader: the corner and code markers, and the code in digits.
    for marker_id, (mx, my, ms, _) in lay.markers.items():
        draw_marker(c, marker_id, mx, my, ms)
    c.setFont(FONT, 6.5)
    c.drawString(*lay.code_text_at, code_text(lay.code))


SIZES = {"A5": A5, "A4": A4}


def sheet_for(text: BallotText, size: str = "A5") -> str:
    """The sheet the ballot prints on: `size` when its list fits there with rows of a
    readable height (layout.MIN_ROW), else A4 (where a long list runs in two columns)."""
    size = size.upper()
    if size == "A4":
        return size
    w, h = SIZES[size]
    return size if fits(text.names, w, h, ballot_format=text.ballot_format,
                        org_line_count=len(text.org_lines), term_line=bool(text.term)) else "A4"


def ballot_layout_for(text: BallotText, code: int, size: str = "A5") -> Layout:
    """The layout on sheet `size` (as sheet_for chose it)."""
    w, h = SIZES[size.upper()]
    return ballot_layout(w, h, text.names, ballot_format=text.ballot_format, code=code,
                         org_line_count=len(text.org_lines), term_line=bool(text.term),
                         size=size.upper())


def ballots_pdf(text: BallotText, code: int, *, count: int, size: str = "A5") -> bytes:
    """`count` ballots, one to a page of the ballot's size (as cut ballots are scanned)."""
    register_fonts()
    lay = ballot_layout_for(text, code, size)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(lay.width, lay.height), pageCompression=0, invariant=1)
    c.setTitle(f"Phiếu bầu – {text.title}")
    c.beginForm(BALLOT_FORM, lowerx=0, lowery=0, upperx=lay.width, uppery=lay.height)
    draw_ballot(c, text, lay)
    c.endForm()
    for _ in range(max(count, 1)):
        c.doForm(BALLOT_FORM)
        c.showPage()
    c.save()
    return buffer.getvalue()
