"""The review as a Word document (python-docx) and as a PDF (core's PDF helpers, DejaVu Sans
embedded), in the active language (Vietnamese first), for the secretary to paste into the
political report."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.shared import Pt
from reportlab.platypus import Paragraph, Spacer, Table

from daihoi.congress.pdfs import congress_heading
from daihoi.core import pdf
from daihoi.targets.selectors import Review

HEADERS = [gettext_lazy("TT"), gettext_lazy("Chỉ tiêu"), gettext_lazy("Mục tiêu"),
           gettext_lazy("Kết quả"), gettext_lazy("Tiến độ"), gettext_lazy("Đánh giá")]


def _title(r: Review) -> str:
    return _("Kết quả thực hiện các chỉ tiêu Nghị quyết Đại hội lần thứ {n}, nhiệm kỳ {start}–{end} "
             "(tính đến ngày {on})").format(n=r.congress.ordinal_roman, start=r.congress.term_start,
                                            end=r.congress.term_end, on=f"{r.on:%d/%m/%Y}")


def _lines(r: Review) -> list[list[str]]:
    out = []
    for row in r.rows:
        t = row.target
        out.append([str(t.number), t.text, row.target_text, row.measured_text, row.phrase,
                    _(row.status_label)])
    return out


def _summary(r: Review) -> str:
    return _("Sau {elapsed} thời gian nhiệm kỳ, Đảng bộ {line} Nghị quyết Đại hội đề ra.").format(
        elapsed=r.elapsed_text, line=r.line)


def review_docx(r: Review) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    doc.add_heading(_title(r), level=1)
    doc.add_paragraph(_summary(r))
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = str(header)
    for line in _lines(r):
        cells = table.add_row().cells
        for cell, text in zip(cells, line, strict=True):
            cell.text = text
    for row in r.rows:
        if row.phrase:
            doc.add_paragraph(f"{row.target.text}: {row.phrase}.", style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def review_pdf(r: Review) -> bytes:
    st = pdf.styles()
    small = st["Small"]
    data = [[Paragraph(pdf.para_text(str(h)), small) for h in HEADERS]]
    data += [[Paragraph(pdf.para_text(c), small) for c in line] for line in _lines(r)]
    table = Table(data, colWidths=[22, 190, 55, 55, 110, 70], repeatRows=1)
    table.setStyle(pdf.table_style())
    # Hướng dẫn 36-HD/VPTW: the committee above, the committee that reports; place and date.
    flow = [pdf.heading_table(congress_heading(r.congress, body="")), Spacer(1, 6),
            Paragraph(pdf.para_text(_title(r)), st["Heading2"]),
            Paragraph(pdf.para_text(_summary(r)), st["Normal"]), Spacer(1, 8), table]
    return pdf.build_pdf(flow, title=_title(r))
