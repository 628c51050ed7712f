"""The classification rules (daihoi.rules.appraisal): levels by score (Quy định 366 Điều 11),
who is not rated (Quy định 124 Điều 5), the caps (124 Điều 12; Hướng dẫn 21), the quota on
excellent (open: share and unit parameters) and the one-decimal percentages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import appraisal as ap
from daihoi.rules.appraisal import (
    DEFAULT_RULES,
    AppraisalRules,
    Cap,
    CapFacts,
    Level,
    LevelCounts,
    NotRated,
    QuotaUnit,
)
from daihoi.rules.errors import RulesError

scores = st.fractions(min_value=0, max_value=100, max_denominator=4)


@pytest.mark.parametrize(("score", "level"), [
    (100, Level.EXCELLENT), (90, Level.EXCELLENT), (Fraction(179, 2), Level.GOOD),
    (70, Level.GOOD), (Decimal("69.75"), Level.SATISFACTORY), (50, Level.SATISFACTORY),
    (Decimal("49.5"), Level.NOT_COMPLETED), (0, Level.NOT_COMPLETED),
])
def test_levels_by_score(score: int | Fraction | Decimal, level: Level) -> None:
    assert ap.level_by_score(score) is level


def test_excellent_needs_its_conditions() -> None:
    assert ap.level_by_score(95, excellent_conditions=False) is Level.GOOD
    # 366 Điều 11: every task done, 30% beyond: 3 of 10 enough, 2 of 7 (28.6%) not
    assert ap.excellent_conditions_met(tasks_total=10, tasks_done=10, tasks_beyond=3)
    assert not ap.excellent_conditions_met(tasks_total=7, tasks_done=7, tasks_beyond=2)
    assert not ap.excellent_conditions_met(tasks_total=10, tasks_done=9, tasks_beyond=9)
    assert not ap.excellent_conditions_met(tasks_total=10, tasks_done=10, tasks_beyond=5,
                                           shortcomings_mended=False)
    assert not ap.excellent_conditions_met(tasks_total=10, tasks_done=10, tasks_beyond=5,
                                           collective_disciplined=True)


@given(scores)
def test_level_is_monotone_in_the_score(score: Fraction) -> None:
    higher = min(score + 1, Fraction(100))
    assert ap.level_by_score(higher).rank <= ap.level_by_score(score).rank


@given(scores, st.integers(1, 30), st.integers(1, 30), st.integers(1, 30))
def test_every_threshold_is_a_parameter(score: Fraction, a: int, b: int, c: int) -> None:
    rules = AppraisalRules(satisfactory_min=a, good_min=a + b, excellent_min=min(a + b + c, 100))
    level = ap.level_by_score(score, rules)
    expected = (Level.EXCELLENT if score >= rules.excellent_min else Level.GOOD
                if score >= rules.good_min else Level.SATISFACTORY
                if score >= rules.satisfactory_min else Level.NOT_COMPLETED)
    assert level is expected


@pytest.mark.parametrize("bad", [-1, 101, Fraction(201, 2), "90", None, True, Decimal("NaN")])
def test_a_score_out_of_range_is_an_error(bad: object) -> None:
    with pytest.raises(RulesError):
        ap.level_by_score(bad)  # type: ignore[arg-type]


def test_score_sheet_parts() -> None:
    assert ap.total_score(28, Decimal("63.5")) == Fraction(183, 2)
    with pytest.raises(RulesError) as err:
        ap.total_score(31, 60)
    assert err.value.template == ap.ERR_PART
    with pytest.raises(RulesError):
        ap.total_score(20, 71)


def test_rules_must_be_in_order() -> None:
    with pytest.raises(RulesError) as err:
        AppraisalRules(good_min=95)
    assert err.value.template == ap.ERR_RULES_ORDER
    with pytest.raises(RulesError):
        AppraisalRules(excellent_quota_share=Fraction(3, 2))
    with pytest.raises(RulesError):
        AppraisalRules(excellent_quota_unit="province")  # type: ignore[arg-type]


def test_rules_round_trip_and_refuse_unknown_keys() -> None:
    rules = AppraisalRules(excellent_quota_share=Fraction(1, 4), excellent_quota_unit=QuotaUnit.ROLE_GROUP)
    data = rules.to_dict()
    assert data["excellent_quota_share"] == "1/4" and data["excellent_quota_unit"] == "role_group"
    assert AppraisalRules.from_dict(data) == rules
    assert AppraisalRules.from_dict({}) == DEFAULT_RULES
    with pytest.raises(RulesError) as err:
        AppraisalRules.from_dict({"excelent_quota_share": "1/4"})
    assert err.value.template == ap.ERR_RULES_UNKNOWN


def test_citations_say_the_rules_as_set() -> None:
    text = " ".join(AppraisalRules(excellent_quota_share=Fraction(1, 4)).citations())
    assert "366-QĐ/TW" in text and "không quá 25% số được xếp loại hoàn thành tốt" in text
    assert "Không áp dụng" in " ".join(AppraisalRules(excellent_quota_on=False).citations())
    assert set(DEFAULT_RULES.open_rules()) >= {"excellent_quota_share", "excellent_quota_unit"}


# --- not rated ---------------------------------------------------------------------------------

def test_not_rated() -> None:
    on = dt.date(2024, 12, 15)
    new = ap.not_rated(admission_date=dt.date(2024, 6, 16), appraisal_date=on)
    assert new is not None and new.reason is NotRated.NEW_MEMBER
    assert "16/06/2024" in new.message() and "6 tháng" in new.message()
    # exactly six months: rated
    assert ap.not_rated(admission_date=dt.date(2024, 6, 15), appraisal_date=on) is None
    assert ap.not_rated(admission_date=dt.date(2000, 1, 1), appraisal_date=on, exempt=True).reason \
        is NotRated.EXEMPT  # type: ignore[union-attr]
    assert ap.not_rated(admission_date=dt.date(2024, 10, 1), appraisal_date=on, exempt=True,
                        suspended=True).reason is NotRated.SUSPENDED  # type: ignore[union-attr]
    # the months are a parameter
    assert ap.not_rated(admission_date=dt.date(2024, 6, 16), appraisal_date=on,
                        rules=AppraisalRules(new_member_months=3)) is None


@given(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
def test_new_member_iff_less_than_six_months(admitted: dt.date, on: dt.date) -> None:
    admitted = admitted.replace(day=min(admitted.day, 28))  # month ends: add_months' own test
    reason = ap.not_rated(admission_date=admitted, appraisal_date=on)
    months = (on.year - admitted.year) * 12 + on.month - admitted.month - (on.day < admitted.day)
    assert (reason is not None) == (months < 6)


# --- caps --------------------------------------------------------------------------------------

def test_caps() -> None:
    disciplined = CapFacts(disciplined=True)
    capped = ap.apply_caps(Level.EXCELLENT, disciplined)
    assert capped.level is Level.NOT_COMPLETED and capped.caps == (Cap.DISCIPLINED,) and capped.lowered
    mended = ap.apply_caps(Level.GOOD, CapFacts(disciplined=True, self_corrected=True))
    assert mended.level is Level.GOOD and mended.caps == ()
    sick = ap.apply_caps(Level.GOOD, CapFacts(sick_leave_months=3))
    assert sick.level is Level.SATISFACTORY and sick.caps == (Cap.SICK_LEAVE,)
    assert ap.apply_caps(Level.GOOD, CapFacts(sick_leave_months=Fraction(5, 2))).level is Level.GOOD
    # a cap that does not lower the level is not shown
    assert ap.apply_caps(Level.NOT_COMPLETED, CapFacts(sick_leave_months=4)).caps == ()
    # the months are a parameter
    assert ap.apply_caps(Level.GOOD, CapFacts(sick_leave_months=3),
                         AppraisalRules(sick_leave_months=4)).level is Level.GOOD
    with pytest.raises(RulesError):
        ap.apply_caps(Level.GOOD, CapFacts(sick_leave_months=13))
    assert "3 tháng" in ap.cap_message(Cap.SICK_LEAVE)


@given(st.sampled_from(ap.LEVELS), st.booleans(), st.booleans(), st.integers(0, 12))
def test_caps_never_raise_a_level(level: Level, disc: bool, mended: bool, months: int) -> None:
    capped = ap.apply_caps(level, CapFacts(disc, mended, months))
    assert capped.level.rank >= level.rank
    if disc and not mended:
        assert capped.level is Level.NOT_COMPLETED
    if months >= 3:
        assert capped.level.rank >= Level.SATISFACTORY.rank
    assert capped.lowered == bool(capped.caps)


# --- counts, percentages -----------------------------------------------------------------------

def test_counts_and_percentages() -> None:
    counts = LevelCounts.of([Level.EXCELLENT] * 2 + [Level.GOOD] * 9 + [Level.SATISFACTORY, None])
    assert counts.rated == 12 and counts.not_rated == 1 and counts.good_or_better == 11
    assert counts.share("good_or_better") == Fraction(11, 12)
    assert counts.percent("good_or_better") == Decimal("91.7")
    assert ap.percent_text(counts.percent(Level.EXCELLENT)) == "16,7%"
    assert ap.percent_text(counts.percent(Level.EXCELLENT), "en") == "16.7%"
    assert LevelCounts().percent(Level.GOOD) is None and ap.percent_text(None) == "–"
    assert (counts + counts).rated == 24


@pytest.mark.parametrize(("part", "base", "text"), [
    (1, 8, "12,5%"), (1, 16, "6,3%"),  # 6.25 half up, not to even
    (227, 300, "75,7%"), (2, 3, "66,7%"), (0, 5, "0,0%"), (5, 5, "100,0%"), (1, 2000, "0,1%"),
])
def test_one_decimal_half_up(part: int, base: int, text: str) -> None:
    assert ap.percent_text(ap.share_percent(Fraction(part, base))) == text


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_percent_is_the_exact_fraction_rounded_half_up(part: int, base: int) -> None:
    value = ap.share_percent(Fraction(part, base))
    exact = Fraction(part * 100, base)
    assert abs(Fraction(value) - exact) <= Fraction(1, 20)
    # half up: the exact value lies in [value − 0.05, value + 0.05)
    assert Fraction(value) - Fraction(1, 20) <= exact < Fraction(value) + Fraction(1, 20)
    assert value.as_tuple().exponent == -1


# --- the quota ---------------------------------------------------------------------------------

def test_quota() -> None:
    units = {"A": LevelCounts(excellent=2, good=12), "B": LevelCounts(excellent=3, good=12),
             "C": LevelCounts(excellent=1, good=0)}
    breaches = ap.quota_breaches(units)
    assert [(b.unit, b.allowed, b.over) for b in breaches] == [("B", 2, 1), ("C", 0, 1)]
    # the share is a parameter: at 25%, 12 good allow 3
    quarter = AppraisalRules(excellent_quota_share=Fraction(1, 4))
    assert [b.unit for b in ap.quota_breaches(units, quarter)] == ["C"]
    assert ap.quota_breaches(units, AppraisalRules(excellent_quota_on=False)) == []


@given(st.integers(0, 500), st.integers(0, 500), st.fractions(0, 1, max_denominator=100))
def test_quota_is_exact(excellent: int, good: int, share: Fraction) -> None:
    rules = AppraisalRules(excellent_quota_share=share)
    allowed = ap.quota_allowed(good, rules)
    assert allowed <= share * good < allowed + 1
    breached = bool(ap.quota_breaches({"u": LevelCounts(excellent=excellent, good=good)}, rules))
    assert breached == (excellent > share * good)
