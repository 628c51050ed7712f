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

from django.utils import timezone
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
    """The minutes are the Vietnamese form: "52,87" under the column "Tỷ lệ %"."""
    return format_percent(Decimal(str(candidate["percent"])), sign=False)


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
    """`copies` ballots (default: the electorate convened), rounded up to full sheets."""
    register_fonts()
    election = round_.election
    copies = copies or round_.electorate_convened or 1
    lay = layout(size)
    # The ballot made to be read (issue 20): markers and the round's code, drawn from the
    # same layout the scanner reads with.
    try:
        text, ballot = paper.layout_of(round_, size)
    except ValueError:
        raise ValueError(ERR_TOO_MANY_FOR_A5.format(
            count=len(selectors.ballot_candidates(round_)))) from None
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
    return [(line, "Trưởng ban" if i == 0 else "Thành viên") for i, line in enumerate(lines)]


def minutes_pdf(round_: Round) -> bytes:
    """One minutes per round, in the layout of the forms of Hướng dẫn 04 (fields in RULES.md)."""
    return build_pdf(minutes_story(round_),
                     title=f"Biên bản kiểm phiếu – {round_.election.title}")


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
        return "… giờ … phút, ngày …"
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


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
    flow: list[Any] = [heading_table(document_heading(election, body="Ban Kiểm phiếu", on=day)),
                       Spacer(1, 8 * mm),
                       Paragraph("<b>BIÊN BẢN KIỂM PHIẾU</b>", st["Title"]),
                       Paragraph(para_text(f"{election.title} (lần {round_.number})"),
                                 st["CenterBold"])]
    if body_title:
        flow.append(Paragraph(para_text(body_title), st["Center"]))
    flow.append(Spacer(1, 5 * mm))
    body = st["BodyText"]
    # One line per regulation applied; the system's own list of rules is not a legal basis.
    for line in RuleSet.legal_bases():
        flow.append(Paragraph(para_text(line), body))
    flow.append(Spacer(1, 2 * mm))
    flow.append(Paragraph(f"Hôm nay, tại {para_text(venue) if venue else '…'}, Ban Kiểm phiếu bắt "
                          f"đầu kiểm phiếu lúc {_time_text(times.started)}; kết thúc lúc "
                          f"{_time_text(times.ended)}.", body))
    # RULES.md (open): the cases the rules leave open appear as what was decided, by whom.
    confirmation = selectors.counting_rules_confirmation(election)
    if confirmation is not None:
        flow.append(Paragraph("<b>Cách xét phiếu:</b> "
                              + para_text(selectors.counting_rules_text(confirmation)), body))
    for decision in selectors.minutes_decisions(round_):
        when = timezone.localtime(decision.decided_at)
        flow.append(Paragraph(
            f"<b>{para_text(decision.get_kind_display())}:</b> {para_text(decision.decided_by)} "
            f"quyết định ngày {when:%d/%m/%Y}: {para_text(decision.text)}", body))
    flow.append(Spacer(1, 2 * mm))
    members = _counting_members(election)
    flow.append(Paragraph("<b>I. Ban Kiểm phiếu gồm:</b>", body))
    for i, (name, role) in enumerate(members, start=1):
        flow.append(Paragraph(f"{i}. Đồng chí {para_text(name)} – {para_text(role)}", body))
    if not members:
        flow.append(Paragraph("(chưa ghi thành viên Ban Kiểm phiếu)", body))
    cands = result["candidates"]
    flow.append(Paragraph(
        f"<b>II. Số lượng cần bầu:</b> {round_.seats}. <b>Danh sách bầu cử</b> gồm {len(cands)} "
        "đồng chí (theo thứ tự trên phiếu bầu):", body))
    flow.append(Paragraph(", ".join(f"{i}. {para_text(c['name'])}"
                                    for i, c in enumerate(cands, start=1)),
                          body))
    convened = round_.electorate_convened
    present = round_.electorate_present
    absent = convened - present if present is not None else None
    by_reason = result["invalid"]["by_reason"]
    flow += [
        Paragraph("<b>III. Kết quả kiểm phiếu</b>", body),
        Paragraph(f"– Tổng số đại biểu được triệu tập: {convened}; số được trừ khi tính tỷ lệ: "
                  f"{round_.excluded}; cơ sở tính tỷ lệ: <b>{result['base']}</b>.", body),
        Paragraph(f"– Số đại biểu có mặt lúc bỏ phiếu: {present if present is not None else '…'};"
                  f" vắng mặt: {absent if absent is not None else '…'}.", body),
        Paragraph(f"– Số phiếu phát ra: {result['ballots_issued']}; số phiếu thu vào: "
                  f"{result['ballots_collected']}.", body),
        Paragraph(f"– Số phiếu hợp lệ: {result['valid']}; số phiếu không hợp lệ: "
                  f"{result['invalid']['total']}, trong đó:", body),
    ]
    for reason in BY_REASON_OUTPUT_ORDER:
        label = INVALID_REASON_INFO[InvalidReason(reason)].label
        flow.append(Paragraph(f"&nbsp;&nbsp;&nbsp;+ {label}: {by_reason[str(reason)]}", body))
    scanned = scanning_selectors.round_scan_figures(round_)
    if scanned["scanned"]:  # issue 20: how many the machine read, how many a person decided
        flow.append(Paragraph(
            f"– Kiểm bằng máy quét: {scanned['scanned']} phiếu, trong đó máy đọc "
            f"{scanned['by_machine']} phiếu, Ban Kiểm phiếu xem và quyết định "
            f"{scanned['by_person']} phiếu.", body))
    flow.append(Paragraph(f"– Số phiếu cần đạt để trúng cử (quá một nửa của {result['base']}): "
                          f"{result['threshold']}.", body))
    flow.append(Spacer(1, 2 * mm))
    flow.append(Paragraph("<b>Số phiếu bầu cho từng đồng chí</b> (theo thứ tự trên phiếu bầu):",
                          body))
    rows: list[list[Any]] = [["Số TT", "Họ và tên", "Số phiếu", "Tỷ lệ %"]]
    for i, c in enumerate(cands, start=1):
        rows.append([str(i), c["name"], str(c["votes"]), _percent(c)])
    t = Table(rows, colWidths=[14 * mm, 100 * mm, 25 * mm, 25 * mm], repeatRows=1)
    ts = TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9),
                     ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                     ("ALIGN", (2, 0), (-1, -1), "RIGHT"), ("ALIGN", (0, 0), (0, -1), "CENTER")])
    t.setStyle(ts)
    flow += [t, Spacer(1, 3 * mm)]
    votes = {c["name"]: c for c in cands}
    flow.append(Paragraph("<b>IV. Các đồng chí trúng cử</b> (xếp theo thứ tự số phiếu bầu từ cao "
                          "đến thấp, có tỷ lệ quá bán):", body))
    if result["elected"]:
        rows = [["Số TT", "Họ và tên", "Số phiếu", "Tỷ lệ %"]]
        for i, name in enumerate(result["elected"], start=1):
            c = votes[name]
            rows.append([str(i), name, str(c["votes"]), _percent(c)])
        t = Table(rows, colWidths=[14 * mm, 100 * mm, 25 * mm, 25 * mm], repeatRows=1)
        t.setStyle(ts)
        flow.append(t)
    else:
        flow.append(Paragraph("Không có đồng chí nào trúng cử.", body))
    if result.get("tie"):
        flow.append(Paragraph(
            f"Có {len(result['tie']['candidates'])} đồng chí bằng phiếu ở vị trí cuối cho "
            f"{result['tie']['seats']} chỗ còn lại: "
            + ", ".join(map(para_text, result["tie"]["candidates"]))
            + ". Đề nghị Đoàn Chủ tịch cho bầu tiếp.", body))
    if result.get("unfilled"):
        flow.append(Paragraph(f"Còn thiếu {result['unfilled']} người so với số lượng cần bầu.",
                              body))
    flow.append(Spacer(1, 4 * mm))
    closing = Paragraph(
        f"Biên bản được lập xong lúc {_time_text(times.ended)}, đã đọc lại cho Ban Kiểm phiếu "
        "cùng nghe và nhất trí ký tên. Phiếu bầu được niêm phong, lưu giữ theo quy định "
        "(190-QĐ/TW Điều 35).", body)
    flow.append(signature_block(members, before=[closing]))
    return flow


def signature_block(members: list[tuple[str, str]], *, before: Sequence[Any] = ()) -> KeepTogether:
    """The signatures with their names, never split across a page (a name without its
    signature above it, or a signature line alone on the next page, is no signature)."""
    st = styles()
    sig_rows = [[Paragraph("<b>CÁC THÀNH VIÊN BAN KIỂM PHIẾU</b>", st["Center"]),
                 Paragraph("<b>T/M BAN KIỂM PHIẾU<br/>TRƯỞNG BAN</b>", st["Center"])]]
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
        Paragraph("<b>DANH SÁCH BẦU CỬ</b>", st["Title"]),
        Paragraph(para_text(election.title), st["CenterBold"]),
        *([Paragraph(para_text(body_title), st["Center"])] if body_title else []),
        Paragraph(f"Số lượng cần bầu: {election.seats}; danh sách gồm {len(cands)} đồng chí "
                  "(xếp theo vần A, B, C của tên)", st["Center"]),
        Spacer(1, 5 * mm),
    ]
    head = ParagraphStyle("ListHead", parent=st["Small"], fontName=FONT_BOLD, alignment=1)
    rows: list[list[Any]] = [[Paragraph(text, head) for text in (
        "Số TT", "Họ và tên", "Năm sinh", "Chức vụ, đơn vị công tác", "Nguồn giới thiệu")]]
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
    return build_pdf(candidate_list_story(election), title=f"Danh sách bầu cử – {election.title}")
