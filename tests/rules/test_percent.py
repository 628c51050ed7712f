"""Percentages (daihoi.rules.percent): exact fractions, half up to two decimals, against the
base the rule names (190-QĐ/TW Điều 30); Vietnamese prints a decimal comma."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules.errors import RulesError
from daihoi.rules.percent import ERR_PERCENT_BASE, format_percent, percent


@pytest.mark.parametrize(("part", "base", "expected"), [
    (129, 244, "52.87"),  # 52.8688…
    (1, 8, "12.50"),  # exactly 12.5
    (1, 400, "0.25"),
    (1, 800, "0.13"),  # 0.125 half up (a float gives 0.12)
    (0, 244, "0.00"),
    (244, 244, "100.00"),
    (2, 3, "66.67"),
    (1, 3, "33.33"),
    (Fraction(1, 2), 1, "50.00"),
])
def test_percent(part: int | Fraction, base: int, expected: str) -> None:
    value = percent(part, base)
    assert value == Decimal(expected)
    assert str(value) == expected  # always two decimals


@pytest.mark.parametrize("base", [0, -1, Fraction(-1, 2)])
def test_base_of_zero_or_less_is_an_error(base: int | Fraction) -> None:
    with pytest.raises(RulesError) as err:
        percent(1, base)
    assert err.value.template == ERR_PERCENT_BASE


@pytest.mark.parametrize("bad", [0.5, "1", None, True])
def test_floats_and_text_are_refused(bad: object) -> None:
    """Binary floats are what made 1/800 print 0.12: the function takes exact numbers only."""
    with pytest.raises(RulesError):
        percent(bad, 10)  # type: ignore[arg-type]
    with pytest.raises(RulesError):
        percent(1, bad)  # type: ignore[arg-type]


def test_format_percent() -> None:
    assert format_percent(Decimal("12.50")) == "12,50%"
    assert format_percent(Decimal("12.50"), "vi") == "12,50%"
    assert format_percent(Decimal("12.50"), "en") == "12.50%"
    assert format_percent(Decimal("12.50"), "en-us") == "12.50%"
    assert format_percent(percent(1, 800), "vi") == "0,13%"
    assert format_percent(30) == "30,00%"
    assert format_percent(Decimal("0.125"), "en") == "0.13%"


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_percent_is_exact_half_up(part: int, base: int) -> None:
    """Against Decimal's own ROUND_HALF_UP on the exact quotient, and within half a hundredth of
    the exact value."""
    value = percent(part, base)
    exact = Fraction(part * 100, base)
    assert abs(Fraction(value) - exact) <= Fraction(1, 200)
    with localcontext() as ctx:
        # Enough digits that the division cannot round across a half hundredth (base ≤ 10⁹).
        ctx.prec = 60
        reference = (Decimal(part * 100) / Decimal(base)).quantize(Decimal("0.01"),
                                                                   rounding=ROUND_HALF_UP)
    assert value == reference
    assert value.as_tuple().exponent == -2


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_format_follows_language(part: int, base: int) -> None:
    value = percent(part, base)
    vi, en = format_percent(value, "vi"), format_percent(value, "en")
    assert vi == en.replace(".", ",")
    assert en == f"{value}%"
