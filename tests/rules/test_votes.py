"""The result of a congress vote against the convened base (RULES.md, Congress and votes)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import votes as voting
from daihoi.rules.errors import RulesError


def test_adopted_needs_more_than_half_of_base_not_of_present() -> None:
    """Base 246, present 170: 123 is exactly half of the base and fails, even though it is
    more than half of those present (85); 124 adopts."""
    assert not voting.vote_result(agree=123, disagree=0, other=0, present=170, base=246).adopted
    assert voting.vote_result(agree=124, disagree=0, other=0, present=170, base=246).adopted


def test_odd_base() -> None:
    """Base 245: half is 122.5, so 123 adopts and 122 does not (245 // 2 + 1 = 123)."""
    assert voting.needed_to_adopt(245) == 123
    assert voting.vote_result(agree=123, disagree=5, other=2, present=200, base=245).adopted
    assert not voting.vote_result(agree=122, disagree=5, other=2, present=200, base=245).adopted


def test_counts_over_present_rejected_with_figures() -> None:
    with pytest.raises(voting.VoteCountError) as err:
        voting.vote_result(agree=150, disagree=20, other=5, present=170, base=246)
    assert str(err.value) == voting.COUNTS_OVER_PRESENT.format(
        total=175, agree=150, disagree=20, other=5, present=170)


def test_negative_and_non_integer_rejected() -> None:
    with pytest.raises(voting.VoteCountError, match="không được âm"):
        voting.vote_result(agree=-1, disagree=0, other=0, present=10, base=10)
    with pytest.raises(voting.VoteCountError, match="số nguyên"):
        voting.vote_result(agree="5", disagree=0, other=0, present=10, base=10)  # type: ignore[arg-type]


def test_no_base() -> None:
    """RULES.md: a base of zero or less is an error, never a count (nor silently 1)."""
    for base in (0, -1):
        with pytest.raises(voting.VoteCountError, match="triệu tập") as err:
            voting.vote_result(agree=0, disagree=0, other=0, present=0, base=base)
        assert isinstance(err.value, RulesError)
        with pytest.raises(voting.VoteCountError, match="ít nhất là 1"):
            voting.needed_to_adopt(base)


def test_percent_against_base() -> None:
    r = voting.vote_result(agree=200, disagree=10, other=0, present=230, base=246)
    assert r.percent(200) == Decimal("81.30")  # 200 / 246 = 81.3008…
    assert voting.vote_result(agree=1, disagree=0, other=0, present=800, base=800).percent(1) == (
        Decimal("0.13"))  # 0.125 half up, not the float's 0.12
    assert r.not_voting == 20


@given(base=st.integers(1, 2000), data=st.data())
def test_adopted_iff_agree_times_two_exceeds_base(base: int, data: st.DataObject) -> None:
    present = data.draw(st.integers(0, base))
    agree = data.draw(st.integers(0, present))
    disagree = data.draw(st.integers(0, present - agree))
    r = voting.vote_result(agree=agree, disagree=disagree, other=0, present=present, base=base)
    assert r.adopted == (2 * agree > base)
    assert r.adopted == (agree >= r.needed)
