"""Read queries of elections, for this app's pages and for other apps, and the converters
between the records and the pure rules (`rules.counting`): nothing here changes a record.

For other apps (stable names):
- `published_results(congress)`: the published rounds of a congress's elections with their
  results, for the big screen.
- `elected_at(congress)` / `mandates_of(election)`: who was elected (the record).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from daihoi.elections.models import (
    Candidate,
    CountingGroup,
    Decision,
    Election,
    Mandate,
    PaperBallot,
    Round,
)
from daihoi.organizations.models import Organization
from daihoi.rules import counting as rules
from daihoi.rules.percent import format_percent
from daihoi.rules.rulesets import INVALID_REASON_INFO, RuleSet, Sureness

SURPLUS_KINDS = (Election.Kind.COMMITTEE, Election.Kind.STANDING_COMMITTEE)

@dataclass(frozen=True)
class PublishedRound:
    election: Election
    round: Round
    result: dict[str, Any]  # Round.result: the `daihoi tally` JSON plus ids (see services)
    elected: list[Mandate]


def published_results(congress: Any) -> list[PublishedRound]:
    """Rounds of `congress`'s elections whose results the presidium has published, in the
    order of the elections and rounds. `result["candidates"]` is in ballot order with
    `votes`, `percent`, `above_threshold`; `result["elected"]` names, highest votes first."""
    rounds = (Round.objects.filter(election__congress=congress, results_published=True,
                                   status=Round.Status.CLOSED)
              .select_related("election").order_by("election_id", "number"))
    out = []
    for r in rounds:
        mandates = list(r.mandates.all().order_by("order"))
        out.append(PublishedRound(r.election, r, r.result or {}, mandates))
    return out


def elected_at(congress: Any) -> QuerySet[Mandate]:
    """Everyone elected at `congress`, grouped by election, in order of votes."""
    return (Mandate.objects.filter(election__congress=congress)
            .select_related("election", "member").order_by("election_id", "order"))


def mandates_of(election: Election) -> QuerySet[Mandate]:
    return election.mandates.select_related("member").order_by("order")


def elections_list(*, congress: Any = None) -> QuerySet[Election]:
    qs = Election.objects.select_related("organization", "congress").order_by("-id")
    if congress is not None:
        qs = qs.filter(congress=congress)
    return qs


# --- the candidate list and the rules ------------------------------------------------------
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
        ballot_format=rules_format(round_.ballot_format),
        electorate_convened=round_.electorate_convened,
        excluded=round_.excluded,
        ballots_issued=(round_.ballots_issued or None) if with_issued else None,
        # The reasons the counting committee applies, and its choice for a blank approve ballot.
        **ruleset_of(election).contest_options(),
    )



def list_candidates(election: Election) -> list[Candidate]:
    """The names standing: accepted and not withdrawn, in ballot order."""
    return list(election.candidates.filter(nomination_status="accepted", withdrawn=False)
                .select_related("member__organization__parent")
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



def to_rules_ballot(ballot_format: str, marks: Sequence[int], void_lines: Sequence[int],
                     count: int, *, unstamped: bool, identifying_mark: bool,
                     write_in: bool) -> rules.Ballot:
    write = ("(ghi thêm tên)",) if write_in else ()
    if ballot_format == Election.BallotFormat.STRIKE:
        return rules.Ballot(struck=frozenset(m - 1 for m in marks), unstamped=unstamped,
                            identifying_mark=identifying_mark, write_in=write)
    disagree = frozenset(m - 1 for m in marks)
    void = frozenset(v - 1 for v in void_lines)
    agree = frozenset(range(count)) - disagree - void
    return rules.Ballot(agree=agree, disagree=disagree, unstamped=unstamped,
                        identifying_mark=identifying_mark, write_in=write)


def ballot_of(paper: PaperBallot, ballot_format: str, count: int) -> rules.Ballot:
    return to_rules_ballot(ballot_format, paper.marks, paper.void_lines, count,
                            unstamped=paper.unstamped, identifying_mark=paper.identifying_mark,
                            write_in=paper.write_in)



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
        return sorted((p for p in rows if p.entry == 1 and not p.voided),
                      key=lambda p: p.position), []
    by_entry: dict[int, dict[int, PaperBallot]] = {1: {}, 2: {}, 3: {}}
    for p in rows:
        by_entry.setdefault(p.entry, {})[p.position] = p
    agreed: list[PaperBallot] = []
    mismatches: list[Mismatch] = []
    for pos in sorted(set(by_entry[1]) | set(by_entry[2]) | set(by_entry[3])):
        third = by_entry[3].get(pos)
        first, second = by_entry[1].get(pos), by_entry[2].get(pos)
        # A voided reading counts for nobody; one reading voided and the other not is a
        # mismatch like any other (a correction of ballot 17 is seen by the comparison).
        if third is not None:
            if not third.voided:
                agreed.append(third)
        elif first is not None and second is not None and first.same_reading(second):
            if not first.voided:
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
        fmt = round_.ballot_format
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



def result_payload(count: RoundCount) -> dict[str, Any]:
    """What is stored in Round.result: the `daihoi tally` JSON plus candidate ids, the
    groups' totals, and the elected as ids in order of votes."""
    data = count.result.to_json()
    name_to_cand = dict(zip(count.result.contest.candidates, count.candidates, strict=True))
    for entry, cand in zip(data["candidates"], count.candidates, strict=True):
        entry["id"] = cand.pk
    data["elected_ids"] = [name_to_cand[n].pk for n in count.result.elected]
    data["tie_ids"] = ([name_to_cand[n].pk for n in count.result.tie.candidates]
                       if count.result.tie else [])
    data["groups"] = [{"name": g.group.name, "mode": g.group.mode,
                       "ballots_collected": g.ballots_collected,
                       "invalid": sum(g.invalid_by_reason.values())} for g in count.groups]
    return data



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




def round_ballot_format(election: Election, *, number: int, seats: int, names: int) -> str:
    """The ballot a round prints and is counted on. A round with no more names than seats
    has no surplus, so the four-column ballot (số thứ tự, họ và tên, đồng ý, không đồng ý),
    whatever format the office chose and even when the election began with a surplus
    (RULES.md; 190-QĐ/TW Điều 15, 30 khoản 1): a further round among the tied for as many
    seats, say. Otherwise the election's format."""
    if election.ballot_format == Election.BallotFormat.CONFIDENCE:
        return Election.BallotFormat.CONFIDENCE  # three levels per person, whatever the seats
    if names <= seats:
        return Election.BallotFormat.APPROVE
    return election.ballot_format


def rules_format(ballot_format: str) -> rules.BallotFormat:
    """The format a round's Contest carries. A confidence ballot is counted by
    rules/confidence.py, not rules.count: its Contest only carries the base and the names,
    with the one-mark-per-line shape of the agree/disagree ballot."""
    if ballot_format == Election.BallotFormat.CONFIDENCE:
        return rules.BallotFormat.APPROVE
    return rules.BallotFormat(ballot_format)


# --- the questions the rules leave open ----------------------------------------------------
def open_invalid_reasons() -> list[rules.InvalidReason]:
    """The invalid reasons RULES.md marks open (write-in, identifying mark): the counting
    committee says before counting whether it applies them."""
    return [r for r in rules.INVALID_REASON_ORDER if INVALID_REASON_INFO[r].sureness is Sureness.OPEN]


def counting_rules_confirmation(election: Election) -> Decision | None:
    """The counting committee's last confirmation of how it treats the open cases, or None
    (counting cannot start without one)."""
    return (election.decisions.filter(kind=Decision.Kind.COUNTING_RULES)
            .select_related("recorded_by").order_by("decided_at", "id").last())


def counting_rules_text(decision: Decision) -> str:
    """One sentence for the minutes and the pages, in the active language: who confirmed,
    when, what."""
    data = decision.data or {}
    applied = [_t(INVALID_REASON_INFO[rules.InvalidReason(r)].label)
               for r in data.get("open_reasons_applied", [])]
    not_applied = [_t(INVALID_REASON_INFO[rules.InvalidReason(r)].label)
                   for r in data.get("open_reasons_not_applied", [])]
    blank = (str(_("hợp lệ, không tính cho ai"))
             if data.get("blank_approve_ballot") == rules.BlankApproveBallot.VALID
             else str(_("không hợp lệ")))
    local = timezone.localtime(decision.decided_at)
    when = _t("%(time)s ngày %(date)s") % {"time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}"}
    return str(_("{by} xác nhận lúc {when} (người ghi: {who}): áp dụng {applied}; không áp dụng "
                 "{not_applied}; phiếu đồng ý / không đồng ý nhiều tên không đánh dấu đồng ý ai: "
                 "{blank}.")).format(
        by=decision.decided_by, when=when,
        who=decision.recorded_by.get_username() if decision.recorded_by else "—",
        applied="; ".join(applied) or "—", not_applied="; ".join(not_applied) or "—",
        blank=blank)


@dataclass(frozen=True)
class PendingQuestion:
    """190-QĐ/TW Điều 18 (open): the official delegates are elected and more passed the
    threshold than there were seats. The presidium decides; the election stays open."""

    round: Round
    passed: list[dict[str, Any]]  # result rows of those who passed and were not elected
    message: str


def pending_question(round_: Round) -> PendingQuestion | None:
    election = round_.election
    if (election.kind != Election.Kind.DELEGATION or round_.status != Round.Status.CLOSED
            or not round_.result or election.status == Election.Status.CLOSED):
        return None
    names = list(round_.result.get("passed_not_elected") or [])
    if not names or round_.result.get("tie") or round_.result.get("unfilled"):
        return None
    if election.decisions.filter(kind=Decision.Kind.PASSED_NOT_ELECTED).exists():
        return None
    rows = {c["name"]: c for c in round_.result["candidates"]}
    passed = [rows[n] for n in names]
    message = str(_("Đã bầu đủ {seats} đại biểu chính thức, nhưng còn {n} đồng chí khác cũng đạt "
                    "quá một nửa ({names}). Quy chế (190-QĐ/TW Điều 18) chưa xác định cách xử lý: "
                    "Đoàn Chủ tịch cần quyết định (ví dụ: giữ kết quả theo số phiếu từ cao xuống, "
                    "hoặc đưa những đồng chí này vào danh sách bầu đại biểu dự khuyết), ghi lại "
                    "quyết định thì cuộc bầu mới kết thúc.")).format(
        seats=round_.seats, n=len(passed),
        names=", ".join(f"{c['name']} ({c['votes']})" for c in passed))
    return PendingQuestion(round_, passed, message)


# --- what the pages show -------------------------------------------------------------------
def candidates_not_standing(election: Election) -> QuerySet[Candidate]:
    """Names withdrawn or whose floor nomination did not pass, for the election page."""
    return (election.candidates.exclude(nomination_status="accepted", withdrawn=False)
            .order_by("sort_key"))


def alternates_of(election: Election) -> Election | None:
    return Election.objects.filter(follows=election).first()


def first_round_pending(election: Election) -> bool:
    return election.rounds.filter(number=1, status=Round.Status.PREPARING).exists()


def next_round_of(round_: Round) -> Round | None:
    return round_.election.rounds.filter(number=round_.number + 1).first()


def committee_members(election: Election) -> QuerySet[Mandate]:
    """The committee an election elected (its members' mandates): the first session's roll."""
    return election.mandates.filter(position=Mandate.Position.COMMITTEE_MEMBER)


def last_ballots(group: CountingGroup, entry: int, n: int = 8) -> list[PaperBallot]:
    return list(group.ballots.filter(entry=entry).order_by("-position")[:n])


def ballot_at(group: CountingGroup, entry: int, position: int) -> PaperBallot | None:
    """Ballot number `position` of the group's stack as entry `entry` read it."""
    return group.ballots.filter(entry=entry, position=position).first()


def result_rows(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The result's candidates in ballot order, numbered, marked elected or tied."""
    if not data:
        return []
    elected = set(data["elected"])
    tied = set((data.get("tie") or {}).get("candidates", []))
    lang = get_language() or "vi"
    return [{**c, "n": i, "elected": c["name"] in elected, "tied": c["name"] in tied,
             "percent_shown": format_percent(Decimal(str(c["percent"])), lang, sign=False)}
            for i, c in enumerate(data["candidates"], start=1)]


def result_export_rows(round_: Round) -> list[list[Any]]:
    """The stored result as a table (header first) for the .xlsx and .csv exports."""
    data = round_.result or {}
    rows: list[list[Any]] = [[_t("Số TT"), _t("Họ và tên"), _t("Số phiếu"),
                              _t("Tỷ lệ % (trên cơ sở)"), _t("Quá bán"), _t("Trúng cử")]]
    elected = set(data.get("elected", []))
    for i, c in enumerate(data.get("candidates", []), start=1):
        rows.append([i, c["name"], c["votes"], c["percent"],
                     _t("có") if c["above_threshold"] else "",
                     _t("trúng cử") if c["name"] in elected else ""])
    rows.append([])
    for label, key in ((_t("Cơ sở tính tỷ lệ"), "base"), (_t("Số phiếu cần đạt"), "threshold"),
                       (_t("Phiếu phát ra"), "ballots_issued"),
                       (_t("Phiếu thu vào"), "ballots_collected"), (_t("Phiếu hợp lệ"), "valid")):
        rows.append(["", label, data.get(key)])
    for k, v in (data.get("invalid", {}).get("by_reason", {})).items():
        rows.append(["", str(INVALID_REASON_INFO[rules.InvalidReason(k)].label), v])
    return rows


def congresses() -> Any:
    """The congresses an election may belong to, through the model `Election.congress`
    points to (the elections app does not import the congress)."""
    return Election._meta.get_field("congress").related_model._default_manager.all()


def default_organization() -> Organization | None:
    """The top of the tree, the usual convening committee of a new election."""
    return Organization.objects.filter(parent__isnull=True).order_by("id").first()


def mandates_of_round(round_: Round) -> QuerySet[Mandate]:
    return round_.mandates.order_by("order")


# --- what the counting minutes print -----------------------------------------------------
@dataclass(frozen=True)
class CountTimes:
    started: Any  # datetime | None: when the counting committee began the count
    ended: Any  # datetime | None: when it closed the count (the result)


def count_times(round_: Round) -> CountTimes:
    """The start of the count is the audit row of `round_start_counting` (the round keeps no
    field for it); the end is the round's `counted_at`."""
    from django.contrib.contenttypes.models import ContentType

    from daihoi.core.models import AuditLog

    started = (AuditLog.objects.filter(content_type=ContentType.objects.get_for_model(Round),
                                       object_id=str(round_.pk), verb="start_counting")
               .order_by("at").values_list("at", flat=True).first())
    return CountTimes(started=started, ended=round_.counted_at)


def minutes_decisions(round_: Round) -> list[Decision]:
    """The decisions recorded where the rules leave the case open (RULES.md *open*) that
    bear on this round: the election's own (surplus, withdrawals) and those of this round
    or an earlier one (a further round among the tied). The counting committee's
    confirmation of how it treats ballots is printed apart (`counting_rules_confirmation`)."""
    return [d for d in round_.election.decisions.exclude(kind=Decision.Kind.COUNTING_RULES)
            .select_related("round").order_by("decided_at", "id")
            if d.round is None or d.round.number <= round_.number]


OPEN_SOURCE = _("chưa có quy định rõ: cơ quan chủ trì quyết định, hệ thống ghi lại quyết định")
# The words of a citation ("190-QĐ/TW Điều 14; Hướng dẫn 04-HD/TW Phụ lục 2 mẫu 5") in English;
# the document numbers stay as the Party writes them.
CITATION_TERMS_EN = (("Quy chế làm việc của Ban kiểm phiếu", "the counting committee's rules"),
                     ("Điều lệ Đảng", "Party Charter"), ("Điều", "Article"),
                     ("Hướng dẫn", "Guidance"), ("Quy định", "Regulation"),
                     ("Phụ lục", "Appendix"), ("mẫu phiếu bầu", "ballot form"), ("mẫu", "form"),
                     ("mục", "section"), ("chưa đọc được", "not read"))


def rule_lines(election: Election) -> list[str]:
    """The rules the election is counted under, for its page, in the reader's language:
    the regulations applied, then each rule with its value and source (a rule left open by
    the regulations says who decides it, as RULES.md has it)."""
    from daihoi.rules.rulesets import LEGAL_BASES

    ruleset = ruleset_of(election)
    english = (get_language() or "vi").startswith("en")
    lines = [_t(line) for line in LEGAL_BASES]
    for row in ruleset.describe():
        if row.name == "invalid_reasons":
            value = "; ".join(_t(INVALID_REASON_INFO[r].label) for r in ruleset.invalid_reasons)
        else:
            value = _t(row.value)
            if english and "%" in value:
                value = value.replace(",", ".")  # 13,33% -> 13.33%
        source = _t(row.citation)
        if english:
            for vi, en in CITATION_TERMS_EN:
                source = source.replace(vi, en)
        if row.sureness is Sureness.OPEN and "chưa có quy định" not in row.citation:
            source = f"{source}; {OPEN_SOURCE}"
        lines.append(f"– {_t(row.label)}: {value} ({source}).")
    return lines
