""""More than half" (daihoi.rules.majority): 190-QĐ/TW Điều 30; Quy định 294-QĐ/TW item 9.3."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules.errors import RulesError
from daihoi.rules.majority import is_more_than_half, more_than_half


@pytest.mark.parametrize(("n", "needed"), [(0, 1), (1, 1), (2, 2), (3, 2), (244, 123), (245, 123),
                                           (246, 124)])
def test_more_than_half(n: int, needed: int) -> None:
    """244 // 2 + 1 = 123: 122 is exactly half and is not more; half of 245 is 122.5, so 123."""
    assert more_than_half(n) == needed


def test_is_more_than_half() -> None:
    assert is_more_than_half(123, 244)
    assert not is_more_than_half(122, 244)
    assert is_more_than_half(1, 1)
    assert not is_more_than_half(0, 0)


@pytest.mark.parametrize("bad", [-1, True, 2.0, "3", None])
def test_bad_numbers_are_errors(bad: object) -> None:
    with pytest.raises(RulesError):
        more_than_half(bad)  # type: ignore[arg-type]
    with pytest.raises(RulesError):
        is_more_than_half(bad, 10)  # type: ignore[arg-type]
    with pytest.raises(RulesError):
        is_more_than_half(3, bad)  # type: ignore[arg-type]


@given(st.integers(0, 10**12), st.integers(0, 10**12))
def test_agrees_with_exact_fractions(count: int, n: int) -> None:
    """count is more than half of n exactly when count / n > 1/2 (as fractions), exactly when
    count reaches more_than_half(n); and more_than_half(n) is the least such count."""
    assert is_more_than_half(count, n) == (Fraction(count) > Fraction(n, 2))
    assert is_more_than_half(count, n) == (count >= more_than_half(n))
    assert is_more_than_half(more_than_half(n), n)
    assert not is_more_than_half(more_than_half(n) - 1, n)
