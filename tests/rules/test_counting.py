"""Unit and regression tests of the counting rules (daihoi.rules.counting).

Each regression test's docstring works out the arithmetic and cites the article it pins
(Quyết định 190-QĐ/TW; see RULES.md)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from daihoi.rules import counting as rules
from daihoi.rules.counting import (
    INVALID_REASON_ORDER,
    Ballot,
    BallotFormat,
    Contest,
    InvalidReason,
    RulesError,
    Tie,
    base_of,
    classify,
    count,
    count_totals,
    parse_tally_input,
    tally,
    threshold,
    votes_on,
)
from tests.elections.conftest import ISSUE_EXAMPLE, ISSUE_EXPECTED
from tests.elections.conftest import issue_example_with as _with

NAMES5 = ("An", "Bình", "Châu", "Dũng", "Hồng")


def strike(seats: int = 3, n: int = 5, convened: int = 10, excluded: int = 0,
           issued: int | None = None) -> Contest:
    return Contest(seats=seats, candidates=NAMES5[:n] if n <= 5 else tuple(f"C{i}" for i in range(n)),
                   ballot_format=BallotFormat.STRIKE, electorate_convened=convened, excluded=excluded,
                   ballots_issued=issued)


def approve(seats: int = 3, n: int = 3, convened: int = 10, excluded: int = 0) -> Contest:
    return Contest(seats=seats, candidates=NAMES5[:n], ballot_format=BallotFormat.APPROVE,
                   electorate_convened=convened, excluded=excluded)


def B(*struck: int, **kw: object) -> Ballot:
    return Ballot(struck=frozenset(struck), **kw)  # type: ignore[arg-type]


def A(agree: tuple[int, ...] = (), disagree: tuple[int, ...] = (), **kw: object) -> Ballot:
    return Ballot(agree=frozenset(agree), disagree=frozenset(disagree), **kw)  # type: ignore[arg-type]


# --- base and threshold --------------------------------------------------------------------
def test_base_is_convened_less_excluded() -> None:
    """190-QĐ/TW Điều 30: the base is the electorate convened less the exclusions: 246 − 2 = 244."""
    assert base_of(strike(convened=246, excluded=2)) == 244


@pytest.mark.parametrize(("base", "expected"), [(1, 1), (2, 2), (3, 2), (4, 3), (244, 123), (245, 123),
                                                (246, 124), (300, 151)])
def test_threshold_is_least_integer_more_than_half(base: int, expected: int) -> None:
    """190-QĐ/TW Điều 30 ("quá một nửa"): base 244 → 244 // 2 + 1 = 123 (122 is exactly half, not
    more); base 245 → 123 (122.5 is half; 123 > 122.5 and 122 is not)."""
    assert threshold(base) == expected
    assert expected * 2 > base
    assert (expected - 1) * 2 <= base


def test_threshold_counts_against_base_not_ballots() -> None:
    """190-QĐ/TW Điều 30: base 10 → threshold 10 // 2 + 1 = 6, even when only 6 ballots come
    in. An has 5 of 6 valid ballots (83% of the ballots) but 5 < 6: not elected; Bình has 6."""
    contest = strike(seats=1, n=2, convened=10)
    ballots = [B(1)] * 5 + [B(0)]
    result = count(contest, ballots)
    assert (result.base, result.threshold) == (10, 6)
    assert [c.votes for c in result.candidates] == [5, 1]
    assert result.elected == ()
    assert result.unfilled == 1
    result = count(contest, [B(0)] * 6)
    assert result.elected == ("Bình",)


def test_percent_against_base_half_up() -> None:
    """190-QĐ/TW Điều 30: percentages against the base. 129 / 244 = 52.8688… → 52.87;
    1 / 8 = 12.5% exactly → 12.50 (the arithmetic itself: tests/rules/test_percent.py)."""
    contest = strike(seats=1, n=2, convened=8)
    result = count(contest, [B(1)])
    assert result.candidates[0].share == Fraction(1, 8)
    assert result.candidates[0].percent == Decimal("12.50")


# --- strike format: validity ---------------------------------------------------------------
def test_strike_valid_when_kept_not_more_than_seats() -> None:
    """190-QĐ/TW Điều 15: 5 names, 3 seats: striking 2 keeps 3 = seats: valid; striking 4 keeps 1:
    valid."""
    contest = strike()
    assert classify(contest, B(0, 1)) is None
    assert classify(contest, B(0, 1, 2, 3)) is None
    assert votes_on(contest, B(0, 1)) == (2, 3, 4)


def test_strike_too_many_kept() -> None:
    """190-QĐ/TW Điều 15: 5 names, 3 seats, 1 struck keeps 4 > 3: invalid (too_many_kept); none
    struck keeps 5."""
    contest = strike()
    assert classify(contest, B(0)) is InvalidReason.TOO_MANY_KEPT
    assert classify(contest, B()) is InvalidReason.TOO_MANY_KEPT
    assert votes_on(contest, B(0)) == ()


def test_strike_all_struck_on_multi_name_ballot() -> None:
    """190-QĐ/TW Điều 15: a multi-name ballot that votes for nobody (every name struck) is invalid."""
    contest = strike()
    assert classify(contest, B(0, 1, 2, 3, 4)) is InvalidReason.ALL_STRUCK


def test_strike_one_name_ballot_struck_is_a_vote_against() -> None:
    """A one-name ballot with its name struck is not 'a multi-name ballot that votes for nobody':
    it is valid and gives no vote."""
    contest = strike(seats=1, n=1)
    assert classify(contest, B(0)) is None
    assert votes_on(contest, B(0)) == ()
    assert classify(contest, B()) is None
    assert votes_on(contest, B()) == (0,)


def test_unstamped_invalid() -> None:
    """190-QĐ/TW Điều 15: a ballot not issued by the counting committee (no stamp) is invalid."""
    assert classify(strike(), B(0, 1, unstamped=True)) is InvalidReason.UNSTAMPED


def test_identifying_mark_invalid() -> None:
    assert classify(strike(), B(0, 1, identifying_mark=True)) is InvalidReason.IDENTIFYING_MARK


def test_write_in_invalid() -> None:
    assert classify(strike(), B(0, 1, write_in=("Hoàng Văn Dũng",))) is InvalidReason.WRITE_IN


@pytest.mark.parametrize("faults", [
    {"unstamped", "identifying_mark", "write_in", "too_many_kept"},
    {"identifying_mark", "write_in", "all_struck"},
    {"write_in", "too_many_kept"},
    {"unstamped", "all_struck"},
    {"identifying_mark", "too_many_kept"},
    {"too_many_kept"},
    {"all_struck"},
])
def test_several_faults_count_under_the_first_in_order(faults: set[str]) -> None:
    """Issue 3: a ballot with several faults counts once, under the first of them in the order
    unstamped, identifying_mark, write_in, too_many_kept, all_struck."""
    contest = strike()
    struck: tuple[int, ...] = (0, 1)
    if "too_many_kept" in faults:
        struck = ()
    if "all_struck" in faults:
        struck = (0, 1, 2, 3, 4)
    ballot = B(*struck, unstamped="unstamped" in faults, identifying_mark="identifying_mark" in faults,
               write_in=("X",) if "write_in" in faults else ())
    expected = next(r for r in INVALID_REASON_ORDER if r in faults)
    assert classify(contest, ballot) is expected
    result = count(contest, [ballot])
    assert result.invalid == 1
    assert result.invalid_by_reason[expected] == 1


def test_reason_order_constant() -> None:
    assert [str(r) for r in INVALID_REASON_ORDER] == [
        "unstamped", "identifying_mark", "write_in", "too_many_kept", "all_struck"]


def test_reason_not_applied_by_the_rule_set_does_not_invalidate() -> None:
    """write_in and identifying_mark are open (RULES.md): a rule set may leave them out; the
    ballot then counts."""
    contest = Contest(seats=3, candidates=NAMES5, ballot_format=BallotFormat.STRIKE, electorate_convened=10,
                      invalid_reasons=(InvalidReason.ALL_STRUCK, InvalidReason.UNSTAMPED,
                                       InvalidReason.TOO_MANY_KEPT))
    assert contest.invalid_reasons == (InvalidReason.UNSTAMPED, InvalidReason.TOO_MANY_KEPT,
                                       InvalidReason.ALL_STRUCK)
    ballot = B(0, 1, write_in=("X",), identifying_mark=True)
    assert classify(contest, ballot) is None
    assert count(contest, [ballot]).votes == (0, 0, 1, 1, 1)
    with pytest.raises(RulesError) as err:
        count_totals(contest, ballots_collected=1, invalid_by_reason={"write_in": 1}, votes=[0] * 5)
    assert err.value.template == rules.ERR_TOTALS_REASON_NOT_APPLIED


# --- approve format ------------------------------------------------------------------------
def test_approve_votes_are_agrees() -> None:
    contest = approve()
    ballot = A(agree=(0, 2), disagree=(1,))
    assert classify(contest, ballot) is None
    assert votes_on(contest, ballot) == (0, 2)


def test_approve_line_marked_both_or_neither_does_not_count_ballot_stays_valid() -> None:
    """190-QĐ/TW Điều 30 khoản 1: a line marked in both boxes or in neither does not count for
    that candidate, and the ballot stays valid. Line 0 both, line 1 neither, line 2 agree →
    one vote, for line 2."""
    contest = approve()
    ballot = A(agree=(0, 2), disagree=(0,))
    assert classify(contest, ballot) is None
    result = count(contest, [ballot])
    assert result.valid == 1
    assert result.votes == (0, 0, 1)


def test_approve_too_many_agreed() -> None:
    """No surplus, 2 seats, 3 lines agreed: more names kept than seats (190-QĐ/TW Điều 15)."""
    contest = approve(seats=2)
    assert classify(contest, A(agree=(0, 1, 2))) is InvalidReason.TOO_MANY_KEPT
    # A line in both boxes does not count, so only 2 agreed: valid.
    assert classify(contest, A(agree=(0, 1, 2), disagree=(2,))) is None


def test_approve_multi_name_agreeing_with_nobody_is_all_struck() -> None:
    """A multi-name ballot that votes for nobody is invalid (190-QĐ/TW Điều 15): with the
    approve format, every line disagreed, or left empty, or marked twice."""
    contest = approve()
    assert classify(contest, A(disagree=(0, 1, 2))) is InvalidReason.ALL_STRUCK
    assert classify(contest, A()) is InvalidReason.ALL_STRUCK
    assert classify(contest, A(agree=(0,), disagree=(0, 1, 2))) is InvalidReason.ALL_STRUCK


def test_approve_one_name_ballot_valid_when_one_box_marked() -> None:
    """RULES.md: a one-name ballot is valid when one of its two boxes is marked. Marked in
    neither or both, it is invalid (all_struck: it votes for nobody)."""
    contest = approve(seats=1, n=1)
    assert classify(contest, A(agree=(0,))) is None
    assert votes_on(contest, A(agree=(0,))) == (0,)
    assert classify(contest, A(disagree=(0,))) is None
    assert votes_on(contest, A(disagree=(0,))) == ()
    assert classify(contest, A()) is InvalidReason.ALL_STRUCK
    assert classify(contest, A(agree=(0,), disagree=(0,))) is InvalidReason.ALL_STRUCK


def test_secretary_one_seat_one_name() -> None:
    """One seat, one name, base 31 → threshold 31 // 2 + 1 = 16 (190-QĐ/TW Điều 30).
    16 agree, 12 disagree, 2 blank (invalid) → 16 ≥ 16: elected with 16/31 = 51.61%."""
    contest = approve(seats=1, n=1, convened=31)
    ballots = [A(agree=(0,))] * 16 + [A(disagree=(0,))] * 12 + [A()] * 2
    result = count(contest, ballots)
    assert (result.valid, result.invalid, result.threshold) == (28, 2, 16)
    assert result.invalid_by_reason[InvalidReason.ALL_STRUCK] == 2
    assert result.elected == ("An",)
    assert result.candidates[0].percent == Decimal("51.61")


# --- ballot shape errors -------------------------------------------------------------------
def test_wrong_shape_raises() -> None:
    with pytest.raises(RulesError) as err:
        classify(strike(), A(agree=(0,)))
    assert err.value.template == rules.ERR_BALLOT_SHAPE_STRIKE
    with pytest.raises(RulesError) as err:
        classify(approve(), B(0))
    assert err.value.template == rules.ERR_BALLOT_SHAPE_APPROVE
    with pytest.raises(RulesError) as err:
        count(strike(), [B(0, 1), B(0, 9)])
    assert err.value.template == rules.ERR_BALLOT_INDEX
    assert err.value.params["ballot"] == 2


def test_ballot_accepts_plain_sets_and_lists() -> None:
    ballot = Ballot(struck={1, 2}, write_in=["X"])  # type: ignore[arg-type]
    assert ballot.struck == frozenset({1, 2})
    assert ballot.write_in == ("X",)
    hash(ballot)


# --- contest validation --------------------------------------------------------------------
@pytest.mark.parametrize(("kwargs", "template"), [
    ({"seats": 0}, rules.ERR_SEATS),
    ({"seats": True}, rules.ERR_NOT_INTEGER),
    ({"seats": 2.0}, rules.ERR_NOT_INTEGER),
    ({"electorate_convened": -1}, rules.ERR_NEGATIVE),
    ({"excluded": -1}, rules.ERR_NEGATIVE),
    ({"excluded": 11}, rules.ERR_EXCLUDED_OVER_CONVENED),
    ({"excluded": 10}, rules.ERR_BASE_ZERO),
    ({"ballots_issued": -3}, rules.ERR_NEGATIVE),
    ({"candidates": ()}, rules.ERR_NO_CANDIDATES),
    ({"candidates": ("An", "An")}, rules.ERR_DUPLICATE_CANDIDATE),
    ({"candidates": ("An", " ")}, rules.ERR_CANDIDATE_NAME),
    ({"ballot_format": "rank"}, rules.ERR_BALLOT_FORMAT),
    ({"invalid_reasons": ("nope",)}, rules.ERR_REASON),
])
def test_contest_validation(kwargs: dict[str, object], template: str) -> None:
    args: dict[str, object] = {"seats": 2, "candidates": ("An", "Bình"), "ballot_format": "strike",
                               "electorate_convened": 10}
    args.update(kwargs)
    with pytest.raises(RulesError) as err:
        Contest(**args)  # type: ignore[arg-type]
    assert err.value.template == template
    assert str(err.value)  # a message, with the parameters filled in
    assert "{" not in str(err.value)


def test_contest_takes_format_as_string() -> None:
    contest = Contest(seats=1, candidates=["An", "Bình"], ballot_format="approve",  # type: ignore[arg-type]
                      electorate_convened=5)
    assert contest.ballot_format is BallotFormat.APPROVE
    assert contest.candidates == ("An", "Bình")
    assert (contest.base, contest.threshold) == (5, 3)


def test_more_ballots_than_issued() -> None:
    """Issue 3: more ballots collected than issued is an error, not a result."""
    contest = strike(issued=2)
    count(contest, [B(0, 1)] * 2)
    with pytest.raises(RulesError) as err:
        count(contest, [B(0, 1)] * 3)
    assert err.value.template == rules.ERR_COLLECTED_OVER_ISSUED


# --- who is elected ------------------------------------------------------------------------
def _totals(contest: Contest, votes: list[int], valid: int) -> rules.Result:
    return count_totals(contest, ballots_collected=valid, invalid_by_reason={}, votes=votes)


def test_elected_highest_first_among_those_above_threshold() -> None:
    """190-QĐ/TW Điều 30 and the forms ("xếp theo thứ tự số phiếu bầu từ cao đến thấp, vừa đủ số
    lượng … và có tỷ lệ % quá bán"). Base 20, threshold 20 // 2 + 1 = 11; 3 seats; votes 11, 17,
    5, 15, 12 → above the threshold: Bình 17, Dũng 15, Hồng 12, An 11; the three highest: Bình,
    Dũng, Hồng. Châu (5) is under the threshold."""
    result = _totals(strike(convened=20), [11, 17, 5, 15, 12], valid=20)
    assert result.elected == ("Bình", "Dũng", "Hồng")
    assert result.tie is None
    assert result.unfilled == 0
    assert [c.above_threshold for c in result.candidates] == [True, True, False, True, True]


def test_ranked_and_elected_results() -> None:
    """The minutes list the results highest first (equal votes in ballot order) and the
    elected with their percentages: votes 11, 17, 5, 15, 12 of base 20."""
    result = _totals(strike(convened=20), [11, 17, 5, 15, 12], valid=20)
    assert [c.name for c in result.ranked] == ["Bình", "Dũng", "Hồng", "An", "Châu"]
    assert [(c.name, c.percent) for c in result.elected_results] == [
        ("Bình", Decimal("85.00")), ("Dũng", Decimal("75.00")), ("Hồng", Decimal("60.00"))]
    equal = _totals(strike(convened=20), [12, 12, 12, 12, 12], valid=20)
    assert [c.name for c in equal.ranked] == list(NAMES5)


def test_equal_votes_all_elected_when_they_fit() -> None:
    """Equal votes that fit into the seats are all elected, listed in ballot order: votes
    8, 8, 2, 2, 8 with 3 seats → An, Bình, Hồng."""
    result = _totals(strike(), [8, 8, 2, 2, 8], valid=10)
    assert result.elected == ("An", "Bình", "Hồng")
    assert result.tie is None


def test_tie_at_cut_off() -> None:
    """Base 20, threshold 11, 3 seats; votes 18, 14, 14, 14, 0: An (18) is elected; 2 seats left
    for Bình, Châu, Dũng with 14 each: none of them is elected, tie for 2 seats (RULES.md: a
    further round; never by age). Unfilled 2."""
    result = _totals(strike(convened=20), [18, 14, 14, 14, 0], valid=20)
    assert result.elected == ("An",)
    assert result.tie == Tie(seats=2, candidates=("Bình", "Châu", "Dũng"))
    assert result.unfilled == 2


def test_tie_below_threshold_is_no_tie() -> None:
    """Only those above the threshold compete: votes 9, 5, 5, 0, 0 with 3 seats, threshold 6:
    An elected; Bình and Châu have 5 < 6, so there is no tie, only 2 seats unfilled."""
    result = _totals(strike(), [9, 5, 5, 0, 0], valid=10)
    assert result.elected == ("An",)
    assert result.tie is None
    assert result.unfilled == 2


def test_tie_for_first_seats() -> None:
    """Base 10, threshold 6, 2 seats, 3 names with 6 votes each (18 ≤ 10 valid × 2 kept): all
    three above the threshold, 3 equal for 2 seats → nobody elected, tie for 2. (With one seat
    two candidates cannot both pass: more than half each is more than the ballots.)"""
    result = _totals(strike(seats=2, n=3), [6, 6, 6], valid=10)
    assert result.elected == ()
    assert result.tie == Tie(seats=2, candidates=("An", "Bình", "Châu"))
    assert result.unfilled == 2


def test_fewer_above_threshold_than_seats() -> None:
    """190-QĐ/TW Điều 18: seats stay unfilled (a further round follows)."""
    result = _totals(strike(), [6, 1, 1, 1, 1], valid=10)
    assert result.elected == ("An",)
    assert result.unfilled == 2


# --- count_totals consistency --------------------------------------------------------------
@pytest.mark.parametrize(("kwargs", "template"), [
    ({"votes": [1, 1, 1, 1]}, rules.ERR_TOTALS_VOTES_LENGTH),
    ({"votes": [11, 0, 0, 0, 0]}, rules.ERR_TOTALS_VOTES_OVER_VALID),
    ({"votes": [-1, 5, 5, 5, 5]}, rules.ERR_NEGATIVE),
    ({"votes": [10, 10, 10, 10, 0]}, rules.ERR_TOTALS_SUM_OVER),  # 40 > 10 × 3
    ({"votes": [1, 1, 1, 1, 1]}, rules.ERR_TOTALS_SUM_UNDER),  # 5 < 10 valid
    ({"invalid_by_reason": {"unstamped": 11}}, rules.ERR_TOTALS_INVALID_OVER_COLLECTED),
    ({"invalid_by_reason": {"nope": 1}}, rules.ERR_TOTALS_REASON),
    ({"invalid_by_reason": {"unstamped": -1}}, rules.ERR_NEGATIVE),
    ({"ballots_collected": 11}, rules.ERR_COLLECTED_OVER_ISSUED),
    ({"ballots_collected": "10"}, rules.ERR_NOT_INTEGER),
])
def test_count_totals_checks_consistency(kwargs: dict[str, object], template: str) -> None:
    args: dict[str, object] = {"ballots_collected": 10, "invalid_by_reason": {}, "votes": [6, 6, 6, 6, 6]}
    args.update(kwargs)
    with pytest.raises(RulesError) as err:
        count_totals(strike(issued=10), **args)  # type: ignore[arg-type]
    assert err.value.template == template


def test_count_totals_accepts_reason_strings_and_fills_zeros() -> None:
    """Tally sheet: 10 collected, 1 unstamped, 1 all struck → 8 valid; votes add to 8 × 3 = 24 at
    most and at least 8."""
    result = count_totals(strike(), ballots_collected=10,
                          invalid_by_reason={"unstamped": 1, InvalidReason.ALL_STRUCK: 1},
                          votes=[8, 8, 8, 0, 0])
    assert result.valid == 8
    assert result.invalid == 2
    assert set(result.invalid_by_reason) == set(InvalidReason)
    assert result.invalid_by_reason[InvalidReason.WRITE_IN] == 0
    assert result.elected == ("An", "Bình", "Châu")


def test_count_equals_count_totals_of_its_totals() -> None:
    contest = strike(issued=6)
    ballots = [B(0, 1), B(3, 4), B(0), B(0, 1, unstamped=True), B(1, 2, 3, 4), B(0, 1, 2, 3, 4)]
    result = count(contest, ballots)
    again = count_totals(contest, ballots_collected=result.ballots_collected,
                         invalid_by_reason=result.invalid_by_reason, votes=result.votes)
    assert again == result


# --- the example of issue 3 ----------------------------------------------------------------
def test_issue_example() -> None:
    """Base 246 − 2 = 244, threshold 244 // 2 + 1 = 123 (190-QĐ/TW Điều 30). Ballot 1 strikes An,
    keeps 3 = seats: valid, a vote each for Hồng, Bình, Châu. Ballot 2 has a name written in
    (write_in); ballot 3 is unstamped; ballot 4 has an identifying mark. Valid 1, invalid 3.
    Votes 1, 0, 1, 1; 1/244 = 0.4098% → 0.41. Nobody reaches 123: none elected, 3 unfilled."""
    contest, ballots = parse_tally_input(ISSUE_EXAMPLE)
    result = count(contest, ballots)
    assert result.to_json() == ISSUE_EXPECTED
    assert list(result.to_json()["invalid"]["by_reason"]) == [
        "unstamped", "too_many_kept", "all_struck", "write_in", "identifying_mark"]


def test_dumps_writes_two_decimals() -> None:
    """Base 8: 1 vote is 12.5% → printed 12.50, a JSON number."""
    contest = strike(seats=1, n=2, convened=8)
    text = count(contest, [B(1)]).dumps(indent=None)
    assert '"percent": 12.50,' in text
    assert '"percent": 0.00,' in text
    assert "\\u0000" not in text


def test_regression_congress_of_300() -> None:
    """A delegates' congress: 300 convened, 4 absent for the whole congress with no alternate
    (190-QĐ/TW Điều 30 khoản 3) → base 296, threshold 296 // 2 + 1 = 149. 15 seats on the list
    of 18 (surplus 3 = 20%). 290 ballots; 150 keep names 0–14, 140 keep names 3–17 → names 3–14
    have 290, names 0–2 have 150 (≥ 149: elected), names 15–17 have 140 (< 149)."""
    names = tuple(f"Ứng viên {i:02d}" for i in range(18))
    contest = Contest(seats=15, candidates=names, ballot_format=BallotFormat.STRIKE,
                      electorate_convened=300, excluded=4, ballots_issued=292)
    first = Ballot(struck=frozenset(range(15, 18)))
    second = Ballot(struck=frozenset(range(3)))
    result = count(contest, [first] * 150 + [second] * 140)
    assert (result.base, result.threshold, result.valid) == (296, 149, 290)
    assert result.votes == (150,) * 3 + (290,) * 12 + (140,) * 3
    assert result.elected == names[3:15] + names[:3]
    assert result.unfilled == 0
    assert result.candidates[0].percent == Decimal("50.68")  # 150 / 296 = 50.675…


# --- parse_tally_input ---------------------------------------------------------------------
@pytest.mark.parametrize(("data", "template"), [
    (_with(ballot_format="rank"), rules.ERR_BALLOT_FORMAT),
    (_with(ballot_format=None), rules.ERR_BALLOT_FORMAT),
    (_with(ballots=[{"struck": ["Nobody"]}]), rules.ERR_INPUT_UNKNOWN_NAME),
    (_with(ballots=[{"struck": ["Nguyễn Văn An", "Nguyễn Văn An"]}]), rules.ERR_INPUT_DUPLICATE_NAME),
    (_with(ballots=[{"agree": ["Nguyễn Văn An"]}]), rules.ERR_INPUT_WRONG_FORMAT_KEY),
    (_with(ballots=[{"strikes": ["Nguyễn Văn An"]}]), rules.ERR_INPUT_UNKNOWN_KEY),
    (_with(ballots=[{"struck": "Nguyễn Văn An"}]), rules.ERR_INPUT_NOT_LIST),
    (_with(ballots=[{"struck": [3]}]), rules.ERR_INPUT_NOT_NAME),
    (_with(ballots=[{"unstamped": "yes"}]), rules.ERR_INPUT_NOT_BOOL),
    (_with(ballots=["Nguyễn Văn An"]), rules.ERR_INPUT_NOT_OBJECT),
    (_with(ballots={"struck": []}), rules.ERR_INPUT_NOT_LIST),
    (_with(candidates=["A", "A"]), rules.ERR_DUPLICATE_CANDIDATE),
    (_with(candidates="A"), rules.ERR_INPUT_NOT_LIST),
    (_with(seats=-1), rules.ERR_SEATS),
    (_with(seats=0), rules.ERR_SEATS),
    (_with(seats=1.5), rules.ERR_NOT_INTEGER),
    (_with(seats="3"), rules.ERR_NOT_INTEGER),
    (_with(excluded=-2), rules.ERR_NEGATIVE),
    (_with(excluded=247), rules.ERR_EXCLUDED_OVER_CONVENED),
    (_with(electorate_convened=-5), rules.ERR_NEGATIVE),
    (_with(ballots_issued=3), rules.ERR_COLLECTED_OVER_ISSUED),
    (_with(ballots_issued=-1), rules.ERR_NEGATIVE),
    (_with(seats=...), rules.ERR_INPUT_MISSING),
    (_with(ballots=...), rules.ERR_INPUT_MISSING),
    (_with(exclude=2), rules.ERR_INPUT_UNKNOWN_KEY),
    ([1, 2], rules.ERR_INPUT_NOT_OBJECT),
])
def test_parse_errors(data: object, template: str) -> None:
    with pytest.raises(RulesError) as err:
        parse_tally_input(data)  # type: ignore[arg-type]
    assert err.value.template == template
    assert "{" not in str(err.value)


def test_parse_names_the_ballot() -> None:
    with pytest.raises(RulesError, match=r"ballots\[2\]\.struck\[0\].*'Nobody'"):
        parse_tally_input(_with(ballots=[{"struck": []}, {"struck": ["Nobody"]}]))


def test_parse_approve() -> None:
    data = _with(ballot_format="approve", seats=4,
                 ballots=[{"agree": ["Nguyễn Văn An"], "disagree": ["Nguyễn Văn An", "Trần Văn Bình"]}])
    contest, ballots = parse_tally_input(data)
    assert contest.ballot_format is BallotFormat.APPROVE
    assert ballots == [Ballot(agree=frozenset({1}), disagree=frozenset({1, 2}))]


def test_tally_from_totals() -> None:
    """The tally-sheet form of the input: 200 collected, 5 unstamped → 195 valid. Base 244,
    threshold 123: Hồng 190, An 130, Bình 124 elected (Châu 121 < 123)."""
    data = _with(ballots=..., totals={
        "ballots_collected": 200, "invalid_by_reason": {"unstamped": 5},
        "votes": {"Lê Thị Thu Hồng": 190, "Nguyễn Văn An": 130, "Trần Văn Bình": 124,
                  "Phạm Minh Châu": 121}})
    result = tally(data)
    assert result.valid == 195
    assert result.elected == ("Lê Thị Thu Hồng", "Nguyễn Văn An", "Trần Văn Bình")
    with pytest.raises(RulesError) as err:
        tally({**data, "ballots": []})
    assert err.value.template == rules.ERR_INPUT_BALLOTS_AND_TOTALS
    bad = _with(ballots=..., totals={"ballots_collected": 1, "invalid_by_reason": {},
                                     "votes": {"X": 1}})
    with pytest.raises(RulesError) as err:
        tally(bad)
    assert err.value.template == rules.ERR_INPUT_UNKNOWN_NAME


def test_error_message_can_be_translated() -> None:
    """The template is translated before the parameters go in (the app passes gettext)."""
    err = RulesError(rules.ERR_SEATS, value=0)
    assert err.message() == str(err) == "Số lượng bầu phải ít nhất là 1 (đang là 0)."
    english = {rules.ERR_SEATS: "Seats must be at least 1 (got {value})."}
    assert err.message(lambda t: english.get(t, t)) == "Seats must be at least 1 (got 0)."


# --- issue 13: input that cannot be right, and who passed without a seat --------------------
def test_names_compared_after_nfc_and_spaces() -> None:
    """A name typed decomposed (NFD) or with extra spaces is the same candidate: the list keeps
    it once, in NFC with single spaces, and two of them on a list are an error."""
    import unicodedata
    nfd = unicodedata.normalize("NFD", "Lê Thị Thu Hồng")
    contest = Contest(seats=1, candidates=(f"  {nfd} ", "An"), ballot_format=BallotFormat.STRIKE,
                      electorate_convened=3)
    assert contest.candidates == ("Lê Thị Thu Hồng", "An")
    with pytest.raises(RulesError) as err:
        Contest(seats=1, candidates=("Lê Thị Thu Hồng", nfd), ballot_format=BallotFormat.STRIKE,
                electorate_convened=3)
    assert err.value.template == rules.ERR_DUPLICATE_CANDIDATE


def test_more_collected_than_the_base_is_an_error() -> None:
    """Base 4 − 1 = 3: a fourth ballot cannot come from anyone (the excluded do not vote)."""
    contest = strike(seats=1, n=2, convened=4, excluded=1)
    assert count(contest, [B(1)] * 3).valid == 3
    with pytest.raises(RulesError) as err:
        count(contest, [B(1)] * 4)
    assert err.value.template == rules.ERR_COLLECTED_OVER_BASE
    with pytest.raises(RulesError):
        count_totals(contest, ballots_collected=4, invalid_by_reason={}, votes=[4, 0])


def test_more_issued_than_convened_is_an_error() -> None:
    with pytest.raises(RulesError) as err:
        strike(convened=10, issued=11)
    assert err.value.template == rules.ERR_ISSUED_OVER_CONVENED
    assert strike(convened=10, issued=10).ballots_issued == 10


def test_counts_beyond_any_electorate_are_errors() -> None:
    with pytest.raises(RulesError) as err:
        strike(convened=10**400)
    assert err.value.template == rules.ERR_TOO_LARGE
    assert "401 chữ số" in str(err.value)


@pytest.mark.parametrize("base", [0, -1])
def test_threshold_of_no_base_is_an_error(base: int) -> None:
    """RULES.md: a base of zero or less is an error, never a threshold of 1."""
    with pytest.raises(RulesError):
        threshold(base)
    with pytest.raises(RulesError) as err:
        strike(convened=3, excluded=3)
    assert err.value.template == rules.ERR_BASE_ZERO


def test_passed_not_elected() -> None:
    """Base 10, threshold 6, 2 seats of 3: An 7, Bình 7, Châu 6 (from totals). An and Bình
    take the seats; Châu passed the threshold and is left without one (190-QĐ/TW Điều 18's
    open case for a delegation). With a tie at the cut-off the tied are not in the list."""
    contest = strike(seats=2, n=3, convened=10)
    result = count_totals(contest, ballots_collected=10, invalid_by_reason={}, votes=[7, 7, 6])
    assert result.elected == ("An", "Bình")
    assert result.passed_not_elected == ("Châu",)
    assert result.to_json()["passed_not_elected"] == ["Châu"]
    tie = count_totals(contest, ballots_collected=10, invalid_by_reason={}, votes=[8, 6, 6])
    assert tie.tie == Tie(seats=1, candidates=("Bình", "Châu"))
    assert tie.passed_not_elected == ()
    below = count_totals(strike(seats=1, n=3, convened=10), ballots_collected=10,
                         invalid_by_reason={}, votes=[9, 1, 0])
    assert below.passed_not_elected == ()
