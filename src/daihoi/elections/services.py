"""Elections: every change of state goes through one of these functions.

Counting is never done here: a round's result is `rules.count` per counting group (ballot by
ballot), turned into totals, summed with the tally-sheet and electronic groups, and counted
once more by `rules.count_totals` with the round's ballots issued. The rule parameters come
from `rulesets.RuleSet` stored with the election. Where RULES.md leaves a rule *open*, these
services stop and ask for a recorded `Decision` (who decided, when, what).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit, audit_create, audit_delete, audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.permissions import has_role, require_role
from daihoi.core.roles import Role
from daihoi.elections import first_session
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
ERR_ROUND_STATUS = _("Lần bầu đang ở trạng thái '{status}', không làm được việc này.")
ERR_ISSUED_OVER_CONVENED = _("Số phiếu phát ra ({issued}) nhiều hơn số được triệu tập ({convened}).")
ERR_PRESENT_OVER_CONVENED = _("Số có mặt ({present}) nhiều hơn số được triệu tập ({convened}).")
ERR_GROUP_MODE = _("Tổ '{group}' không nhập từng phiếu.")
ERR_GROUP_DONE = _("Tổ '{group}' đã chốt kết quả; mở lại trước khi nhập tiếp.")
ERR_ENTRY_NUMBER = _("Lần nhập phải là 1 hoặc 2 (nhập hai lần) hoặc 3 (xem lại phiếu lệch).")
ERR_ENTRY_SECOND = _("Lần bầu này không nhập phiếu hai lần.")
ERR_NOTHING_TO_UNDO = _("Không còn phiếu nào để hoàn tác.")
ERR_MISMATCHES = _("Còn {count} phiếu nhập hai lần không khớp: xem lại trước khi chốt kết quả.")
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
ERR_PUBLISH_NOT_CLOSED = _("Chỉ công bố được lần bầu đã có kết quả.")
ERR_NOT_COMMITTEE_MANDATE = _("Chỉ ghi có mặt cho ủy viên Ban Chấp hành vừa được bầu.")
ERR_SETUP = _("Chưa nhập số đại biểu được triệu tập và số phiếu phát ra của lần bầu.")

MANAGE_ROLES = (Role.OFFICE, Role.SECRETARIAT)
PRESIDIUM_ROLES = (Role.SECRETARIAT, Role.OFFICE)
PUBLISH_ROLES = (Role.SECRETARIAT,)

SURPLUS_KINDS = (Election.Kind.COMMITTEE, Election.Kind.STANDING_COMMITTEE)

POSITION_OF_KIND = {
    Election.Kind.COMMITTEE: Mandate.Position.COMMITTEE_MEMBER,
    Election.Kind.STANDING_COMMITTEE: Mandate.Position.STANDING_MEMBER,
    Election.Kind.SECRETARY: Mandate.Position.SECRETARY,
    Election.Kind.DEPUTY_SECRETARY: Mandate.Position.DEPUTY_SECRETARY,
    Election.Kind.INSPECTION_COMMITTEE: Mandate.Position.INSPECTION_MEMBER,
    Election.Kind.INSPECTION_CHAIR: Mandate.Position.INSPECTION_CHAIR,
    Election.Kind.DELEGATION: Mandate.Position.DELEGATE_OFFICIAL,
    Election.Kind.DELEGATION_ALTERNATES: Mandate.Position.DELEGATE_ALTERNATE,
    Election.Kind.OTHER: Mandate.Position.OTHER,
}


# --- permissions ---------------------------------------------------------------------------
def is_counting(user: Any, election: Election) -> bool:
    """The counting committee: the global role, or a member of the counting committee the
    election's electorate records (the congress's, for an election of a congress)."""
    if has_role(user, Role.COUNTING):
        return True
    if user is None or not user.is_authenticated:
        return False
    electorate = electorate_of(election)
    return electorate is not None and electorate.is_counting_member(election, user=user)


def require_counting(user: Any, election: Election) -> None:
    if not is_counting(user, election):
        raise PermissionDenied


def can_see_results(user: Any, round_: Round) -> bool:
    """Before publication only the counting committee and the presidium's secretariat."""
    if round_.results_published:
        return bool(user is not None and user.is_authenticated and user.is_active)
    return has_role(user, Role.SECRETARIAT) or is_counting(user, round_.election)


# --- helpers -------------------------------------------------------------------------------
def ruleset_of(election: Election) -> RuleSet:
    return RuleSet.from_dict(election.rules or {})


def ballot_candidates(round_: Round) -> list[Candidate]:
    """The round's candidates in ballot order (Vietnamese order by given name)."""
    return sorted(round_.candidates.all(), key=lambda c: (c.sort_key, c.full_name, c.id))


def ballot_names(candidates: Sequence[Candidate]) -> tuple[str, ...]:
    """Names as the rules module needs them: unique (two namesakes get a number)."""
    seen: dict[str, int] = {}
    out = []
    for c in candidates:
        seen[c.full_name] = seen.get(c.full_name, 0) + 1
        out.append(c.full_name if seen[c.full_name] == 1 else f"{c.full_name} ({seen[c.full_name]})")
    return tuple(out)


def contest_of(round_: Round, candidates: Sequence[Candidate] | None = None, *,
               with_issued: bool = True) -> rules.Contest:
    cands = list(candidates) if candidates is not None else ballot_candidates(round_)
    election = round_.election
    # A base below 1 is an error the rules name (RULES.md), never silently made 1.
    return rules.Contest(
        seats=round_.seats,
        candidates=ballot_names(cands),
        ballot_format=rules.BallotFormat(election.ballot_format),
        electorate_convened=round_.electorate_convened,
        excluded=round_.excluded,
        ballots_issued=(round_.ballots_issued or None) if with_issued else None,
        # The reasons the counting committee applies, and its choice for a blank approve ballot.
        **ruleset_of(election).contest_options(),
    )


def _require_round_status(round_: Round, *statuses: str) -> None:
    if round_.status not in statuses:
        raise ValidationError(ERR_ROUND_STATUS.format(status=round_.get_status_display()))


def _decision(*, acting_user: User | None, election: Election, round_: Round | None, kind: str,
              text: str, decided_by: str, decided_at: dt.datetime | None) -> Decision:
    if not text.strip() or not decided_by.strip():
        raise ValidationError(ERR_DECISION_TEXT)
    decision = Decision.objects.create(
        election=election, round=round_, kind=kind, text=text.strip(),
        decided_by=decided_by.strip(), decided_at=decided_at or timezone.now(),
        recorded_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    audit_create(actor=acting_user, obj=decision, verb=f"decision_{kind}")
    return decision


# --- elections and candidate lists ---------------------------------------------------------
@transaction.atomic
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


@transaction.atomic
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


@transaction.atomic
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
        election=election, member=member, full_name=name, sort_key=ruleset_of(election).sort_key(name),
        nomination=nomination, nomination_status=status, opinion_agree=opinion_agree,
        opinion_attending=opinion_attending,
    )
    audit_create(actor=acting_user, obj=candidate,
                 verb="nominate" if status == "accepted" else "nomination_rejected")
    return candidate


@transaction.atomic
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
        _set_candidates(round_, [c for c in round_.candidates.all() if c.pk != candidate.pk])
        audit(actor=acting_user, obj=round_, action=AuditLog.Action.UPDATE,
              verb="candidate_withdrawn", after={"candidate": candidate.pk})
    return candidate


@transaction.atomic
def candidate_remove(*, acting_user: User | None, candidate: Candidate) -> None:
    """Removes a name entered by mistake (while preparing; a withdrawal is `candidate_withdraw`)."""
    require_role(acting_user, *MANAGE_ROLES)
    _require_preparing(candidate.election)
    audit_delete(actor=acting_user, obj=candidate)
    candidate.delete()


def list_candidates(election: Election) -> list[Candidate]:
    """The names standing: accepted and not withdrawn, in ballot order."""
    return list(election.candidates.filter(nomination_status="accepted", withdrawn=False)
                .order_by("sort_key", "full_name", "id"))


@dataclass(frozen=True)
class SurplusStatus:
    applies: bool  # the surplus rule applies to this kind of election
    ok: bool
    message: str
    decision: Decision | None


def surplus_status(election: Election) -> SurplusStatus:
    """190-QĐ/TW Điều 14 for the committee and the standing committee; a list outside the
    range needs the congress's decision, recorded (Decision kind surplus)."""
    count = len(list_candidates(election))
    decision = election.decisions.filter(kind=Decision.Kind.SURPLUS).last()
    if election.kind not in SURPLUS_KINDS:
        return SurplusStatus(False, True, "", decision)
    check = ruleset_of(election).surplus_check(election.seats, count)
    return SurplusStatus(True, check.ok, check.message, decision)


@transaction.atomic
def decision_record(*, acting_user: User | None, election: Election, kind: str, text: str,
                    decided_by: str, decided_at: dt.datetime | None = None,
                    round_: Round | None = None) -> Decision:
    require_role(acting_user, *PRESIDIUM_ROLES)
    return _decision(acting_user=acting_user, election=election, round_=round_, kind=kind,
                     text=text, decided_by=decided_by, decided_at=decided_at)


# --- rounds --------------------------------------------------------------------------------
@transaction.atomic
def round_create_first(*, acting_user: User | None, election: Election) -> Round:
    """Closes the list and opens the first round (ballots can then be printed). Stops when
    the surplus is outside the rules and the congress's decision is not recorded."""
    require_role(acting_user, *MANAGE_ROLES)
    _require_preparing(election)
    candidates = list_candidates(election)
    if not candidates:
        raise ValidationError(ERR_NO_CANDIDATES)
    status = surplus_status(election)
    if status.applies and not status.ok and status.decision is None:
        raise ValidationError(ERR_SURPLUS_DECISION.format(message=status.message))
    _link_first_session(election)
    convened, excluded = _electorate_defaults(election)
    round_ = Round.objects.create(election=election, number=1, seats=election.seats,
                                  electorate_convened=convened, excluded=excluded)
    _set_candidates(round_, candidates)
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


@transaction.atomic
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


@transaction.atomic
def round_setup(*, acting_user: User | None, round_: Round, electorate_convened: int,
                excluded: int, ballots_issued: int, electorate_present: int | None = None,
                double_entry: bool | None = None) -> Round:
    """The numbers of the vote: convened, excluded (RULES.md base), present, ballots issued."""
    require_counting(acting_user, round_.election)
    _require_round_status(round_, Round.Status.PREPARING, Round.Status.VOTING,
                          Round.Status.COUNTING)
    if ballots_issued > electorate_convened:
        raise ValidationError(ERR_ISSUED_OVER_CONVENED.format(issued=ballots_issued,
                                                              convened=electorate_convened))
    if electorate_present is not None and electorate_present > electorate_convened:
        raise ValidationError(ERR_PRESENT_OVER_CONVENED.format(present=electorate_present,
                                                               convened=electorate_convened))
    before = snapshot(round_)
    round_.electorate_convened = electorate_convened
    round_.excluded = excluded
    round_.ballots_issued = ballots_issued
    round_.electorate_present = electorate_present
    if double_entry is not None:
        round_.double_entry = double_entry
    try:
        contest_of(round_)  # the base must be at least 1: rules says why otherwise
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc
    round_.save()
    audit_update(actor=acting_user, obj=round_, before=before, verb="setup")
    return round_


@transaction.atomic
def round_open_voting(*, acting_user: User | None, round_: Round) -> Round:
    require_counting(acting_user, round_.election)
    _require_round_status(round_, Round.Status.PREPARING)
    before = snapshot(round_)
    round_.status = Round.Status.VOTING
    round_.save(update_fields=["status"])
    audit_update(actor=acting_user, obj=round_, before=before, verb="open_voting")
    return round_


@transaction.atomic
def round_start_counting(*, acting_user: User | None, round_: Round, groups: int = 1,
                         sheet_groups: int = 0) -> Round:
    """Voting closed, counting begins: one counting group per ballot box."""
    require_counting(acting_user, round_.election)
    _require_round_status(round_, Round.Status.PREPARING, Round.Status.VOTING)
    before = snapshot(round_)
    round_.status = Round.Status.COUNTING
    round_.save(update_fields=["status"])
    audit_update(actor=acting_user, obj=round_, before=before, verb="start_counting")
    if not round_.groups.exists():
        for i in range(groups + sheet_groups):
            group_create(acting_user=acting_user, round_=round_,
                         mode=CountingGroup.Mode.BALLOTS if i < groups else CountingGroup.Mode.SHEET)
    return round_


@transaction.atomic
def group_create(*, acting_user: User | None, round_: Round, name: str = "",
                 mode: str = CountingGroup.Mode.BALLOTS, members: str = "") -> CountingGroup:
    require_counting(acting_user, round_.election)
    _require_round_status(round_, Round.Status.PREPARING, Round.Status.VOTING,
                          Round.Status.COUNTING)
    number = (round_.groups.aggregate(n=Max("number"))["n"] or 0) + 1
    group = CountingGroup.objects.create(
        round=round_, number=number, mode=mode, members=members,
        name=name or (str(_("Bỏ phiếu điện tử")) if mode == CountingGroup.Mode.ELECTRONIC
                      else f"{_('Tổ kiểm phiếu số')} {number}"),
    )
    audit_create(actor=acting_user, obj=group)
    return group


# --- entering paper ballots ----------------------------------------------------------------
@dataclass(frozen=True)
class EnteredBallot:
    position: int
    entry: int
    reason: rules.InvalidReason | None
    ballot: PaperBallot


def _to_rules_ballot(election_format: str, marks: Sequence[int], void_lines: Sequence[int],
                     count: int, *, unstamped: bool, identifying_mark: bool,
                     write_in: bool) -> rules.Ballot:
    write = ("(ghi thêm tên)",) if write_in else ()
    if election_format == Election.BallotFormat.STRIKE:
        return rules.Ballot(struck=frozenset(m - 1 for m in marks), unstamped=unstamped,
                            identifying_mark=identifying_mark, write_in=write)
    disagree = frozenset(m - 1 for m in marks)
    void = frozenset(v - 1 for v in void_lines)
    agree = frozenset(range(count)) - disagree - void
    return rules.Ballot(agree=agree, disagree=disagree, unstamped=unstamped,
                        identifying_mark=identifying_mark, write_in=write)


def ballot_of(paper: PaperBallot, election_format: str, count: int) -> rules.Ballot:
    return _to_rules_ballot(election_format, paper.marks, paper.void_lines, count,
                            unstamped=paper.unstamped, identifying_mark=paper.identifying_mark,
                            write_in=paper.write_in)


def _ballot_size(round_: Round) -> int:
    """Names on the round's ballot: stored on the round (no query), counted if not yet."""
    return round_.ballot_size or Round.candidates.through.objects.filter(round_id=round_.pk).count()


def _set_candidates(round_: Round, candidates: Sequence[Candidate]) -> None:
    round_.candidates.set(candidates)
    round_.ballot_size = len(candidates)
    round_.save(update_fields=["ballot_size"])


def ballot_enter(*, acting_user: User | None, group: CountingGroup | int, marks: str | Sequence[int],
                 void_lines: str | Sequence[int] = "", unstamped: bool = False,
                 identifying_mark: bool = False, write_in: bool = False, entry: int = 1,
                 position: int | None = None) -> EnteredBallot:
    """`_ballot_enter_once`, tried again when two machines of the same group and entry saved
    at the same instant (SQLite has no row lock: the unique position refuses the second)."""
    for attempt in range(3):
        try:
            return _ballot_enter_once(
                acting_user=acting_user, group=group, marks=marks, void_lines=void_lines,
                unstamped=unstamped, identifying_mark=identifying_mark, write_in=write_in,
                entry=entry, position=position)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _ballot_enter_once(*, acting_user: User | None, group: CountingGroup | int,
                       marks: str | Sequence[int], void_lines: str | Sequence[int],
                       unstamped: bool, identifying_mark: bool, write_in: bool, entry: int,
                       position: int | None) -> EnteredBallot:
    """Saves one paper ballot at once, in its own transaction (nothing is lost if a browser
    closes). `marks`: the lines struck (strike) or marked "không đồng ý" (approve), as typed
    or as numbers; `void_lines`: approve lines blank or marked twice. Few queries: the group
    row (locked, for the position), the number of candidates, the insert, the counter."""
    with transaction.atomic():
        locked = (CountingGroup.objects.select_for_update().select_related("round__election")
                  .get(pk=group if isinstance(group, int) else group.pk))
        round_ = locked.round
        election = round_.election
        require_counting(acting_user, election)
        _require_round_status(round_, Round.Status.COUNTING)
        if locked.mode != CountingGroup.Mode.BALLOTS:
            raise ValidationError(ERR_GROUP_MODE.format(group=locked.name))
        if locked.done:
            raise ValidationError(ERR_GROUP_DONE.format(group=locked.name))
        if entry not in (1, 2, 3):
            raise ValidationError(ERR_ENTRY_NUMBER)
        if entry == 2 and not round_.double_entry:
            raise ValidationError(ERR_ENTRY_SECOND)
        count = _ballot_size(round_)
        try:
            mark_list = (entry_rules.parse_lines(marks, count) if isinstance(marks, str)
                         else entry_rules.parse_lines(" ".join(map(str, marks)), count))
            void_list = (entry_rules.parse_lines(void_lines, count) if isinstance(void_lines, str)
                         else entry_rules.parse_lines(" ".join(map(str, void_lines)), count))
            if election.ballot_format == Election.BallotFormat.STRIKE:
                void_list = []
            entry_rules.check_disjoint(mark_list, void_list)
        except entry_rules.EntryError as exc:
            raise ValidationError(str(exc)) from exc
        ballot = _to_rules_ballot(election.ballot_format, mark_list, void_list, count,
                                  unstamped=unstamped, identifying_mark=identifying_mark,
                                  write_in=write_in)
        # A placeholder contest of the right shape: classification needs seats and the list
        # length only, and the names are not needed per ballot (kept fast).
        contest = rules.Contest(seats=round_.seats, candidates=tuple(str(i) for i in range(count)),
                                ballot_format=rules.BallotFormat(election.ballot_format),
                                electorate_convened=1, **ruleset_of(election).contest_options())
        reason = rules.classify(contest, ballot)
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
            unstamped=unstamped, identifying_mark=identifying_mark, write_in=write_in,
            entered_by=acting_user if acting_user and acting_user.is_authenticated else None,
        )
        # The audit row says who entered which ballot of which box; the content is the ballot's.
        audit(actor=acting_user, obj=paper, action=AuditLog.Action.CREATE, verb="ballot_enter",
              after={"group": locked.pk, "entry": entry, "position": pos})
        return EnteredBallot(position=pos, entry=entry, reason=reason, ballot=paper)


@transaction.atomic
def ballot_undo(*, acting_user: User | None, group: CountingGroup | int, entry: int = 1) -> int:
    """Removes the last ballot this entry of the group saved; returns its position."""
    locked = CountingGroup.objects.select_for_update().select_related("round__election").get(
        pk=group if isinstance(group, int) else group.pk)
    require_counting(acting_user, locked.round.election)
    _require_round_status(locked.round, Round.Status.COUNTING)
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


@dataclass(frozen=True)
class Mismatch:
    position: int
    first: PaperBallot | None
    second: PaperBallot | None


def effective_ballots(group: CountingGroup, papers: Sequence[PaperBallot] | None = None,
                      ) -> tuple[list[PaperBallot], list[Mismatch]]:
    """The ballots that count, and the double-entry mismatches. With a single entry every
    ballot counts. With a double entry a ballot counts when both readings agree, or when a
    third look (entry 3) settled it; otherwise it is listed as a mismatch and does not count."""
    rows = list(papers) if papers is not None else list(group.ballots.all())
    if not group.round.double_entry:
        return sorted((p for p in rows if p.entry == 1), key=lambda p: p.position), []
    by_entry: dict[int, dict[int, PaperBallot]] = {1: {}, 2: {}, 3: {}}
    for p in rows:
        by_entry.setdefault(p.entry, {})[p.position] = p
    agreed: list[PaperBallot] = []
    mismatches: list[Mismatch] = []
    for pos in sorted(set(by_entry[1]) | set(by_entry[2]) | set(by_entry[3])):
        third = by_entry[3].get(pos)
        first, second = by_entry[1].get(pos), by_entry[2].get(pos)
        if third is not None:
            agreed.append(third)
        elif first is not None and second is not None and first.same_reading(second):
            agreed.append(first)
        else:
            mismatches.append(Mismatch(pos, first, second))
    return agreed, mismatches


@dataclass(frozen=True)
class GroupTotals:
    group: CountingGroup
    ballots_collected: int
    invalid_by_reason: dict[rules.InvalidReason, int]
    votes: list[int]
    mismatches: list[Mismatch]
    result: rules.Result | None  # the group's own count (ballot groups), for its screen


def group_totals(group: CountingGroup, round_: Round | None = None,
                 candidates: Sequence[Candidate] | None = None) -> GroupTotals:
    """One group as totals: its ballots counted by `rules.count`, or its tally sheet checked
    by `rules.count_totals` (both with no ballots issued: that is checked on the round)."""
    round_ = round_ or group.round
    cands = list(candidates) if candidates is not None else ballot_candidates(round_)
    contest = contest_of(round_, cands, with_issued=False)
    n = len(cands)
    if group.mode == CountingGroup.Mode.BALLOTS:
        agreed, mismatches = effective_ballots(group)
        fmt = round_.election.ballot_format
        result = rules.count(contest, (ballot_of(p, fmt, n) for p in agreed))
        return GroupTotals(group, result.ballots_collected, dict(result.invalid_by_reason),
                           list(result.votes), mismatches, result)
    totals = group.totals or {}
    if not totals:
        return GroupTotals(group, 0, dict.fromkeys(rules.INVALID_REASON_ORDER, 0), [0] * n, [],
                           None)
    result = rules.count_totals(contest, ballots_collected=totals["ballots_collected"],
                                invalid_by_reason=totals["invalid_by_reason"],
                                votes=totals["votes"])
    return GroupTotals(group, result.ballots_collected, dict(result.invalid_by_reason),
                       list(result.votes), [], result)


@dataclass(frozen=True)
class RoundCount:
    result: rules.Result
    groups: list[GroupTotals]
    candidates: list[Candidate]
    mismatches: int


def round_count(round_: Round) -> RoundCount:
    """The round's result: each group as totals, summed, counted by `rules.count_totals` with
    the round's ballots issued (collected ≤ issued). Raises rules.RulesError when the totals
    cannot come from real ballots."""
    cands = ballot_candidates(round_)
    groups = [group_totals(g, round_, cands) for g in round_.groups.all()]
    n = len(cands)
    collected = sum(g.ballots_collected for g in groups)
    invalid: dict[rules.InvalidReason | str, int] = dict.fromkeys(rules.INVALID_REASON_ORDER, 0)
    votes = [0] * n
    for g in groups:
        for reason, k in g.invalid_by_reason.items():
            invalid[rules.InvalidReason(reason)] += k
        votes = [a + b for a, b in zip(votes, g.votes, strict=True)]
    contest = contest_of(round_, cands)
    result = rules.count_totals(contest, ballots_collected=collected, invalid_by_reason=invalid,
                                votes=votes)
    return RoundCount(result, groups, cands, sum(len(g.mismatches) for g in groups))


@transaction.atomic
def ballot_resolve(*, acting_user: User | None, group: CountingGroup, position: int,
                   take: int | None = None, marks: str = "", void_lines: str = "",
                   unstamped: bool = False, identifying_mark: bool = False,
                   write_in: bool = False) -> PaperBallot:
    """The third look at a mismatch of a double entry: take reading 1 or 2, or enter the
    reading of the paper as the third person reads it (entry 3 for that position)."""
    if take in (1, 2):
        source = group.ballots.get(entry=take, position=position)
        return ballot_enter(acting_user=acting_user, group=group, marks=source.marks,
                            void_lines=source.void_lines, unstamped=source.unstamped,
                            identifying_mark=source.identifying_mark, write_in=source.write_in,
                            entry=3, position=position).ballot
    return ballot_enter(acting_user=acting_user, group=group, marks=marks, void_lines=void_lines,
                        unstamped=unstamped, identifying_mark=identifying_mark,
                        write_in=write_in, entry=3, position=position).ballot


def _check_totals(round_: Round, group: CountingGroup | None, totals: dict[str, Any]) -> None:
    """Validates a group's totals through the rules (a tally sheet that cannot come from
    real ballots is refused) before anything is saved."""
    cands = ballot_candidates(round_)
    contest = contest_of(round_, cands, with_issued=False)
    try:
        rules.count_totals(contest, ballots_collected=totals["ballots_collected"],
                           invalid_by_reason=totals["invalid_by_reason"], votes=totals["votes"])
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc


@transaction.atomic
def group_sheet_save(*, acting_user: User | None, group: CountingGroup, ballots_collected: int,
                     invalid_by_reason: Mapping[str, int], votes: Sequence[int]) -> CountingGroup:
    """A tally sheet of a group that counted by hand: votes in ballot order."""
    require_counting(acting_user, group.round.election)
    _require_round_status(group.round, Round.Status.COUNTING)
    if group.mode != CountingGroup.Mode.SHEET:
        raise ValidationError(ERR_GROUP_MODE.format(group=group.name))
    totals = {"ballots_collected": ballots_collected,
              "invalid_by_reason": {str(k): v for k, v in invalid_by_reason.items()},
              "votes": list(votes)}
    _check_totals(group.round, group, totals)
    before = snapshot(group)
    group.totals = totals
    group.save(update_fields=["totals"])
    audit_update(actor=acting_user, obj=group, before=before, verb="tally_sheet")
    return group


@transaction.atomic
def group_set_done(*, acting_user: User | None, group: CountingGroup, done: bool) -> CountingGroup:
    require_counting(acting_user, group.round.election)
    before = snapshot(group)
    group.done = done
    group.save(update_fields=["done"])
    audit_update(actor=acting_user, obj=group, before=before, verb="done" if done else "reopen")
    return group


@transaction.atomic
def round_record_totals(*, acting_user: User | None, round_: Round, ballots_collected: int,
                        invalid_by_reason: Mapping[str, int],
                        votes: Mapping[int, int]) -> CountingGroup:
    """For the electronic vote: its totals (votes keyed by Candidate id) enter the round as a
    group of their own, counted with the paper groups. The round must be counting; call
    `round_finalize` afterwards (the counting committee does, from the results page)."""
    require_counting(acting_user, round_.election)
    _require_round_status(round_, Round.Status.COUNTING)
    cands = ballot_candidates(round_)
    totals = {"ballots_collected": ballots_collected,
              "invalid_by_reason": {str(k): v for k, v in invalid_by_reason.items()},
              "votes": [int(votes.get(c.pk, 0)) for c in cands]}
    _check_totals(round_, None, totals)
    group = round_.groups.filter(mode=CountingGroup.Mode.ELECTRONIC).first()
    if group is None:
        group = group_create(acting_user=acting_user, round_=round_,
                             mode=CountingGroup.Mode.ELECTRONIC)
    before = snapshot(group)
    group.totals = totals
    group.done = True
    group.save(update_fields=["totals", "done"])
    audit_update(actor=acting_user, obj=group, before=before, verb="electronic_totals")
    return group


# --- the result ----------------------------------------------------------------------------
def result_payload(count: RoundCount) -> dict[str, Any]:
    """What is stored in Round.result: the `daihoi tally` JSON plus candidate ids, the
    groups' totals, and the elected as ids in order of votes."""
    data = count.result.to_json()
    name_to_cand = dict(zip(count.result.contest.candidates, count.candidates, strict=True))
    for entry, cand, cres in zip(data["candidates"], count.candidates, count.result.candidates,
                                 strict=True):
        entry["id"] = cand.pk
        entry["percent_text"] = f"{cres.percent:.2f}"
    data["elected_ids"] = [name_to_cand[n].pk for n in count.result.elected]
    data["tie_ids"] = ([name_to_cand[n].pk for n in count.result.tie.candidates]
                       if count.result.tie else [])
    data["groups"] = [{"name": g.group.name, "mode": g.group.mode,
                       "ballots_collected": g.ballots_collected,
                       "invalid": sum(g.invalid_by_reason.values())} for g in count.groups]
    return data


@transaction.atomic
def round_finalize(*, acting_user: User | None, round_: Round) -> Round:
    """The counting committee closes the count: the result is computed from every group,
    stored, and the elected go into the record. A tie or unfilled seats leave the election
    open: the presidium decides on a further round (`round_create_next`)."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    require_counting(acting_user, round_.election)
    _require_round_status(round_, Round.Status.COUNTING)
    if round_.electorate_convened < 1 or round_.ballots_issued < 1:
        raise ValidationError(ERR_SETUP)
    try:
        count = round_count(round_)
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc
    if count.mismatches:
        raise ValidationError(ERR_MISMATCHES.format(count=count.mismatches))
    before = snapshot(round_)
    round_.result = result_payload(count)
    round_.status = Round.Status.CLOSED
    round_.counted_at = timezone.now()
    round_.save()
    audit_update(actor=acting_user, obj=round_, before=before, verb="finalize")
    _write_mandates(acting_user=acting_user, round_=round_, count=count)
    election = round_.election
    if count.result.tie is None and count.result.unfilled == 0:
        before_e = snapshot(election)
        election.status = Election.Status.CLOSED
        election.save(update_fields=["status"])
        audit_update(actor=acting_user, obj=election, before=before_e, verb="close")
    return round_


def _write_mandates(*, acting_user: User | None, round_: Round, count: RoundCount) -> None:
    election = round_.election
    position = POSITION_OF_KIND[Election.Kind(election.kind)]
    start = election.mandates.count()
    by_name = dict(zip(count.result.contest.candidates, count.candidates, strict=True))
    votes = {c.name: c.votes for c in count.result.candidates}
    # Order: by votes, highest first (the alternates' order, rulesets.AlternatesOrder).
    rows = []
    for i, name in enumerate(count.result.elected, start=start + 1):
        cand = by_name[name]
        rows.append(Mandate.objects.create(
            election=election, round=round_, candidate=cand, member=cand.member,
            full_name=cand.full_name, position=position, order=i, votes=votes[name],
            term=election.term,
        ))
    for m in rows:
        audit_create(actor=acting_user, obj=m, verb="elected")


@transaction.atomic
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


@dataclass(frozen=True)
class NextRoundProposal:
    kind: str  # "tie" or "unfilled"
    seats: int
    candidates: list[Candidate]
    message: str


def round_propose_next(round_: Round) -> NextRoundProposal | None:
    """RULES.md (open): a tie at the cut-off -> a further round among the tied for the seats
    left; seats unfilled -> a further round among those not yet elected (190-QĐ/TW
    Điều 18). The system proposes; the presidium confirms and the decision is recorded."""
    if round_.status != Round.Status.CLOSED or not round_.result:
        return None
    result = round_.result
    by_id = {c.pk: c for c in round_.candidates.all()}
    if result.get("tie"):
        tied = [by_id[i] for i in result["tie_ids"]]
        seats = result["tie"]["seats"]
        return NextRoundProposal(
            "tie", seats, sorted(tied, key=lambda c: (c.sort_key, c.pk)),
            str(_("{n} người bằng phiếu ở vị trí cuối cho {seats} chỗ còn lại: đề nghị bầu tiếp "
                  "trong số những người này. Đoàn Chủ tịch xác nhận.")).format(n=len(tied),
                                                                             seats=seats))
    if result.get("unfilled"):
        elected = set(round_.election.mandates.values_list("candidate_id", flat=True))
        rest = [c for c in by_id.values() if c.pk not in elected]
        seats = result["unfilled"]
        msg = _("Còn thiếu {seats} người: đề nghị bầu tiếp trong số những người chưa trúng cử "
                "(đại hội có thể bổ sung người). ")
        if round_.number > 1:
            msg = _("Đã bầu {number} lần, còn thiếu {seats} người: có bầu tiếp hay không do đại "
                    "hội quyết định. ")
        return NextRoundProposal("unfilled", seats, sorted(rest, key=lambda c: (c.sort_key, c.pk)),
                                 str(msg).format(seats=seats, number=round_.number))
    return None


@transaction.atomic
def round_create_next(*, acting_user: User | None, round_: Round, decided_by: str, text: str,
                      decided_at: dt.datetime | None = None,
                      candidate_ids: Sequence[int] | None = None,
                      added_names: Sequence[str] = ()) -> Round:
    """The presidium confirms a further round (the decision is recorded): among the tied, or
    among those not yet elected, with names added if the congress so decided."""
    require_role(acting_user, *PRESIDIUM_ROLES)
    proposal = round_propose_next(round_)
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
    _set_candidates(new, chosen)
    audit_create(actor=acting_user, obj=new)
    _decision(acting_user=acting_user, election=election, round_=new, kind=kind, text=text,
              decided_by=decided_by, decided_at=decided_at)
    return new


@transaction.atomic
def election_stop(*, acting_user: User | None, election: Election, decided_by: str, text: str,
                  decided_at: dt.datetime | None = None) -> Election:
    """The congress decides not to vote again (seats stay unfilled): recorded, then closed."""
    require_role(acting_user, *PRESIDIUM_ROLES)
    _decision(acting_user=acting_user, election=election, round_=election.rounds.last(),
              kind=Decision.Kind.STOP, text=text, decided_by=decided_by, decided_at=decided_at)
    before = snapshot(election)
    election.status = Election.Status.CLOSED
    election.save(update_fields=["status"])
    audit_update(actor=acting_user, obj=election, before=before, verb="close")
    return election


@transaction.atomic
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
    alt = election_create(
        acting_user=acting_user, organization=election.organization, congress=election.congress,
        title=title or f"{election.title} – {_('đại biểu dự khuyết')}",
        kind=Election.Kind.DELEGATION_ALTERNATES, seats=seats,
        ballot_format=election.ballot_format, electorate=election.electorate,
        seats_basis=seats_basis or election.seats_basis, term=election.term,
        rules_overrides=election.rules, counting_members=election.counting_members,
        follows=election,
    )
    elected = set(election.mandates.values_list("candidate_id", flat=True))
    for cand in list_candidates(election):
        if cand.pk in elected:
            continue
        new = Candidate.objects.create(election=alt, member=cand.member, full_name=cand.full_name,
                                       sort_key=cand.sort_key, nomination=cand.nomination)
        audit_create(actor=acting_user, obj=new, verb="alternates_list")
    return alt
