"""The congress's reports: what they gather and the prose they print (reads only).

The congress report gathers the congress, its proceedings (votes) and its elections; it is
a module apart from `selectors` because the proceedings build on `congress.selectors`:
reading their votes from there would be an import circle. Nothing imports this module but
the congress's views.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, gettext

from daihoi.congress import credentials_report, selectors
from daihoi.congress.models import Body, Congress, CongressSession, Delegate
from daihoi.congress.proceedings import selectors as proceedings_selectors
from daihoi.congress.proceedings.selectors import VoteTaken
from daihoi.elections import selectors as election_selectors
from daihoi.elections.access import visible_mandates
from daihoi.organizations.models import Member


def thousands(n: int) -> str:
    """4500 -> "4.500", as Vietnamese writes numbers; "4,500" in English."""
    return f"{n:,}" if _english() else f"{n:,}".replace(",", ".")


def _english() -> bool:
    return (get_language() or "vi").lower().split("-")[0] == "en"


def _decimal(value: object) -> str:
    """A decimal as the active language writes it: "41,5" in Vietnamese, "41.5" in English."""
    return str(value) if _english() else str(value).replace(".", ",")


# --- the congress report ------------------------------------------------------------------------


@dataclass(frozen=True)
class ElectedGroup:
    election: str
    names: list[str]


def _group_elected(mandates: Any) -> list[ElectedGroup]:
    """Mandates (ordered by election, then votes) as one line per election."""
    groups: dict[int, ElectedGroup] = {}
    for m in mandates:
        group = groups.get(m.election_id)
        if group is None:
            group = groups[m.election_id] = ElectedGroup(str(m.election), [])
        group.names.append(m.full_name)
    return list(groups.values())


@dataclass
class CongressReport:
    congress: Congress
    sessions: list[CongressSession]
    attendance: selectors.AttendanceSummary
    convened: int
    attended: int
    alternates: int
    members_represented: int
    grassroots: int
    guests: list[Any]
    bodies: list[Body]
    votes: list[VoteTaken]
    elected: list[ElectedGroup]
    generated_on: dt.date


def congress_report(congress: Congress, *, today: dt.date, user: Any) -> CongressReport:
    """The report as `user` may read it: the elected of a round the presidium has not
    published are left out unless `user` may see that round's result (the counting
    committee, the secretariat), in the page and in its PDF alike."""
    attendance = selectors.attendance_summary(congress)
    return CongressReport(
        congress=congress,
        sessions=list(congress.sessions.all()),
        attendance=attendance,
        convened=attendance.convened,
        # The one attendance figure (the overview's, the screen's): `attendance_summary`.
        attended=attendance.present,
        alternates=selectors.delegate_counts(congress).alternate,
        members_represented=selectors.members_represented(congress.organization),
        grassroots=selectors.grassroots_organizations(congress.organization).count(),
        guests=list(congress.guests.all()),
        bodies=selectors.bodies(congress),
        votes=proceedings_selectors.votes_taken(congress),
        elected=_group_elected(visible_mandates(user, election_selectors.elected_at(congress))),
        generated_on=today,
    )


def report_paragraphs(r: CongressReport) -> list[str]:
    c = r.congress
    dates = (
        f"{c.starts_on:%d/%m/%Y}"
        if c.starts_on == c.ends_on
        else f"{c.starts_on:%d/%m/%Y} – {c.ends_on:%d/%m/%Y}"
    )
    out = [
        gettext("Thời gian: %(dates)s. Địa điểm: %(venue)s.") % {"dates": dates, "venue": c.venue or "—"},
        gettext(
            "Tham dự Đại hội có %(att)s/%(conv)s đại biểu chính thức, đại diện cho %(members)s đảng viên "
            "thuộc %(orgs)s tổ chức cơ sở đảng trong toàn Đảng bộ."
        )
        % {
            "att": r.attended,
            "conv": r.convened,
            "members": thousands(r.members_represented),
            "orgs": r.grassroots,
        },
    ]
    if c.theme:
        out.append(gettext("Chủ đề: %(theme)s") % {"theme": c.theme})
    return out


def report_tables(r: CongressReport) -> list[tuple[str, list[list[str]]]]:
    """The tables of the printed report: guests, each body, the votes, the elected."""
    tables: list[tuple[str, list[list[str]]]] = []
    tables.append(
        (
            gettext("Khách mời"),
            [[gettext("Họ và tên"), gettext("Chức vụ")]] + [[g.full_name, g.title] for g in r.guests],
        )
    )
    for body in r.bodies:
        rows = [[gettext("Họ và tên"), gettext("Vai trò")]] + [
            [m.member.full_name, m.get_role_display()] for m in body.members.all()
        ]
        tables.append((str(body), rows))
    head = [
        gettext("Nội dung"),
        gettext("Tán thành"),
        gettext("Không tán thành"),
        gettext("Khác"),
        gettext("Số tính tỷ lệ"),
        gettext("Kết quả"),
    ]
    lines = [
        [
            v.title or v.subject_label,
            str(v.agree),
            str(v.disagree),
            str(v.other),
            str(v.base),
            gettext("Thông qua") if v.adopted else gettext("Không thông qua"),
        ]
        for v in r.votes
    ]
    tables.append((gettext("Các nội dung biểu quyết"), [head, *lines]))
    elected = [[g.election, ", ".join(g.names)] for g in r.elected]
    tables.append((gettext("Kết quả bầu cử"), [[gettext("Cuộc bầu cử"), gettext("Trúng cử")], *elected]))
    return tables


# --- the credentials committee's report ----------------------------------------------------------


def _data_labels(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Education and theory levels are the register's own words; only "not stated" is ours."""
    return [(gettext(k) if k == credentials_report.NOT_STATED else k, n) for k, n in rows]


Section = tuple[str, list[tuple[str, int]]]


def credentials_sections(counts: credentials_report.CredentialsCounts) -> list[Section]:
    # Among the seated, an alternate holds the seat of an official it replaced.
    kind = {
        **dict(Delegate.Kind.choices),
        Delegate.Kind.ALTERNATE: gettext("Dự khuyết (thay thế đại biểu chính thức)"),
    }
    origin = dict(Delegate.Origin.choices)
    gender = dict(Member.Gender.choices)
    return [
        (gettext("Hình thức"), [(str(origin.get(k, k)), n) for k, n in counts.by_origin.most_common()]),
        (gettext("Loại đại biểu"), [(str(kind.get(k, k)), n) for k, n in counts.by_kind.most_common()]),
        (gettext("Giới tính"), [(str(gender.get(k, k)), n) for k, n in sorted(counts.by_gender.items())]),
        (gettext("Độ tuổi (tính đến ngày khai mạc)"), [(gettext(k), n) for k, n in counts.by_age]),
        (gettext("Dân tộc"), [(gettext(k), n) for k, n in sorted(counts.by_ethnicity.items())]),
        (gettext("Trình độ chuyên môn"), _data_labels(counts.by_education.most_common())),
        (gettext("Lý luận chính trị"), _data_labels(counts.by_theory.most_common())),
        (gettext("Tuổi đảng"), [(gettext(k), n) for k, n in counts.by_seniority]),
    ]


def credentials_notes(c: credentials_report.CredentialsCounts) -> list[str]:
    notes = [
        gettext("Tổng số đại biểu chính thức được triệu tập: %(n)s; đại biểu dự khuyết: %(a)s.")
        % {"n": c.convened, "a": c.alternates},
        gettext("Đại biểu giữ tư cách chính thức tại Đại hội: %(s)s; có mặt: %(p)s; vắng mặt: %(ab)s.")
        % {"s": c.seated, "p": c.present, "ab": c.absent},
    ]
    if c.youngest and c.oldest:
        notes.append(
            gettext(
                "Đại biểu trẻ tuổi nhất: %(y)s (%(ya)s tuổi); cao tuổi nhất: %(o)s (%(oa)s tuổi); "
                "tuổi bình quân %(avg)s."
            )
            % {
                "y": c.youngest.name,
                "ya": c.youngest.years,
                "o": c.oldest.name,
                "oa": c.oldest.years,
                "avg": _decimal(c.average_age),
            }
        )
        if c.longest_seniority and c.shortest_seniority:
            notes.append(
                gettext("Đại biểu có tuổi đảng cao nhất: %(l)s (%(la)s năm); thấp nhất: %(s)s (%(sa)s năm).")
                % {
                    "l": c.longest_seniority.name,
                    "la": c.longest_seniority.years,
                    "s": c.shortest_seniority.name,
                    "sa": c.shortest_seniority.years,
                }
            )
    return notes
