"""A target against its measure (daihoi.rules.targets): statuses, progress, projection and the
review's phrases as the articles write them."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import targets as tg
from daihoi.rules.errors import RulesError
from daihoi.rules.targets import Aggregate, Status


def test_the_articles_figures() -> None:
    # "kết nạp được 1001 đảng viên, vượt 25% so với mục tiêu" (800 for the term)
    assert tg.phrase_progress(">=", 1001, 800) == "vượt 25,1% so với mục tiêu"
    assert tg.phrase_progress(">=", 1000, 800) == "vượt 25% so với mục tiêu"
    # "kết nạp 227 quần chúng ưu tú vào Đảng (đạt 75,6% kế hoạch năm)": a plan of 300 gives
    # 75,7%; of 300.3 … the article's plan was not given; 227/300 half up is 75,7
    assert tg.phrase_progress(">=", 227, 300, of="kế hoạch năm") == "đạt 75,7% kế hoạch năm"
    assert tg.phrase_count(5, 7) == "đạt và vượt 5/7 chỉ tiêu"


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


def test_the_review_sentences() -> None:
    each = tg.evaluate_yearly(">", 90, [(2020, 94), (2021, Fraction(924, 10))])
    assert tg.phrase_target(">", 90, each, percent_unit=True) == "hằng năm đều đạt trên 90% (thấp nhất 92,4%)"
    failed = tg.evaluate_yearly(">=", 15, [(2020, 16), (2021, Fraction(119, 10))])
    assert tg.phrase_target(">=", 15, failed, percent_unit=True) == "năm 2021 chưa đạt (thấp nhất 11,9%)"
    mean = tg.evaluate_yearly(">=", 200, [(2020, 290), (2021, 302)], Aggregate.MEAN)
    assert tg.phrase_target(">=", 200, mean, percent_unit=False, unit="người", aggregate=Aggregate.MEAN) == \
        "bình quân 296 người/năm, vượt 48% so với mục tiêu"
    term = tg.evaluate_term(">=", 800, 1001, Fraction(1))
    assert tg.phrase_target(">=", 800, term, percent_unit=False, unit="người", period="term") == \
        "1.001 người, vượt 25,1% so với mục tiêu"
    assert tg.phrase_target(">=", 1, tg.Evaluation(Status.NO_DATA, None, None), percent_unit=True) == ""
    assert tg.comparison_phrase(">=", "1.000 người") == "từ 1.000 người trở lên"


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
