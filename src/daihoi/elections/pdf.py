"""Printed ballots and the counting minutes (biên bản kiểm phiếu), as PDF.

Ballots: one ballot is drawn ONCE into a PDF form (XObject) and placed on every page, so
nothing can tell two ballots apart (no serial number, no mark: 190-QĐ/TW Điều 15 and the
secrecy of the vote). A5 ballots print two to an A4 landscape sheet with a dashed cut line.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from daihoi.core.pdf import (
    FONT,
    FONT_BOLD,
    Heading,
    build_pdf,
    heading_table,
    lang,
    para_text,
    register_fonts,
    styles,
)
from daihoi.elections import selectors
from daihoi.elections.electorate import electorate_of
from daihoi.elections.models import Election, Round
from daihoi.elections.scanning import paper
from daihoi.elections.scanning import selectors as scanning_selectors
from daihoi.elections.scanning.paper import ballot_subtitle  # noqa: F401 (the ballot's term line)
from daihoi.elections.scanning.printing import (  # noqa: F401 (the instructions: re-exported)
    INSTRUCTION_APPROVE,
    INSTRUCTION_STRIKE,
    draw_ballot,
)
from daihoi.elections.services import ERR_NO_RESULT
from daihoi.organizations.selectors import document_place
from daihoi.rules.counting import BY_REASON_OUTPUT_ORDER, InvalidReason
from daihoi.rules.percent import format_percent
from daihoi.rules.rulesets import INVALID_REASON_INFO, RuleSet

BALLOT_FORM = "ballot"
MIN_FONT = 6.5

ERR_TOO_MANY_FOR_A5 = "Danh sách {count} người quá dài cho phiếu A5: hãy in khổ A4."


@dataclass(frozen=True)
class BallotLayout:
    page: tuple[float, float]  # the sheet
    per_sheet: int
    ballot: tuple[float, float]  # one ballot


def layout(size: str) -> BallotLayout:
    if size.upper() == "A4":
        return BallotLayout(A4, 1, A4)
    return BallotLayout(landscape(A4), 2, A5)


def _percent(candidate: dict[str, Any]) -> str:
    """"52,87" under the column "Tỷ lệ %" (in English "52.87" under "Percentage")."""
    return format_percent(Decimal(str(candidate["percent"])), lang(), sign=False)


def _org_lines(election: Election) -> list[str]:
    """The convening committee's name as the header prints it: the parent above, upper case."""
    org = election.organization
    lines = []
    if org.parent is not None:
        lines.append(org.parent.name.upper())
    lines.append(org.name.upper())
    return lines


def _fit(text: str, font: str, size: float, width: float) -> float:
    while size > MIN_FONT and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def ballots_pdf(round_: Round, *, copies: int | None = None, size: str = "A5") -> bytes:
    """`copies` ballots (default: the electorate convened), rounded up to full sheets.

    Always in Vietnamese, whatever the user's language: the ballot is the paper the
    delegates vote on, issued under the convening committee's stamp (190-QĐ/TW Điều 15), an
    official document in the official language; an English ballot would not be a ballot.
    The minutes, lists and reports about the vote follow the user's language."""
    with translation.override("vi"):
        return _ballots_pdf(round_, copies=copies, size=size)


def _ballots_pdf(round_: Round, *, copies: int | None, size: str) -> bytes:
    register_fonts()
    election = round_.election
    copies = copies or round_.electorate_convened or 1
    # The ballot made to be read (issue 20): markers and the round's code, drawn from the
    # same layout the scanner reads with. A list too long for A5 goes to A4 (in two
    # columns when long): the layout decides.
    try:
        text, ballot = paper.layout_of(round_, size)
    except ValueError:
        raise ValueError(ERR_TOO_MANY_FOR_A5.format(
            count=len(selectors.ballot_candidates(round_)))) from None
    lay = layout(ballot.size)
    sheets = math.ceil(copies / lay.per_sheet)
    buffer = io.BytesIO()
    # No creation date that differs per page; page compression off keeps streams comparable.
    c = Canvas(buffer, pagesize=lay.page, pageCompression=0, invariant=1)
    c.setTitle(f"Phiếu bầu – {election.title}")
    c.beginForm(BALLOT_FORM, lowerx=0, lowery=0, upperx=lay.ballot[0], uppery=lay.ballot[1])
    draw_ballot(c, text, ballot)
    c.endForm()
    for _ in range(sheets):
        for k in range(lay.per_sheet):
            c.saveState()
            c.translate(k * lay.ballot[0], 0)
            c.doForm(BALLOT_FORM)
            c.restoreState()
        if lay.per_sheet == 2:
            c.setDash(4, 3)
            c.setStrokeColor(colors.grey)
            c.line(lay.ballot[0], 5 * mm, lay.ballot[0], lay.page[1] - 5 * mm)
        c.showPage()
    c.save()
    return buffer.getvalue()


# --- the counting minutes --------------------------------------------------------------------
def _counting_members(election: Election) -> list[tuple[str, str]]:
    """(name, role) from the counting committee the electorate records (the congress's)
    if it has one, else as entered with the election."""
    found = electorate_of(election)
    rows = found.counting_committee(election) if found is not None else []
    if rows:
        return rows
    lines = [line.strip() for line in election.counting_members.splitlines() if line.strip()]
    return [(line, pgettext("counting committee", "Trưởng ban") if i == 0
             else pgettext("counting committee", "Thành viên"))
            for i, line in enumerate(lines)]


def minutes_pdf(round_: Round) -> bytes:
    """One minutes per round, in the layout of the forms of Hướng dẫn 04 (fields in RULES.md)."""
    return build_pdf(minutes_story(round_),
                     title=gettext("Biên bản kiểm phiếu – %(title)s") % {"title": round_.election.title})


def story_text(story: list[Any]) -> str:
    """The text of a story's paragraphs and table cells (tests read the minutes with it)."""
    out: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, Paragraph):
            out.append(item.getPlainText())
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    walk(cell)
        elif isinstance(item, KeepTogether):
            walk(item._content)
        elif isinstance(item, list | tuple):
            for x in item:
                walk(x)
        elif isinstance(item, str):
            out.append(item)

    walk(story)
    return "\n".join(out)


def _time_text(moment: Any) -> str:
    if moment is None:
        return gettext("… giờ … phút, ngày …")
    local = timezone.localtime(moment)
    return gettext("%(hour)s giờ %(minute)s phút, ngày %(date)s") % {
        "hour": f"{local:%H}", "minute": f"{local:%M}", "date": f"{local:%d/%m/%Y}"}


def document_heading(election: Election, *, body: str, on: Any, number: str = "") -> Heading:
    """The heading of the election's documents (Hướng dẫn 36-HD/VPTW): the convening
    committee with its parent, then the body that signs (the counting committee)."""
    return Heading(issuer=[*_org_lines(election), *([body] if body else [])],
                   place=document_place(election.organization), on=on, number=number)


def minutes_story(round_: Round) -> list[Any]:
    if not round_.result:
        raise ValueError(str(ERR_NO_RESULT))
    st = styles()
    election = round_.election
    result: dict[str, Any] = round_.result
    times = selectors.count_times(round_)
    day = timezone.localtime(times.ended or timezone.now()).date()
    found = electorate_of(election)
    body_title = found.body_title(election) if found is not None else ""
    venue = found.venue(election) if found is not None else ""
    flow: list[Any] = [heading_table(document_heading(
                           election, body=gettext("Ban Kiểm phiếu"), on=day)),
                       Spacer(1, 8 * mm),
                       Paragraph(f"<b>{gettext('BIÊN BẢN KIỂM PHIẾU')}</b>", st["Title"]),
                       Paragraph(para_text(gettext("%(title)s (lần %(number)s)") % {
                           "title": election.title, "number": round_.number}),
                                 st["CenterBold"])]
    if body_title:
        flow.append(Paragraph(para_text(body_title), st["Center"]))
    flow.append(Spacer(1, 5 * mm))
    body = st["BodyText"]
    # One line per regulation applied; the system's own list of rules is not a legal basis.
    for line in RuleSet.legal_bases():
        flow.append(Paragraph(para_text(gettext(line)), body))
    flow.append(Spacer(1, 2 * mm))
    flow.append(Paragraph(gettext(
        "Hôm nay, tại %(venue)s, Ban Kiểm phiếu bắt đầu kiểm phiếu lúc %(start)s; kết thúc "
        "lúc %(end)s.") % {"venue": para_text(venue) if venue else "…",
                           "start": _time_text(times.started), "end": _time_text(times.ended)},
        body))
    # RULES.md (open): the cases the rules leave open appear as what was decided, by whom.
    confirmation = selectors.counting_rules_confirmation(election)
    if confirmation is not None:
        flow.append(Paragraph(f"<b>{gettext('Cách xét phiếu:')}</b> "
                              + para_text(selectors.counting_rules_text(confirmation)), body))
    for decision in selectors.minutes_decisions(round_):
        when = timezone.localtime(decision.decided_at)
        flow.append(Paragraph(
            f"<b>{para_text(decision.get_kind_display())}:</b> "
            + gettext("%(who)s quyết định ngày %(date)s: %(text)s") % {
                "who": para_text(decision.decided_by), "date": f"{when:%d/%m/%Y}",
                "text": para_text(decision.text)}, body))
    flow.append(Spacer(1, 2 * mm))
    members = _counting_members(election)
    flow.append(Paragraph(f"<b>{gettext('I. Ban Kiểm phiếu gồm:')}</b>", body))
    for i, (name, role) in enumerate(members, start=1):
        flow.append(Paragraph(gettext("%(i)s. Đồng chí %(name)s – %(role)s") % {
            "i": i, "name": para_text(name), "role": para_text(role)}, body))
    if not members:
        flow.append(Paragraph(gettext("(chưa ghi thành viên Ban Kiểm phiếu)"), body))
    cands = result["candidates"]
    flow.append(Paragraph(gettext(
        "<b>II. Số lượng cần bầu:</b> %(seats)s. <b>Danh sách bầu cử</b> gồm %(count)s "
        "đồng chí (theo thứ tự trên phiếu bầu):") % {"seats": round_.seats, "count": len(cands)},
        body))
    flow.append(Paragraph(", ".join(f"{i}. {para_text(c['name'])}"
                                    for i, c in enumerate(cands, start=1)),
                          body))
    convened = round_.electorate_convened
    present = round_.electorate_present
    absent = convened - present if present is not None else None
    by_reason = result["invalid"]["by_reason"]
    flow += [
        Paragraph(f"<b>{gettext('III. Kết quả kiểm phiếu')}</b>", body),
        Paragraph(gettext("– Tổng số đại biểu được triệu tập: %(convened)s; số được trừ khi tính "
                          "tỷ lệ: %(excluded)s; cơ sở tính tỷ lệ: <b>%(base)s</b>.") % {
                              "convened": convened, "excluded": round_.excluded,
                              "base": result["base"]}, body),
        Paragraph(gettext("– Số đại biểu có mặt lúc bỏ phiếu: %(present)s; vắng mặt: "
                          "%(absent)s.") % {"present": present if present is not None else "…",
                                            "absent": absent if absent is not None else "…"},
                  body),
        Paragraph(gettext("– Số phiếu phát ra: %(issued)s; số phiếu thu vào: %(collected)s.") % {
            "issued": result["ballots_issued"], "collected": result["ballots_collected"]}, body),
        Paragraph(gettext("– Số phiếu hợp lệ: %(valid)s; số phiếu không hợp lệ: %(invalid)s, "
                          "trong đó:") % {"valid": result["valid"],
                                          "invalid": result["invalid"]["total"]}, body),
    ]
    for reason in BY_REASON_OUTPUT_ORDER:
        label = gettext(INVALID_REASON_INFO[InvalidReason(reason)].label)
        flow.append(Paragraph(f"&nbsp;&nbsp;&nbsp;+ {label}: {by_reason[str(reason)]}", body))
    scanned = scanning_selectors.round_scan_figures(round_)
    if scanned["scanned"]:  # issue 20: how many the machine read, how many a person decided
        flow.append(Paragraph(gettext(
            "– Kiểm bằng máy quét: %(scanned)s phiếu, trong đó máy đọc %(machine)s phiếu, Ban "
            "Kiểm phiếu xem và quyết định %(person)s phiếu.") % {
                "scanned": scanned["scanned"], "machine": scanned["by_machine"],
                "person": scanned["by_person"]}, body))
    flow.append(Paragraph(gettext("– Số phiếu cần đạt để trúng cử (quá một nửa của %(base)s): "
                                  "%(threshold)s.") % {"base": result["base"],
                                                       "threshold": result["threshold"]}, body))
    flow.append(Spacer(1, 2 * mm))
    flow.append(Paragraph(gettext("<b>Số phiếu bầu cho từng đồng chí</b> (theo thứ tự trên "
                                  "phiếu bầu):"), body))
    head = [gettext("Số TT"), gettext("Họ và tên"), gettext("Số phiếu"), gettext("Tỷ lệ %")]
    rows: list[list[Any]] = [list(head)]
    for i, c in enumerate(cands, start=1):
        rows.append([str(i), c["name"], str(c["votes"]), _percent(c)])
    t = Table(rows, colWidths=[14 * mm, 100 * mm, 25 * mm, 25 * mm], repeatRows=1)
    ts = TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9),
                     ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                     ("ALIGN", (2, 0), (-1, -1), "RIGHT"), ("ALIGN", (0, 0), (0, -1), "CENTER")])
    t.setStyle(ts)
    flow += [t, Spacer(1, 3 * mm)]
    votes = {c["name"]: c for c in cands}
    flow.append(Paragraph(gettext("<b>IV. Các đồng chí trúng cử</b> (xếp theo thứ tự số phiếu "
                                  "bầu từ cao đến thấp, có tỷ lệ quá bán):"), body))
    if result["elected"]:
        rows = [list(head)]
        for i, name in enumerate(result["elected"], start=1):
            c = votes[name]
            rows.append([str(i), name, str(c["votes"]), _percent(c)])
        t = Table(rows, colWidths=[14 * mm, 100 * mm, 25 * mm, 25 * mm], repeatRows=1)
        t.setStyle(ts)
        flow.append(t)
    else:
        flow.append(Paragraph(gettext("Không có đồng chí nào trúng cử."), body))
    if result.get("tie"):
        flow.append(Paragraph(gettext(
            "Có %(count)s đồng chí bằng phiếu ở vị trí cuối cho %(seats)s chỗ còn lại: "
            "%(names)s. Đề nghị Đoàn Chủ tịch cho bầu tiếp.") % {
                "count": len(result["tie"]["candidates"]), "seats": result["tie"]["seats"],
                "names": ", ".join(map(para_text, result["tie"]["candidates"]))}, body))
    if result.get("unfilled"):
        flow.append(Paragraph(gettext("Còn thiếu %(n)s người so với số lượng cần bầu.") % {
            "n": result["unfilled"]}, body))
    flow.append(Spacer(1, 4 * mm))
    closing = Paragraph(gettext(
        "Biên bản được lập xong lúc %(end)s, đã đọc lại cho Ban Kiểm phiếu cùng nghe và nhất "
        "trí ký tên. Phiếu bầu được niêm phong, lưu giữ theo quy định (190-QĐ/TW Điều 35).") % {
            "end": _time_text(times.ended)}, body)
    flow.append(signature_block(members, before=[closing]))
    return flow


def signature_block(members: list[tuple[str, str]], *, before: Sequence[Any] = ()) -> KeepTogether:
    """The signatures with their names, never split across a page (a name without its
    signature above it, or a signature line alone on the next page, is no signature)."""
    st = styles()
    sig_rows = [[Paragraph(f"<b>{gettext('CÁC THÀNH VIÊN BAN KIỂM PHIẾU')}</b>", st["Center"]),
                 Paragraph(f"<b>{gettext('T/M BAN KIỂM PHIẾU<br/>TRƯỞNG BAN')}</b>",
                           st["Center"])]]
    others = [para_text(name) for name, _ in members[1:]]
    chair = para_text(members[0][0]) if members else ""
    sig_rows.append([Paragraph("<br/><br/><br/>" + "<br/><br/><br/><br/>".join(others), st["Center"]),
                     Paragraph("<br/><br/><br/><br/>" + chair, st["CenterBold"])])
    return KeepTogether([*before, Spacer(1, 6 * mm),
                         Table(sig_rows, colWidths=[90 * mm, 90 * mm])])


def candidate_list_story(election: Election) -> list[Any]:
    """The list of candidates as the congress receives it: Vietnamese order by given name,
    with the year of birth, the position and the organization of each (Hướng dẫn 04-HD/TW,
    the list the delegates read before the vote)."""
    st = styles()
    cands = selectors.list_candidates(election)
    found = electorate_of(election)
    body_title = found.body_title(election) if found is not None else ""
    flow: list[Any] = [
        heading_table(document_heading(election, body="", on=timezone.localdate())),
        Spacer(1, 6 * mm),
        Paragraph(f"<b>{gettext('DANH SÁCH BẦU CỬ')}</b>", st["Title"]),
        Paragraph(para_text(election.title), st["CenterBold"]),
        *([Paragraph(para_text(body_title), st["Center"])] if body_title else []),
        Paragraph(gettext("Số lượng cần bầu: %(seats)s; danh sách gồm %(count)s đồng chí "
                          "(xếp theo vần A, B, C của tên)") % {"seats": election.seats,
                                                               "count": len(cands)},
                  st["Center"]),
        Spacer(1, 5 * mm),
    ]
    head = ParagraphStyle("ListHead", parent=st["Small"], fontName=FONT_BOLD, alignment=1)
    rows: list[list[Any]] = [[Paragraph(text, head) for text in (
        gettext("Số TT"), gettext("Họ và tên"), gettext("Năm sinh"),
        gettext("Chức vụ, đơn vị công tác"), gettext("Nguồn giới thiệu"))]]
    for i, c in enumerate(cands, start=1):
        member = c.member if c.member_id else None
        born = str(member.date_of_birth.year) if member is not None else ""
        work = ", ".join(x for x in (member.position if member else "",
                                     member.organization.label if member else "") if x)
        rows.append([str(i), Paragraph(para_text(c.full_name), st["Normal"]), born,
                     Paragraph(para_text(work), st["Small"]),
                     Paragraph(para_text(c.get_nomination_display()), st["Small"])])
    t = Table(rows, colWidths=[12 * mm, 46 * mm, 18 * mm, 74 * mm, 30 * mm], repeatRows=1)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9),
                           ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9),
                           ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("ALIGN", (0, 0), (0, -1), "CENTER"),
                           ("ALIGN", (2, 0), (2, -1), "CENTER")]))
    flow.append(t)
    return flow


def candidate_list_pdf(election: Election) -> bytes:
    return build_pdf(candidate_list_story(election),
                     title=gettext("Danh sách bầu cử – %(title)s") % {"title": election.title})
