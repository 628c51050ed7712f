"""The comments report (báo cáo tiếp thu, giải trình ý kiến góp ý) of a draft, as DOCX
(python-docx) and PDF (core PDF helpers, DejaVu embedded, every text escaped)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.platypus import Paragraph, Spacer, Table

from daihoi.core.pdf import build_pdf, para_text, styles, table_style
from daihoi.meetings import selectors
from daihoi.meetings.models import Draft


def _title(draft: Draft) -> str:
    return _("Báo cáo tiếp thu, giải trình ý kiến góp ý vào %(draft)s") % {"draft": draft.title}


def _heads() -> list[str]:
    return [_("STT"), _("Người góp ý"), _("Ý kiến"), _("Xử lý"), _("Trả lời / giải trình")]


def report_docx(draft: Draft) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(_title(draft), level=1)
    document.add_paragraph(str(draft.conference))
    number = 0
    for row in selectors.report_rows(draft):
        document.add_heading(row.heading, level=2)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, _heads(), strict=True):
            cell.text = text
        for c in row.comments:
            number += 1
            cells = table.add_row().cells
            for cell, text in zip(cells, [str(number), c.author_name, c.text,
                                          str(c.get_handling_display()), c.reply], strict=True):
                cell.text = text
    if number == 0:
        document.add_paragraph(_("Chưa có ý kiến góp ý."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_pdf(draft: Draft) -> bytes:
    st = styles()
    small = st["Small"]
    flow: list = [Paragraph(para_text(_title(draft)), st["Title"]),
                  Paragraph(para_text(str(draft.conference)), st["Center"]), Spacer(1, 8)]
    number = 0
    for row in selectors.report_rows(draft):
        flow.append(Paragraph(para_text(row.heading), st["Heading3"]))
        data = [[Paragraph(para_text(h), small) for h in _heads()]]
        for c in row.comments:
            number += 1
            data.append([Paragraph(para_text(v), small) for v in (
                number, c.author_name, c.text, c.get_handling_display(), c.reply)])
        table = Table(data, colWidths=[25, 90, 190, 60, 150], repeatRows=1)
        table.setStyle(table_style())
        flow += [table, Spacer(1, 6)]
    if number == 0:
        flow.append(Paragraph(para_text(_("Chưa có ý kiến góp ý.")), st["Normal"]))
    return build_pdf(flow, title=_title(draft))
