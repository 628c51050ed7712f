"""Admission, probation and seniority dates (rules/membership.py, no Django).

Charter Điều 1: 18 or more on the admission date. Charter Điều 5: 12 months of probation
from the admission ceremony, held within 30 working days of the decision; the full-member
date is ceremony + 12 months however late the recognition comes. Quy định 294 items 4.2,
4.5: seniority from the decision, less the time out of party activity."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules.membership import (
    CEREMONY_WORKING_DAYS,
    MINIMUM_AGE,
    PROBATION_MONTHS,
    AgeError,
    Due,
    Seniority,
    add_months,
    add_working_days,
    admission_age_error,
    age_on,
    can_recognize,
    ceremony_deadline,
    ceremony_late,
    days_overdue,
    due_state,
    full_member_date,
    month_bounds,
    party_seniority,
    probation_start,
    starts_due_between,
)

dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2200, 12, 31))


def test_the_rules_constants():
    assert (PROBATION_MONTHS, MINIMUM_AGE, CEREMONY_WORKING_DAYS) == (12, 18, 30)


# --- probation counts from the ceremony ---------------------------------------------------


def test_full_member_date_is_the_same_day_a_year_after_the_ceremony():
    assert full_member_date(dt.date(2023, 3, 15)) == dt.date(2024, 3, 15)


def test_probation_starts_at_the_ceremony_not_the_decision():
    decision, ceremony = dt.date(2024, 5, 10), dt.date(2024, 6, 3)
    start = probation_start(decision, ceremony)
    assert start == ceremony
    assert full_member_date(start) == dt.date(2025, 6, 3)
    assert not can_recognize(start, dt.date(2025, 5, 10))  # a year after the decision: too early
    assert can_recognize(start, dt.date(2025, 6, 3))


def test_without_a_recorded_ceremony_probation_falls_back_to_the_decision():
    assert probation_start(dt.date(2024, 5, 10), None) == dt.date(2024, 5, 10)


def test_29_february_falls_due_on_28_february():
    assert full_member_date(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)


def test_recognition_only_after_twelve_months():
    ceremony = dt.date(2024, 5, 10)
    assert not can_recognize(ceremony, dt.date(2025, 5, 9))
    assert can_recognize(ceremony, dt.date(2025, 5, 10))


def test_days_overdue():
    ceremony = dt.date(2024, 5, 10)
    assert days_overdue(ceremony, dt.date(2025, 5, 10)) == 0
    assert days_overdue(ceremony, dt.date(2025, 5, 1)) == 0
    # 10/5/2025 -> 9/6/2025 is 30 days
    assert days_overdue(ceremony, dt.date(2025, 6, 9)) == 30


def test_due_states():
    today = dt.date(2025, 6, 15)
    assert due_state(dt.date(2024, 6, 14), today) == Due.OVERDUE
    assert due_state(dt.date(2024, 6, 15), today) == Due.THIS_MONTH
    assert due_state(dt.date(2024, 6, 30), today) == Due.THIS_MONTH
    assert due_state(dt.date(2024, 7, 1), today) == Due.NOT_YET
    assert month_bounds(dt.date(2024, 2, 10)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_window_at_the_end_of_february():
    # Due between 1 and 28 Feb 2025: ceremonies 1 Feb 2024 .. 29 Feb 2024 (leap day included).
    w = starts_due_between(dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    assert (w.started_from, w.started_to) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


@given(dates, st.integers(min_value=-600, max_value=600))
def test_add_months_keeps_the_day_or_clamps(day, months):
    out = add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + dt.timedelta(days=1)).day == 1)


@given(dates, dates)
def test_overdue_days_never_negative_and_zero_before_due(ceremony, today):
    n = days_overdue(ceremony, today)
    assert n >= 0
    assert (n > 0) == (today > full_member_date(ceremony))
    assert can_recognize(ceremony, today) == (today >= full_member_date(ceremony))


@given(dates, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=800))
def test_start_window_matches_the_due_dates(due_from, length, offset):
    due_to = due_from + dt.timedelta(days=length)
    window = starts_due_between(due_from, due_to)
    for started in (window.started_from - dt.timedelta(days=1), window.started_from,
                    window.started_to, window.started_to + dt.timedelta(days=1),
                    add_months(due_from, -12) + dt.timedelta(days=offset - 400)):
        inside = window.started_from <= started <= window.started_to
        assert inside == (due_from <= full_member_date(started) <= due_to), started


@given(dates, st.integers(min_value=0, max_value=60))
def test_a_later_ceremony_never_makes_the_member_due_earlier(decision, delay):
    ceremony = decision + dt.timedelta(days=delay)
    assert full_member_date(probation_start(decision, ceremony)) >= full_member_date(decision)


# --- the ceremony within 30 working days ------------------------------------------------


def test_thirty_working_days_skip_weekends():
    # Monday 2 Dec 2024 + 30 working days = six weeks later, Monday 13 Jan 2025.
    assert ceremony_deadline(dt.date(2024, 12, 2)) == dt.date(2025, 1, 13)
    assert not ceremony_late(dt.date(2024, 12, 2), dt.date(2025, 1, 13))
    assert ceremony_late(dt.date(2024, 12, 2), dt.date(2025, 1, 14))


def test_holidays_push_the_deadline():
    holidays = [dt.date(2025, 1, 1)]
    assert ceremony_deadline(dt.date(2024, 12, 2), holidays) == dt.date(2025, 1, 14)
    assert not ceremony_late(dt.date(2024, 12, 2), dt.date(2025, 1, 14), holidays)


def test_a_friday_decision_counts_from_monday():
    assert add_working_days(dt.date(2024, 12, 6), 1) == dt.date(2024, 12, 9)
    assert add_working_days(dt.date(2024, 12, 6), 0) == dt.date(2024, 12, 6)


@given(dates, st.integers(min_value=1, max_value=80))
def test_working_days_land_on_a_weekday_and_count_exactly(day, n):
    out = add_working_days(day, n)
    assert out.weekday() < 5
    between = [day + dt.timedelta(days=i) for i in range(1, (out - day).days + 1)]
    assert sum(d.weekday() < 5 for d in between) == n


# --- minimum age (Charter Điều 1) --------------------------------------------------------


def test_admission_on_the_18th_birthday_is_allowed_the_day_before_refused():
    birth = dt.date(2007, 9, 2)
    assert admission_age_error(birth, dt.date(2025, 9, 2)) is None
    assert admission_age_error(birth, dt.date(2025, 9, 1)) == AgeError(17, dt.date(2025, 9, 2))


def test_born_on_29_february():
    birth = dt.date(2008, 2, 29)
    # 2026 is a common year: the 18th birthday is 28 February.
    assert age_on(birth, dt.date(2026, 2, 27)) == 17
    assert age_on(birth, dt.date(2026, 2, 28)) == 18
    assert admission_age_error(birth, dt.date(2026, 2, 28)) is None
    assert admission_age_error(birth, dt.date(2026, 2, 27)) == AgeError(17, dt.date(2026, 2, 28))
    # In a leap year the birthday is the 29th itself.
    assert age_on(birth, dt.date(2012, 2, 28)) == 3
    assert age_on(birth, dt.date(2012, 2, 29)) == 4


@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2150, 12, 31)),
       st.integers(min_value=0, max_value=60))
def test_age_turns_on_each_birthday(birth, years):
    birthday = add_months(birth, 12 * years)
    assert age_on(birth, birthday) == years
    if years:
        assert age_on(birth, birthday - dt.timedelta(days=1)) == years - 1


@given(dates, dates)
def test_age_error_exactly_when_under_eighteen(birth, admission):
    error = admission_age_error(birth, admission)
    assert (error is None) == (age_on(birth, admission) >= MINIMUM_AGE)
    if error is not None:
        assert error.eligible_from > admission
        assert admission_age_error(birth, error.eligible_from) is None
        assert admission_age_error(birth, error.eligible_from - dt.timedelta(days=1)) is not None


# --- party seniority (Quy định 294 items 4.2, 4.5) ----------------------------------------


def test_seniority_counts_from_the_decision():
    assert party_seniority(dt.date(2010, 5, 19), dt.date(2025, 8, 1)) == Seniority(15, 2, 5553)
    assert party_seniority(dt.date(2010, 5, 19), dt.date(2010, 5, 19)) == Seniority(0, 0, 0)
    assert party_seniority(dt.date(2010, 5, 19), dt.date(2009, 1, 1)) == Seniority(0, 0, 0)


def test_time_out_of_party_activity_is_subtracted():
    decision, today = dt.date(2000, 1, 1), dt.date(2020, 1, 1)
    # One year out (1 Jan 2005 to 1 Jan 2006, 365 days): 19 years, and the years count from
    # a start pushed back by the gap.
    gap = (dt.date(2005, 1, 1), dt.date(2006, 1, 1))
    s = party_seniority(decision, today, [gap])
    assert s.days == (today - decision).days - 365
    assert (s.years, s.months) == (19, 0)
    # The same gap twice, or overlapping gaps, is counted once.
    assert party_seniority(decision, today, [gap, gap, (dt.date(2005, 6, 1), dt.date(2005, 7, 1))]) == s
    # A gap before the decision or after today changes nothing.
    outside = [(dt.date(1990, 1, 1), dt.date(1995, 1, 1)), (dt.date(2021, 1, 1), dt.date(2022, 1, 1))]
    assert party_seniority(decision, today, outside) == party_seniority(decision, today)


gap_lists = st.lists(st.tuples(dates, st.integers(min_value=0, max_value=3000)).map(
    lambda t: (t[0], t[0] + dt.timedelta(days=t[1]))), max_size=5)


@given(dates, dates, gap_lists)
def test_seniority_never_exceeds_the_time_since_the_decision(decision, today, gaps):
    plain = party_seniority(decision, today)
    less = party_seniority(decision, today, gaps)
    assert 0 <= less.days <= plain.days == max(0, (today - decision).days)
    assert (less.years, less.months) <= (plain.years, plain.months)
    assert 0 <= less.months < 12


@given(dates, st.integers(min_value=0, max_value=70))
def test_seniority_in_whole_years_on_each_anniversary(decision, years):
    anniversary = add_months(decision, 12 * years)
    assert party_seniority(decision, anniversary).years == years
    assert party_seniority(decision, anniversary).months == 0
