"""PDFs of the congress: delegate badges, the credentials report, the congress report."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import segno
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Spacer, Table

from daihoi.congress.models import Congress, Delegate
from daihoi.core import pdf
from daihoi.rules.percent import format_percent, percent

BADGE_W, BADGE_H = 90 * mm, 62 * mm
COLS, ROWS = 2, 4
RED = colors.HexColor("#b5121b")


def congress_title(congress: Congress) -> str:
    names = {"org": congress.organization.name, "ordinal": congress.ordinal_roman,
             "term": congress.term}
    if congress.kind == Congress.Kind.DELEGATES:
        return gettext("Đại hội đại biểu %(org)s lần thứ %(ordinal)s, nhiệm kỳ %(term)s") % names
    return gettext("Đại hội %(org)s lần thứ %(ordinal)s, nhiệm kỳ %(term)s") % names


def congress_heading(congress: Congress, *, body: str, number: str = "") -> pdf.Heading:
    """The heading of the congress's documents (Hướng dẫn 36-HD/VPTW): the committee above,
    the committee holding the congress, the body that signs; dated today at the committee's
    place."""
    from daihoi.organizations.selectors import document_place

    org = congress.organization
    issuer = [*([org.parent.name] if org.parent_id and org.parent else []), org.name, body]
    return pdf.Heading(issuer=issuer, place=document_place(org), on=timezone.localdate(),
                       number=number)


def _fit(c: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 6 and c.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _draw_qr(c: canvas.Canvas, code: str, x: float, y: float, size: float) -> None:
    """The QR as filled squares: vector, sharp at any print size, no image library."""
    qr = segno.make(code, error="m")
    matrix = [list(row) for row in qr.matrix]
    n = len(matrix) + 8  # quiet zone of 4 modules each side
    cell = size / n
    c.setFillColor(colors.white)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(colors.black)
    # One path for the whole symbol: far fewer PDF operators than a rect per module.
    path = c.beginPath()
    for r, row in enumerate(matrix):
        for col, on in enumerate(row):
            if on:
                path.rect(x + (col + 4) * cell, y + size - (r + 5) * cell, cell, cell)
    c.drawPath(path, stroke=0, fill=1)


def _wrap(c: canvas.Canvas, text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if c.stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines[:max_lines]


def badges_pdf(congress: Congress, delegates: Iterable[Delegate]) -> bytes:
    """Eight badges per A4 page (2 × 4), dashed cut lines between them."""
    pdf.register_fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle(gettext("Thẻ đại biểu – %(title)s") % {"title": congress_title(congress)})
    page_w, page_h = A4
    left = (page_w - COLS * BADGE_W) / 2
    top = (page_h - ROWS * BADGE_H) / 2
    title = congress_title(congress).upper()
    items = list(delegates)
    per_page = COLS * ROWS
    for start in range(0, max(len(items), 1), per_page):
        chunk = items[start : start + per_page]
        c.setStrokeColor(colors.grey)
        c.setDash(3, 3)
        c.setLineWidth(0.4)
        for i in range(COLS + 1):
            c.line(left + i * BADGE_W, top - 5 * mm, left + i * BADGE_W, page_h - top + 5 * mm)
        for j in range(ROWS + 1):
            c.line(left - 5 * mm, top + j * BADGE_H, page_w - left + 5 * mm, top + j * BADGE_H)
        c.setDash()
        for k, d in enumerate(chunk):
            col, row = k % COLS, k // COLS
            x = left + col * BADGE_W
            y = page_h - top - (row + 1) * BADGE_H
            _badge(c, congress, d, x, y, title)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _badge(c: canvas.Canvas, congress: Congress, d: Delegate, x: float, y: float, title: str) -> None:
    pad = 4 * mm
    inner = BADGE_W - 2 * pad
    # Header band with the congress title.
    c.setFillColor(RED)
    c.rect(x + 1, y + BADGE_H - 15 * mm, BADGE_W - 2, 15 * mm - 1, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(pdf.FONT, 5.5)
    c.drawCentredString(x + BADGE_W / 2, y + BADGE_H - 3.2 * mm, pdf.party_name())
    lines = _wrap(c, title, pdf.FONT_BOLD, 6.5, inner, 3)
    ty = y + BADGE_H - 6.2 * mm
    for line in lines:
        c.setFont(pdf.FONT_BOLD, 6.5)
        c.drawCentredString(x + BADGE_W / 2, ty, line)
        ty -= 3.2 * mm
    # Kind.
    official = d.kind == Delegate.Kind.OFFICIAL or d.replaces_id is not None
    label = gettext("ĐẠI BIỂU CHÍNH THỨC") if official else gettext("ĐẠI BIỂU DỰ KHUYẾT")
    c.setFillColor(RED if official else colors.HexColor("#7a5c00"))
    c.setFont(pdf.FONT_BOLD, 11)
    c.drawString(x + pad, y + BADGE_H - 22 * mm, label)
    # Name, organization, number.
    qr_size = 26 * mm
    text_w = BADGE_W - 2 * pad - qr_size - 2 * mm
    c.setFillColor(colors.black)
    name = d.member.full_name
    size = _fit(c, name, pdf.FONT_BOLD, 13, text_w)
    c.setFont(pdf.FONT_BOLD, size)
    c.drawString(x + pad, y + BADGE_H - 30 * mm, name)
    c.setFont(pdf.FONT, 7.5)
    oy = y + BADGE_H - 35 * mm
    for line in _wrap(c, d.represents.name, pdf.FONT, 7.5, text_w, 3):
        c.drawString(x + pad, oy, line)
        oy -= 3.4 * mm
    c.setFont(pdf.FONT, 8)
    c.drawString(x + pad, y + pad + 4 * mm, pgettext("badge", "Số thẻ"))
    c.setFont(pdf.FONT_BOLD, 18)
    c.drawString(x + pad + 11 * mm, y + pad + 3 * mm, f"{d.number:03d}" if d.number else "–")
    _draw_qr(c, d.checkin_code, x + BADGE_W - pad - qr_size, y + pad, qr_size)


def _counter_table(title: str, rows: list[tuple[str, int]], total: int) -> list[Any]:
    st = pdf.styles()
    data = [[title, gettext("Số lượng"), gettext("Tỷ lệ")]]
    for label, n in rows:
        share = format_percent(percent(n, total), pdf.lang()) if total else "–"
        data.append([label, str(n), share])
    table = Table(data, colWidths=[100 * mm, 30 * mm, 30 * mm])
    table.setStyle(pdf.table_style())
    table.setStyle([("ALIGN", (1, 1), (-1, -1), "RIGHT")])
    return [table, Spacer(1, 4 * mm), Paragraph("", st["Normal"])]


def credentials_pdf(
    congress: Congress,
    counts: Any,
    sections: list[tuple[str, list[tuple[str, int]]]],
    notes: list[str],
    chair: str = "",
) -> bytes:
    st = pdf.styles()
    heading = congress_heading(congress, body=gettext("Ban Thẩm tra tư cách đại biểu"),
                               number="\u00a0" * 8 + "-BC/BTTTC")
    flow: list[Any] = [
        pdf.heading_table(heading), Spacer(1, 6 * mm),
        Paragraph(gettext("BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU"), st["Title"]),
        Paragraph(pdf.para_text(congress_title(congress)), st["CenterBold"]),
        Spacer(1, 6 * mm),
    ]
    for line in notes:
        flow.append(Paragraph(pdf.para_text(line), st["BodyText"]))
    flow.append(Spacer(1, 4 * mm))
    for title, rows in sections:
        flow.extend(_counter_table(title, rows, counts.seated))
    sign = Table(
        [["", gettext("TM. BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU\nTRƯỞNG BAN") + "\n\n\n\n" + chair]],
        colWidths=[80 * mm, 90 * mm],
    )
    sign.setStyle([("FONT", (0, 0), (-1, -1), pdf.FONT_BOLD, 10), ("ALIGN", (1, 0), (1, 0), "CENTER")])
    flow.append(sign)
    return pdf.build_pdf(flow, title=gettext("Báo cáo thẩm tra tư cách đại biểu"))


def report_pdf(congress: Congress, paragraphs: list[str], tables: list[tuple[str, list[list[str]]]]) -> bytes:
    st = pdf.styles()
    heading = congress_heading(congress, body=gettext("Đại hội lần thứ %(ordinal)s") % {
                                   "ordinal": congress.ordinal_roman},
                               number="\u00a0" * 8 + "-BC/ĐH")
    flow: list[Any] = [
        pdf.heading_table(heading), Spacer(1, 6 * mm),
        Paragraph(gettext("BÁO CÁO TÓM TẮT ĐẠI HỘI"), st["Title"]),
        Paragraph(pdf.para_text(congress_title(congress)), st["CenterBold"]),
        Spacer(1, 6 * mm),
    ]
    for p in paragraphs:
        flow.append(Paragraph(pdf.para_text(p), st["BodyText"]))
        flow.append(Spacer(1, 2 * mm))
    for title, rows in tables:
        flow.append(Paragraph(pdf.para_text(title), st["Heading3"]))
        if rows:
            head = ParagraphStyle("SmallBold", parent=st["Small"], fontName=pdf.FONT_BOLD)
            cells = [
                [Paragraph(pdf.para_text(cell), head if i == 0 else st["Small"]) for cell in row]
                for i, row in enumerate(rows)
            ]
            table = Table(cells, repeatRows=1)
            table.setStyle(pdf.table_style())
            flow.append(table)
        flow.append(Spacer(1, 4 * mm))
    return pdf.build_pdf(flow, title=gettext("Báo cáo Đại hội"))
