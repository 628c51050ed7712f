"""Shared PDF setup: the DejaVu Sans font shipped in the package (Vietnamese glyphs on any
machine), paragraph styles, the escaping of data for paragraphs, and a helper that turns a
list of flowables into bytes."""

from __future__ import annotations

import io
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
from reportlab.platypus import SimpleDocTemplate, TableStyle

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
