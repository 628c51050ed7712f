"""State changes of the meetings app: one durable transaction each, a permission check,
an audit row (core.audit). Reads are in selectors.py."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from daihoi.core.audit import audit_create, audit_create_bulk, audit_update, snapshot
from daihoi.core.imports import ImportRejected, check_workbook
from daihoi.core.models import User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.meetings import sections as section_rules
from daihoi.meetings import selectors
from daihoi.meetings.electorate import seats_on
from daihoi.meetings.models import (
    Attendance,
    Comment,
    Committee,
    CommitteeMember,
    Conference,
    ConferenceElection,
    ConferenceVote,
    ConferenceVoteAnswer,
    ConfidenceSubject,
    ConfidenceVote,
    Discipline,
    Draft,
    DraftVersion,
    Inspection,
    InspectionPlan,
    Invitation,
    Placement,
    Section,
    StandingDecision,
)
from daihoi.organizations.models import Member, Organization
from daihoi.rules import confidence as confidence_rules
from daihoi.rules import votes as vote_rules
from daihoi.rules.errors import RulesError

OFFICE = selectors.OFFICE_ROLES
INSPECTION = selectors.INSPECTION_ROLES

ERR_NOT_DOCX = gettext_noop("Không đọc được tệp DOCX: {error}")
ERR_NOT_PDF = gettext_noop("Không đọc được tệp PDF: {error}")
ERR_ADOPTED = gettext_noop("Dự thảo đã được thông qua: không thêm phiên bản hay ý kiến.")
ERR_NOT_LATEST = gettext_noop("Chỉ góp ý vào phiên bản mới nhất của dự thảo.")
ERR_NOT_SEAT = gettext_noop("Chỉ ủy viên của cấp ủy này (đang trong nhiệm kỳ) góp ý vào dự thảo.")
ERR_NOT_OWN = gettext_noop("Chỉ trả lời giấy mời của chính mình.")
ERR_EMPTY = gettext_noop("Ý kiến không được để trống.")
ERR_SECTION = gettext_noop("Mục này không thuộc phiên bản mới nhất.")
ERR_TARGET = gettext_noop("Chọn tổ chức hoặc đảng viên được kiểm tra.")
ERR_SEAT = gettext_noop("Ủy viên không thuộc cấp ủy của hội nghị.")
ERR_STATUS = gettext_noop("Trạng thái điểm danh không hợp lệ: {value}.")
ERR_ON_DEVICE = gettext_noop("Cuộc lấy phiếu này bỏ phiếu trên thiết bị: kết quả lấy từ bỏ phiếu "
                             "điện tử, không nhập tay.")
ERR_NOT_VOTER = gettext_noop("Chỉ ủy viên của cấp ủy này (đang trong nhiệm kỳ) biểu quyết.")
ERR_CHOICE = gettext_noop("Lựa chọn biểu quyết không hợp lệ.")
ERR_VOTE_CLOSED = gettext_noop("Biểu quyết này không đang mở trên thiết bị.")
ERR_NOT_PRESENT = gettext_noop("Đồng chí chưa được điểm danh có mặt tại hội nghị: chưa biểu quyết được.")
ERR_ANSWERED = gettext_noop("Đồng chí đã biểu quyết nội dung này.")
ERR_COUNTED = gettext_noop("Cuộc lấy phiếu này đã có kết quả.")
ERR_NO_SUBJECTS = gettext_noop("Chưa có người được lấy phiếu tín nhiệm.")
ERR_NOT_CLOSED = gettext_noop("Bỏ phiếu điện tử chưa kết thúc: Tổ kiểm phiếu kết thúc bỏ phiếu "
                              "trước, rồi ghi kết quả.")
ERR_AWAITING_DECRYPTION = gettext_noop(
    "Bỏ phiếu điện tử đã kết thúc, đang chờ Tổ kiểm phiếu giải mã kết quả ({answered}/{needed} "
    "thành viên giữ khóa đã gửi phần giải mã): ghi kết quả sau khi giải mã xong.")


# --- committees -------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def committee_create(*, acting_user: User | None, organization: Organization, kind: str,
                     name: str, term: str, term_starts_on: dt.date,
                     term_ends_on: dt.date | None = None, previous: Committee | None = None,
                     election: Any = None,
                     seats: Iterable[tuple[Member | None, str, str]] = ()) -> Committee:
    """A committee for one term, with its members (member, name, position) in order."""
    require_role(acting_user, *OFFICE)
    committee = Committee.objects.create(
        organization=organization, kind=kind, name=name, term=term,
        term_starts_on=term_starts_on, term_ends_on=term_ends_on, previous=previous,
        election=election)
    rows = [CommitteeMember(committee=committee, member=m, full_name=n or (m.full_name if m else ""),
                            position=p, order=i + 1, joined_on=term_starts_on)
            for i, (m, n, p) in enumerate(seats)]
    CommitteeMember.objects.bulk_create(rows)
    audit_create(actor=acting_user, obj=committee)
    audit_create_bulk(actor=acting_user, objs=rows)
    return committee


@transaction.atomic(durable=True)
def seat_add(*, acting_user: User | None, committee: Committee, member: Member | None,
             full_name: str = "", position: str = CommitteeMember.Position.MEMBER,
             joined_on: dt.date) -> CommitteeMember:
    require_role(acting_user, *OFFICE)
    order = (committee.members.aggregate(n=Max("order"))["n"] or 0) + 1
    seat = CommitteeMember.objects.create(
        committee=committee, member=member, full_name=full_name or (member.full_name if member else ""),
        position=position, order=order, joined_on=joined_on)
    audit_create(actor=acting_user, obj=seat)
    return seat


@transaction.atomic(durable=True)
def seat_leave(*, acting_user: User | None, seat: CommitteeMember, left_on: dt.date) -> CommitteeMember:
    require_role(acting_user, *OFFICE)
    before = snapshot(seat)
    seat.left_on = left_on
    seat.save(update_fields=["left_on"])
    audit_update(actor=acting_user, obj=seat, before=before, verb="leave")
    return seat


# --- conferences ------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def conference_create(*, acting_user: User | None, committee: Committee, starts_at: dt.datetime,
                      kind: str = Conference.Kind.REGULAR, place: str = "", chair: str = "",
                      agenda: str = "") -> Conference:
    """The committee's next conference: numbered one more than its last within the term
    (locked against a second office clerk numbering at the same moment)."""
    require_role(acting_user, *OFFICE)
    Committee.objects.select_for_update().filter(pk=committee.pk).first()
    conference = Conference.objects.create(
        committee=committee, number=selectors.next_number(committee), kind=kind,
        starts_at=starts_at, place=place, chair=chair, agenda=agenda)
    audit_create(actor=acting_user, obj=conference)
    return conference


@transaction.atomic(durable=True)
def conference_update(*, acting_user: User | None, conference: Conference,
                      **changes: Any) -> Conference:
    """Date, place, chair, agenda, kind, status, conclusion."""
    require_role(acting_user, *OFFICE)
    allowed = {"starts_at", "place", "chair", "agenda", "kind", "status", "conclusion"}
    before = snapshot(conference)
    for name, value in changes.items():
        if name in allowed:
            setattr(conference, name, value)
    conference.save()
    audit_update(actor=acting_user, obj=conference, before=before)
    return conference


@transaction.atomic(durable=True)
def invitations_send(*, acting_user: User | None, conference: Conference,
                     guests: Iterable[tuple[str, str]] = ()) -> int:
    """Invitations (giấy mời) to every member in office on the day and to the guests given
    (name, title); a member already invited is not invited twice. Returns how many."""
    require_role(acting_user, *OFFICE)
    invited = set(conference.invitations.exclude(seat=None).values_list("seat_id", flat=True))
    rows = [Invitation(conference=conference, seat=s)
            for s in seats_on(conference) if s.pk not in invited]
    rows += [Invitation(conference=conference, guest_name=n, guest_title=t)
             for n, t in guests if n.strip()]
    Invitation.objects.bulk_create(rows)
    before = snapshot(conference)
    conference.invitations_sent_at = timezone.now()
    conference.save(update_fields=["invitations_sent_at"])
    audit_update(actor=acting_user, obj=conference, before=before, verb="invitations_sent")
    audit_create_bulk(actor=acting_user, objs=rows)
    return len(rows)


@transaction.atomic(durable=True)
def invitation_answer(*, acting_user: User | None, invitation: Invitation, answer: str,
                      reason: str = "") -> Invitation:
    """The invitee answers (attending, or excused with a reason); the office may record an
    answer given by telephone."""
    require_role(acting_user, Role.COMMITTEE, *OFFICE)
    if not selectors.can_change(acting_user):
        seat = selectors.seat_for(acting_user, invitation.conference)
        if seat is None or invitation.seat_id != seat.pk:
            raise PermissionDenied(ERR_NOT_OWN)
    before = snapshot(invitation)
    invitation.answer, invitation.reason = answer, reason
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "reason", "answered_at"])
    audit_update(actor=acting_user, obj=invitation, before=before, verb="answer")
    return invitation


@transaction.atomic(durable=True)
def attendance_record(*, acting_user: User | None, conference: Conference,
                      marks: Mapping[int, str]) -> int:
    """Attendance per seat (present, excused, absent); seats of another committee refused."""
    require_role(acting_user, *OFFICE)
    seats = set(seats_on(conference).values_list("pk", flat=True))
    for seat_id, status in marks.items():
        if seat_id not in seats:
            raise ValidationError(_(ERR_SEAT))
        if status not in Attendance.Status.values:
            raise ValidationError(_(ERR_STATUS).format(value=status))
    existing = {a.seat_id: a for a in Attendance.objects.filter(conference=conference)}
    for seat_id, status in marks.items():
        row = existing.get(seat_id)
        if row is None:
            row = Attendance.objects.create(conference=conference, seat_id=seat_id, status=status)
            audit_create(actor=acting_user, obj=row)
        elif row.status != status:
            before = snapshot(row)
            row.status = status
            row.save(update_fields=["status"])
            audit_update(actor=acting_user, obj=row, before=before)
    return len(marks)


@transaction.atomic(durable=True)
def conference_election_link(*, acting_user: User | None, conference: Conference, election: Any,
                             counting: Iterable[CommitteeMember] = ()) -> ConferenceElection:
    """An election held by the conference: its electorate is the committee (electorate.py)."""
    require_role(acting_user, *OFFICE)
    link = ConferenceElection.objects.create(conference=conference, election=election)
    link.counting.set(list(counting))
    audit_create(actor=acting_user, obj=link)
    return link


def _vote_close(acting_user: User | None, vote: ConferenceVote, *, agree: int, disagree: int,
                other: int) -> ConferenceVote:
    """The base is the members in office on the day, present those recorded present; adopted
    by more than half of the base in favour (rules/votes.py)."""
    seats = list(seats_on(vote.conference).values_list("pk", flat=True))
    present = Attendance.objects.filter(conference=vote.conference, seat_id__in=seats,
                                        status=Attendance.Status.PRESENT).count()
    try:
        result = vote_rules.vote_result(agree=agree, disagree=disagree, other=other,
                                        present=present, base=len(seats))
    except RulesError as exc:
        raise ValidationError(exc.message(_)) from exc
    before = snapshot(vote) if vote.pk else None
    vote.base, vote.present, vote.adopted = len(seats), present, result.adopted
    vote.agree, vote.disagree, vote.other = agree, disagree, other
    vote.status = ConferenceVote.Status.CLOSED
    vote.save()
    if before is None:
        audit_create(actor=acting_user, obj=vote)
    else:
        audit_update(actor=acting_user, obj=vote, before=before, verb="close")
    return vote


@transaction.atomic(durable=True)
def vote_record(*, acting_user: User | None, conference: Conference, question: str, agree: int,
                disagree: int, other: int = 0) -> ConferenceVote:
    """A show-of-hands vote, its counts entered by the office."""
    require_role(acting_user, *OFFICE)
    return _vote_close(acting_user, ConferenceVote(conference=conference, question=question),
                       agree=agree, disagree=disagree, other=other)


@transaction.atomic(durable=True)
def vote_open_device(*, acting_user: User | None, conference: Conference,
                     question: str) -> ConferenceVote:
    """A vote on the members' devices, open until the office closes it."""
    require_role(acting_user, *OFFICE)
    if not question.strip():
        raise ValidationError(_(ERR_EMPTY))
    vote = ConferenceVote.objects.create(conference=conference, question=question.strip(),
                                         mode=ConferenceVote.Mode.DEVICE,
                                         status=ConferenceVote.Status.OPEN)
    audit_create(actor=acting_user, obj=vote, verb="open")
    return vote


@transaction.atomic(durable=True)
def vote_answer(*, acting_user: User | None, vote: ConferenceVote,
                choice: str) -> ConferenceVoteAnswer:
    """A member recorded present answers once, while the vote is open (the vote's row is
    locked: a close waits for answers in progress, an answer after it sees it closed)."""
    require_role(acting_user, Role.COMMITTEE, *OFFICE)
    if choice not in ConferenceVoteAnswer.Choice.values:
        raise ValidationError(_(ERR_CHOICE))
    vote = (ConferenceVote.objects.select_for_update(of=("self",)).select_related("conference")
            .get(pk=vote.pk))
    if vote.mode != ConferenceVote.Mode.DEVICE or vote.status != ConferenceVote.Status.OPEN:
        raise ValidationError(_(ERR_VOTE_CLOSED))
    seat = selectors.seat_for(acting_user, vote.conference)
    if seat is None:
        raise PermissionDenied(ERR_NOT_VOTER)
    if not selectors.is_present(vote.conference, seat):
        raise ValidationError(_(ERR_NOT_PRESENT))
    if vote.answers.filter(seat=seat).exists():
        raise ValidationError(_(ERR_ANSWERED))
    row = ConferenceVoteAnswer.objects.create(vote=vote, seat=seat, choice=choice)
    audit_create(actor=acting_user, obj=row)
    return row


@transaction.atomic(durable=True)
def vote_close_device(*, acting_user: User | None, vote: ConferenceVote) -> ConferenceVote:
    require_role(acting_user, *OFFICE)
    vote = (ConferenceVote.objects.select_for_update(of=("self",)).select_related("conference")
            .get(pk=vote.pk))
    if vote.mode != ConferenceVote.Mode.DEVICE or vote.status != ConferenceVote.Status.OPEN:
        raise ValidationError(_(ERR_VOTE_CLOSED))
    counts = Counter(vote.answers.values_list("choice", flat=True))
    return _vote_close(acting_user, vote, agree=counts[ConferenceVoteAnswer.Choice.AGREE],
                       disagree=counts[ConferenceVoteAnswer.Choice.DISAGREE],
                       other=counts[ConferenceVoteAnswer.Choice.OTHER])


# --- drafts -----------------------------------------------------------------------------------
def _read(filename: str, data: bytes) -> list[section_rules.Section]:
    """A DOCX's sections; its zip checked first as an uploaded workbook is (part sizes,
    compression ratio, no DTD: core.imports.check_workbook) before python-docx parses it."""
    if filename.lower().endswith(".docx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_workbook(archive, filename)
            return section_rules.read_docx(data)
        except ImportRejected as exc:
            reason = "; ".join(e.reason for e in exc.errors) or str(exc)
            raise ValidationError(_(ERR_NOT_DOCX).format(error=reason)) from exc
        except (ValueError, zipfile.BadZipFile, KeyError) as exc:
            raise ValidationError(_(ERR_NOT_DOCX).format(error=exc)) from exc
    if filename.lower().endswith(".pdf"):
        try:
            return section_rules.read_pdf(data)
        except ValueError as exc:
            raise ValidationError(_(ERR_NOT_PDF).format(error=exc)) from exc
    return [section_rules.Section(filename, "")]  # another file: one section, as a whole


def _store(version: DraftVersion, parsed: list[section_rules.Section]) -> list[Section]:
    rows = [Section(version=version, order=i + 1, heading=s.heading[:500], level=s.level, text=s.text)
            for i, s in enumerate(parsed)]
    Section.objects.bulk_create(rows)
    return list(version.sections.all())


@transaction.atomic(durable=True)
def draft_create(*, acting_user: User | None, conference: Conference, title: str, filename: str,
                 data: bytes) -> Draft:
    require_role(acting_user, *OFFICE)
    parsed = _read(filename, data)
    draft = Draft.objects.create(conference=conference, title=title)
    version = DraftVersion.objects.create(draft=draft, number=1, filename=filename, content=data)
    _store(version, parsed)
    audit_create(actor=acting_user, obj=draft)
    audit_create(actor=acting_user, obj=version)
    return draft


@transaction.atomic(durable=True)
def version_add(*, acting_user: User | None, draft: Draft, filename: str, data: bytes,
                note: str = "") -> DraftVersion:
    """A new version: the old ones stay; every comment follows its section (matched by
    heading and text, sections.match), uncertain matches left for the office to confirm,
    comments of a removed section kept without a section."""
    require_role(acting_user, *OFFICE)
    if draft.status == Draft.Status.ADOPTED:
        raise ValidationError(_(ERR_ADOPTED))
    parsed = _read(filename, data)
    previous = selectors.latest_version(draft)
    number = previous.number + 1 if previous else 1
    version = DraftVersion.objects.create(draft=draft, number=number, filename=filename,
                                          content=data, note=note)
    new_sections = _store(version, parsed)
    placements: list[Placement] = []
    if previous is not None:
        old_sections = list(previous.sections.all())
        matches = section_rules.match(
            [section_rules.Section(s.heading, s.text) for s in old_sections], parsed)
        target = {old_sections[m.old].pk: m for m in matches}
        placed = {p.comment_id: p for p in Placement.objects.filter(version=previous)}
        for comment in draft.comments.all():
            if comment.section_id in target:  # made on the previous version
                where_id: int | None = comment.section_id
                sure = True
            else:
                p = placed.get(comment.pk)
                where_id, sure = (p.section_id, p.confirmed) if p else (None, False)
            if where_id is None:
                placements.append(Placement(comment=comment, version=version, section=None,
                                            score=0, confirmed=False))
                continue
            m = target[where_id]
            placements.append(Placement(
                comment=comment, version=version,
                section=new_sections[m.new] if m.new is not None else None,
                score=m.score, confirmed=sure and m.certain))
        Placement.objects.bulk_create(placements)
    audit_create(actor=acting_user, obj=version)
    return version


@transaction.atomic(durable=True)
def placement_confirm(*, acting_user: User | None, placement: Placement,
                      section: Section | None) -> Placement:
    """The office confirms (or corrects) where an uncertain comment sits; None: the section
    is gone and the comment is reported under the removed sections."""
    require_role(acting_user, *OFFICE)
    if section is not None and section.version_id != placement.version_id:
        raise ValidationError(_(ERR_SECTION))
    before = snapshot(placement)
    placement.section, placement.confirmed = section, True
    placement.save(update_fields=["section", "confirmed"])
    audit_update(actor=acting_user, obj=placement, before=before, verb="confirm")
    return placement


@transaction.atomic(durable=True)
def comment_add(*, acting_user: User | None, section: Section, text: str,
                channel: str = Comment.Channel.LAPTOP) -> Comment:
    """A committee member's comment on a section of the draft's latest version."""
    require_role(acting_user, Role.COMMITTEE, *OFFICE)
    draft = section.version.draft
    if draft.status == Draft.Status.ADOPTED:
        raise ValidationError(_(ERR_ADOPTED))
    latest = selectors.latest_version(draft)
    if latest is None or latest.pk != section.version_id:
        raise ValidationError(_(ERR_NOT_LATEST))
    if not text.strip():
        raise ValidationError(_(ERR_EMPTY))
    seat = selectors.seat_for(acting_user, draft.conference)
    if seat is None and not selectors.can_change(acting_user):
        raise PermissionDenied(ERR_NOT_SEAT)
    author = seat.full_name if seat else (getattr(acting_user, "full_name", "") or str(acting_user))
    comment = Comment.objects.create(draft=draft, section=section, seat=seat, author_name=author,
                                     text=text.strip(), channel=channel)
    audit_create(actor=acting_user, obj=comment)
    return comment


@transaction.atomic(durable=True)
def comment_handle(*, acting_user: User | None, comment: Comment, handling: str,
                   reply: str = "") -> Comment:
    """The office marks a comment taken in, explained or set aside, with its reply."""
    require_role(acting_user, *OFFICE)
    before = snapshot(comment)
    comment.handling, comment.reply = handling, reply
    comment.handled_at = timezone.now()
    comment.save(update_fields=["handling", "reply", "handled_at"])
    audit_update(actor=acting_user, obj=comment, before=before, verb="handle")
    return comment


@transaction.atomic(durable=True)
def draft_adopt(*, acting_user: User | None, draft: Draft) -> Draft:
    """The latest version is the one adopted; no more versions or comments."""
    require_role(acting_user, *OFFICE)
    before = snapshot(draft)
    draft.status = Draft.Status.ADOPTED
    draft.adopted_version = selectors.latest_version(draft)
    draft.save(update_fields=["status", "adopted_version"])
    audit_update(actor=acting_user, obj=draft, before=before, verb="adopt")
    return draft


# --- confidence votes -------------------------------------------------------------------------
@transaction.atomic(durable=True)
def confidence_vote_create(*, acting_user: User | None, conference: Conference, title: str,
                           subjects: Iterable[CommitteeMember]) -> ConfidenceVote:
    """A confidence vote (Quy định 96) on the posts of the seats given, under the default
    rules (stored with the vote)."""
    require_role(acting_user, *OFFICE)
    vote = ConfidenceVote.objects.create(conference=conference, title=title,
                                         rules=confidence_rules.DEFAULT.to_dict())
    rows = [ConfidenceSubject(vote=vote, seat=s, full_name=s.full_name,
                              post=str(s.get_position_display()), order=i + 1)
            for i, s in enumerate(subjects)]
    ConfidenceSubject.objects.bulk_create(rows)
    audit_create(actor=acting_user, obj=vote)
    return vote


@transaction.atomic(durable=True)
def confidence_counts_enter(*, acting_user: User | None, vote: ConfidenceVote, convened: int,
                            present: int, returned: int,
                            counts: Mapping[int, tuple[int, int, int]]) -> ConfidenceVote:
    """The counting group's paper counts: convened, present, returned, and per subject
    (high, medium, low). Checked by rules/confidence.py before anything is written."""
    require_role(acting_user, *OFFICE)
    if vote.on_device:
        raise ValidationError(_(ERR_ON_DEVICE))
    return _counts_write(acting_user, vote, convened=convened, present=present,
                         returned=returned, counts=counts)


def _counts_write(acting_user: User | None, vote: ConfidenceVote, *, convened: int, present: int,
                  returned: int, counts: Mapping[int, tuple[int, int, int]]) -> ConfidenceVote:
    subjects = list(vote.subjects.all())
    marks = [confidence_rules.Marks(s.full_name, *counts.get(s.pk, (0, 0, 0))) for s in subjects]
    try:
        confidence_rules.count(convened=convened, present=present, returned=returned, marks=marks,
                               rules=confidence_rules.ConfidenceRules.from_dict(vote.rules))
    except RulesError as exc:
        raise ValidationError(exc.message(_)) from exc
    before = snapshot(vote)
    vote.convened, vote.present, vote.returned = convened, present, returned
    vote.status = ConfidenceVote.Status.COUNTED
    vote.save()
    audit_update(actor=acting_user, obj=vote, before=before, verb="counts")
    for s, m in zip(subjects, marks, strict=True):
        was = snapshot(s)
        s.high, s.medium, s.low = m.high, m.medium, m.low
        s.save(update_fields=["high", "medium", "low"])
        audit_update(actor=acting_user, obj=s, before=was, verb="counts")
    return vote


@transaction.atomic(durable=True)
def confidence_device_prepare(*, acting_user: User | None, vote: ConfidenceVote,
                              counting: Iterable[CommitteeMember] = ()) -> ConfidenceVote:
    """Hold the vote on device: an election of the conference (its electorate is the
    committee: meetings/electorate.py) with the three-level ballot, one line per subject
    in the vote's order (the posts, secretary first, not the names' order), and its first
    round, ready for the counting group to open in e-voting. `counting`: the members who
    open and close it (those with the counting role may too)."""
    from daihoi.elections.models import Candidate, Election, Round

    require_role(acting_user, *OFFICE)
    vote = ConfidenceVote.objects.select_for_update(of=("self",)).select_related(
        "conference__committee__organization").get(pk=vote.pk)
    if vote.on_device:
        raise ValidationError(_(ERR_ON_DEVICE))
    if vote.status != ConfidenceVote.Status.PREPARING:
        raise ValidationError(_(ERR_COUNTED))
    subjects = list(vote.subjects.all())
    if not subjects:
        raise ValidationError(_(ERR_NO_SUBJECTS))
    conference = vote.conference
    seats = list(seats_on(conference))
    counting = list(counting)
    if any(s.committee_id != conference.committee_id for s in counting):
        raise ValidationError(_(ERR_SEAT))
    election = Election.objects.create(
        organization=conference.committee.organization, title=vote.title,
        kind=Election.Kind.OTHER, electorate=Election.Electorate.COMMITTEE_CONFERENCE,
        seats=len(subjects), ballot_format=Election.BallotFormat.CONFIDENCE,
        term=conference.committee.term, status=Election.Status.VOTING)
    audit_create(actor=acting_user, obj=election)
    link = ConferenceElection.objects.create(conference=conference, election=election)
    link.counting.set(counting)
    audit_create(actor=acting_user, obj=link)
    round_ = Round.objects.create(election=election, number=1, seats=len(subjects),
                                  ballot_format=Election.BallotFormat.CONFIDENCE,
                                  ballot_size=len(subjects), electorate_convened=len(seats))
    for s in subjects:
        candidate = Candidate.objects.create(
            election=election, member=s.seat.member if s.seat else None, full_name=s.full_name,
            sort_key=f"{s.order:04d}")
        audit_create(actor=acting_user, obj=candidate)
        was = snapshot(s)
        s.candidate = candidate
        s.save(update_fields=["candidate"])
        audit_update(actor=acting_user, obj=s, before=was, verb="on_device")
    round_.candidates.set([s.candidate for s in subjects if s.candidate])
    audit_create(actor=acting_user, obj=round_)
    before = snapshot(vote)
    vote.round = round_
    vote.save(update_fields=["round"])
    audit_update(actor=acting_user, obj=vote, before=before, verb="on_device")
    return vote


@transaction.atomic(durable=True)
def confidence_device_record(*, acting_user: User | None, vote: ConfidenceVote) -> ConfidenceVote:
    """Once e-voting has closed the vote: its counts per subject (the e-ballots returned,
    three levels each) written as the paper counts are, with those convened (the committee
    in office on the day) and present (recorded at the conference), all checked by
    rules/confidence.py (the quorum of 2/3, the shares of the ballots returned)."""
    from daihoi.elections.evoting.selectors import confidence_result_of

    require_role(acting_user, *OFFICE)
    # Only the vote's row: the round is on the nullable side of the join, which PostgreSQL
    # will not lock.
    vote = ConfidenceVote.objects.select_for_update(of=("self",)).select_related("round").get(pk=vote.pk)
    levels = confidence_result_of(vote.round) if vote.round is not None else None
    if levels is None:
        # The encrypted close leaves the round counting until k key holders decrypt.
        waiting = selectors.awaiting_decryption(vote.round) if vote.round is not None else None
        if waiting is not None:
            raise ValidationError(_(ERR_AWAITING_DECRYPTION).format(answered=waiting[0],
                                                                   needed=waiting[1]))
        raise ValidationError(_(ERR_NOT_CLOSED))
    summary = selectors.attendance_summary(vote.conference)
    counts = {s.pk: levels.marks.get(s.candidate_id or 0, (0, 0, 0)) for s in vote.subjects.all()}
    return _counts_write(acting_user, vote, convened=summary.convened, present=summary.present,
                         returned=levels.returned, counts=counts)


# --- the standing committee's work log ------------------------------------------------------
@transaction.atomic(durable=True)
def decision_add(*, acting_user: User | None, committee: Committee, decided_on: dt.date,
                 subject: str, reference: str = "") -> StandingDecision:
    require_role(acting_user, *OFFICE)
    row = StandingDecision.objects.create(committee=committee, decided_on=decided_on,
                                          subject=subject, reference=reference)
    audit_create(actor=acting_user, obj=row)
    return row


# --- inspection and discipline ----------------------------------------------------------------
@transaction.atomic(durable=True)
def inspection_plan_create(*, acting_user: User | None, organization: Organization, year: int,
                           title: str) -> InspectionPlan:
    require_role(acting_user, *INSPECTION)
    plan = InspectionPlan.objects.create(organization=organization, year=year, title=title)
    audit_create(actor=acting_user, obj=plan)
    return plan


@transaction.atomic(durable=True)
def inspection_add(*, acting_user: User | None, plan: InspectionPlan, kind: str, content: str,
                   starts_on: dt.date, target_organization: Organization | None = None,
                   target_member: Member | None = None, inspectors: str = "",
                   ends_on: dt.date | None = None) -> Inspection:
    require_role(acting_user, *INSPECTION)
    if target_organization is None and target_member is None:
        raise ValidationError(_(ERR_TARGET))
    row = Inspection.objects.create(
        plan=plan, kind=kind, content=content, starts_on=starts_on, ends_on=ends_on,
        target_organization=target_organization, target_member=target_member,
        inspectors=inspectors)
    audit_create(actor=acting_user, obj=row)
    return row


@transaction.atomic(durable=True)
def inspection_conclude(*, acting_user: User | None, inspection: Inspection,
                        result: str) -> Inspection:
    require_role(acting_user, *INSPECTION)
    before = snapshot(inspection)
    inspection.result, inspection.status = result, Inspection.Status.DONE
    inspection.save(update_fields=["result", "status"])
    audit_update(actor=acting_user, obj=inspection, before=before, verb="conclude")
    return inspection


@transaction.atomic(durable=True)
def discipline_record(*, acting_user: User | None, member: Member, form: str,
                      decided_on: dt.date, decided_by: str, reason: str,
                      inspection: Inspection | None = None,
                      self_corrected: bool = False) -> Discipline:
    """A discipline (khiển trách, cảnh cáo, cách chức, khai trừ) on the member's record."""
    require_role(acting_user, *INSPECTION)
    row = Discipline.objects.create(member=member, form=form, decided_on=decided_on,
                                    decided_by=decided_by, reason=reason, inspection=inspection,
                                    self_corrected=self_corrected)
    audit_create(actor=acting_user, obj=row)
    return row
