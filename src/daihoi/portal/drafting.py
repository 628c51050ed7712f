"""A news article drafted from a closed congress's records, in the register of the
committee's own news pages ("Trong 2 ngày, 18 và 19/8/2020, Đảng bộ Khối … tổ chức Đại hội
đại biểu lần thứ XIII … 242 đại biểu chính thức … Đại hội đã bầu Ban Chấp hành … gồm 28 đồng
chí, đồng chí … được bầu Bí thư …; bầu Đoàn đại biểu dự Đại hội cấp trên gồm 52 đại biểu
chính thức và 3 dự khuyết").

Every figure in the text is a field of `CongressRecords`, read from the congress's and the
elections' selectors: who attended, how many members and organizations they represent, the
resolution's targets as adopted, and only the election results the presidium published.
The office edits the draft and publishes it like any article.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any

from daihoi.congress import selectors as congress_selectors
from daihoi.congress.models import Congress
from daihoi.congress.proceedings import selectors as proceedings_selectors
from daihoi.elections import selectors as election_selectors
from daihoi.elections.models import Mandate

DRAFT_SOURCE = "congress:{pk}"
NOT_CLOSED = "Đại hội chưa bế mạc: chỉ soạn tin từ hồ sơ của đại hội đã bế mạc."


def thousands(n: int) -> str:
    """4500 -> "4.500", as Vietnamese writes numbers."""
    return f"{n:,}".replace(",", ".")


@dataclass
class CongressRecords:
    congress_id: int
    organization: str
    ordinal_roman: str
    term_start: int
    term_end: int
    starts_on: dt.date
    ends_on: dt.date
    venue: str
    theme: str
    attended: int
    convened: int
    members: int
    grassroots: int
    guests: list[tuple[str, str]]  # (title, name)
    targets: list[str]
    committee: list[str] = field(default_factory=list)
    standing: list[str] = field(default_factory=list)
    secretary: str = ""
    deputies: list[str] = field(default_factory=list)
    inspection: list[str] = field(default_factory=list)
    inspection_chair: str = ""
    delegation: list[str] = field(default_factory=list)
    delegation_alternates: list[str] = field(default_factory=list)


def congress_records(congress: Congress) -> CongressRecords:
    """The figures of the draft, each from the records (published results only)."""
    attendance = congress_selectors.attendance_summary(congress)
    rec = CongressRecords(
        congress_id=congress.pk,
        organization=str(congress.organization.name),
        ordinal_roman=congress.ordinal_roman,
        term_start=congress.term_start,
        term_end=congress.term_end,
        starts_on=congress.starts_on,
        ends_on=congress.ends_on,
        venue=congress.venue,
        theme=congress.theme,
        attended=attendance.present,  # the one attendance figure (attendance_summary)
        convened=attendance.convened,
        members=congress_selectors.members_represented(congress.organization),
        grassroots=congress_selectors.grassroots_organizations(congress.organization).count(),
        guests=[(g.title, g.full_name) for g in congress_selectors.guests_of(congress)],
        targets=[t.text for t in proceedings_selectors.targets(congress)],
    )
    lists: dict[str, list[str]] = {
        Mandate.Position.COMMITTEE_MEMBER: rec.committee,
        Mandate.Position.STANDING_MEMBER: rec.standing,
        Mandate.Position.DEPUTY_SECRETARY: rec.deputies,
        Mandate.Position.INSPECTION_MEMBER: rec.inspection,
        Mandate.Position.DELEGATE_OFFICIAL: rec.delegation,
        Mandate.Position.DELEGATE_ALTERNATE: rec.delegation_alternates,
    }
    for published in election_selectors.published_results(congress):
        for m in published.elected:
            if m.position == Mandate.Position.SECRETARY:
                rec.secretary = m.full_name
            elif m.position == Mandate.Position.INSPECTION_CHAIR:
                rec.inspection_chair = m.full_name
            elif m.position in lists:
                lists[m.position].append(m.full_name)
    return rec


def _dates(r: CongressRecords) -> str:
    if r.starts_on == r.ends_on:
        return f"Ngày {r.starts_on.day}/{r.starts_on.month}/{r.starts_on.year}"
    days = (r.ends_on - r.starts_on).days + 1
    if r.starts_on.month == r.ends_on.month and days == 2:
        return f"Trong {days} ngày, {r.starts_on.day} và {r.ends_on.day}/{r.ends_on.month}/{r.ends_on.year}"
    return (
        f"Từ ngày {r.starts_on.day}/{r.starts_on.month} đến ngày {r.ends_on.day}/"
        f"{r.ends_on.month}/{r.ends_on.year}"
    )


def draft(r: CongressRecords) -> dict[str, Any]:
    """Title, summary and body (HTML) of the draft; every number comes from `r`."""
    e = html.escape
    term = f"nhiệm kỳ {r.term_start} - {r.term_end}"
    title = f"Đại hội đại biểu {r.organization} lần thứ {r.ordinal_roman}, {term}"
    opening = f"{_dates(r)}, {r.organization} tổ chức Đại hội đại biểu lần thứ {r.ordinal_roman}, {term}"
    if r.venue:
        opening += f" tại {r.venue}"
    represented = f"{thousands(r.members)} đảng viên thuộc {r.grassroots} tổ chức cơ sở đảng"
    if r.attended:
        opening += (
            f", với sự tham dự của {r.attended} đại biểu chính thức đại diện cho {represented} "
            "trong toàn Đảng bộ."
        )
    elif r.convened:  # no check-in recorded: the convened delegates, never "0 attended"
        opening += (
            f"; {r.convened} đại biểu chính thức được triệu tập, đại diện cho {represented} "
            "trong toàn Đảng bộ."
        )
    else:
        opening += "."
    paragraphs = [opening]
    if r.guests:
        names = "; ".join(f"{t} {n}".strip() for t, n in r.guests)
        paragraphs.append(f"Dự và chỉ đạo Đại hội có các đồng chí: {names}.")
    if r.theme:
        paragraphs.append(f"Đại hội diễn ra với chủ đề “{r.theme}”.")
    body_parts = [f"<p>{e(p)}</p>" for p in paragraphs]
    if r.targets:
        body_parts.append(
            "<p>"
            + e(f"Đại hội đã biểu quyết thông qua Nghị quyết với {len(r.targets)} chỉ tiêu chủ yếu:")
            + "</p>"
        )
        body_parts.append("<ul>" + "".join(f"<li>{e(t)}</li>" for t in r.targets) + "</ul>")
    elected: list[str] = []
    if r.committee:
        elected.append(
            f"Đại hội đã bầu Ban Chấp hành {r.organization}, {term} gồm {len(r.committee)} đồng chí"
        )
    if r.secretary:
        elected.append(f"đồng chí {r.secretary} được bầu giữ chức Bí thư")
    if r.deputies:
        elected.append("đồng chí " + ", ".join(r.deputies) + " được bầu giữ chức Phó Bí thư")
    if r.standing:
        elected.append(f"Ban Thường vụ gồm {len(r.standing)} đồng chí")
    if r.inspection:
        ins = f"Ủy ban Kiểm tra gồm {len(r.inspection)} đồng chí"
        if r.inspection_chair:
            ins += f", đồng chí {r.inspection_chair} được bầu giữ chức Chủ nhiệm"
        elected.append(ins)
    if r.delegation:
        d = f"bầu Đoàn đại biểu dự Đại hội cấp trên gồm {len(r.delegation)} đại biểu chính thức"
        if r.delegation_alternates:
            d += f" và {len(r.delegation_alternates)} dự khuyết"
        elected.append(d)
    if elected:
        body_parts.append(f"<p>{e('; '.join(elected))}.</p>")
    if r.committee:
        body_parts.append(f"<p>{e('Danh sách Ban Chấp hành khóa mới: ' + ', '.join(r.committee) + '.')}</p>")
    if r.attended:
        summary = f"{r.attended} đại biểu chính thức đại diện cho {represented} dự Đại hội."
    else:
        summary = f"Đại hội đại biểu {r.organization} lần thứ {r.ordinal_roman}, {term}."
    if r.secretary:
        summary += f" Đồng chí {r.secretary} được bầu giữ chức Bí thư."
    return {"title": title, "summary": summary, "body": "\n".join(body_parts)}
