"""Property tests (hypothesis) of the counting rules: what must hold for any contest and ballots."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.rules.counting import (
    Ballot,
    BallotFormat,
    BlankApproveBallot,
    Contest,
    Result,
    classify,
    count,
    count_totals,
    votes_on,
)


@st.composite
def contests(draw: Any, max_convened: int = 40, min_base: int = 1) -> Contest:
    n = draw(st.integers(1, 7))
    seats = draw(st.integers(1, n))
    convened = draw(st.integers(max(1, min_base), max(max_convened, min_base)))
    excluded = draw(st.integers(0, convened - max(1, min_base)))
    return Contest(seats=seats, candidates=tuple(f"Ứng viên {i}" for i in range(n)),
                   ballot_format=draw(st.sampled_from(BallotFormat)),
                   electorate_convened=convened, excluded=excluded,
                   blank_approve_ballot=draw(st.sampled_from(BlankApproveBallot)))


def ballots_for(contest: Contest) -> st.SearchStrategy[Ballot]:
    """Any ballot of the contest's format; most of them well formed (keeping 1 to `seats`
    names), so that candidates reach the threshold often."""
    n = len(contest.candidates)
    indexes = st.frozensets(st.integers(0, n - 1))
    kept = st.lists(st.integers(0, n - 1), min_size=1, max_size=contest.seats, unique=True).map(frozenset)
    rare = st.sampled_from([False] * 9 + [True])
    write_in = st.sampled_from([(), (), (), (), ("Người ngoài",)])
    if contest.ballot_format is BallotFormat.STRIKE:
        complement = kept.map(lambda k: frozenset(range(n)) - k)
        struck = st.one_of(complement, complement, complement, indexes)
        return st.builds(Ballot, struck=struck, unstamped=rare, identifying_mark=rare, write_in=write_in)
    agree = st.one_of(kept, kept, kept, indexes)
    return st.builds(Ballot, agree=agree, disagree=indexes, unstamped=rare, identifying_mark=rare,
                     write_in=write_in)


@st.composite
def counts(draw: Any) -> tuple[Contest, list[Ballot]]:
    """A contest and its ballots. The base is at least the ballots (as in a real congress,
    where ballots come from those convened). Half the time the ballots are a few patterns each
    repeated the same number of times, so that candidates pass the threshold with equal votes
    and tie often enough to test."""
    mode = draw(st.sampled_from(["random", "patterns", "rotation"]))
    if mode == "rotation":
        return draw(rotations())
    if mode == "random":
        size = draw(st.integers(0, 30))
        contest = draw(contests(max_convened=size + 6, min_base=size))
        ballots = draw(st.lists(ballots_for(contest), min_size=size, max_size=size))
        return contest, ballots
    patterns_count = draw(st.integers(1, 4))
    repeat = draw(st.integers(1, 8))
    size = patterns_count * repeat
    contest = draw(contests(max_convened=size + 3, min_base=size))
    patterns = draw(st.lists(ballots_for(contest), min_size=patterns_count, max_size=patterns_count))
    return contest, patterns * repeat


@st.composite
def rotations(draw: Any) -> tuple[Contest, list[Ballot]]:
    """Seats s, and s + 1 candidates each kept on s of s + 1 ballot patterns: all of them reach
    more than half with equal votes (a tie of s + 1 for s seats), unless the few ballots
    added at random break it."""
    n = draw(st.integers(3, 7))
    seats = draw(st.integers(2, n - 1))
    group = range(seats + 1)
    repeat = draw(st.integers(1, 4))
    noise_size = draw(st.integers(0, 3))
    size = (seats + 1) * repeat + noise_size
    convened = draw(st.integers(size, size + 2))
    contest = Contest(seats=seats, candidates=tuple(f"Ứng viên {i}" for i in range(n)),
                      ballot_format=draw(st.sampled_from(BallotFormat)), electorate_convened=convened)
    patterns = []
    for left_out in group:
        kept = frozenset(group) - {left_out}
        if contest.ballot_format is BallotFormat.STRIKE:
            patterns.append(Ballot(struck=frozenset(range(n)) - kept))
        else:
            patterns.append(Ballot(agree=kept))
    noise = draw(st.lists(ballots_for(contest), min_size=noise_size, max_size=noise_size))
    ballots = patterns * repeat + noise
    return contest, draw(st.permutations(ballots))


@st.composite
def totals(draw: Any) -> tuple[Contest, Result]:
    """Results from made-up vote totals (reachable or not by real ballots), to explore ties and
    thresholds more than random ballots do."""
    contest = draw(contests())
    n = len(contest.candidates)
    valid = draw(st.integers(1, contest.base))
    per_ballot = min(contest.seats, n)
    # Few distinct values, so that equal votes (and ties) are common.
    pool = draw(st.lists(st.integers(0, valid), min_size=1, max_size=3))
    blank_valid = (contest.ballot_format is BallotFormat.APPROVE
                   and contest.blank_approve_ballot is BlankApproveBallot.VALID)
    votes = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n)
                 .filter(lambda v: sum(v) <= valid * per_ballot
                         and (n == 1 or blank_valid or sum(v) >= valid)))
    return contest, count_totals(contest, ballots_collected=valid, invalid_by_reason={}, votes=votes)


def _check_invariants(result: Result) -> None:
    contest = result.contest
    assert result.valid + result.invalid == result.ballots_collected
    assert all(0 <= c.votes <= result.valid for c in result.candidates)
    assert len(result.elected) <= contest.seats
    assert result.unfilled == contest.seats - len(result.elected)
    by_name = {c.name: c for c in result.candidates}
    assert all(by_name[name].votes >= result.threshold for name in result.elected)
    assert all(by_name[name].above_threshold for name in result.elected)
    assert all(2 * by_name[name].votes > result.base for name in result.elected)
    # Elected are listed highest votes first.
    elected_votes = [by_name[name].votes for name in result.elected]
    assert elected_votes == sorted(elected_votes, reverse=True)
    # Everyone above the threshold is elected, tied at the cut-off, or left without a seat
    # (190-QĐ/TW Điều 18's open case for a delegation), and only one of them.
    tied = result.tie.candidates if result.tie else ()
    above = [c.name for c in result.candidates if c.above_threshold]
    assert sorted([*result.elected, *tied, *result.passed_not_elected]) == sorted(above)
    passed_votes = [by_name[name].votes for name in result.passed_not_elected]
    assert passed_votes == sorted(passed_votes, reverse=True)
    if result.passed_not_elected:
        # Left without a seat only because the seats ran out (or went to a tie first).
        assert result.unfilled == 0 or result.tie is not None
        lowest_above = min(elected_votes + [by_name[n].votes for n in tied])
        assert max(passed_votes) < lowest_above


def _check_tie(result: Result) -> None:
    """A tie exists exactly when, for some number of votes v among those above the threshold,
    fewer than the seats have more than v and more than the seats have v or more. Then the
    tied are those with v, the seats at stake are the seats less those above v, and those
    above v are elected."""
    seats = result.contest.seats
    above = [c for c in result.candidates if c.votes >= result.threshold]
    expected = None
    for v in sorted({c.votes for c in above}, reverse=True):
        higher = [c for c in above if c.votes > v]
        group = [c for c in above if c.votes == v]
        if len(higher) < seats < len(higher) + len(group):
            expected = (v, higher, group)
            break
    if expected is None:
        assert result.tie is None
        # No tie: the min(seats, above) best are elected, and nobody above is left out while a
        # seat stays empty.
        assert len(result.elected) == min(seats, len(above))
        left_out = [c for c in above if c.name not in result.elected]
        assert all(c.votes < min((x.votes for x in above if x.name in result.elected), default=0)
                   for c in left_out)
    else:
        v, higher, group = expected
        assert result.tie is not None
        assert result.tie.seats == seats - len(higher)
        assert result.tie.candidates == tuple(c.name for c in group)  # ballot order
        assert set(result.elected) == {c.name for c in higher}


@settings(max_examples=300, deadline=None)
@given(counts())
def test_count_invariants(case: tuple[Contest, list[Ballot]]) -> None:
    contest, ballots = case
    result = count(contest, ballots)
    _check_invariants(result)
    _check_tie(result)


@settings(max_examples=300, deadline=None)
@given(totals())
def test_totals_invariants_and_ties(case: tuple[Contest, Result]) -> None:
    _contest, result = case
    _check_invariants(result)
    _check_tie(result)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_result_does_not_depend_on_ballot_order(data: Any) -> None:
    contest, ballots = data.draw(counts())
    shuffled = data.draw(st.permutations(ballots))
    assert count(contest, shuffled) == count(contest, ballots)


@settings(max_examples=200, deadline=None)
@given(counts())
def test_count_equals_count_totals_of_its_totals(case: tuple[Contest, list[Ballot]]) -> None:
    contest, ballots = case
    result = count(contest, ballots)
    again = count_totals(contest, ballots_collected=result.ballots_collected,
                         invalid_by_reason=result.invalid_by_reason, votes=result.votes)
    assert again == result


@settings(max_examples=200, deadline=None)
@given(counts())
def test_votes_equal_ballots_voting_for_each(case: tuple[Contest, list[Ballot]]) -> None:
    """The fast counting path agrees with the ballot-by-ballot definition (votes_on)."""
    contest, ballots = case
    result = count(contest, ballots)
    expected = [0] * len(contest.candidates)
    for ballot in ballots:
        for i in votes_on(contest, ballot):
            expected[i] += 1
    assert list(result.votes) == expected
    assert result.valid == sum(1 for b in ballots if classify(contest, b) is None)
    for ballot in ballots:
        kept = votes_on(contest, ballot)
        if classify(contest, ballot) is None:
            assert len(kept) <= contest.seats
            assert (kept or len(contest.candidates) == 1
                    or contest.blank_approve_ballot is BlankApproveBallot.VALID)
        else:
            assert kept == ()
