"""The steps of a round (set up, open, start counting, a counting group, the electronic
totals, the close), shared by the public services of elections/services.py and
evoting/services.py. No step opens a transaction or checks who acts: the public service
that calls it does both, once (a step inside another service's transaction is one step of
that service, not a service of its own)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit_create, audit_update, snapshot
from daihoi.core.models import User
from daihoi.elections import selectors
from daihoi.elections.electorate import electorate_of
from daihoi.elections.models import Candidate, CountingGroup, Election, Mandate, Round
from daihoi.rules import counting as rules

ERR_ROUND_STATUS = _("Lần bầu đang ở trạng thái '{status}', không làm được việc này.")
ERR_ISSUED_OVER_CONVENED = _("Số phiếu phát ra ({issued}) nhiều hơn số được triệu tập ({convened}).")
ERR_PRESENT_OVER_CONVENED = _("Số có mặt ({present}) nhiều hơn số được triệu tập ({convened}).")
ERR_MISMATCHES = _("Còn {count} phiếu nhập hai lần không khớp: xem lại trước khi chốt kết quả.")
ERR_SETUP = _("Chưa nhập số đại biểu được triệu tập và số phiếu phát ra của lần bầu.")
ERR_COUNTING_RULES = _("Ban Kiểm phiếu chưa xác nhận cách xét phiếu (các trường hợp phiếu không "
                       "hợp lệ chưa có quy định, phiếu đồng ý / không đồng ý không đánh dấu ai): "
                       "xác nhận trước khi kiểm phiếu.")

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


def require_status(round_: Round, *statuses: str) -> None:
    if round_.status not in statuses:
        raise ValidationError(ERR_ROUND_STATUS.format(status=round_.get_status_display()))


def set_candidates(round_: Round, candidates: Sequence[Candidate]) -> None:
    """The round's names, and with them its ballot (no more names than seats: agree/disagree)."""
    round_.candidates.set(candidates)
    round_.ballot_size = len(candidates)
    round_.ballot_format = selectors.round_ballot_format(
        round_.election, number=round_.number, seats=round_.seats, names=len(candidates))
    round_.save(update_fields=["ballot_size", "ballot_format"])


def setup(*, acting_user: User | None, round_: Round, electorate_convened: int, excluded: int,
          ballots_issued: int, electorate_present: int | None = None,
          double_entry: bool | None = None) -> Round:
    require_status(round_, Round.Status.PREPARING, Round.Status.VOTING, Round.Status.COUNTING)
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
        selectors.contest_of(round_)  # the base must be at least 1: rules says why otherwise
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc
    round_.save()
    audit_update(actor=acting_user, obj=round_, before=before, verb="setup")
    return round_


def open_voting(*, acting_user: User | None, round_: Round) -> Round:
    """Voting starts: the number present is taken from the electorate (the congress's
    check-in) at this moment, unless the counting committee entered it already; it stays
    editable (`setup`) and the minutes print it with the absent (convened less present)."""
    require_status(round_, Round.Status.PREPARING)
    before = snapshot(round_)
    round_.status = Round.Status.VOTING
    fields = ["status"]
    if round_.electorate_present is None:
        present = present_now(round_)
        if present is not None:
            round_.electorate_present = present
            fields.append("electorate_present")
    round_.save(update_fields=fields)
    audit_update(actor=acting_user, obj=round_, before=before, verb="open_voting")
    return round_


def present_now(round_: Round) -> int | None:
    """Those entitled to vote who are present now, as the electorate says (None: no
    electorate), capped at the round's convened number when that is set."""
    found = electorate_of(round_.election)
    if found is None:
        return None
    present = found.present_count(round_.election)
    if round_.electorate_convened:
        present = min(present, round_.electorate_convened)
    return present


def start_counting(*, acting_user: User | None, round_: Round, groups: int = 1,
                   sheet_groups: int = 0) -> Round:
    """Counting begins once the counting committee has confirmed how it treats the open
    cases (RULES.md); one counting group per ballot box."""
    require_status(round_, Round.Status.PREPARING, Round.Status.VOTING)
    if selectors.counting_rules_confirmation(round_.election) is None:
        raise ValidationError(ERR_COUNTING_RULES)
    before = snapshot(round_)
    round_.status = Round.Status.COUNTING
    round_.save(update_fields=["status"])
    audit_update(actor=acting_user, obj=round_, before=before, verb="start_counting")
    if not round_.groups.exists():
        for i in range(groups + sheet_groups):
            group_create(acting_user=acting_user, round_=round_,
                         mode=CountingGroup.Mode.BALLOTS if i < groups else CountingGroup.Mode.SHEET)
    return round_


def start_electronic_count(*, acting_user: User | None, round_: Round, cast: int) -> None:
    """The count of an electronic round once its vote has stopped (either e-voting scheme):
    an e-ballot is issued when it is cast, so the issued ballots are at least the `cast`
    receipts (a mixed round's paper ballots the committee added in the setup); the server
    counts, with no counting groups."""
    if round_.ballots_issued < cast:
        setup(acting_user=acting_user, round_=round_,
              electorate_convened=max(round_.electorate_convened, cast),
              excluded=round_.excluded, ballots_issued=cast,
              electorate_present=round_.electorate_present)
    start_counting(acting_user=acting_user, round_=round_, groups=0, sheet_groups=0)


def group_create(*, acting_user: User | None, round_: Round, name: str = "",
                 mode: str = CountingGroup.Mode.BALLOTS, members: str = "") -> CountingGroup:
    require_status(round_, Round.Status.PREPARING, Round.Status.VOTING, Round.Status.COUNTING)
    number = (round_.groups.aggregate(n=Max("number"))["n"] or 0) + 1
    group = CountingGroup.objects.create(
        round=round_, number=number, mode=mode, members=members,
        name=name or (str(_("Bỏ phiếu điện tử")) if mode == CountingGroup.Mode.ELECTRONIC
                      else f"{_('Tổ kiểm phiếu số')} {number}"),
    )
    audit_create(actor=acting_user, obj=group)
    return group


def check_totals(round_: Round, totals: Mapping[str, Any]) -> None:
    """A group's totals through the rules (a tally sheet that cannot come from real ballots
    is refused) before anything is saved."""
    contest = selectors.contest_of(round_, selectors.ballot_candidates(round_), with_issued=False)
    try:
        rules.count_totals(contest, ballots_collected=totals["ballots_collected"],
                           invalid_by_reason=totals["invalid_by_reason"], votes=totals["votes"])
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc


def record_totals(*, acting_user: User | None, round_: Round, ballots_collected: int,
                  invalid_by_reason: Mapping[str, int],
                  votes: Mapping[int, int]) -> CountingGroup:
    require_status(round_, Round.Status.COUNTING)
    cands = selectors.ballot_candidates(round_)
    totals = {"ballots_collected": ballots_collected,
              "invalid_by_reason": {str(k): v for k, v in invalid_by_reason.items()},
              "votes": [int(votes.get(c.pk, 0)) for c in cands]}
    check_totals(round_, totals)
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


def finalize(*, acting_user: User | None, round_: Round) -> Round:
    """The result from every group, stored; the elected go into the record. A tie or unfilled
    seats leave the election open (the presidium decides on a further round); so does a
    delegation whose officials are filled while more passed the threshold (190-QĐ/TW
    Điều 18, open: the presidium decides, `selectors.pending_question`)."""
    require_status(round_, Round.Status.COUNTING)
    if round_.electorate_convened < 1 or round_.ballots_issued < 1:
        raise ValidationError(ERR_SETUP)
    try:
        count = selectors.round_count(round_)
    except rules.RulesError as exc:
        raise ValidationError(str(exc)) from exc
    if count.mismatches:
        raise ValidationError(ERR_MISMATCHES.format(count=count.mismatches))
    before = snapshot(round_)
    round_.result = selectors.result_payload(count)
    round_.status = Round.Status.CLOSED
    round_.counted_at = timezone.now()
    round_.save()
    audit_update(actor=acting_user, obj=round_, before=before, verb="finalize")
    _write_mandates(acting_user=acting_user, round_=round_, count=count)
    election = round_.election
    asks_presidium = (election.kind == Election.Kind.DELEGATION
                      and bool(count.result.passed_not_elected))
    if count.result.tie is None and count.result.unfilled == 0 and not asks_presidium:
        close_election(acting_user=acting_user, election=election)
    return round_


def close_election(*, acting_user: User | None, election: Election) -> None:
    before = snapshot(election)
    election.status = Election.Status.CLOSED
    election.save(update_fields=["status"])
    audit_update(actor=acting_user, obj=election, before=before, verb="close")


def _write_mandates(*, acting_user: User | None, round_: Round,
                    count: selectors.RoundCount) -> None:
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
