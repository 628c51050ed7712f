"""The comments report (báo cáo tiếp thu, giải trình ý kiến góp ý) of a draft, as DOCX
(python-docx) and PDF (core PDF helpers, DejaVu embedded, every text escaped)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.platypus import Paragraph, Spacer, Table

from daihoi.core.pdf import Heading, build_pdf, heading_table, lang, para_text, styles, table_style
from daihoi.meetings import selectors
from daihoi.meetings.models import Committee, Conference, ConfidenceVote, Draft, Invitation
from daihoi.organizations.selectors import document_place


def _document_heading(committee: Committee, on: dt.date | None = None) -> Any:
    """The heading of the committee's documents (Hướng dẫn 36-HD/VPTW): the organization
    above, the committee that issues; dated at the organization's place."""
    org = committee.organization
    issuer = [*([org.parent.name] if org.parent_id and org.parent else []), committee.name]
    return heading_table(Heading(issuer=issuer, place=document_place(org),
                                 on=on or timezone.localdate()))


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
    flow: list = [_document_heading(draft.conference.committee), Spacer(1, 6),
                  Paragraph(para_text(_title(draft)), st["Title"]),
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
    flow: list = [_document_heading(conference.committee, timezone.localtime(conference.starts_at).date()),
                  Spacer(1, 6), Paragraph(para_text(title), st["Title"]),
                  Paragraph(para_text(conference.committee.name), st["Center"]), Spacer(1, 8)]
    facts = [
        (_("Thời gian"), _when(conference)),
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


def _when(conference: Conference) -> str:
    # Local time: the database keeps UTC, and 14:00 in Hanoi is 07:00 UTC.
    return timezone.localtime(conference.starts_at).strftime("%H:%M %d/%m/%Y")


def invitation_pdf(invitation: Invitation) -> bytes:
    """The invitation (giấy mời) to one member or guest: the conference, its agenda and the
    documents sent with it (each draft's latest version), to print or forward."""
    st = styles()
    conference = invitation.conference
    title = _("Giấy mời")
    who = invitation.seat.full_name if invitation.seat else invitation.guest_name
    if invitation.guest_title:
        who = f"{who}, {invitation.guest_title}"
    flow: list = [_document_heading(conference.committee), Spacer(1, 6),
                  Paragraph(para_text(title.upper()), st["Title"]),
                  Paragraph(f"<b>{para_text(_('Kính gửi'))}:</b> {para_text(who)}", st["Normal"]),
                  Spacer(1, 6),
                  Paragraph(para_text(_("Trân trọng kính mời đồng chí dự %(conference)s.")
                                      % {"conference": conference}), st["Normal"])]
    for label, value in ((_("Thời gian"), _when(conference)), (_("Địa điểm"), conference.place),
                         (_("Chủ trì"), conference.chair)):
        flow.append(Paragraph(f"<b>{para_text(label)}:</b> {para_text(value)}", st["Normal"]))
    flow.append(Paragraph(para_text(_("Chương trình")), st["Heading3"]))
    for i, item in enumerate(conference.agenda_items, start=1):
        flow.append(Paragraph(para_text(f"{i}. {item}"), st["Normal"]))
    flow.append(Paragraph(para_text(_("Tài liệu gửi kèm")), st["Heading3"]))
    documents = selectors.invitation_documents(conference)
    for i, (draft, version) in enumerate(documents, start=1):
        flow.append(Paragraph(para_text(f"{i}. {draft.title} ({_('phiên bản')} {version.number})"),
                              st["Normal"]))
    if not documents:
        flow.append(Paragraph(para_text(_("Không có tài liệu gửi kèm.")), st["Normal"]))
    flow.append(Spacer(1, 6))
    flow.append(Paragraph(para_text(_("Ủy viên góp ý vào dự thảo trên hệ thống (máy tính hoặc "
                                      "điện thoại), trước và trong Hội nghị.")), st["Italic"]))
    return build_pdf(flow, title=title)


def year_sentence(counts: dict[str, int]) -> str:
    """The year's figures in the words of an inspection report."""
    return _("Kiểm tra {io} tổ chức đảng và {im} đảng viên; giám sát {so} tổ chức đảng và "
             "{sm} đảng viên; đã kết luận {done} cuộc; thi hành kỷ luật {dm} đảng viên ({d} "
             "quyết định: khiển trách {r}, cảnh cáo {w}, cách chức {x}, khai trừ {e}).").format(
        io=counts["inspection_organizations"], im=counts["inspection_members"],
        so=counts["supervision_organizations"], sm=counts["supervision_members"],
        done=counts["concluded"], dm=counts["disciplined_members"], d=counts["disciplines"],
        r=counts["discipline_reprimand"], w=counts["discipline_warning"],
        x=counts["discipline_dismissal"], e=counts["discipline_expulsion"])


def inspection_xlsx(year: int) -> bytes:
    """The year's inspection figures, inspections and disciplines, as Excel (core.tabular)."""
    from daihoi.core import tabular

    counts = selectors.year_counts(year)
    labels = [("inspections", _("Kiểm tra")),
              ("inspection_organizations", _("Kiểm tra tổ chức đảng")),
              ("inspection_members", _("Kiểm tra đảng viên")), ("supervisions", _("Giám sát")),
              ("supervision_organizations", _("Giám sát tổ chức đảng")),
              ("supervision_members", _("Giám sát đảng viên")),
              ("concluded", _("Đã kết luận")), ("of_organizations", _("đối với tổ chức")),
              ("of_members", _("đối với đảng viên")),
              ("disciplined_members", _("Đảng viên bị thi hành kỷ luật")),
              ("disciplines", _("Kỷ luật")),
              ("discipline_reprimand", _("khiển trách")), ("discipline_warning", _("cảnh cáo")),
              ("discipline_dismissal", _("cách chức")), ("discipline_expulsion", _("khai trừ"))]
    figures = tabular.Sheet(title=_("Số liệu năm"), columns=[_("Chỉ tiêu"), _("Số lượng")],
                            rows=[(label, counts[key]) for key, label in labels],
                            preamble=[(_("Kiểm tra, giám sát, kỷ luật") + f" {year}",),
                                      (year_sentence(counts),)])
    inspections = tabular.Sheet(
        title=_("Kiểm tra, giám sát"),
        columns=[_("Hình thức"), _("Đối tượng"), _("Nội dung"), _("Đoàn kiểm tra"), _("Từ ngày"),
                 _("Trạng thái"), _("Kết luận")],
        rows=[(str(i.get_kind_display()),
               i.target_member.full_name if i.target_member else
               (i.target_organization.name if i.target_organization else ""),
               i.content, i.inspectors, i.starts_on, str(i.get_status_display()), i.result)
              for i in selectors.inspections_in_year(year)])
    disciplines = tabular.Sheet(
        title=_("Kỷ luật"),
        columns=[_("Đảng viên"), _("Hình thức kỷ luật"), _("Ngày quyết định"), _("Cấp quyết định"),
                 _("Nội dung vi phạm")],
        rows=[(d.member.full_name, str(d.get_form_display()), d.decided_on, d.decided_by, d.reason)
              for d in selectors.disciplines_listed(year)])
    return tabular.xlsx_bytes(figures, inspections, disciplines)


def confidence_pdf(vote: ConfidenceVote) -> bytes:
    """The counting minutes of a confidence vote: quorum, and per person the counts with
    their shares of the ballots returned and the consequence (rules/confidence.py)."""
    from daihoi.rules import confidence as rules
    from daihoi.rules.percent import format_percent, percent

    def share(value: Any) -> str:  # "66,67%" in Vietnamese, "66.67%" in English
        return format_percent(percent(value.numerator, value.denominator), lang())

    st = styles()
    small = st["Small"]
    result = selectors.confidence_result(vote)
    title = _("Biên bản kiểm phiếu lấy phiếu tín nhiệm")
    flow: list = [_document_heading(vote.conference.committee), Spacer(1, 6),
                  Paragraph(para_text(title), st["Title"]),
                  Paragraph(para_text(f"{vote.title} – {vote.conference}"), st["Center"]),
                  Paragraph(para_text(_("Căn cứ") + " " + rules.CITATION), st["Center"]), Spacer(1, 8)]
    if result is None:
        flow.append(Paragraph(para_text(_("Chưa nhập kết quả kiểm phiếu.")), st["Normal"]))
        return build_pdf(flow, title=title)
    flow.append(Paragraph(para_text(
        _("Triệu tập %(c)d, có mặt %(p)d (cần ít nhất %(n)d: %(q)s), phiếu thu về %(r)d.") % {
            "c": result.convened, "p": result.present, "n": result.quorum_needed,
            "q": _("đủ 2/3") if result.quorum_met else _("không đủ 2/3"), "r": result.returned}),
        st["Normal"]))
    data = [[Paragraph(para_text(h), small) for h in (
        _("STT"), _("Họ và tên"), _("Tín nhiệm cao"), _("Tín nhiệm"), _("Tín nhiệm thấp"), _("Hệ quả"))]]
    for i, p in enumerate(result.people, start=1):
        data.append([Paragraph(para_text(v), small) for v in (
            i, p.name, f"{p.high} ({share(p.high_share)})",
            f"{p.medium} ({share(p.medium_share)})",
            f"{p.low} ({share(p.low_share)})", _(rules.CONSEQUENCE_TEXT[p.consequence]))])
    table = Table(data, colWidths=[25, 100, 70, 70, 70, 185], repeatRows=1)
    table.setStyle(table_style())
    flow.append(table)
    return build_pdf(flow, title=title)
