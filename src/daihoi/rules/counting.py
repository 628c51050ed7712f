"""The counting rules of a Party election, as pure Python (no Django).

Given a contest (seats, candidates in ballot order, the electorate convened and the
exclusions) and the ballots, this module classifies each ballot (valid, or invalid with its
reason), counts the votes, computes the base and the threshold, and says who is elected, who
is tied at the cut-off and how many seats stay unfilled. It is the only copy of these rules:
the paper count, the tally sheets, the electronic vote and `daihoi tally` all go through it.

Sources (see RULES.md): Quy chế bầu cử trong Đảng, Quyết định 190-QĐ/TW (10/10/2024),
Điều 14 (candidate list), Điều 15 (the ballot and valid and invalid ballots), Điều 30 (who
is elected). "More than half" is `rules.majority`, percentages `rules.percent`.

Arithmetic is exact: integers and `Fraction`; percentages are rounded to two decimals only
for display (`CandidateResult.percent`).

Error messages are module-level templates (`RulesError.template`, `RulesError.params`) so the
application can translate them and tests can assert on them. They are written in Vietnamese
and marked with `gettext_noop` so `makemessages` collects them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from daihoi.rules.errors import RulesError, gettext_noop
from daihoi.rules.majority import more_than_half
from daihoi.rules.names import normalize_spaces
from daihoi.rules.percent import percent


class BallotFormat(StrEnum):
    # 190-QĐ/TW Điều 15: with a surplus the voter strikes the names they do not vote for.
    STRIKE = "strike"
    # 190-QĐ/TW Điều 14, 15: with no surplus, agree / disagree columns on each line.
    APPROVE = "approve"


class InvalidReason(StrEnum):
    # 190-QĐ/TW Điều 15: not issued by the counting committee (no stamp).
    UNSTAMPED = "unstamped"
    # Local rulebooks of counting committees (open): a mark that identifies the voter.
    IDENTIFYING_MARK = "identifying_mark"
    # Local rulebooks (open): a name written in that is not on the list.
    WRITE_IN = "write_in"
    # 190-QĐ/TW Điều 15: more names kept than seats.
    TOO_MANY_KEPT = "too_many_kept"
    # 190-QĐ/TW Điều 15: a multi-name ballot that votes for nobody.
    ALL_STRUCK = "all_struck"


class BlankApproveBallot(StrEnum):
    """A multi-name agree/disagree ballot with no line agreed and not every line marked
    "không đồng ý" (left blank, or marked in both boxes): RULES.md, open. The counting
    committee confirms before counting which it applies, and the minutes say so.

    (Every line marked "không đồng ý" votes for nobody, as every name struck does: invalid
    whatever this says, 190-QĐ/TW Điều 15.)"""

    # Invalid, counted with the ballots that vote for nobody (all_struck): the default.
    INVALID = "invalid"
    # Valid: each line left blank counts for nobody (190-QĐ/TW Điều 30 khoản 1), the ballot stays.
    VALID = "valid"


# A ballot with several faults counts once, under the first of them in this order (issue 3).
INVALID_REASON_ORDER: tuple[InvalidReason, ...] = (
    InvalidReason.UNSTAMPED,
    InvalidReason.IDENTIFYING_MARK,
    InvalidReason.WRITE_IN,
    InvalidReason.TOO_MANY_KEPT,
    InvalidReason.ALL_STRUCK,
)

# The order of the keys of `invalid.by_reason` in the `daihoi tally` output (issue 3 item 2).
BY_REASON_OUTPUT_ORDER: tuple[InvalidReason, ...] = (
    InvalidReason.UNSTAMPED,
    InvalidReason.TOO_MANY_KEPT,
    InvalidReason.ALL_STRUCK,
    InvalidReason.WRITE_IN,
    InvalidReason.IDENTIFYING_MARK,
)


# --- errors --------------------------------------------------------------------------------
ERR_SEATS = gettext_noop("Số lượng bầu phải ít nhất là 1 (đang là {value}).")
ERR_NO_CANDIDATES = gettext_noop("Danh sách ứng cử viên trống.")
ERR_CANDIDATE_NAME = gettext_noop("Ứng cử viên thứ {position}: tên phải là chuỗi không rỗng.")
ERR_DUPLICATE_CANDIDATE = gettext_noop("Tên ứng cử viên '{name}' bị trùng trong danh sách.")
ERR_NEGATIVE = gettext_noop("'{field}' không được âm (đang là {value}).")
ERR_NOT_INTEGER = gettext_noop("'{field}' phải là số nguyên (đang là {value}).")
ERR_EXCLUDED_OVER_CONVENED = gettext_noop(
    "Số được trừ ({excluded}) lớn hơn số được triệu tập ({convened})."
)
ERR_BASE_ZERO = gettext_noop(
    "Cơ sở tính tỷ lệ (số được triệu tập {convened} trừ số được trừ {excluded}) phải ít nhất là 1."
)
ERR_TOO_LARGE = gettext_noop("'{field}' quá lớn ({digits} chữ số): tối đa {maximum}.")
ERR_ISSUED_OVER_CONVENED = gettext_noop(
    "Số phiếu phát ra ({issued}) nhiều hơn số được triệu tập ({convened})."
)
ERR_COLLECTED_OVER_BASE = gettext_noop(
    "Số phiếu thu vào ({collected}) nhiều hơn cơ sở tính ({base}: số được triệu tập trừ số được "
    "trừ), những người được trừ không bỏ phiếu."
)
ERR_BLANK_APPROVE = gettext_noop(
    "Cách tính phiếu đồng ý / không đồng ý bỏ trống '{value}' không hợp lệ (chỉ có 'invalid' "
    "hoặc 'valid')."
)
ERR_BALLOT_FORMAT = gettext_noop(
    "Mẫu phiếu '{value}' không hợp lệ (chỉ có 'strike' hoặc 'approve')."
)
ERR_COLLECTED_OVER_ISSUED = gettext_noop(
    "Số phiếu thu vào ({collected}) nhiều hơn số phiếu phát ra ({issued})."
)
ERR_BALLOT_INDEX = gettext_noop(
    "Phiếu {ballot}: số thứ tự ứng cử viên {index} không có trong danh sách (1–{count})."
)
ERR_BALLOT_SHAPE_STRIKE = gettext_noop(
    "Phiếu {ballot}: mẫu phiếu gạch tên không có cột đồng ý / không đồng ý."
)
ERR_BALLOT_SHAPE_APPROVE = gettext_noop(
    "Phiếu {ballot}: mẫu phiếu đồng ý / không đồng ý không có tên bị gạch."
)
ERR_TOTALS_VOTES_LENGTH = gettext_noop(
    "Có {given} số phiếu bầu nhưng danh sách có {expected} ứng cử viên."
)
ERR_TOTALS_INVALID_OVER_COLLECTED = gettext_noop(
    "Tổng số phiếu không hợp lệ ({invalid}) nhiều hơn số phiếu thu vào ({collected})."
)
ERR_TOTALS_VOTES_OVER_VALID = gettext_noop(
    "'{name}' được {votes} phiếu, nhiều hơn số phiếu hợp lệ ({valid})."
)
ERR_TOTALS_SUM_OVER = gettext_noop(
    "Tổng số phiếu bầu ({total}) nhiều hơn {valid} phiếu hợp lệ × {per_ballot} tên tối đa mỗi phiếu "
    "= {limit}."
)
ERR_TOTALS_SUM_UNDER = gettext_noop(
    "Tổng số phiếu bầu ({total}) ít hơn số phiếu hợp lệ ({valid}): mỗi phiếu hợp lệ có nhiều tên "
    "phải bầu ít nhất một người."
)
ERR_REASON = gettext_noop("Lý do phiếu không hợp lệ không được biết: {value}.")
ERR_TOTALS_REASON_NOT_APPLIED = gettext_noop(
    "Có {count} phiếu không hợp lệ vì '{reason}', nhưng quy tắc của cuộc bầu cử không áp dụng lý do này."
)
ERR_TOTALS_REASON = gettext_noop("Lý do phiếu không hợp lệ '{value}' không có.")
ERR_INPUT_NOT_OBJECT = gettext_noop("{where}: phải là một đối tượng JSON.")
ERR_INPUT_MISSING = gettext_noop("Thiếu khóa '{key}' trong {where}.")
ERR_INPUT_UNKNOWN_KEY = gettext_noop("Khóa '{key}' không được biết trong {where}.")
ERR_INPUT_NOT_LIST = gettext_noop("{where}: phải là một danh sách.")
ERR_INPUT_NOT_BOOL = gettext_noop("{where}: phải là true hoặc false.")
ERR_INPUT_NOT_NAME = gettext_noop("{where}: phải là tên (chuỗi không rỗng).")
ERR_INPUT_UNKNOWN_NAME = gettext_noop("{where}: tên '{name}' không có trong danh sách ứng cử viên.")
ERR_INPUT_DUPLICATE_NAME = gettext_noop("{where}: tên '{name}' ghi hai lần.")
ERR_INPUT_WRONG_FORMAT_KEY = gettext_noop(
    "{where}: khóa '{key}' không dùng cho mẫu phiếu '{ballot_format}'."
)
ERR_INPUT_BALLOTS_AND_TOTALS = gettext_noop(
    "Chỉ dùng một trong hai: 'ballots' (từng phiếu) hoặc 'totals' (phiếu tổng hợp)."
)


# No body that elects has a billion members; a count beyond it is a typing error, and keeping
# counts below it keeps every product the rules form (votes × 10000, sums) small.
MAX_COUNT = 10**9


def _digits(value: int) -> int:
    # str() refuses integers of more than 4,300 digits (Python's limit): a 5,000-digit
    # count typed into `daihoi tally` must still get its message.
    if value.bit_length() < 10_000:
        return len(str(value))
    return len(str(value // 10 ** (int(value.bit_length() * 0.30103) - 100))) + int(
        value.bit_length() * 0.30103) - 100


def _check_int(field_name: str, value: object, *, minimum: int = 0) -> int:
    # bool is an int in Python; True seats is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise RulesError(ERR_NOT_INTEGER, field=field_name, value=value)
    if value > MAX_COUNT:
        raise RulesError(ERR_TOO_LARGE, field=field_name, digits=_digits(value), maximum=MAX_COUNT)
    if value < minimum:
        if field_name == "seats":
            raise RulesError(ERR_SEATS, value=value)
        raise RulesError(ERR_NEGATIVE, field=field_name, value=value)
    return value


# --- the contest and its ballots -----------------------------------------------------------
@dataclass(frozen=True)
class Contest:
    """What one ballot decides: the seats, the candidates in ballot order, and the base.

    The base is the electorate convened less those excluded by 190-QĐ/TW Điều 30 khoản 2
    (members' congress) or khoản 3 (delegates' congress); who is excluded is decided by the
    application (`rules.base`), this module takes the number. Candidate names are compared
    after Unicode NFC and collapsing spaces (`names.normalize_spaces`)."""

    seats: int
    candidates: tuple[str, ...]
    ballot_format: BallotFormat
    electorate_convened: int
    excluded: int = 0
    # None: not known (an electronic vote, where the ballots are the voters).
    ballots_issued: int | None = None
    # The reasons the rule set applies (RuleSet.invalid_reasons); a fault whose reason is not
    # applied does not make the ballot invalid. Always kept in INVALID_REASON_ORDER.
    invalid_reasons: tuple[InvalidReason, ...] = INVALID_REASON_ORDER
    # The counting committee's choice for a multi-name approve ballot marked for nobody (open).
    blank_approve_ballot: BlankApproveBallot = BlankApproveBallot.INVALID
    # Derived: every candidate index, and name -> index (kept to count fast).
    indexes: frozenset[int] = field(init=False, repr=False, compare=False)
    index_of: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_int("seats", self.seats, minimum=1)
        _check_int("electorate_convened", self.electorate_convened)
        _check_int("excluded", self.excluded)
        if self.ballots_issued is not None:
            _check_int("ballots_issued", self.ballots_issued)
            if self.ballots_issued > self.electorate_convened:
                raise RulesError(ERR_ISSUED_OVER_CONVENED, issued=self.ballots_issued,
                                 convened=self.electorate_convened)
        if self.excluded > self.electorate_convened:
            raise RulesError(ERR_EXCLUDED_OVER_CONVENED, excluded=self.excluded,
                             convened=self.electorate_convened)
        if self.electorate_convened - self.excluded < 1:
            raise RulesError(ERR_BASE_ZERO, convened=self.electorate_convened,
                             excluded=self.excluded)
        try:
            blank = BlankApproveBallot(self.blank_approve_ballot)
        except ValueError:
            raise RulesError(ERR_BLANK_APPROVE, value=self.blank_approve_ballot) from None
        object.__setattr__(self, "blank_approve_ballot", blank)
        try:
            fmt = BallotFormat(self.ballot_format)
        except ValueError:
            raise RulesError(ERR_BALLOT_FORMAT, value=self.ballot_format) from None
        object.__setattr__(self, "ballot_format", fmt)
        names = tuple(self.candidates)
        if not names:
            raise RulesError(ERR_NO_CANDIDATES)
        seen: set[str] = set()
        normalized: list[str] = []
        for position, name in enumerate(names, start=1):
            if not isinstance(name, str) or not name.strip():
                raise RulesError(ERR_CANDIDATE_NAME, position=position)
            # The same name typed on another keyboard (decomposed accents, two spaces) is the
            # same candidate: two of them on one list are one name written twice.
            name = normalize_spaces(name)
            if name in seen:
                raise RulesError(ERR_DUPLICATE_CANDIDATE, name=name)
            seen.add(name)
            normalized.append(name)
        names = tuple(normalized)
        object.__setattr__(self, "candidates", names)
        object.__setattr__(self, "indexes", frozenset(range(len(names))))
        object.__setattr__(self, "index_of", {name: i for i, name in enumerate(names)})
        try:
            applied = {InvalidReason(r) for r in self.invalid_reasons}
        except ValueError:
            raise RulesError(ERR_REASON, value=self.invalid_reasons) from None
        object.__setattr__(self, "invalid_reasons",
                           tuple(r for r in INVALID_REASON_ORDER if r in applied))

    @property
    def base(self) -> int:
        return base_of(self)

    @property
    def threshold(self) -> int:
        return threshold(base_of(self))


@dataclass(frozen=True)
class Ballot:
    """One ballot as the counting committee reads it. Candidates are INDEXES (0-based) into
    `Contest.candidates`. Sets given as lists or sets are turned into frozensets."""

    struck: frozenset[int] = frozenset()  # strike format: the names struck through
    agree: frozenset[int] = frozenset()  # approve format: lines marked "đồng ý"
    disagree: frozenset[int] = frozenset()  # approve format: lines marked "không đồng ý"
    unstamped: bool = False
    identifying_mark: bool = False
    write_in: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "struck", frozenset(self.struck))
        object.__setattr__(self, "agree", frozenset(self.agree))
        object.__setattr__(self, "disagree", frozenset(self.disagree))
        object.__setattr__(self, "write_in", tuple(self.write_in))


def _check_shape(contest: Contest, ballot: Ballot, ballot_label: object) -> None:
    if contest.ballot_format is BallotFormat.STRIKE:
        if ballot.agree or ballot.disagree:
            raise RulesError(ERR_BALLOT_SHAPE_STRIKE, ballot=ballot_label)
        if ballot.struck <= contest.indexes:
            return
        marks: Iterable[object] = ballot.struck
    else:
        if ballot.struck:
            raise RulesError(ERR_BALLOT_SHAPE_APPROVE, ballot=ballot_label)
        if ballot.agree <= contest.indexes and ballot.disagree <= contest.indexes:
            return
        marks = ballot.agree | ballot.disagree
    n = len(contest.candidates)
    for index in marks:
        if index not in contest.indexes:
            raise RulesError(ERR_BALLOT_INDEX, ballot=ballot_label, index=index, count=n)


def _kept(contest: Contest, ballot: Ballot) -> frozenset[int] | None:
    """The candidates a ballot votes for, before validity; None when a one-name approve
    ballot is marked in neither or both boxes (it says nothing)."""
    n = len(contest.candidates)
    if contest.ballot_format is BallotFormat.STRIKE:
        # 190-QĐ/TW Điều 15: the voter strikes each name they do not vote for; the rest are kept.
        return contest.indexes - ballot.struck
    # 190-QĐ/TW Điều 30 khoản 1: a line marked in both boxes or in neither does not count for
    # that candidate, and the ballot stays valid.
    agreed = ballot.agree - ballot.disagree
    if n == 1:
        # RULES.md: "A one-name ballot is valid when one of its two boxes is marked." Marked in
        # neither or both, it says nothing: invalid, counted as a ballot that votes for nobody.
        exactly_one = (0 in ballot.agree) != (0 in ballot.disagree)
        if not exactly_one:
            return None
    return agreed


def _kept_count(contest: Contest, ballot: Ballot) -> int | None:
    """len(_kept(...)), without building the set on a strike ballot (the struck are checked to
    be candidate indexes already)."""
    if contest.ballot_format is BallotFormat.STRIKE:
        return len(contest.candidates) - len(ballot.struck)
    kept = _kept(contest, ballot)
    return None if kept is None else len(kept)


def classify(contest: Contest, ballot: Ballot, *, label: object = "") -> InvalidReason | None:
    """None when the ballot is valid, otherwise the first of its faults in INVALID_REASON_ORDER
    (among the reasons the contest applies, `Contest.invalid_reasons`).

    Strike format (190-QĐ/TW Điều 15): too_many_kept when more names are kept than
    seats; all_struck when a ballot of more than one name votes for nobody. A one-name strike
    ballot with the name struck is valid: it is a vote against.

    Approve format: too_many_kept when more lines are agreed (and not also disagreed) than
    seats; a ballot of more than one name agreeing with nobody votes for nobody, the same fault
    as striking every name, so all_struck; a one-name ballot is valid only when exactly one of
    its two boxes is marked (RULES.md), otherwise all_struck (it votes for nobody and says
    nothing, which is the nearest of the five reasons).

    A ballot with any name written in is invalid (write_in): the local rulebooks invalidate a
    name added that is not on the list, and a name of the list written again is added writing.

    Raises RulesError when the ballot does not fit the contest (an index off the list, or
    marks of the other format)."""
    _check_shape(contest, ballot, label)
    faults: set[InvalidReason] = set()
    if ballot.unstamped:
        faults.add(InvalidReason.UNSTAMPED)
    if ballot.identifying_mark:
        faults.add(InvalidReason.IDENTIFYING_MARK)
    if ballot.write_in:
        faults.add(InvalidReason.WRITE_IN)
    kept = _kept_count(contest, ballot)
    if kept is None:
        faults.add(InvalidReason.ALL_STRUCK)
    else:
        if kept > contest.seats:
            faults.add(InvalidReason.TOO_MANY_KEPT)
        if kept == 0 and len(contest.candidates) > 1 and not _blank_counts_as_valid(contest, ballot):
            faults.add(InvalidReason.ALL_STRUCK)
    for reason in contest.invalid_reasons:
        if reason in faults:
            return reason
    return None


def _blank_counts_as_valid(contest: Contest, ballot: Ballot) -> bool:
    """A multi-name approve ballot agreeing with nobody, where not every line is marked only
    "không đồng ý": valid when the counting committee so confirmed (BlankApproveBallot)."""
    if contest.ballot_format is not BallotFormat.APPROVE:
        return False
    if contest.blank_approve_ballot is not BlankApproveBallot.VALID:
        return False
    every_line_against = ballot.disagree - ballot.agree == contest.indexes
    return not every_line_against


def votes_on(contest: Contest, ballot: Ballot) -> tuple[int, ...]:
    """The candidate indexes (ascending) a ballot votes for; () for an invalid ballot."""
    if classify(contest, ballot) is not None:
        return ()
    kept = _kept(contest, ballot)
    return tuple(sorted(kept)) if kept else ()


def base_of(contest: Contest) -> int:
    """190-QĐ/TW Điều 30: percentages and the threshold are counted against the electorate
    convened less the exclusions, not against the ballots."""
    return contest.electorate_convened - contest.excluded


def threshold(base: int) -> int:
    """The least whole number of votes that is more than half of the base (190-QĐ/TW Điều 30:
    "quá một nửa"; `majority.more_than_half`). Base 244: 123 (122 is exactly half); base 245:
    123. A base below 1 is an error, not a threshold of 1."""
    if isinstance(base, bool) or not isinstance(base, int) or base < 1:
        raise RulesError(ERR_BASE_ZERO, convened=base, excluded=0)
    return more_than_half(base)


# --- results -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CandidateResult:
    name: str
    index: int
    votes: int
    share: Fraction  # votes / base, exact
    above_threshold: bool  # votes >= threshold, i.e. more than half of the base

    @property
    def percent(self) -> Decimal:
        """100 × share rounded half up to two decimals (display only; never compare on it)."""
        return percent(self.share.numerator, self.share.denominator)


@dataclass(frozen=True)
class Tie:
    """Candidates with equal votes at the cut-off, more of them than the seats left.

    RULES.md (open): the usual practice is a further round among them for those seats; the
    application proposes it and the presidium confirms. Never broken by age."""

    seats: int
    candidates: tuple[str, ...]  # ballot order


@dataclass(frozen=True)
class Result:
    contest: Contest
    ballots_issued: int | None
    ballots_collected: int
    valid: int
    invalid_by_reason: dict[InvalidReason, int]  # every reason present, zeros included
    base: int
    threshold: int
    candidates: tuple[CandidateResult, ...]  # ballot order
    elected: tuple[str, ...]  # highest votes first; equal votes in ballot order
    tie: Tie | None
    unfilled: int  # seats - len(elected)
    # Above the threshold, not elected because the seats ran out (not those of the tie),
    # highest votes first. For a delegation this is the open case of 190-QĐ/TW Điều 18
    # (more passed than the official seats): the application asks the presidium.
    passed_not_elected: tuple[str, ...] = ()

    @property
    def invalid(self) -> int:
        return sum(self.invalid_by_reason.values())

    @property
    def votes(self) -> tuple[int, ...]:
        return tuple(c.votes for c in self.candidates)

    @property
    def ranked(self) -> tuple[CandidateResult, ...]:
        """Every candidate, highest votes first, equal votes in ballot order: the order of the
        minutes' list of results and of the alternates (RuleSet.alternates_order, open)."""
        return tuple(sorted(self.candidates, key=lambda c: (-c.votes, c.index)))

    @property
    def elected_results(self) -> tuple[CandidateResult, ...]:
        """The elected with their votes and percentages, highest first (as in `elected`)."""
        by_name = {c.name: c for c in self.candidates}
        return tuple(by_name[name] for name in self.elected)

    def to_json(self) -> dict[str, Any]:
        """Exactly the `daihoi tally` output (issue 3 item 2); percent is a JSON number."""
        return {
            "ballots_issued": self.ballots_issued,
            "ballots_collected": self.ballots_collected,
            "valid": self.valid,
            "invalid": {
                "total": self.invalid,
                "by_reason": {str(r): self.invalid_by_reason[r] for r in BY_REASON_OUTPUT_ORDER},
            },
            "base": self.base,
            "threshold": self.threshold,
            "candidates": [
                {"name": c.name, "votes": c.votes, "percent": float(c.percent),
                 "above_threshold": c.above_threshold}
                for c in self.candidates
            ],
            "elected": list(self.elected),
            "tie": None if self.tie is None else {"seats": self.tie.seats,
                                                  "candidates": list(self.tie.candidates)},
            "unfilled": self.unfilled,
            "passed_not_elected": list(self.passed_not_elected),
        }

    def dumps(self, *, indent: int | None = 2) -> str:
        """`to_json()` as text, with every percent written with its two decimals (52.80, not
        52.8): the same numbers, as the minutes print them."""
        data = self.to_json()
        for entry, candidate in zip(data["candidates"], self.candidates, strict=True):
            entry["percent"] = _DecimalMarker(candidate.percent)
        text = json.dumps(data, ensure_ascii=False, indent=indent, default=_encode_marker)
        return _MARKER_RE.sub(lambda m: m.group(1), text)


@dataclass(frozen=True)
class _DecimalMarker:
    value: Decimal


def _encode_marker(obj: object) -> str:
    if isinstance(obj, _DecimalMarker):
        return f"\x00DEC{obj.value}\x00"
    raise TypeError(type(obj).__name__)


_MARKER_RE = re.compile(r'"\\u0000DEC(-?\d+\.\d+)\\u0000"')


def _elect(contest: Contest, results: Sequence[CandidateResult],
           ) -> tuple[tuple[str, ...], Tie | None, tuple[str, ...]]:
    """190-QĐ/TW Điều 30 and the forms of Hướng dẫn 04: among those with more than half of the
    base, the seats go to the highest votes. A group with equal votes at the cut-off, larger
    than the seats left, is not elected: it is reported as a tie (RULES.md, open). The third
    item: those above the threshold left without a seat, below the elected and the tie."""
    above = sorted((c for c in results if c.above_threshold), key=lambda c: (-c.votes, c.index))
    elected: list[str] = []
    seats_left = contest.seats
    position = 0
    tie: Tie | None = None
    while position < len(above) and seats_left > 0:
        votes = above[position].votes
        group = [c for c in above[position:] if c.votes == votes]
        if len(group) > seats_left:
            tie = Tie(seats=seats_left, candidates=tuple(c.name for c in group))
            position += len(group)
            break
        elected.extend(c.name for c in group)
        seats_left -= len(group)
        position += len(group)
    return tuple(elected), tie, tuple(c.name for c in above[position:])


def _result(contest: Contest, *, ballots_collected: int, invalid_by_reason: dict[InvalidReason, int],
            votes: Sequence[int]) -> Result:
    base = base_of(contest)
    cut = threshold(base)
    candidates = tuple(
        CandidateResult(name=name, index=i, votes=v, share=Fraction(v, base), above_threshold=v >= cut)
        for i, (name, v) in enumerate(zip(contest.candidates, votes, strict=True))
    )
    elected, tie, passed = _elect(contest, candidates)
    return Result(
        contest=contest,
        ballots_issued=contest.ballots_issued,
        ballots_collected=ballots_collected,
        valid=ballots_collected - sum(invalid_by_reason.values()),
        invalid_by_reason=invalid_by_reason,
        base=base,
        threshold=cut,
        candidates=candidates,
        elected=elected,
        tie=tie,
        unfilled=contest.seats - len(elected),
        passed_not_elected=passed,
    )


def _check_collected(contest: Contest, collected: int) -> None:
    if contest.ballots_issued is not None and collected > contest.ballots_issued:
        raise RulesError(ERR_COLLECTED_OVER_ISSUED, collected=collected, issued=contest.ballots_issued)
    # Those excluded from the base are absent or may not vote, so no more ballots come back
    # than the base holds.
    if collected > base_of(contest):
        raise RulesError(ERR_COLLECTED_OVER_BASE, collected=collected, base=base_of(contest))


def count(contest: Contest, ballots: Iterable[Ballot]) -> Result:
    """Classify and count the ballots of one contest (ballot numbers in errors start at 1)."""
    n = len(contest.candidates)
    invalid = dict.fromkeys(INVALID_REASON_ORDER, 0)
    collected = 0
    valid = 0
    if contest.ballot_format is BallotFormat.STRIKE:
        # Count strikes on valid ballots: votes = valid ballots - strikes (faster for long lists).
        struck_counts = [0] * n
        for collected, ballot in enumerate(ballots, start=1):
            reason = classify(contest, ballot, label=collected)
            if reason is None:
                valid += 1
                for i in ballot.struck:
                    struck_counts[i] += 1
            else:
                invalid[reason] += 1
        votes = [valid - s for s in struck_counts]
    else:
        votes = [0] * n
        for collected, ballot in enumerate(ballots, start=1):
            reason = classify(contest, ballot, label=collected)
            if reason is None:
                valid += 1
                for i in ballot.agree - ballot.disagree:
                    votes[i] += 1
            else:
                invalid[reason] += 1
    _check_collected(contest, collected)
    return _result(contest, ballots_collected=collected, invalid_by_reason=invalid, votes=votes)


def count_totals(contest: Contest, *, ballots_collected: int,
                 invalid_by_reason: Mapping[InvalidReason | str, int], votes: Sequence[int]) -> Result:
    """The result from totals: a tally sheet of a group that counts by hand, or the sum of
    several counting groups and the electronic vote.

    Checks that the totals could come from real ballots: no candidate has more votes than
    valid ballots; the invalid ballots are not more than those collected; the total of votes
    is at most valid × (the most names a valid ballot may keep: the seats, or the list if
    shorter); and, on a ballot of more than one name, at least one vote per valid ballot
    (a valid multi-name ballot votes for someone: 190-QĐ/TW Điều 15), unless the counting
    committee counts a blank approve ballot as valid (BlankApproveBallot.VALID)."""
    collected = _check_int("ballots_collected", ballots_collected)
    _check_collected(contest, collected)
    invalid = dict.fromkeys(INVALID_REASON_ORDER, 0)
    for key, value in invalid_by_reason.items():
        try:
            reason = InvalidReason(key)
        except ValueError:
            raise RulesError(ERR_TOTALS_REASON, value=key) from None
        invalid[reason] = _check_int(f"invalid_by_reason.{reason}", value)
        if invalid[reason] and reason not in contest.invalid_reasons:
            raise RulesError(ERR_TOTALS_REASON_NOT_APPLIED, count=invalid[reason], reason=str(reason))
    invalid_total = sum(invalid.values())
    if invalid_total > collected:
        raise RulesError(ERR_TOTALS_INVALID_OVER_COLLECTED, invalid=invalid_total, collected=collected)
    valid = collected - invalid_total
    n = len(contest.candidates)
    votes = list(votes)
    if len(votes) != n:
        raise RulesError(ERR_TOTALS_VOTES_LENGTH, given=len(votes), expected=n)
    for name, v in zip(contest.candidates, votes, strict=True):
        _check_int(f"votes[{name}]", v)
        if v > valid:
            raise RulesError(ERR_TOTALS_VOTES_OVER_VALID, name=name, votes=v, valid=valid)
    total = sum(votes)
    per_ballot = min(contest.seats, n)
    if total > valid * per_ballot:
        raise RulesError(ERR_TOTALS_SUM_OVER, total=total, valid=valid, per_ballot=per_ballot,
                         limit=valid * per_ballot)
    blank_may_be_valid = (contest.ballot_format is BallotFormat.APPROVE
                          and contest.blank_approve_ballot is BlankApproveBallot.VALID)
    if n > 1 and total < valid and not blank_may_be_valid:
        raise RulesError(ERR_TOTALS_SUM_UNDER, total=total, valid=valid)
    return _result(contest, ballots_collected=collected, invalid_by_reason=invalid, votes=votes)


# --- the JSON input of `daihoi tally` ------------------------------------------------------
INPUT_WHERE = "dữ liệu vào"  # how messages name the top level of the JSON
_CONTEST_KEYS = {"seats", "electorate_convened", "excluded", "candidates", "ballot_format",
                 "ballots_issued", "ballots", "totals", "blank_approve_ballot"}
_REQUIRED_KEYS = ("seats", "electorate_convened", "candidates", "ballot_format")
_BALLOT_KEYS = {"struck", "agree", "disagree", "unstamped", "identifying_mark", "write_in"}
_FORMAT_KEYS = {BallotFormat.STRIKE: {"struck"}, BallotFormat.APPROVE: {"agree", "disagree"}}
_TOTALS_KEYS = {"ballots_collected", "invalid_by_reason", "votes"}


def _require_object(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RulesError(ERR_INPUT_NOT_OBJECT, where=where)
    return value


def _check_keys(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in data:
        if key not in allowed:
            raise RulesError(ERR_INPUT_UNKNOWN_KEY, key=key, where=where)


def _names(value: object, where: str) -> list[str]:
    if not isinstance(value, list):
        raise RulesError(ERR_INPUT_NOT_LIST, where=where)
    for i, name in enumerate(value):
        if not isinstance(name, str) or not name.strip():
            raise RulesError(ERR_INPUT_NOT_NAME, where=f"{where}[{i}]")
    return value


def _indexes(value: object, where: str, index_of: Mapping[str, int]) -> frozenset[int]:
    if type(value) is list:
        # Fast path for well-formed input (most of a 1,600-ballot file); the slow path below
        # finds and names the fault.
        try:
            found = [index_of[name] for name in value]
        except (KeyError, TypeError):
            pass
        else:
            result = frozenset(found)
            if len(result) == len(found):
                return result
    checked: set[int] = set()
    for i, raw in enumerate(_names(value, where)):
        name = normalize_spaces(raw)
        if name not in index_of:
            raise RulesError(ERR_INPUT_UNKNOWN_NAME, where=f"{where}[{i}]", name=name)
        if index_of[name] in checked:
            raise RulesError(ERR_INPUT_DUPLICATE_NAME, where=where, name=name)
        checked.add(index_of[name])
    return frozenset(checked)


def _flag(ballot: Mapping[str, Any], key: str, where: str) -> bool:
    value = ballot.get(key, False)
    if not isinstance(value, bool):
        raise RulesError(ERR_INPUT_NOT_BOOL, where=f"{where}.{key}")
    return value


def _parse_contest(data: Mapping[str, Any]) -> Contest:
    _require_object(data, INPUT_WHERE)
    _check_keys(data, _CONTEST_KEYS, INPUT_WHERE)
    for key in _REQUIRED_KEYS:
        if key not in data:
            raise RulesError(ERR_INPUT_MISSING, key=key, where=INPUT_WHERE)
    if "ballots" in data and "totals" in data:
        raise RulesError(ERR_INPUT_BALLOTS_AND_TOTALS)
    if "ballots" not in data and "totals" not in data:
        raise RulesError(ERR_INPUT_MISSING, key="ballots", where=INPUT_WHERE)
    try:
        ballot_format = BallotFormat(data["ballot_format"])
    except ValueError:
        raise RulesError(ERR_BALLOT_FORMAT, value=data["ballot_format"]) from None
    return Contest(
        seats=_check_int("seats", data["seats"], minimum=1),
        candidates=tuple(_names(data["candidates"], "candidates")),
        ballot_format=ballot_format,
        electorate_convened=_check_int("electorate_convened", data["electorate_convened"]),
        excluded=_check_int("excluded", data.get("excluded", 0)),
        ballots_issued=(None if data.get("ballots_issued") is None
                        else _check_int("ballots_issued", data["ballots_issued"])),
        blank_approve_ballot=data.get("blank_approve_ballot", BlankApproveBallot.INVALID),
    )


def parse_ballot(contest: Contest, raw: object, where: str = "ballot") -> Ballot:
    """One ballot of the JSON input (names, not indexes) as a `Ballot`."""
    ballot = _require_object(raw, where)
    _check_keys(ballot, _BALLOT_KEYS, where)
    for key in _BALLOT_KEYS - {"unstamped", "identifying_mark", "write_in"}:
        if key in ballot and key not in _FORMAT_KEYS[contest.ballot_format]:
            raise RulesError(ERR_INPUT_WRONG_FORMAT_KEY, where=where, key=key,
                             ballot_format=str(contest.ballot_format))
    index_of = contest.index_of
    return Ballot(
        struck=_indexes(ballot.get("struck", []), f"{where}.struck", index_of),
        agree=_indexes(ballot.get("agree", []), f"{where}.agree", index_of),
        disagree=_indexes(ballot.get("disagree", []), f"{where}.disagree", index_of),
        unstamped=_flag(ballot, "unstamped", where),
        identifying_mark=_flag(ballot, "identifying_mark", where),
        write_in=tuple(_names(ballot.get("write_in", []), f"{where}.write_in")),
    )


def parse_tally_input(data: Mapping[str, Any]) -> tuple[Contest, list[Ballot]]:
    """The JSON of issue 3 item 2 as a contest and its ballots (names turned into indexes).
    Raises RulesError naming the key, the ballot (numbered from 1) and what is wrong."""
    contest = _parse_contest(data)
    if "ballots" not in data:
        raise RulesError(ERR_INPUT_MISSING, key="ballots", where=INPUT_WHERE)
    raw_ballots = data["ballots"]
    if not isinstance(raw_ballots, list):
        raise RulesError(ERR_INPUT_NOT_LIST, where="ballots")
    ballots = [parse_ballot(contest, raw, f"ballots[{i}]") for i, raw in enumerate(raw_ballots, start=1)]
    _check_collected(contest, len(ballots))
    return contest, ballots


def tally(data: Mapping[str, Any]) -> Result:
    """The whole of `daihoi tally`: ballot by ballot (`ballots`), or from a tally sheet
    (`totals`: `ballots_collected`, `invalid_by_reason` {reason: n}, `votes` {name: n})."""
    contest = _parse_contest(data)
    if "ballots" in data:
        contest, ballots = parse_tally_input(data)
        return count(contest, ballots)
    totals = _require_object(data["totals"], "totals")
    _check_keys(totals, _TOTALS_KEYS, "totals")
    for key in sorted(_TOTALS_KEYS):
        if key not in totals:
            raise RulesError(ERR_INPUT_MISSING, key=key, where="totals")
    raw_votes = _require_object(totals["votes"], "totals.votes")
    votes_by_name: dict[str, Any] = {}
    for raw_name, value in raw_votes.items():
        name = normalize_spaces(raw_name)
        if name not in contest.index_of:
            raise RulesError(ERR_INPUT_UNKNOWN_NAME, where="totals.votes", name=raw_name)
        if name in votes_by_name:
            raise RulesError(ERR_INPUT_DUPLICATE_NAME, where="totals.votes", name=name)
        votes_by_name[name] = value
    for name in contest.candidates:
        if name not in votes_by_name:
            raise RulesError(ERR_INPUT_MISSING, key=name, where="totals.votes")
    reasons = _require_object(totals["invalid_by_reason"], "totals.invalid_by_reason")
    return count_totals(
        contest,
        ballots_collected=totals["ballots_collected"],
        invalid_by_reason=reasons,
        votes=[votes_by_name[name] for name in contest.candidates],
    )


__all__ = [
    "BY_REASON_OUTPUT_ORDER", "INVALID_REASON_ORDER", "Ballot", "BallotFormat", "BlankApproveBallot",
    "CandidateResult",
    "Contest", "InvalidReason", "Result", "RulesError", "Tie", "base_of", "classify", "count",
    "count_totals", "parse_ballot", "parse_tally_input", "tally", "threshold", "votes_on",
]
