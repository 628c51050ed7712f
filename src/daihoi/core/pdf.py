"""Shared PDF setup: the DejaVu Sans font shipped in the package (Vietnamese glyphs on any
machine), paragraph styles, the escaping of data for paragraphs, and a helper that turns a
list of flowables into bytes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"


def para_text(value: object) -> str:
    """`value` as the text of a reportlab Paragraph, which reads a mini-HTML: unescaped, a
    name holding `<img src=x>` breaks the PDF (a 500), `<font size="30">` restyles official
    minutes and `<img src="/a/file">` embeds a file of the server. Every text from the
    database or the user goes through here on its way into a Paragraph (or anything that
    builds one, as the table of contents does); the markup the code writes itself (<b>,
    <br/>, &nbsp;) is left as it is. The canvas's drawString prints its text as given and
    needs none of this."""
    return escape(str(value))


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(FONT_DIR / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD)


@cache
def styles() -> StyleSheet1:
    register_fonts()
    sheet = getSampleStyleSheet()
    for name in ("Normal", "BodyText", "Title", "Heading1", "Heading2", "Heading3", "Italic"):
        sheet[name].fontName = FONT_BOLD if name.startswith(("Title", "Heading")) else FONT
    sheet["Italic"].fontName = FONT_ITALIC
    sheet.add(ParagraphStyle("Center", parent=sheet["Normal"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("CenterBold", parent=sheet["Center"], fontName=FONT_BOLD))
    sheet.add(ParagraphStyle("Small", parent=sheet["Normal"], fontSize=8, leading=10))
    return sheet


def table_style(header_rows: int = 1) -> TableStyle:
    register_fonts()
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 9),
            ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, 9),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee")),
        ]
    )


def build_pdf(flowables: list[Any], *, pagesize: tuple[float, float] = A4, title: str = "",
              margin: float = 15 * mm, **doc_kwargs: Any) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=pagesize, title=title, leftMargin=margin, rightMargin=margin,
        topMargin=margin, bottomMargin=margin, **doc_kwargs,
    )
    doc.build(flowables)
    return buffer.getvalue()


# --- the heading of a Party document (Hướng dẫn 36-HD/VPTW) ------------------------------------
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
PLACE_UNKNOWN = "……"


def english() -> bool:
    """Whether the PDF being built is in English (the active language: the request's, or
    the one a worker task was asked in); Vietnamese otherwise. (Django is imported here, not
    at the top: the fonts and the ballot drawing are used by commands that run without it.)"""
    from django.utils.translation import get_language

    return (get_language() or "vi").lower().split("-")[0] == "en"


def lang() -> str:
    """The active language's code for the number formats of rules/percent.py."""
    return "en" if english() else "vi"


def party_name() -> str:
    """The Party's name in the heading, in the document's language."""
    from django.utils.translation import gettext

    return gettext("ĐẢNG CỘNG SẢN VIỆT NAM")


def document_date(on: dt.date) -> str:
    """"ngày 05 tháng 02 năm 2025": Hướng dẫn 36-HD/VPTW writes a 0 before a day below 10 and
    before the months 1 and 2 (so that nothing can be added to them). In English the same
    date reads "05 February 2025"."""
    if english():
        from django.utils.dates import MONTHS

        return f"{on.day:02d} {MONTHS[on.month]} {on.year}"
    day = f"{on.day:02d}"
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"ngày {day} tháng {month} năm {on.year}"


def place_and_date(place: str, on: dt.date) -> str:
    """"Bắc Giang, ngày 05 tháng 12 năm 2025" (the place is the province or city where the
    issuing body sits; dots when no address names it, to be written in by hand)."""
    return f"{place.strip() or PLACE_UNKNOWN}, {document_date(on)}"


@dataclass(frozen=True)
class Heading:
    """The heading of a Party document (Hướng dẫn 36-HD/VPTW, thể thức văn bản của Đảng):
    left, the issuing body (the body above it first, the issuer itself last and in bold),
    a star below, then the document number where one applies ("Số 01-BB/BKP"); right, the
    Party's name, underlined, and the place and date in italics."""

    issuer: Sequence[str]
    place: str
    on: dt.date
    number: str = ""

    def left_lines(self) -> list[str]:
        lines = [line.upper() for line in self.issuer if line.strip()]
        return [*lines, "*", *([number_text(self.number)] if self.number else [])]

    def right_lines(self) -> list[str]:
        return [party_name(), place_and_date(self.place, self.on)]


def number_text(number: str) -> str:
    """"Số 01-BB/BKP" (the document's number after its word, in the document's language)."""
    from django.utils.translation import gettext

    return gettext("Số %(number)s") % {"number": number}


def heading_table(heading: Heading, *, width: float = 180 * mm) -> Table:
    """The heading as a two-column table, the first flowable of every PDF's story."""
    st = styles()
    issuer = [para_text(line.upper()) for line in heading.issuer if line.strip()]
    left = "<br/>".join([*issuer[:-1], *([f"<b>{issuer[-1]}</b>"] if issuer else []), "*"])
    if heading.number:
        left += f"<br/>{para_text(number_text(heading.number))}"
    right = (f"<b><u>{para_text(party_name())}</u></b><br/><br/>"
             f"<i>{para_text(place_and_date(heading.place, heading.on))}</i>")
    table = Table([[Paragraph(left, st["Center"]), Paragraph(right, st["Center"])]],
                  colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table
