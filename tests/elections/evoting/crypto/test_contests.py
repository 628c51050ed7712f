"""crypto/contests.required_layout: the contests a ballot proves are exactly what the counting
rules call a valid ballot, for every small contest, and a tally part that describes no ballot
is refused naming its key."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from daihoi.elections.evoting.crypto.contests import required_layout
from daihoi.elections.evoting.crypto.group import CryptoError
from daihoi.rules import counting


def _tally(n: int, seats: int, fmt: str = "strike", blank: str = "invalid") -> dict[str, Any]:
    return {"seats": seats, "candidates": [f"Ứng viên {i}" for i in range(n)], "ballot_format": fmt,
            "electorate_convened": 10, "excluded": 0, "blank_approve_ballot": blank}


def _within(layout: Any, choices: tuple[int, ...]) -> bool:
    return all(c["min"] <= sum(choices[j] for j in c["indexes"]) <= c["max"] for c in layout.contests)


@pytest.mark.parametrize(("n", "seats"), [(n, s) for n in range(1, 5) for s in range(1, 6)])
def test_a_strike_ballot_proves_its_contests_exactly_when_the_rules_call_it_valid(n, seats):
    layout = required_layout("strike", _tally(n, seats))
    assert layout.selections == n
    contest = counting.Contest(seats=seats, candidates=tuple(_tally(n, seats)["candidates"]),
                               ballot_format=counting.BallotFormat.STRIKE, electorate_convened=10)
    for kept in itertools.product((0, 1), repeat=n):
        ballot = counting.Ballot(struck=frozenset(i for i in range(n) if not kept[i]))
        assert _within(layout, kept) == (counting.classify(contest, ballot) is None), kept


@pytest.mark.parametrize(("n", "seats", "blank"), [
    (n, s, b) for n in range(1, 5) for s in range(1, 6) for b in ("invalid", "valid")])
def test_an_agree_ballot_proves_its_contests_exactly_when_the_rules_call_it_valid(n, seats, blank):
    """Each line: nothing, đồng ý, không đồng ý, or both. Both counts for nobody and leaves the
    ballot as it is (190-QĐ/TW Điều 30 khoản 1), so on a multi-name ballot it is the same
    vote as a line left blank: the page offers one box or the other, and the contests refuse
    both, which the rules then call valid with that line blank."""
    layout = required_layout("agree", _tally(n, seats, "approve", blank))
    assert layout.selections == 2 * n
    contest = counting.Contest(seats=seats, candidates=tuple(_tally(n, seats)["candidates"]),
                               ballot_format=counting.BallotFormat.APPROVE, electorate_convened=10,
                               blank_approve_ballot=counting.BlankApproveBallot(blank))
    for lines in itertools.product(((0, 0), (1, 0), (0, 1), (1, 1)), repeat=n):
        choices = tuple(x for line in lines for x in line)
        ballot = counting.Ballot(agree=frozenset(i for i in range(n) if lines[i][0]),
                                 disagree=frozenset(i for i in range(n) if lines[i][1]))
        valid = counting.classify(contest, ballot) is None
        if n > 1 and (1, 1) in lines:
            assert not _within(layout, choices)
            blanked = counting.Ballot(agree=ballot.agree - ballot.disagree,
                                      disagree=ballot.disagree - ballot.agree)
            assert valid == (counting.classify(contest, blanked) is None)
            continue
        assert _within(layout, choices) == valid, (lines, blank)


def test_a_confidence_ballot_marks_at_most_one_level_a_person():
    layout = required_layout("confidence", {"ballot_format": "confidence", "candidates": ["An", "Bình"]})
    assert layout.selections == 6
    assert layout.contests == ({"indexes": [0, 1, 2], "min": 0, "max": 1},
                               {"indexes": [3, 4, 5], "min": 0, "max": 1})
    assert layout.why[1].startswith("người thứ 2: nhiều nhất một") and "96-QĐ/TW" in layout.why[1]


def test_each_contest_says_the_rule_it_keeps():
    layout = required_layout("agree", _tally(3, 2, "approve", "valid"))
    assert len(layout.why) == len(layout.contests) == 5
    assert layout.contests[3:] == ({"indexes": [0, 2, 4], "min": 0, "max": 2},
                                   {"indexes": [1, 3, 5], "min": 0, "max": 2})
    assert "Điều 30 khoản 1" in layout.why[0]
    assert layout.why[3] == ("số dòng đồng ý từ 0 đến 2: đồng ý nhiều hơn số lượng bầu (2) là phiếu "
                             "không hợp lệ (190-QĐ/TW Điều 15)")
    assert layout.why[4] == ("số dòng không đồng ý từ 0 đến 2: không đồng ý mọi tên là phiếu không "
                             "hợp lệ (190-QĐ/TW Điều 15)")


@pytest.mark.parametrize(("fmt", "tally", "message"), [
    ("strike", [], r"manifest\.tally: phải là một đối tượng JSON"),
    ("plurality", _tally(2, 1), r"manifest\.format: mẫu phiếu 'plurality' không được hỗ trợ"),
    ("agree", _tally(2, 1), r"manifest\.tally\.ballot_format: 'strike' không phải mẫu phiếu 'approve'"),
    ("confidence", _tally(2, 1), r"ballot_format: 'strike' không phải mẫu phiếu 'confidence'"),
    ("strike", {**_tally(2, 1), "seats": 0}, r"manifest\.tally\.seats: .*\(đang là 0\)"),
    ("strike", {**_tally(2, 1), "seats": True}, r"manifest\.tally\.seats: .*\(đang là True\)"),
    ("strike", {**_tally(2, 1), "seats": None}, r"manifest\.tally\.seats"),
    ("strike", {**_tally(2, 1), "candidates": []}, r"manifest\.tally\.candidates: phải là danh sách"),
    ("strike", {**_tally(2, 1), "candidates": ["An", " "]}, r"manifest\.tally\.candidates"),
    ("confidence", {"ballot_format": "confidence", "candidates": ["x"] * 334}, r"nhiều hơn 333 tên"),
    ("agree", _tally(2, 1, "approve", "maybe"), r"manifest\.tally\.blank_approve_ballot: 'maybe'"),
])
def test_a_tally_part_that_describes_no_ballot_is_refused(fmt, tally, message):
    with pytest.raises(CryptoError, match=message):
        required_layout(fmt, tally)
