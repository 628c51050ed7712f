"""Date arithmetic of a member's probation. No Django here.

Charter Điều 5 and Quy định 24 (see RULES.md "Membership"): probation (dự bị) lasts
12 months from the admission; a member recognized as full is full from the end of those
12 months, however late the cell and the committee meet. So the full-member date is a
fixed function of the admission date, and a member whose 12 months have passed without
a recognition is overdue.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

PROBATION_MONTHS = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the target month lacks becomes its last day
    (29 Feb 2024 + 12 months = 28 Feb 2025; 31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def full_member_date(admission_date: dt.date) -> dt.date:
    """The day the member becomes full: 12 months after admission (Charter Điều 5)."""
    return add_months(admission_date, PROBATION_MONTHS)


def can_recognize(admission_date: dt.date, on: dt.date) -> bool:
    """Recognition is possible only once the 12 months of probation have passed."""
    return on >= full_member_date(admission_date)


def days_overdue(admission_date: dt.date, today: dt.date) -> int:
    """Days since the member fell due (0 when not yet due or due today)."""
    return max(0, (today - full_member_date(admission_date)).days)


def month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    return first, today.replace(day=calendar.monthrange(today.year, today.month)[1])


class Due(StrEnum):
    NOT_YET = "not_yet"
    THIS_MONTH = "this_month"  # falls due from today to the end of this month
    OVERDUE = "overdue"  # due date passed, not yet recognized


def due_state(admission_date: dt.date, today: dt.date) -> Due:
    due = full_member_date(admission_date)
    if due < today:
        return Due.OVERDUE
    if due <= month_bounds(today)[1]:
        return Due.THIS_MONTH
    return Due.NOT_YET


@dataclass(frozen=True)
class AdmissionWindow:
    """Admission dates whose due date falls in [due_from, due_to]: used to query the
    database for a due date range without computing it per row."""

    admitted_from: dt.date
    admitted_to: dt.date


def admissions_due_between(due_from: dt.date, due_to: dt.date) -> AdmissionWindow:
    """The admission dates whose full-member date falls in [due_from, due_to].

    Going back 12 months is exact except at the end of February: admissions on 29 Feb
    of a leap year fall due on 28 Feb, so a window ending on 28 Feb of a common year
    reaches the 29th of the year before."""
    start = add_months(due_from, -PROBATION_MONTHS)
    if full_member_date(start) < due_from:  # only when due_from is 29 Feb: start 28 Feb
        start += dt.timedelta(days=1)
    end = add_months(due_to, -PROBATION_MONTHS)
    following = end + dt.timedelta(days=1)
    while full_member_date(following) <= due_to and following.month == end.month:
        end = following
        following = end + dt.timedelta(days=1)
    return AdmissionWindow(start, end)
