"""Reads of the meetings app: who sees which committee, attendance against membership,
a draft's sections with their comments in any version, comparisons, the comments report,
the standing committee's work log, confidence results, inspection counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.meetings import sections as section_rules
from daihoi.meetings.electorate import seats_on
from daihoi.meetings.models import (
    Attendance,
    Comment,
    Committee,
    CommitteeMember,
    Conference,
    ConferenceVote,
    ConferenceVoteAnswer,
    ConfidenceVote,
    Discipline,
    Draft,
    DraftVersion,
    Inspection,
    Invitation,
    Placement,
    Section,
    StandingDecision,
)
from daihoi.rules import confidence as confidence_rules

#: See every committee, its drafts and comments.
READ_ALL_ROLES = (Role.OFFICE, Role.ADMIN, Role.LEADER)
#: Change conferences, drafts, handle comments.
OFFICE_ROLES = (Role.OFFICE, Role.ADMIN)
#: Inspection and discipline records: the inspection committee and the office only.
INSPECTION_ROLES = (Role.INSPECTION, Role.OFFICE, Role.ADMIN)


# --- who sees what ----------------------------------------------------------------------------
def member_id_of(user: Any) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    from daihoi.organizations.models import Member

    return Member.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()


def committees_visible(user: Any) -> QuerySet[Committee]:
    """Every committee for the office and the leaders; for the committee role, the
    committees the user's member holds a seat on now (one who left no longer sees them);
    none otherwise."""
    rows = Committee.objects.select_related("organization")
    if has_role(user, *READ_ALL_ROLES):
        return rows.all()
    if has_role(user, Role.COMMITTEE):
        member = member_id_of(user)
        if member is not None:
            today = timezone.localdate()
            seats = CommitteeMember.objects.filter(member_id=member).filter(
                Q(left_on__isnull=True) | Q(left_on__gt=today))
            return rows.filter(pk__in=seats.values("committee_id"))
    return rows.none()


def can_see_committee(user: Any, committee: Committee) -> bool:
    return committees_visible(user).filter(pk=committee.pk).exists()


def can_change(user: Any) -> bool:
    return has_role(user, *OFFICE_ROLES)


def seat_for(user: Any, conference: Conference) -> CommitteeMember | None:
    """The user's seat on the conference's committee, in office on its day."""
    if not has_role(user, Role.COMMITTEE, *OFFICE_ROLES):
        return None
    member = member_id_of(user)
    if member is None:
        return None
    return seats_on(conference).filter(member_id=member).first()


def is_present(conference: Conference, seat: CommitteeMember) -> bool:
    return Attendance.objects.filter(conference=conference, seat=seat,
                                     status=Attendance.Status.PRESENT).exists()


def can_see_inspection(user: Any) -> bool:
    return has_role(user, *INSPECTION_ROLES)


# --- conferences ------------------------------------------------------------------------------
def next_number(committee: Committee) -> int:
    """The next conference's number within the committee's term ("lần thứ 11"): one more
    than the last; a new term's committee (another row) starts at 1."""
    last = committee.conferences.aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@dataclass
class AttendanceSummary:
    convened: int
    present: int
    excused: int
    absent: int
    unrecorded: int
    rows: list[tuple[CommitteeMember, str]] = field(default_factory=list)

    @property
    def quorum_two_thirds(self) -> bool:
        return self.convened > 0 and 3 * self.present >= 2 * self.convened


def attendance_summary(conference: Conference) -> AttendanceSummary:
    """Attendance against the membership in office on the day: each seat present, excused,
    absent or not yet recorded (a row for someone not in office is not counted)."""
    seats = list(seats_on(conference))
    marks = dict(Attendance.objects.filter(conference=conference).values_list("seat_id", "status"))
    rows = [(s, marks.get(s.pk, "")) for s in seats]
    counts = Counter(status for _s, status in rows)
    return AttendanceSummary(
        convened=len(seats), present=counts[Attendance.Status.PRESENT],
        excused=counts[Attendance.Status.EXCUSED], absent=counts[Attendance.Status.ABSENT],
        unrecorded=counts[""], rows=rows)


def invitations(conference: Conference) -> list[Invitation]:
    return list(conference.invitations.select_related("seat").order_by("seat__order", "id"))


def invitation_documents(conference: Conference) -> list[tuple[Draft, DraftVersion]]:
    """The documents an invitation is sent with: each draft of the conference at its latest
    version (adopted drafts at the version adopted)."""
    out = []
    for draft in conference.drafts.prefetch_related("versions"):
        versions = sorted(draft.versions.all(), key=lambda v: v.number)
        if versions:
            out.append((draft, next((v for v in versions if v.pk == draft.adopted_version_id),
                                    versions[-1])))
    return out


def invitation_counts(conference: Conference) -> dict[str, int]:
    counts = Counter(conference.invitations.values_list("answer", flat=True))
    return {a: counts[a] for a in Invitation.Answer.values}


@dataclass(frozen=True)
class VoteRow:
    vote: ConferenceVote
    answers: int        # answers so far of a device vote
    mine: str           # the user's answer ("" none yet)


def conference_votes(conference: Conference, seat: CommitteeMember | None) -> list[VoteRow]:
    """The conference's votes on questions (hands and device), with the answers so far of
    the ones open on device and the user's own answer."""
    votes = list(conference.votes.all())
    counts = Counter(ConferenceVoteAnswer.objects.filter(vote__in=votes)
                     .values_list("vote_id", flat=True))
    mine = dict(ConferenceVoteAnswer.objects.filter(vote__in=votes, seat=seat)
                .values_list("vote_id", "choice")) if seat else {}
    return [VoteRow(v, counts[v.pk], mine.get(v.pk, "")) for v in votes]


def previous_conference(conference: Conference) -> Conference | None:
    return (Conference.objects.filter(committee_id=conference.committee_id,
                                      number__lt=conference.number)
            .order_by("-number").first())


def work_log_for(conference: Conference) -> list[StandingDecision]:
    """What the standing committee of the same organization and term settled since the
    previous conference (its day excluded) up to this one's day: the report "các công việc
    Ban Thường vụ đã giải quyết từ sau Hội nghị lần thứ N-1"."""
    committee = conference.committee
    previous = previous_conference(conference)
    since = (timezone.localtime(previous.starts_at).date() if previous
             else committee.term_starts_on - dt.timedelta(1))
    until = timezone.localtime(conference.starts_at).date()
    standing = Committee.objects.filter(organization_id=committee.organization_id,
                                        kind=Committee.Kind.STANDING, term=committee.term)
    return list(StandingDecision.objects.filter(committee__in=standing, decided_on__gt=since,
                                                decided_on__lte=until))


# --- drafts -----------------------------------------------------------------------------------
def drafts_visible(user: Any) -> QuerySet[Draft]:
    return Draft.objects.filter(conference__committee__in=committees_visible(user))


def latest_version(draft: Draft) -> DraftVersion | None:
    return draft.versions.order_by("-number").first()


@dataclass
class PlacedComment:
    comment: Comment
    certain: bool
    carried: bool  # made on an earlier version


@dataclass
class SectionView:
    section: Section
    comments: list[PlacedComment]


def section_of(comment: Comment, version: DraftVersion) -> tuple[Section | None, bool]:
    """Where `comment` sits in `version` (section or None when its section was removed),
    and whether that is certain (an uncertain match waits for the office)."""
    if comment.section.version_id == version.pk:
        return comment.section, True
    placement = Placement.objects.filter(comment=comment, version=version).first()
    if placement is None:
        return None, False
    return placement.section, placement.confirmed


def version_view(version: DraftVersion) -> tuple[list[SectionView], list[PlacedComment]]:
    """The version's sections each with its comments (made on it, or carried from earlier
    versions), and the comments whose section is gone from it."""
    sections = list(version.sections.all())
    by_section: dict[int, list[PlacedComment]] = defaultdict(list)
    for c in Comment.objects.filter(section__version=version).order_by("created_at", "id"):
        by_section[c.section_id].append(PlacedComment(c, True, False))
    orphans: list[PlacedComment] = []
    for p in (Placement.objects.filter(version=version).select_related("comment")
              .order_by("comment__created_at", "comment_id")):
        placed = PlacedComment(p.comment, p.confirmed, True)
        if p.section_id is None:
            orphans.append(placed)
        else:
            by_section[p.section_id].append(placed)
    return [SectionView(s, by_section.get(s.pk, [])) for s in sections], orphans


def uncertain_placements(version: DraftVersion) -> QuerySet[Placement]:
    return (Placement.objects.filter(version=version)
            .filter(Q(confirmed=False) | Q(section__isnull=True))
            .select_related("comment", "comment__section", "section"))


@dataclass
class CompareRow:
    old: Section | None
    new: Section | None
    runs: list[tuple[str, str]]
    heading_changed: bool


def compare(old: DraftVersion, new: DraftVersion) -> list[CompareRow]:
    """Side by side: each section of `new` with the section of `old` it comes from (the same
    matcher the comments follow), word runs marked removed/added; then removed sections."""
    olds, news = list(old.sections.all()), list(new.sections.all())
    pure = section_rules.match([section_rules.Section(s.heading, s.text) for s in olds],
                               [section_rules.Section(s.heading, s.text) for s in news])
    source: dict[int, Section] = {}
    for m in sorted(pure, key=lambda m: -m.score):
        if m.new is not None and m.new not in source:
            source[m.new] = olds[m.old]
    rows = []
    for j, n in enumerate(news):
        o = source.get(j)
        rows.append(CompareRow(o, n, section_rules.word_diff(o.text if o else "", n.text),
                               heading_changed=o is None or o.heading != n.heading))
    used = {o.pk for o in source.values()}
    for o in olds:
        if o.pk not in used:
            rows.append(CompareRow(o, None, section_rules.word_diff(o.text, ""), True))
    return rows


@dataclass
class ReportRow:
    heading: str  # empty: the comments whose section the latest version no longer has
    comments: list[Comment]


def report_rows(draft: Draft) -> list[ReportRow]:
    """The comments report (báo cáo tiếp thu, giải trình): by section of the latest version,
    every comment received on any version with how it was handled; comments whose section
    was removed last."""
    version = latest_version(draft)
    if version is None:
        return []
    views, orphans = version_view(version)
    rows = [ReportRow(v.section.heading, [p.comment for p in v.comments])
            for v in views if v.comments]
    if orphans:
        rows.append(ReportRow("", [p.comment for p in orphans]))
    return rows


def comment_counts(draft: Draft) -> dict[str, int]:
    counts = Counter(draft.comments.values_list("handling", flat=True))
    return {h: counts[h] for h in Comment.Handling.values}


# --- confidence -------------------------------------------------------------------------------
def confidence_result(vote: ConfidenceVote) -> confidence_rules.VoteResult | None:
    """The result by Quy định 96 (rules/confidence.py), once counts are entered."""
    if vote.status != ConfidenceVote.Status.COUNTED or vote.convened <= 0:
        return None
    return confidence_rules.count(
        convened=vote.convened, present=vote.present, returned=vote.returned,
        marks=[confidence_rules.Marks(s.full_name, s.high, s.medium, s.low)
               for s in vote.subjects.all()],
        rules=confidence_rules.ConfidenceRules.from_dict(vote.rules))


@dataclass(frozen=True)
class DeviceState:
    """A confidence vote on device as its page shows it: the round's status, how many have
    voted (counts only), whether the user may vote now, open/close it, or record it."""

    round_id: int
    status_label: str
    voted: int
    can_vote: bool
    has_voted: bool
    can_manage: bool
    closed: bool
    # An encrypted round closed but not yet decrypted: its counts are known once `needed`
    # of the counting group's key holders have sent their share (`answered` so far).
    awaiting_decryption: bool = False
    answered: int = 0
    needed: int = 0
    # The encrypted scheme (docs/evote-protocol.md): once voting has begun, those who may
    # see its bulletin board (the members on the roll, the counting group) are shown the
    # way to it, to find their ballot's tracker there (protocol §6).
    encrypted: bool = False
    board: bool = False


def awaiting_decryption(round_: Any) -> tuple[int, int] | None:
    """(shares answered, k) while a confidence round's encrypted close waits for the key
    holders (status counting: the plain close goes straight to closed); None otherwise."""
    from daihoi.elections.evoting.models import DecryptionShare, EVoteRound
    from daihoi.elections.models import Round

    if round_.status != Round.Status.COUNTING:
        return None
    state = (EVoteRound.objects.filter(round_id=round_.pk, scheme=EVoteRound.Scheme.ENCRYPTED)
             .only("threshold", "totals").first())
    if state is None or state.totals is not None:
        return None
    return DecryptionShare.objects.filter(round_id=round_.pk).count(), state.threshold or 0


def confidence_device_state(vote: ConfidenceVote, user: Any) -> DeviceState | None:
    if vote.round is None:
        return None
    from daihoi.elections.access import is_counting
    from daihoi.elections.electorate import electorate_of
    from daihoi.elections.evoting import board as evote_board
    from daihoi.elections.evoting import selectors as evote_selectors
    from daihoi.elections.evoting.models import VoterReceipt
    from daihoi.elections.models import Round

    round_ = vote.round
    electorate = electorate_of(round_.election)
    voter = electorate.voter_for_user(round_.election, user) if electorate else None
    # As e-voting refuses a ballot: on the roll, entitled and recorded present.
    may_vote = voter is not None and voter.entitled and voter.present
    is_open = round_.electronic and round_.status == Round.Status.VOTING
    waiting = awaiting_decryption(round_)
    encrypted = evote_selectors.is_encrypted(round_)
    return DeviceState(
        round_id=round_.pk, status_label=str(round_.get_status_display()),
        voted=evote_selectors.participation(round_).voted,
        can_vote=may_vote and is_open,
        has_voted=voter is not None and VoterReceipt.objects.filter(round=round_,
                                                                    voter=voter.key).exists(),
        can_manage=is_counting(user, round_.election),
        closed=round_.status == Round.Status.CLOSED,
        awaiting_decryption=waiting is not None,
        answered=waiting[0] if waiting else 0, needed=waiting[1] if waiting else 0,
        encrypted=encrypted,
        board=encrypted and round_.electronic and evote_board.can_see_board(user, round_))


# --- inspection and discipline ----------------------------------------------------------------
def disciplines_in_year(member_ids: list[int] | set[int], year: int) -> dict[int, list[Discipline]]:
    """Member id → the disciplines decided in `year` (newest first), for the members given:
    the appraisal caps a member disciplined during the year (Quy định 124 Điều 12, RULES.md)
    unless `self_corrected`. One query."""
    found: dict[int, list[Discipline]] = defaultdict(list)
    for d in Discipline.objects.filter(member_id__in=list(member_ids), decided_on__year=year):
        found[d.member_id].append(d)
    return dict(found)


def disciplines_listed(year: int) -> QuerySet[Discipline]:
    return Discipline.objects.filter(decided_on__year=year).select_related("member")


def inspections_in_year(year: int) -> QuerySet[Inspection]:
    return (Inspection.objects.filter(plan__year=year)
            .select_related("plan", "target_organization", "target_member"))


def year_counts(year: int) -> dict[str, int]:
    """The counts the yearly inspection report gives, as such reports put them ("kiểm tra 6
    tổ chức đảng và 4 đảng viên; giám sát 5 tổ chức đảng; thi hành kỷ luật 2 đảng viên:
    khiển trách 1, cảnh cáo 1"): inspections and supervisions each split by organizations
    and members (an inspection of an organization's secretary names both: counted once,
    for the member), concluded, and disciplines by form with the members disciplined
    (one member disciplined twice is one member)."""
    rows = list(inspections_in_year(year).values_list("kind", "status", "target_member_id"))

    def n(kind: str, of_member: bool) -> int:
        return sum(1 for k, _s, m in rows if k == kind and (m is not None) == of_member)

    counts: dict[str, int] = {
        "inspections": sum(1 for k, _s, _m in rows if k == Inspection.Kind.INSPECTION),
        "supervisions": sum(1 for k, _s, _m in rows if k == Inspection.Kind.SUPERVISION),
        "concluded": sum(1 for _k, s, _m in rows if s == Inspection.Status.DONE),
        "of_members": sum(1 for _k, _s, m in rows if m is not None),
        "of_organizations": sum(1 for _k, _s, m in rows if m is None),
        "inspection_organizations": n(Inspection.Kind.INSPECTION, False),
        "inspection_members": n(Inspection.Kind.INSPECTION, True),
        "supervision_organizations": n(Inspection.Kind.SUPERVISION, False),
        "supervision_members": n(Inspection.Kind.SUPERVISION, True),
    }
    decided = list(Discipline.objects.filter(decided_on__year=year).values_list("form", "member_id"))
    forms = Counter(form for form, _m in decided)
    for form in Discipline.Form.values:
        counts[f"discipline_{form}"] = forms[form]
    counts["disciplines"] = sum(forms.values())
    counts["disciplined_members"] = len({m for _f, m in decided})
    return counts


# --- elections held by a conference -------------------------------------------------------------
def linkable_elections() -> list[tuple[int, str]]:
    """Elections of the committee-conference kind that no congress, first session or other
    conference holds: the ones a conference may take."""
    from daihoi.elections.models import Election

    return list(Election.objects.filter(
        electorate=Election.Electorate.COMMITTEE_CONFERENCE, congress__isnull=True,
        committee_election__isnull=True, meeting_link__isnull=True)
        .order_by("-id").values_list("pk", "title")[:100])


def committee_elections() -> list[tuple[int, str]]:
    """Executive committee elections with people elected: a committee's first members."""
    from daihoi.elections.models import Election

    return list(Election.objects.filter(kind=Election.Kind.COMMITTEE, mandates__isnull=False)
                .distinct().order_by("-id").values_list("pk", "title")[:50])


def seats_from_election(election_id: int) -> list[tuple[Any, str, str]]:
    """(member, name, position) of those the election elected, in its order."""
    from daihoi.elections.models import Mandate

    return [(m.member, m.full_name, "member") for m in
            Mandate.objects.filter(election_id=election_id).select_related("member")
            .order_by("order", "id")]


def committee_choices() -> list[tuple[int, str]]:
    return [(c.pk, str(c)) for c in Committee.objects.order_by("-term_starts_on", "name")[:200]]
