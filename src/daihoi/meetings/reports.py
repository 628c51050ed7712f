"""The comments report (báo cáo tiếp thu, giải trình ý kiến góp ý) of a draft, as DOCX
(python-docx) and PDF (core PDF helpers, DejaVu embedded, every text escaped)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.platypus import Paragraph, Spacer, Table

from daihoi.core.pdf import build_pdf, para_text, styles, table_style
from daihoi.meetings import selectors
from daihoi.meetings.models import Conference, Draft


def _title(draft: Draft) -> str:
    return _("Báo cáo tiếp thu, giải trình ý kiến góp ý vào %(draft)s") % {"draft": draft.title}


def _heading(text: str) -> str:
    return text or _("(Mục đã lược bỏ trong phiên bản mới)")


def _heads() -> list[str]:
    return [_("STT"), _("Người góp ý"), _("Ý kiến"), _("Xử lý"), _("Trả lời / giải trình")]


def report_docx(draft: Draft) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(_title(draft), level=1)
    document.add_paragraph(str(draft.conference))
    number = 0
    for row in selectors.report_rows(draft):
        document.add_heading(_heading(row.heading), level=2)
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
        flow.append(Paragraph(para_text(_heading(row.heading)), st["Heading3"]))
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


def conclusion_pdf(conference: Conference) -> bytes:
    """The conference's conclusion (thông báo kết luận): committee, number, date, place,
    chair, agenda, attendance against the membership, and the conclusion text."""
    st = styles()
    summary = selectors.attendance_summary(conference)
    title = _("Thông báo kết luận %(conference)s") % {"conference": conference}
    flow: list = [Paragraph(para_text(title), st["Title"]),
                  Paragraph(para_text(conference.committee.name), st["Center"]), Spacer(1, 8)]
    facts = [
        (_("Thời gian"), conference.starts_at.strftime("%H:%M %d/%m/%Y")),
        (_("Hình thức"), conference.get_kind_display()),
        (_("Địa điểm"), conference.place), (_("Chủ trì"), conference.chair),
        (_("Điểm danh"), _("triệu tập %(c)d, có mặt %(p)d, vắng có lý do %(e)d, vắng không lý do %(a)d")
         % {"c": summary.convened, "p": summary.present, "e": summary.excused, "a": summary.absent}),
    ]
    for label, value in facts:
        flow.append(Paragraph(f"<b>{para_text(label)}:</b> {para_text(value)}", st["Normal"]))
    flow.append(Paragraph(para_text(_("Chương trình")), st["Heading3"]))
    for i, item in enumerate(conference.agenda_items, start=1):
        flow.append(Paragraph(para_text(f"{i}. {item}"), st["Normal"]))
    flow.append(Paragraph(para_text(_("Kết luận Hội nghị")), st["Heading3"]))
    for line in (conference.conclusion or _("Chưa có kết luận.")).splitlines():
        flow.append(Paragraph(para_text(line), st["Normal"]))
    return build_pdf(flow, title=title)
