"""Floor nominations and self-nominees (daihoi.rules.nomination), 190-QĐ/TW Điều 14."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules.errors import RulesError
from daihoi.rules.nomination import ERR_NOMINATION_COUNT, passes

THIRTY = Fraction(3, 10)


def test_more_than_the_share_of_those_attending() -> None:
    """Attending 200: 60 is exactly 30% and fails ("từ hơn 30%"); 61 passes."""
    assert not passes(60, 200, THIRTY)
    assert passes(61, 200, THIRTY)
    assert not passes(0, 0, THIRTY)


@pytest.mark.parametrize("bad", [-1, True, 1.5])
def test_bad_counts(bad: object) -> None:
    with pytest.raises(RulesError) as err:
        passes(bad, 10, THIRTY)  # type: ignore[arg-type]
    assert err.value.template == ERR_NOMINATION_COUNT


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.fractions(0, 1))
def test_agrees_with_exact_fractions(agree: int, attending: int, share: Fraction) -> None:
    assert passes(agree, attending, share) == (agree > share * attending)
