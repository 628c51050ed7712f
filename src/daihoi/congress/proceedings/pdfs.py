"""PDFs of the hall, built from selectors only (a read: the views send it, and the service
that publishes it among the documents stores it; nothing here changes state).

The book of contributions (kỷ yếu tham luận): a cover, a table of contents with page
numbers (reportlab's TableOfContents, built in two passes), then each contribution."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from daihoi.congress.models import Congress
from daihoi.congress.pdfs import congress_heading
from daihoi.congress.proceedings import selectors
from daihoi.core import pdf


class _BookTemplate(SimpleDocTemplate):
    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Paragraph) and getattr(flowable, "_toc_entry", False):
            # The table of contents makes a Paragraph of the entry's text: the heading's
            # plain text is the title as typed again, so it is escaped again.
            text = pdf.para_text(flowable.getPlainText())
            key = f"c{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.notify("TOCEntry", (0, text, self.page, key))


def _page_number(canvas: Any, doc: Any) -> None:
    if doc.page == 1:
        return
    canvas.saveState()
    canvas.setFont(pdf.FONT, 9)
    canvas.drawCentredString(A4[0] / 2, 10 * mm, str(doc.page))
    canvas.restoreState()


def contributions_book(congress: Congress) -> bytes:
    sheet = pdf.styles()
    cover = ParagraphStyle("Cover", parent=sheet["CenterBold"], fontSize=20, leading=28,
                           textColor="#8a0f15")
    heading = ParagraphStyle("ContribTitle", parent=sheet["Heading2"], fontSize=14, leading=18)
    body = ParagraphStyle("ContribBody", parent=sheet["BodyText"], fontSize=11, leading=15,
                          firstLineIndent=8 * mm, alignment=4)
    title, term = selectors.title_lines(congress)
    story: list[Any] = [
        # Hướng dẫn 36-HD/VPTW: the issuing committee, the Party's name, place and date.
        pdf.heading_table(congress_heading(congress, body="")),
        Spacer(1, 30 * mm),
        Paragraph(pdf.para_text(title), cover),
        Spacer(1, 6 * mm),
        Paragraph(pdf.para_text(term), cover),
        Spacer(1, 25 * mm),
        Paragraph(gettext("KỶ YẾU THAM LUẬN"),
                  ParagraphStyle("Cover2", parent=cover, fontSize=26, leading=32)),
        Spacer(1, 60 * mm),
        Paragraph(pdf.para_text(f"{congress.venue or ''} {timezone.localdate():%m/%Y}".strip()),
                  sheet["Center"]),
        PageBreak(),
        Paragraph(gettext("MỤC LỤC"), sheet["Title"]),
    ]
    toc = TableOfContents()
    toc.levelStyles = [ParagraphStyle("TOC0", parent=sheet["Normal"], fontSize=11, leading=15,
                                      leftIndent=5 * mm, firstLineIndent=-5 * mm,
                                      rightIndent=12 * mm)]
    story += [toc, PageBreak()]
    rows = list(selectors.contributions(congress))
    if not rows:
        story.append(Paragraph(gettext("Chưa có bài tham luận."), sheet["Normal"]))
    for number, row in enumerate(rows, start=1):
        head = Paragraph(pdf.para_text(f"{number}. {row.title}"), heading)
        head._toc_entry = True
        story.append(head)
        byline = row.author + (f" – {row.organization}" if row.organization else "")
        story.append(Paragraph(f"<i>{pdf.para_text(byline)}</i>", sheet["Normal"]))
        story.append(Spacer(1, 4 * mm))
        text = row.text.strip()
        if text:
            for para in text.split("\n"):
                if para.strip():
                    story.append(Paragraph(pdf.para_text(para.strip()), body))
        elif row.file:
            file_name = (row.file.name or "").rsplit("/", 1)[-1]
            story.append(Paragraph(gettext("(Bài tham luận gửi dưới dạng tệp đính kèm: %(file)s)")
                                   % {"file": pdf.para_text(file_name)}, sheet["Italic"]))
        story.append(PageBreak())
    pdf.register_fonts()
    buffer = io.BytesIO()
    doc = _BookTemplate(buffer, pagesize=A4, title=gettext("Kỷ yếu tham luận – %(title)s") % {"title": title},
                        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                        bottomMargin=20 * mm)
    doc.multiBuild(story, onLaterPages=_page_number)
    return buffer.getvalue()
