"""Confidence votes, Quy định 96-QĐ/TW (RULES.md): shares of the ballots returned, a 2/3
quorum of those convened, Điều 11 khoản 2 (more than half low) and khoản 3 (two thirds or
more low)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import confidence as c
from daihoi.rules.errors import RulesError


def test_quorum_of_27_is_18_and_of_28_is_19() -> None:
    """2/3 x 27 = 18 exactly; 2/3 x 28 = 18.67, so 19 are needed."""
    assert c.quorum_needed(27) == 18
    assert c.quorum_needed(28) == 19
    assert c.quorum_met(18, 27) and not c.quorum_met(17, 27)
    assert c.quorum_met(19, 28) and not c.quorum_met(18, 28)


def test_consequences_at_the_edges() -> None:
    """27 ballots: 13 low is under half (none), 14 is more than half (khoản 2), 17 is under
    two thirds (khoản 2), 18 = 2/3 exactly (khoản 3)."""
    assert c.consequence(13, 27) == c.Consequence.NONE
    assert c.consequence(14, 27) == c.Consequence.REVIEW
    assert c.consequence(17, 27) == c.Consequence.REVIEW
    assert c.consequence(18, 27) == c.Consequence.RELIEVE
    # Exactly half is not "more than half".
    assert c.consequence(14, 28) == c.Consequence.NONE
    assert c.consequence(15, 28) == c.Consequence.REVIEW


def test_each_parameter_changes_what_it_names() -> None:
    rules = c.ConfidenceRules(quorum_share=Fraction(1, 2))
    assert c.quorum_needed(28, rules) == 14
    rules = c.ConfidenceRules(review_share=Fraction(1, 3))
    assert c.consequence(10, 27, rules) == c.Consequence.REVIEW
    rules = c.ConfidenceRules(relieve_share=Fraction(3, 4))
    assert c.consequence(18, 27, rules) == c.Consequence.REVIEW
    with pytest.raises(RulesError):
        c.ConfidenceRules(review_share=Fraction(2, 3), relieve_share=Fraction(1, 2))
    assert c.ConfidenceRules.from_dict(c.DEFAULT.to_dict()) == c.DEFAULT


def test_count_gives_shares_of_returned_ballots() -> None:
    result = c.count(convened=28, present=26, returned=25,
                     marks=[c.Marks("Nguyễn Văn An", 20, 4, 1), c.Marks("Lê Thị Bình", 5, 4, 16)])
    assert result.quorum_needed == 19 and result.quorum_met
    first, second = result.people
    assert first.high_share == Fraction(20, 25) and first.unmarked == 0
    assert second.low_share == Fraction(16, 25)
    assert second.consequence == c.Consequence.REVIEW  # 16/25 = 64%: over half, under 2/3
    assert c.percent_text(second.low_share) == "64,00%"
    assert c.percent_text(Fraction(2, 3)) == "66,67%"


def test_bad_counts_are_refused_with_the_name() -> None:
    with pytest.raises(RulesError) as err:
        c.count(convened=10, present=9, returned=9, marks=[c.Marks("Trần Văn Chi", 5, 5, 0)])
    assert err.value.template == c.ERR_MARKS and "Trần Văn Chi" in str(err.value)
    with pytest.raises(RulesError):
        c.count(convened=10, present=11, returned=9, marks=[])
    with pytest.raises(RulesError):
        c.count(convened=10, present=8, returned=9, marks=[])
    with pytest.raises(RulesError):
        c.count(convened=0, present=0, returned=0, marks=[])


@given(returned=st.integers(1, 400), data=st.data())
def test_consequence_matches_the_fractions(returned: int, data: st.DataObject) -> None:
    low = data.draw(st.integers(0, returned))
    got = c.consequence(low, returned)
    if 3 * low >= 2 * returned:
        assert got == c.Consequence.RELIEVE
    elif 2 * low > returned:
        assert got == c.Consequence.REVIEW
    else:
        assert got == c.Consequence.NONE


@given(convened=st.integers(1, 500), data=st.data())
def test_quorum_needed_is_the_least_present_that_meets(convened: int, data: st.DataObject) -> None:
    need = c.quorum_needed(convened)
    assert c.quorum_met(need, convened)
    assert need == 0 or not c.quorum_met(need - 1, convened)
    present = data.draw(st.integers(0, convened))
    assert c.quorum_met(present, convened) == (3 * present >= 2 * convened)


@given(st.data())
def test_shares_add_up_with_the_unmarked(data: st.DataObject) -> None:
    convened = data.draw(st.integers(1, 300))
    present = data.draw(st.integers(0, convened))
    returned = data.draw(st.integers(0, present))
    high = data.draw(st.integers(0, returned))
    medium = data.draw(st.integers(0, returned - high))
    low = data.draw(st.integers(0, returned - high - medium))
    result = c.count(convened=convened, present=present, returned=returned,
                     marks=[c.Marks("X", high, medium, low)])
    p = result.people[0]
    assert p.high + p.medium + p.low + p.unmarked == returned
    if returned:
        assert p.high_share + p.medium_share + p.low_share + Fraction(p.unmarked, returned) == 1
    assert result.quorum_met == (3 * present >= 2 * convened)


def test_a_blank_ballot_is_returned_and_counts_in_no_level() -> None:
    """Three ballots returned, one of them blank: A's two "high" are 2/3 of the ballots
    returned (not 2/2 of the marks), and A is unmarked once."""
    result = c.count(convened=3, present=3, returned=3, marks=[c.Marks("A", high=2)])
    person = result.people[0]
    assert person.high_share == Fraction(2, 3) and person.unmarked == 1
    assert c.percent_text(person.high_share) == "66,67%"
