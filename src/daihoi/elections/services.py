"""Elections: every change of state goes through one of these functions.

Counting is never done here: a round's result is `rules.count` per counting group (ballot by
ballot), turned into totals, summed with the tally-sheet and electronic groups, and counted
once more by `rules.count_totals` with the round's ballots issued. The rule parameters come
from `rulesets.RuleSet` stored with the election. Where RULES.md leaves a rule *open*, these
services stop and ask for a recorded `Decision` (who decided, when, what).

Each public function here is one durable transaction with one check of who acts and its
audit rows; none calls another. What they share are private helpers here and the round's
steps in `rounds.py` (which e-voting's services use too); the reads and the converters to
the rules are in `selectors.py`, who may act in `access.py`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit, audit_create, audit_delete, audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.elections import first_session, rounds, selectors
from daihoi.elections.access import require_counting
from daihoi.elections.electorate import electorate_of
from daihoi.elections.models import (
    Candidate,
    CommitteeAttendance,
    CountingGroup,
    Decision,
    Election,
    Mandate,
    PaperBallot,
    Round,
)
from daihoi.elections.selectors import ruleset_of
from daihoi.organizations.models import Member, Organization
from daihoi.rules import ballot_entry as entry_rules
from daihoi.rules import base as base_rules
from daihoi.rules import counting as rules
from daihoi.rules import names
from daihoi.rules.rulesets import RuleSet

# --- error messages (tests assert on them) -------------------------------------------------
ERR_NOT_PREPARING = _("Danh sách chỉ sửa được khi cuộc bầu cử đang chuẩn bị.")
ERR_NAME_REQUIRED = _("Phải chọn đảng viên hoặc nhập họ và tên.")
ERR_COUNTING_MEMBER = _("Đồng chí {name} là thành viên Ban Kiểm phiếu của đại hội nên không thể ứng cử "
                        "(Quy chế bầu cử, Điều 8).")
ERR_DUPLICATE_MEMBER = _("Đồng chí {name} đã có trong danh sách.")
ERR_ATTENDING = _("Số đồng ý ({agree}) không thể lớn hơn số đại biểu dự đại hội ({attending}).")
ERR_NOT_FLOOR = _("Chỉ người được đề cử tại đại hội hoặc tự ứng cử mới cần phiếu xin ý kiến.")
ERR_WITHDRAW_AFTER_VOTE = _("Đã bắt đầu bỏ phiếu: không rút tên được nữa.")
ERR_WITHDRAW_REASON = _("Phải ghi lý do rút và ai chấp thuận.")
ERR_SURPLUS_DECISION = _("{message} Cần ghi quyết định của đại hội trước khi in phiếu và bầu.")
ERR_NO_CANDIDATES = _("Danh sách bầu cử trống.")
ERR_GROUP_MODE = _("Tổ '{group}' không nhập từng phiếu.")
ERR_GROUP_DONE = _("Tổ '{group}' đã chốt kết quả; mở lại trước khi nhập tiếp.")
ERR_ENTRY_NUMBER = _("Lần nhập phải là 1 hoặc 2 (nhập hai lần) hoặc 3 (xem lại phiếu lệch).")
ERR_ENTRY_SECOND = _("Lần bầu này không nhập phiếu hai lần.")
ERR_NOTHING_TO_UNDO = _("Không còn phiếu nào để hoàn tác.")
ERR_COLLECTED_OVER_ISSUED = _("Số phiếu thu vào ({collected}) nhiều hơn số phiếu phát ra ({issued}).")
ERR_NO_RESULT = _("Lần bầu chưa có kết quả.")
ERR_DECISION_TEXT = _("Phải ghi nội dung quyết định và cơ quan quyết định.")
ERR_NOTHING_TO_PROPOSE = _("Lần bầu này đã bầu đủ, không có lần bầu tiếp theo.")
ERR_NEXT_CANDIDATES = _("Lần bầu tiếp phải có ít nhất một người trong danh sách.")
ERR_NEXT_EXISTS = _("Đã có lần bầu {number} sau lần này.")
ERR_NOT_DELEGATION = _("Chỉ cuộc bầu đại biểu chính thức mới có bầu dự khuyết.")
ERR_ALTERNATES_EXIST = _("Đã có cuộc bầu đại biểu dự khuyết.")
ERR_OFFICIALS_NOT_DONE = _("Chưa bầu xong đại biểu chính thức.")
ERR_RULES = _("Quy tắc không hợp lệ: {message}")
ERR_COUNTING_STARTED = _("Đã bắt đầu kiểm phiếu: không xác nhận lại cách xét phiếu được nữa.")
ERR_NOT_OPEN_REASON = _("Chỉ xác nhận các trường hợp chưa có quy định (ghi thêm tên, dấu hiệu nhận "
                        "biết); nhận được: {value}.")
ERR_NO_READING = _("Không có lần nhập nào ở vị trí này để lấy.")
ERR_NO_QUESTION = _("Lần bầu này không có câu hỏi nào chờ Đoàn Chủ tịch quyết định.")
ERR_KEY_OTHER_GROUP = _("Mã phiếu này đã được dùng cho một tổ khác.")
ERR_NO_BALLOT = _("Tổ chưa có phiếu số {position} ở lần nhập này.")
ERR_CORRECT_ACTION = _("Chỉ sửa, hủy hoặc khôi phục được phiếu.")
ERR_PUBLISH_NOT_CLOSED = _("Chỉ công bố được lần bầu đã có kết quả.")
ERR_NOT_COMMITTEE_MANDATE = _("Chỉ ghi có mặt cho ủy viên Ban Chấp hành vừa được bầu.")

# Moved with the steps that raise them; kept importable from here (tests assert on them).
ERR_ROUND_STATUS = rounds.ERR_ROUND_STATUS
ERR_ISSUED_OVER_CONVENED = rounds.ERR_ISSUED_OVER_CONVENED
ERR_PRESENT_OVER_CONVENED = rounds.ERR_PRESENT_OVER_CONVENED
ERR_MISMATCHES = rounds.ERR_MISMATCHES
ERR_SETUP = rounds.ERR_SETUP
ERR_COUNTING_RULES = rounds.ERR_COUNTING_RULES

MANAGE_ROLES = (Role.OFFICE, Role.SECRETARIAT)
PRESIDIUM_ROLES = (Role.SECRETARIAT, Role.OFFICE)
PUBLISH_ROLES = (Role.SECRETARIAT,)




# --- helpers -------------------------------------------------------------------------------
def _decision(*, acting_user: User | None, election: Election, round_: Round | None, kind: str,
              text: str, decided_by: str, decided_at: dt.datetime | None,
              data: Mapping[str, Any] | None = None) -> Decision:
    if not text.strip() or not decided_by.strip():
        raise ValidationError(ERR_DECISION_TEXT)
    decision = Decision.objects.create(
        election=election, round=round_, kind=kind, text=text.strip(),
        decided_by=decided_by.strip(), decided_at=decided_at or timezone.now(),
        recorded_by=acting_user if acting_user and acting_user.is_authenticated else None,
        data=dict(data or {}),
    )
    audit_create(actor=acting_user, obj=decision, verb=f"decision_{kind}")
    return decision


# --- elections and candidate lists ---------------------------------------------------------
@transaction.atomic(durable=True)
def election_create(*, acting_user: User | None, organization: Organization, title: str,
                    kind: str, seats: int, ballot_format: str = Election.BallotFormat.STRIKE,
                    congress: Any = None, electorate: str | None = None,
                    seats_basis: str = "", seats_vote_id: int | None = None, term: str = "",
                    rules_overrides: Mapping[str, Any] | None = None,
                    counting_members: str = "", follows: Election | None = None,
                    committee_election: Election | None = None) -> Election:
    """`electorate` unset: the committee's first session for the kinds it elects (standing
    committee, secretary, deputies, inspection committee and chair), else the congress.
    A first-session election is linked to the congress's committee election (its mandates
    are the voters) unless `committee_election` names another."""
    require_role(acting_user, *MANAGE_ROLES)
    return _election_create(
        acting_user=acting_user, organization=organization, title=title, kind=kind, seats=seats,
        ballot_format=ballot_format, congress=congress, electorate=electorate,
        seats_basis=seats_basis, seats_vote_id=seats_vote_id, term=term,
        rules_overrides=rules_overrides, counting_members=counting_members, follows=follows,
        committee_election=committee_election)


def _election_create(*, acting_user: User | None, organization: Organization, title: str,
                     kind: str, seats: int, ballot_format: str, congress: Any,
                     electorate: str | None, seats_basis: str, seats_vote_id: int | None,
                     term: str, rules_overrides: Mapping[str, Any] | None,
                     counting_members: str, follows: Election | None,
                     committee_election: Election | None) -> Election:
    if electorate is None:
        electorate = (Election.Electorate.COMMITTEE_CONFERENCE
                      if kind in first_session.FIRST_SESSION_KINDS
                      else Election.Electorate.DELEGATES_CONGRESS)
    if committee_election is None and electorate == Election.Electorate.COMMITTEE_CONFERENCE:
        committee_election = first_session.committee_election_for(
            kind=kind, congress_id=getattr(congress, "pk", None))
    try:
        ruleset = RuleSet.from_dict(dict(rules_overrides or {}))
    except rules.RulesError as exc:
        raise ValidationError(ERR_RULES.format(message=exc)) from exc
    election = Election.objects.create(
        organization=organization, congress=congress, title=title, kind=kind, seats=seats,
        ballot_format=ballot_format, electorate=electorate, rules=ruleset.to_dict(),
        seats_basis=seats_basis, seats_vote_id=seats_vote_id, term=term,
        counting_members=counting_members, follows=follows,
        committee_election=committee_election,
    )
    audit_create(actor=acting_user, obj=election)
    return election


@transaction.atomic(durable=True)
def election_update(*, acting_user: User | None, election: Election, **changes: Any) -> Election:
    """Title, seats, basis, format, counting members, and the rule set (`rules` as a dict of
    overrides over the defaults). Seats and format only while the list is being prepared."""
    require_role(acting_user, *MANAGE_ROLES)
    before = snapshot(election)
    if "rules" in changes:
        try:
            changes["rules"] = RuleSet.from_dict(dict(changes["rules"] or {})).to_dict()
        except rules.RulesError as exc:
            raise ValidationError(ERR_RULES.format(message=exc)) from exc
    structural = {"seats", "ballot_format", "rules"}
    if (structural & set(changes) and election.status != Election.Status.PREPARING
            and any(getattr(election, k) != v for k, v in changes.items() if k in structural)):
            raise ValidationError(ERR_NOT_PREPARING)
    for key, value in changes.items():
        setattr(election, key, value)
    election.save()
    audit_update(actor=acting_user, obj=election, before=before)
    return election


def _require_preparing(election: Election) -> None:
    if election.status != Election.Status.PREPARING:
        raise ValidationError(ERR_NOT_PREPARING)


@transaction.atomic(durable=True)
def candidate_add(*, acting_user: User | None, election: Election, member: Member | None = None,
                  full_name: str = "", nomination: str = Candidate.Nomination.COMMITTEE,
                  opinion_agree: int | None = None, opinion_attending: int | None = None,
                  ) -> Candidate:
    """Adds a name to the list: from the register (`member`) or by name. A floor nomination or
    a self-nomination needs the opinion ballot (agree, attending): 190-QĐ/TW Điều 14, more
    than 30% of those ATTENDING; below that it is recorded as rejected, not on the list."""
    require_role(acting_user, *MANAGE_ROLES)
    _require_preparing(election)
    name = names.normalize_spaces(member.full_name if member else full_name)
    if not name:
        raise ValidationError(ERR_NAME_REQUIRED)
    if member and election.candidates.filter(member=member, nomination_status="accepted").exists():
        raise ValidationError(ERR_DUPLICATE_MEMBER.format(name=name))
    # 190-QĐ/TW Điều 8: the counting committee is made of delegates who are not candidates.
    electorate = electorate_of(election) if member else None
    if member and electorate is not None and electorate.is_counting_member(
            election, member_id=member.pk):
        raise ValidationError(ERR_COUNTING_MEMBER.format(name=name))
    status = "accepted"
    if nomination != Candidate.Nomination.COMMITTEE:
        if opinion_agree is None or opinion_attending is None:
            raise ValidationError(ERR_NOT_FLOOR)
        if opinion_agree > opinion_attending:
            raise ValidationError(ERR_ATTENDING.format(agree=opinion_agree,
                                                       attending=opinion_attending))
        passes = ruleset_of(election).floor_nomination_passes(opinion_agree, opinion_attending)
        status = "accepted" if passes else "rejected"
    candidate = Candidate.objects.create(
        election=election, member=member, full_name=name,
        sort_key=ruleset_of(election).sort_key(name),
        nomination=nomination, nomination_status=status, opinion_agree=opinion_agree,
        opinion_attending=opinion_attending,
    )
    audit_create(actor=acting_user, obj=candidate,
                 verb="nominate" if status == "accepted" else "nomination_rejected")
    return candidate


@transaction.atomic(durable=True)
def candidate_withdraw(*, acting_user: User | None, candidate: Candidate, reason: str,
                       approved_by: str) -> Candidate:
    """A withdrawal before the vote, with its reason, approved by the presidium (recorded)."""
    require_role(acting_user, *PRESIDIUM_ROLES)
    election = candidate.election
    # Before the vote: while the list is prepared, or once it is closed as long as the round
    # the name stands in has not started voting (its ballots must then be printed again).
    pending = [r for r in candidate.rounds.all() if r.status == Round.Status.PREPARING]
    if election.status != Election.Status.PREPARING and not pending:
        raise ValidationError(ERR_WITHDRAW_AFTER_VOTE)
    if not reason.strip() or not approved_by.strip():
        raise ValidationError(ERR_WITHDRAW_REASON)
    before = snapshot(candidate)
    candidate.withdrawn = True
    candidate.withdrawal_reason = reason.strip()
    candidate.withdrawal_approved_by = approved_by.strip()
    candidate.save()
    audit_update(actor=acting_user, obj=candidate, before=before, verb="withdraw")
    for round_ in pending:
        rounds.set_candidates(round_, [c for c in round_.candidates.all() if c.pk != candidate.pk])
        audit(actor=acting_user, obj=round_, action=AuditLog.Action.UPDATE,
              verb="candidate_withdrawn", after={"candidate": candidate.pk})
    return candidate


@transaction.atomic(durable=True)
def candidate_remove(*, acting_user: User | None, candidate: Candidate) -> None:
    """Removes a name entered by mistake (while preparing; a withdrawal is `candidate_withdraw`)."""
    require_role(acting_user, *MANAGE_ROLES)
    _require_preparing(candidate.election)
    audit_delete(actor=acting_user, obj=candidate)
    candidate.delete()


@transaction.atomic(durable=True)
def decision_record(*, acting_user: User | None, election: Election, kind: str, text: str,
                    decided_by: str, decided_at: dt.datetime | None = None,
                    round_: Round | None = None) -> Decision:
    require_role(acting_user, *PRESIDIUM_ROLES)
    return _decision(acting_user=acting_user, election=election, round_=round_, kind=kind,
                     text=text, decided_by=decided_by, decided_at=decided_at)


# --- rounds --------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def round_create_first(*, acting_user: User | None, election: Election) -> Round:
    """Closes the list and opens the first round (ballots can then be printed). Stops when
    the surplus is outside the rules and the congress's decision is not recorded."""
    require_role(acting_user, *MANAGE_ROLES)
    _require_preparing(election)
    candidates = selectors.list_candidates(election)
    if not candidates:
        raise ValidationError(ERR_NO_CANDIDATES)
    status = selectors.surplus_status(election)
    if status.applies and not status.ok and status.decision is None:
        raise ValidationError(ERR_SURPLUS_DECISION.format(message=status.message))
    _link_first_session(election)
    convened, excluded = _electorate_defaults(election)
    round_ = Round.objects.create(election=election, number=1, seats=election.seats,
                                  electorate_convened=convened, excluded=excluded)
    rounds.set_candidates(round_, candidates)
    before = snapshot(election)
    election.status = Election.Status.VOTING
    election.save(update_fields=["status"])
    audit_update(actor=acting_user, obj=election, before=before, verb="list_closed")
    audit_create(actor=acting_user, obj=round_)
    return round_


def _link_first_session(election: Election) -> None:
    """A first-session election created before the congress's committee election: linked
    when its list closes (the committee's members are then known)."""
    if (election.committee_election_id is None
            and election.electorate == Election.Electorate.COMMITTEE_CONFERENCE):
        committee = first_session.committee_election_for(kind=election.kind,
                                                         congress_id=election.congress_id)
        if committee is not None:
            election.committee_election = committee
            election.save(update_fields=["committee_election"])


def _electorate_defaults(election: Election) -> tuple[int, int]:
    """The base the election's electorate gives now (rules.base, 190-QĐ/TW Điều 30): convened
    and excluded. No electorate, or a base not positive yet (nobody on the list): nothing
    is prefilled and the counting committee enters the numbers (round_setup checks them)."""
    electorate = electorate_of(election)
    if electorate is None:
        return 0, 0
    try:
        base = electorate.base(election)
    except base_rules.BaseError:
        return 0, 0
    return base.convened, base.excluded


@transaction.atomic(durable=True)
def committee_attendance_set(*, acting_user: User | None, committee_election: Election,
                             present: Iterable[int]) -> list[CommitteeAttendance]:
    """Records who of the newly elected committee (the mandates of `committee_election`)
    is present at its first session: the mandates whose ids are in `present`, the others
    absent. The first session's elections take their presence from here."""
    require_role(acting_user, *MANAGE_ROLES)
    wanted = set(present)
    mandates = {m.pk: m for m in committee_election.mandates.filter(
        position=Mandate.Position.COMMITTEE_MEMBER)}
    if wanted - set(mandates):
        raise ValidationError(ERR_NOT_COMMITTEE_MANDATE)
    recorder = acting_user if acting_user and acting_user.is_authenticated else None
    existing = {a.mandate_id: a for a in CommitteeAttendance.objects.filter(mandate__in=mandates)}
    rows = []
    for pk in mandates:
        row = existing.get(pk)
        if row is None:
            row = CommitteeAttendance.objects.create(mandate_id=pk, present=pk in wanted,
                                                     recorded_by=recorder)
            audit_create(actor=acting_user, obj=row)
        elif row.present != (pk in wanted):
            before = snapshot(row)
            row.present = pk in wanted
            row.recorded_by = recorder
            row.save()
            audit_update(actor=acting_user, obj=row, before=before)
        rows.append(row)
    return rows


@transaction.atomic(durable=True)
def round_setup(*, acting_user: User | None, round_: Round, electorate_convened: int,
                excluded: int, ballots_issued: int, electorate_present: int | None = None,
                double_entry: bool | None = None) -> Round:
    """The numbers of the vote: convened, excluded (RULES.md base), present, ballots issued."""
    require_counting(acting_user, round_.election)
    return rounds.setup(acting_user=acting_user, round_=round_,
                        electorate_convened=electorate_convened, excluded=excluded,
                        ballots_issued=ballots_issued, electorate_present=electorate_present,
                        double_entry=double_entry)


@transaction.atomic(durable=True)
def round_open_voting(*, acting_user: User | None, round_: Round) -> Round:
    require_counting(acting_user, round_.election)
    return rounds.open_voting(acting_user=acting_user, round_=round_)


@transaction.atomic(durable=True)
def counting_rules_confirm(*, acting_user: User | None, election: Election,
                           open_reasons: Iterable[str], blank_approve_ballot: str,
                           confirmed_by: str = "", confirmed_at: dt.datetime | None = None,
                           ) -> Decision:
    """RULES.md (open): before counting, the counting committee confirms which of the open
    invalid reasons (a name written in, a mark identifying the voter) it applies, and how a
    multi-name agree/disagree ballot marked for nobody counts. The choice becomes the
    election's rule set (counted under it) and is recorded as a decision: who, when, what;
    the counting minutes print it. Refused once a round of the election is being counted."""
    require_counting(acting_user, election)
    if election.rounds.filter(status__in=(Round.Status.COUNTING, Round.Status.CLOSED)).exists():
        raise ValidationError(ERR_COUNTING_STARTED)
    open_all = selectors.open_invalid_reasons()
    chosen = set(open_reasons)
    if chosen - {str(r) for r in open_all}:
        raise ValidationError(ERR_NOT_OPEN_REASON.format(value=", ".join(sorted(chosen))))
    try:
        blank = rules.BlankApproveBallot(blank_approve_ballot)
    except ValueError as exc:
        raise ValidationError(ERR_RULES.format(message=blank_approve_ballot)) from exc
    current = ruleset_of(election)
    applied = tuple(r for r in current.invalid_reasons if r not in open_all) + tuple(
        r for r in open_all if str(r) in chosen)
    before = snapshot(election)
    election.rules = {**(election.rules or {}), **RuleSet.from_dict(
        {**current.to_dict(), "invalid_reasons": [str(r) for r in applied],
         "blank_approve_ballot": str(blank)}).to_dict()}
    election.save(update_fields=["rules"])
    audit_update(actor=acting_user, obj=election, before=before, verb="counting_rules")
    decision = _decision(
        acting_user=acting_user, election=election, round_=None, kind=Decision.Kind.COUNTING_RULES,
        text=str(_("Ban Kiểm phiếu xác nhận cách xét phiếu trước khi kiểm phiếu.")),
        decided_by=confirmed_by or str(_("Ban Kiểm phiếu")), decided_at=confirmed_at,
        data={"open_reasons_applied": [str(r) for r in open_all if str(r) in chosen],
              "open_reasons_not_applied": [str(r) for r in open_all if str(r) not in chosen],
              "blank_approve_ballot": str(blank)})
    decision.text = selectors.counting_rules_text(decision)
    decision.save(update_fields=["text"])
    return decision


@transaction.atomic(durable=True)
def round_start_counting(*, acting_user: User | None, round_: Round, groups: int = 1,
                         sheet_groups: int = 0) -> Round:
    """Voting closed, counting begins: one counting group per ballot box. Only once the
    counting committee has confirmed the open cases (`counting_rules_confirm`)."""
    require_counting(acting_user, round_.election)
    return rounds.start_counting(acting_user=acting_user, round_=round_, groups=groups,
                                 sheet_groups=sheet_groups)


@transaction.atomic(durable=True)
def group_create(*, acting_user: User | None, round_: Round, name: str = "",
                 mode: str = CountingGroup.Mode.BALLOTS, members: str = "") -> CountingGroup:
    require_counting(acting_user, round_.election)
    return rounds.group_create(acting_user=acting_user, round_=round_, name=name, mode=mode,
                               members=members)


# --- entering paper ballots ----------------------------------------------------------------
@dataclass(frozen=True)
class EnteredBallot:
    position: int
    entry: int
    reason: rules.InvalidReason | None
    ballot: PaperBallot
    repeated: bool = False  # the key was seen before: the ballot stored then, not a new one


def _ballot_size(round_: Round) -> int:
    """Names on the round's ballot: stored on the round (no query), counted if not yet."""
    return round_.ballot_size or Round.candidates.through.objects.filter(round_id=round_.pk).count()


def ballot_enter(*, acting_user: User | None, group: CountingGroup | int, marks: str | Sequence[int],
                 void_lines: str | Sequence[int] = "", unstamped: bool = False,
                 identifying_mark: bool = False, write_in: bool = False, entry: int = 1,
                 position: int | None = None, key: uuid.UUID | str | None = None,
                 ) -> EnteredBallot:
    """Saves one paper ballot at once, in its own transaction (nothing is lost if a browser
    closes). `marks`: the lines struck (strike) or marked "không đồng ý" (approve), as typed
    or as numbers; `void_lines`: approve lines blank or marked twice. Few queries: the group
    row (locked, for the position), the insert, the counter.

    `key`: the ballot's idempotency key, made by the entry screen. A ballot already stored
    under it is returned as stored (`EnteredBallot.repeated`), so a retry after a timeout or
    a crash of the server stores nothing twice. The key is looked up after the group's row
    lock, so two requests with one key are one after the other on PostgreSQL; on SQLite (no
    row lock) the unique key refuses the second insert and the retry below finds the first.

    Tried again, each time in a new transaction, when two machines of the same group and
    entry saved at the same instant (SQLite has no row lock: the unique position refuses the
    second, and its transaction is rolled back whole before the next try)."""
    ballot_key = uuid.UUID(str(key)) if key else None
    for attempt in range(3):
        try:
            with transaction.atomic(durable=True):
                locked = _lock_group(group)
                require_counting(acting_user, locked.round.election)
                if ballot_key is not None:
                    stored = PaperBallot.objects.filter(key=ballot_key).first()
                    if stored is not None:
                        if stored.group_id != locked.pk:
                            raise ValidationError(ERR_KEY_OTHER_GROUP)
                        return EnteredBallot(position=stored.position, entry=stored.entry,
                                             reason=_classify(locked.round, stored),
                                             ballot=stored, repeated=True)
                return _enter(acting_user=acting_user, locked=locked, marks=marks,
                              void_lines=void_lines, unstamped=unstamped,
                              identifying_mark=identifying_mark, write_in=write_in, entry=entry,
                              position=position, key=ballot_key)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _lock_group(group: CountingGroup | int) -> CountingGroup:
    return (CountingGroup.objects.select_for_update().select_related("round__election")
            .get(pk=group if isinstance(group, int) else group.pk))


def _read(round_: Round, marks: str | Sequence[int], void_lines: str | Sequence[int],
          ) -> tuple[list[int], list[int]]:
    """The lines of a ballot as typed (or as numbers), checked against the round's ballot."""
    count = _ballot_size(round_)
    try:
        mark_list = (entry_rules.parse_lines(marks, count) if isinstance(marks, str)
                     else entry_rules.parse_lines(" ".join(map(str, marks)), count))
        void_list = (entry_rules.parse_lines(void_lines, count) if isinstance(void_lines, str)
                     else entry_rules.parse_lines(" ".join(map(str, void_lines)), count))
        if round_.ballot_format == Election.BallotFormat.STRIKE:
            void_list = []
        entry_rules.check_disjoint(mark_list, void_list)
    except entry_rules.EntryError as exc:
        raise ValidationError(str(exc)) from exc
    return mark_list, void_list


def _classify(round_: Round, paper: PaperBallot) -> rules.InvalidReason | None:
    """Why a stored ballot is invalid (None: valid, or voided: it counts for nobody)."""
    if paper.voided:
        return None
    count = _ballot_size(round_)
    ballot = selectors.to_rules_ballot(round_.ballot_format, paper.marks, paper.void_lines, count,
                                       unstamped=paper.unstamped,
                                       identifying_mark=paper.identifying_mark,
                                       write_in=paper.write_in)
    # A placeholder contest of the right shape: classification needs seats and the list
    # length only, and the names are not needed per ballot (kept fast).
    contest = rules.Contest(seats=round_.seats, candidates=tuple(str(i) for i in range(count)),
                            ballot_format=selectors.rules_format(round_.ballot_format),
                            electorate_convened=1, **ruleset_of(round_.election).contest_options())
    return rules.classify(contest, ballot)


def _require_entering(locked: CountingGroup) -> None:
    rounds.require_status(locked.round, Round.Status.COUNTING)
    if locked.mode != CountingGroup.Mode.BALLOTS:
        raise ValidationError(ERR_GROUP_MODE.format(group=locked.name))
    if locked.done:
        raise ValidationError(ERR_GROUP_DONE.format(group=locked.name))


def _enter(*, acting_user: User | None, locked: CountingGroup, marks: str | Sequence[int],
           void_lines: str | Sequence[int], unstamped: bool, identifying_mark: bool,
           write_in: bool, entry: int, position: int | None,
           key: uuid.UUID | None = None) -> EnteredBallot:
    """One ballot into a locked group, read on the round's ballot (its format)."""
    round_ = locked.round
    _require_entering(locked)
    if entry not in (1, 2, 3):
        raise ValidationError(ERR_ENTRY_NUMBER)
    if entry == 2 and not round_.double_entry:
        raise ValidationError(ERR_ENTRY_SECOND)
    mark_list, void_list = _read(round_, marks, void_lines)
    if entry == 3:
        if position is None:
            raise ValidationError(ERR_ENTRY_NUMBER)
        PaperBallot.objects.filter(group=locked, entry=3, position=position).delete()
        pos = position
    else:
        counter = "entered_1" if entry == 1 else "entered_2"
        pos = getattr(locked, counter) + 1
        CountingGroup.objects.filter(pk=locked.pk).update(**{counter: F(counter) + 1})
    paper = PaperBallot.objects.create(
        group=locked, entry=entry, position=pos, marks=mark_list, void_lines=void_list,
        unstamped=unstamped, identifying_mark=identifying_mark, write_in=write_in, key=key,
        entered_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    # The audit row says who entered which ballot of which box; the content is the ballot's.
    audit(actor=acting_user, obj=paper, action=AuditLog.Action.CREATE, verb="ballot_enter",
          after={"group": locked.pk, "entry": entry, "position": pos})
    return EnteredBallot(position=pos, entry=entry, reason=_classify(round_, paper), ballot=paper)


@transaction.atomic(durable=True)
def ballot_correct(*, acting_user: User | None, group: CountingGroup | int, entry: int,
                   position: int, action: str, marks: str | Sequence[int] = "",
                   void_lines: str | Sequence[int] = "", unstamped: bool = False,
                   identifying_mark: bool = False, write_in: bool = False) -> EnteredBallot:
    """Ballot number `position` of the group, as entry `entry` read it, corrected in place
    (`action` "correct": the reading typed again), voided ("void": it was no ballot, it
    counts for nobody) or restored ("restore"). Its number stays, so a double entry still
    pairs it with the other reading and shows a mismatch when they now differ. Audited with
    the reading before and after."""
    locked = _lock_group(group)
    require_counting(acting_user, locked.round.election)
    _require_entering(locked)
    paper = PaperBallot.objects.filter(group=locked, entry=entry, position=position).first()
    if paper is None:
        raise ValidationError(ERR_NO_BALLOT.format(position=position))
    before = {"position": position, "entry": entry, **_reading(paper)}
    if action == "correct":
        paper.marks, paper.void_lines = _read(locked.round, marks, void_lines)
        paper.unstamped, paper.identifying_mark = unstamped, identifying_mark
        paper.write_in = write_in
        paper.voided = False
    elif action in ("void", "restore"):
        paper.voided = action == "void"
    else:
        raise ValidationError(ERR_CORRECT_ACTION)
    paper.corrected_at = timezone.now()
    paper.save()
    audit(actor=acting_user, obj=paper, action=AuditLog.Action.UPDATE,
          verb={"correct": "ballot_correct", "void": "ballot_void",
                "restore": "ballot_restore"}[action],
          before=before, after={"position": position, "entry": entry, **_reading(paper)})
    return EnteredBallot(position=position, entry=entry, reason=_classify(locked.round, paper),
                         ballot=paper)


def _reading(paper: PaperBallot) -> dict[str, Any]:
    return {"marks": list(paper.marks), "void_lines": list(paper.void_lines),
            "unstamped": paper.unstamped, "identifying_mark": paper.identifying_mark,
            "write_in": paper.write_in, "voided": paper.voided}


@transaction.atomic(durable=True)
def ballot_undo(*, acting_user: User | None, group: CountingGroup | int, entry: int = 1) -> int:
    """Removes the last ballot this entry of the group saved; returns its position."""
    locked = CountingGroup.objects.select_for_update().select_related("round__election").get(
        pk=group if isinstance(group, int) else group.pk)
    require_counting(acting_user, locked.round.election)
    rounds.require_status(locked.round, Round.Status.COUNTING)
    if locked.done:
        raise ValidationError(ERR_GROUP_DONE.format(group=locked.name))
    last = locked.ballots.filter(entry=entry).order_by("-position").first()
    if last is None:
        raise ValidationError(ERR_NOTHING_TO_UNDO)
    audit(actor=acting_user, obj=last, action=AuditLog.Action.DELETE, verb="ballot_undo",
          before={"group": locked.pk, "entry": entry, "position": last.position})
    position = last.position
    last.delete()
    counter = "entered_1" if entry == 1 else "entered_2"
    CountingGroup.objects.filter(pk=locked.pk).update(**{counter: F(counter) - 1})
    return position


@transaction.atomic(durable=True)
def ballot_resolve(*, acting_user: User | None, group: CountingGroup, position: int,
                   take: int | None = None, marks: str = "", void_lines: str = "",
                   unstamped: bool = False, identifying_mark: bool = False,
                   write_in: bool = False) -> PaperBallot:
    """The third look at a mismatch of a double entry: take reading 1 or 2, or enter the
    reading of the paper as the third person reads it (entry 3 for that position)."""
    locked = _lock_group(group)
    require_counting(acting_user, locked.round.election)
    if take in (1, 2):
        source = locked.ballots.get(entry=take, position=position)
        taken = _enter(acting_user=acting_user, locked=locked, marks=source.marks,
                       void_lines=source.void_lines, unstamped=source.unstamped,
                       identifying_mark=source.identifying_mark, write_in=source.write_in,
                       entry=3, position=position).ballot
        if source.voided:  # the reading taken is "no ballot": so is the settled one
            taken.voided = True
            taken.save(update_fields=["voided"])
        return taken
    return _enter(acting_user=acting_user, locked=locked, marks=marks, void_lines=void_lines,
                  unstamped=unstamped, identifying_mark=identifying_mark, write_in=write_in,
                  entry=3, position=position).ballot


@transaction.atomic(durable=True)
def group_sheet_save(*, acting_user: User | None, group: CountingGroup, ballots_collected: int,
                     invalid_by_reason: Mapping[str, int], votes: Sequence[int]) -> CountingGroup:
    """A tally sheet of a group that counted by hand: votes in ballot order."""
    require_counting(acting_user, group.round.election)
    rounds.require_status(group.round, Round.Status.COUNTING)
    if group.mode != CountingGroup.Mode.SHEET:
        raise ValidationError(ERR_GROUP_MODE.format(group=group.name))
    totals = {"ballots_collected": ballots_collected,
              "invalid_by_reason": {str(k): v for k, v in invalid_by_reason.items()},
              "votes": list(votes)}
    rounds.check_totals(group.round, totals)
    before = snapshot(group)
    group.totals = totals
    group.save(update_fields=["totals"])
    audit_update(actor=acting_user, obj=group, before=before, verb="tally_sheet")
    return group


@transaction.atomic(durable=True)
def group_set_done(*, acting_user: User | None, group: CountingGroup, done: bool) -> CountingGroup:
    require_counting(acting_user, group.round.election)
    before = snapshot(group)
    group.done = done
    group.save(update_fields=["done"])
    audit_update(actor=acting_user, obj=group, before=before, verb="done" if done else "reopen")
    return group


@transaction.atomic(durable=True)
def round_record_totals(*, acting_user: User | None, round_: Round, ballots_collected: int,
                        invalid_by_reason: Mapping[str, int],
                        votes: Mapping[int, int]) -> CountingGroup:
    """For the electronic vote: its totals (votes keyed by Candidate id) enter the round as a
    group of their own, counted with the paper groups. The round must be counting; call
    `round_finalize` afterwards (the counting committee does, from the results page)."""
    require_counting(acting_user, round_.election)
    return rounds.record_totals(acting_user=acting_user, round_=round_,
                                ballots_collected=ballots_collected,
                                invalid_by_reason=invalid_by_reason, votes=votes)


# --- the result ----------------------------------------------------------------------------
@transaction.atomic(durable=True)
def round_finalize(*, acting_user: User | None, round_: Round) -> Round:
    """The counting committee closes the count: the result is computed from every group,
    stored, and the elected go into the record. A tie or unfilled seats leave the election
    open: the presidium decides on a further round (`round_create_next`). A delegation whose
    official seats are filled while more passed the threshold stays open too: the presidium
    decides (`election_decide_passed`, 190-QĐ/TW Điều 18)."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    require_counting(acting_user, round_.election)
    return rounds.finalize(acting_user=acting_user, round_=round_)


@transaction.atomic(durable=True)
def election_decide_passed(*, acting_user: User | None, round_: Round, decided_by: str,
                           text: str, decided_at: dt.datetime | None = None) -> Decision:
    """The presidium's decision on the open case of 190-QĐ/TW Điều 18 (the official delegates
    are elected and more passed the threshold than the seats): recorded, and only then is
    the election closed (its alternates may then be elected)."""
    require_role(acting_user, *PRESIDIUM_ROLES)
    round_ = Round.objects.select_related("election").get(pk=round_.pk)
    question = selectors.pending_question(round_)
    if question is None:
        raise ValidationError(ERR_NO_QUESTION)
    decision = _decision(acting_user=acting_user, election=round_.election, round_=round_,
                         kind=Decision.Kind.PASSED_NOT_ELECTED, text=text, decided_by=decided_by,
                         decided_at=decided_at,
                         data={"passed_not_elected": [c["id"] for c in question.passed]})
    rounds.close_election(acting_user=acting_user, election=round_.election)
    return decision


@transaction.atomic(durable=True)
def round_publish(*, acting_user: User | None, round_: Round, published: bool = True) -> Round:
    """The presidium publishes the result (the big screen shows it, delegates may see it)."""
    require_role(acting_user, *PUBLISH_ROLES)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.CLOSED:
        raise ValidationError(ERR_PUBLISH_NOT_CLOSED)
    before = snapshot(round_)
    round_.results_published = published
    round_.save(update_fields=["results_published"])
    audit_update(actor=acting_user, obj=round_, before=before,
                 verb="publish" if published else "unpublish")
    return round_


@transaction.atomic(durable=True)
def round_create_next(*, acting_user: User | None, round_: Round, decided_by: str, text: str,
                      decided_at: dt.datetime | None = None,
                      candidate_ids: Sequence[int] | None = None,
                      added_names: Sequence[str] = ()) -> Round:
    """The presidium confirms a further round (the decision is recorded): among the tied, or
    among those not yet elected, with names added if the congress so decided."""
    require_role(acting_user, *PRESIDIUM_ROLES)
    proposal = selectors.round_propose_next(round_)
    if proposal is None:
        raise ValidationError(ERR_NOTHING_TO_PROPOSE)
    election = round_.election
    later = election.rounds.filter(number__gt=round_.number).first()
    if later is not None:
        raise ValidationError(ERR_NEXT_EXISTS.format(number=later.number))
    allowed = {c.pk for c in proposal.candidates}
    chosen = [c for c in proposal.candidates
              if candidate_ids is None or c.pk in set(candidate_ids)]
    chosen = [c for c in chosen if c.pk in allowed]
    for name in added_names:
        name = names.normalize_spaces(name)
        if name:
            cand = Candidate.objects.create(election=election, full_name=name,
                                            sort_key=ruleset_of(election).sort_key(name),
                                            nomination=Candidate.Nomination.FLOOR)
            audit_create(actor=acting_user, obj=cand, verb="added_for_next_round")
            chosen.append(cand)
    if not chosen:
        raise ValidationError(ERR_NEXT_CANDIDATES)
    kind = Decision.Kind.TIE_ROUND if proposal.kind == "tie" else Decision.Kind.UNFILLED_ROUND
    new = Round.objects.create(
        election=election, number=round_.number + 1, seats=proposal.seats,
        electorate_convened=round_.electorate_convened, excluded=round_.excluded,
        double_entry=round_.double_entry, reason=proposal.kind,
    )
    rounds.set_candidates(new, chosen)
    audit_create(actor=acting_user, obj=new)
    _decision(acting_user=acting_user, election=election, round_=new, kind=kind, text=text,
              decided_by=decided_by, decided_at=decided_at)
    return new


@transaction.atomic(durable=True)
def election_stop(*, acting_user: User | None, election: Election, decided_by: str, text: str,
                  decided_at: dt.datetime | None = None) -> Election:
    """The congress decides not to vote again (seats stay unfilled): recorded, then closed."""
    require_role(acting_user, *PRESIDIUM_ROLES)
    _decision(acting_user=acting_user, election=election, round_=election.rounds.last(),
              kind=Decision.Kind.STOP, text=text, decided_by=decided_by, decided_at=decided_at)
    rounds.close_election(acting_user=acting_user, election=election)
    return election


@transaction.atomic(durable=True)
def election_create_alternates(*, acting_user: User | None, election: Election, seats: int,
                               title: str = "", seats_basis: str = "") -> Election:
    """190-QĐ/TW Điều 18: officials and alternates stand on one list; after the officials are
    elected, the remaining candidates are voted on again for the alternates (own minutes)."""
    require_role(acting_user, *MANAGE_ROLES)
    election.refresh_from_db()
    if election.kind != Election.Kind.DELEGATION:
        raise ValidationError(ERR_NOT_DELEGATION)
    if Election.objects.filter(follows=election).exists():
        raise ValidationError(ERR_ALTERNATES_EXIST)
    if election.status != Election.Status.CLOSED:
        raise ValidationError(ERR_OFFICIALS_NOT_DONE)
    alt = _election_create(
        acting_user=acting_user, organization=election.organization, congress=election.congress,
        title=title or f"{election.title} – {_('đại biểu dự khuyết')}",
        kind=Election.Kind.DELEGATION_ALTERNATES, seats=seats,
        ballot_format=election.ballot_format, electorate=election.electorate,
        seats_basis=seats_basis or election.seats_basis, term=election.term,
        seats_vote_id=None, rules_overrides=election.rules,
        counting_members=election.counting_members, follows=election, committee_election=None,
    )
    elected = set(election.mandates.values_list("candidate_id", flat=True))
    for cand in selectors.list_candidates(election):
        if cand.pk in elected:
            continue
        new = Candidate.objects.create(election=alt, member=cand.member, full_name=cand.full_name,
                                       sort_key=cand.sort_key, nomination=cand.nomination)
        audit_create(actor=acting_user, obj=new, verb="alternates_list")
    return alt
