"""Probation date arithmetic (organizations/lifecycle.py, no Django). Charter Điều 5:
12 months of probation; the full-member date is admission + 12 months however late the
recognition comes."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules.membership import (
    Due,
    add_months,
    admissions_due_between,
    can_recognize,
    days_overdue,
    due_state,
    full_member_date,
    month_bounds,
)

dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2200, 12, 31))


def test_full_member_date_is_the_same_day_a_year_later():
    assert full_member_date(dt.date(2023, 3, 15)) == dt.date(2024, 3, 15)


def test_29_february_falls_due_on_28_february():
    assert full_member_date(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)


def test_recognition_only_after_twelve_months():
    admitted = dt.date(2024, 5, 10)
    assert not can_recognize(admitted, dt.date(2025, 5, 9))
    assert can_recognize(admitted, dt.date(2025, 5, 10))


def test_days_overdue():
    admitted = dt.date(2024, 5, 10)
    assert days_overdue(admitted, dt.date(2025, 5, 10)) == 0
    assert days_overdue(admitted, dt.date(2025, 5, 1)) == 0
    # 10/5/2025 -> 9/6/2025 is 30 days
    assert days_overdue(admitted, dt.date(2025, 6, 9)) == 30


def test_due_states():
    today = dt.date(2025, 6, 15)
    assert due_state(dt.date(2024, 6, 14), today) == Due.OVERDUE
    assert due_state(dt.date(2024, 6, 15), today) == Due.THIS_MONTH
    assert due_state(dt.date(2024, 6, 30), today) == Due.THIS_MONTH
    assert due_state(dt.date(2024, 7, 1), today) == Due.NOT_YET
    assert month_bounds(dt.date(2024, 2, 10)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_window_at_the_end_of_february():
    # Due between 1 and 28 Feb 2025: admissions 1 Feb 2024 .. 29 Feb 2024 (leap day included).
    w = admissions_due_between(dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    assert (w.admitted_from, w.admitted_to) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


@given(dates, st.integers(min_value=-600, max_value=600))
def test_add_months_keeps_the_day_or_clamps(day, months):
    out = add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + dt.timedelta(days=1)).day == 1)


@given(dates, dates)
def test_overdue_days_never_negative_and_zero_before_due(admitted, today):
    n = days_overdue(admitted, today)
    assert n >= 0
    assert (n > 0) == (today > full_member_date(admitted))
    assert can_recognize(admitted, today) == (today >= full_member_date(admitted))


@given(dates, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=800))
def test_admission_window_matches_the_due_dates(due_from, length, offset):
    due_to = due_from + dt.timedelta(days=length)
    window = admissions_due_between(due_from, due_to)
    for admitted in (window.admitted_from - dt.timedelta(days=1), window.admitted_from,
                     window.admitted_to, window.admitted_to + dt.timedelta(days=1),
                     add_months(due_from, -12) + dt.timedelta(days=offset - 400)):
        inside = window.admitted_from <= admitted <= window.admitted_to
        assert inside == (due_from <= full_member_date(admitted) <= due_to), admitted
