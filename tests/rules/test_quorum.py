"""The quorum arithmetic (RULES.md, Congress and votes: *open*, default two thirds of the
base; the base as for elections, 190-QĐ/TW Điều 30 khoản 3)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import quorum


def test_two_thirds_of_246_is_164() -> None:
    """246 × 2/3 = 164 exactly: 164 present meet it, 163 do not."""
    assert quorum.quorum_needed(246) == 164
    assert quorum.quorum_met(164, 246)
    assert not quorum.quorum_met(163, 246)


def test_two_thirds_rounds_up() -> None:
    """245 × 2/3 = 163.33...: "at least two thirds" needs 164."""
    assert quorum.quorum_needed(245) == 164
    assert not quorum.quorum_met(163, 245)
    assert quorum.quorum_met(164, 245)


def test_no_base_no_quorum() -> None:
    assert quorum.quorum_needed(0) == 0
    assert not quorum.quorum_met(0, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2/3", Fraction(2, 3)),
        ("0.5", Fraction(1, 2)),
        ("", Fraction(2, 3)),
        (None, Fraction(2, 3)),
        ("1", Fraction(1)),
    ],
)
def test_parse_share(value: object, expected: Fraction) -> None:
    assert quorum.parse_share(value) == expected


@pytest.mark.parametrize("value", ["0", "3/2", "abc", "1/0", "-1/2"])
def test_parse_share_refuses(value: str) -> None:
    with pytest.raises(ValueError, match="Tỷ lệ tối thiểu"):
        quorum.parse_share(value)


def test_default_is_the_elections_rule_set_default() -> None:
    from daihoi.rules import rulesets

    assert quorum.DEFAULT_QUORUM_SHARE == rulesets.DEFAULT.quorum_share == Fraction(2, 3)


shares = st.fractions(min_value=Fraction(1, 100), max_value=1)


@given(base=st.integers(min_value=1, max_value=5000), share=shares)
def test_needed_is_the_least_that_meets(base: int, share: Fraction) -> None:
    needed = quorum.quorum_needed(base, share)
    assert quorum.quorum_met(needed, base, share)
    assert needed == 0 or not quorum.quorum_met(needed - 1, base, share)
    assert needed <= base


@given(
    base=st.integers(min_value=1, max_value=5000),
    present=st.integers(min_value=0, max_value=5000),
    share=shares,
)
def test_met_is_monotonic_in_present(base: int, present: int, share: Fraction) -> None:
    if quorum.quorum_met(present, base, share):
        assert quorum.quorum_met(present + 1, base, share)
