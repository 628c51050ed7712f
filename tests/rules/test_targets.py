"""A target against its measure (daihoi.rules.targets): statuses, progress, projection and the
numbers as each language prints them (the sentences: tests/targets/test_phrases.py)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import targets as tg
from daihoi.rules.errors import RulesError
from daihoi.rules.targets import Aggregate, Status


def test_yearly_share_holds_every_year() -> None:
    years = [(2020, 92), (2021, 91), (2022, 89)]
    ev = tg.evaluate_yearly(">", 90, years)
    assert ev.status is Status.NOT_ACHIEVED and ev.failing_years == (2022,) and ev.measured == 89
    ev = tg.evaluate_yearly(">", 90, years[:2])
    assert ev.status is Status.EXCEEDED and ev.measured == 91
    assert tg.evaluate_yearly(">=", 90, [(2020, 90)]).status is Status.ACHIEVED
    assert tg.evaluate_yearly(">=", 90, [(2020, None)]).status is Status.NO_DATA


def test_yearly_count_on_the_mean() -> None:
    ev = tg.evaluate_yearly(">=", 150, [(2020, 140), (2021, 170)], Aggregate.MEAN)
    assert ev.status is Status.EXCEEDED and ev.measured == 155


def test_term_projection() -> None:
    half = Fraction(1, 2)
    on_track = tg.evaluate_term(">=", 750, 400, half)
    assert on_track.status is Status.NOT_YET and on_track.projection == 800
    risk = tg.evaluate_term(">=", 750, 300, half)
    assert risk.status is Status.AT_RISK and risk.projection == 600
    assert tg.evaluate_term(">=", 750, 1001, half).status is Status.EXCEEDED
    assert tg.evaluate_term(">=", 750, 700, Fraction(1)).status is Status.NOT_ACHIEVED
    assert tg.evaluate_term("<=", 5, 6, half).status is Status.NOT_ACHIEVED
    assert tg.evaluate_term(">=", 750, None, half).status is Status.NO_DATA
    with pytest.raises(RulesError):
        tg.evaluate_term(">=", 1, 0, Fraction(3, 2))


def test_bar_width_is_never_localized() -> None:
    assert tg.bar_width(Fraction(756, 1000)) == "75.6%"
    assert tg.bar_width(Fraction(5, 4)) == "100.0%"
    assert tg.bar_width(None) == "0%"
    assert tg.bar_width(Fraction(-1, 2)) == "0.0%"


def test_unknown_comparison() -> None:
    with pytest.raises(RulesError):
        tg.holds("≈", 1, 1)


@given(st.sampled_from(list(tg.Comparison)), st.fractions(0, 2000, max_denominator=10),
       st.fractions(0, 2000, max_denominator=10))
def test_status_agrees_with_the_comparison(c: tg.Comparison, measured: Fraction, value: Fraction) -> None:
    ev = tg.evaluate_term(c, value, measured, Fraction(1))
    assert ev.status.done == tg.holds(c, measured, value)
    if ev.status is Status.EXCEEDED:
        assert measured != value
    width = tg.bar_width(ev.progress)
    assert "," not in width and 0 <= float(width[:-1]) <= 100


@given(st.lists(st.sampled_from(list(Status)), max_size=20))
def test_count_done(statuses: list[Status]) -> None:
    done, total = tg.count_done(statuses)
    assert total == len(statuses) and done == sum(s in (Status.ACHIEVED, Status.EXCEEDED) for s in statuses)


@pytest.mark.parametrize(("value", "text"), [
    (1001, "1.001"), (296, "296"), (Fraction(7565, 100), "75,7"), (Fraction(1, 20), "0,1"),
    (1_000_000, "1.000.000"), (0, "0"), (-1500, "-1.500"), (Fraction(1, 40), "0"),
])
def test_number_vi(value: Fraction, text: str) -> None:
    assert tg.number_vi(value) == text
    # English swaps the two marks: 1.001 → 1,001; 75,7 → 75.7
    english = text.replace(".", "_").replace(",", ".").replace("_", ",")
    assert tg.number_text(value, lang="en") == english


# --- the share of cells with a record ----------------------------------------------------------
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_share_of_is_an_exact_percent_within_bounds(part: int, extra: int) -> None:
    whole = part + extra - 1 if part else extra
    share = tg.share_of(part, whole)
    assert share is not None and 0 <= share <= 100 and share * whole == part * 100


def test_share_of_nothing_is_none_and_a_part_beyond_the_whole_is_refused() -> None:
    assert tg.share_of(0, 0) is None
    assert tg.share_of(3, 4) == 75
    with pytest.raises(RulesError):
        tg.share_of(5, 4)
    with pytest.raises(RulesError):
        tg.share_of(-1, 4)
