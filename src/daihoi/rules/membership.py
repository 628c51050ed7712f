"""Dates of a member's admission, probation and party seniority. No Django here.

RULES.md "Membership":

- Admission requires the age of 18 or more (Charter Điều 1), on the date of the
  admission decision.
- Probation (dự bị) lasts 12 months from the day the cell holds the admission ceremony
  (lễ kết nạp), not from the decision (Charter Điều 5); the cell holds the ceremony within
  30 working days of the decision (Charter Điều 5). A member recognized as full is full
  from the end of those 12 months, however late the cell and the committee meet, so the
  full-member date is a fixed function of the ceremony date, and a member whose 12 months
  have passed without a recognition is overdue.
- Party seniority (tuổi đảng) counts from the admission decision, less any time out of
  party activity (Quy định 294-QĐ/TW items 4.2, 4.5).

Records made before the ceremony date was kept have none; `probation_start` then falls
back to the decision date (the pages say the ceremony is not recorded).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

PROBATION_MONTHS = 12  # Charter Điều 5
MINIMUM_AGE = 18  # Charter Điều 1
CEREMONY_WORKING_DAYS = 30  # Charter Điều 5: the ceremony within 30 working days of the decision


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the target month lacks becomes its last day
    (29 Feb 2024 + 12 months = 28 Feb 2025; 31 Jan + 1 month = 28/29 Feb), as the Civil
    Code (Điều 148) ends a period counted in months or years."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


# --- age (Charter Điều 1) -----------------------------------------------------------------


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years on `day`: a birthday counts from its own day; someone born on
    29 February has the birthday on 28 February of a common year (as `add_months`)."""
    years = day.year - birth.year
    if add_months(birth, 12 * years) > day:
        years -= 1
    return years


@dataclass(frozen=True)
class AgeError:
    """Why an admission is refused on age: the age on the admission date and the first
    day the person is old enough."""

    age: int
    eligible_from: dt.date


def admission_age_error(birth_date: dt.date, admission_date: dt.date) -> AgeError | None:
    """None when the person is 18 or more on the admission date (Charter Điều 1): the 18th
    birthday itself is allowed, the day before is not."""
    age = age_on(birth_date, admission_date)
    if age >= MINIMUM_AGE:
        return None
    return AgeError(age=age, eligible_from=add_months(birth_date, 12 * MINIMUM_AGE))


# --- the ceremony (Charter Điều 5) -------------------------------------------------------


def add_working_days(day: dt.date, n: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The `n`th working day after `day` (Monday to Friday, less `holidays`)."""
    off = frozenset(holidays)
    current, left = day, n
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            left -= 1
    return current


def ceremony_deadline(decision_date: dt.date, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The last day for the admission ceremony: 30 working days after the decision.

    The public holidays (Tết follows the lunar calendar) are not known to the register
    unless given, so without them the deadline comes a few days early; a late ceremony is
    therefore a warning, not a refusal (RULES.md gives no consequence either)."""
    return add_working_days(decision_date, CEREMONY_WORKING_DAYS, holidays)


def ceremony_late(
    decision_date: dt.date, ceremony_date: dt.date, holidays: Iterable[dt.date] = (),
) -> bool:
    return ceremony_date > ceremony_deadline(decision_date, holidays)


def probation_start(decision_date: dt.date, ceremony_date: dt.date | None) -> dt.date:
    """The day probation starts: the ceremony's; the decision's where no ceremony date
    was recorded (records older than the ceremony field)."""
    return ceremony_date if ceremony_date is not None else decision_date


# --- probation (Charter Điều 5) ----------------------------------------------------------


def full_member_date(ceremony_date: dt.date) -> dt.date:
    """The day the member becomes full: 12 months after the admission ceremony."""
    return add_months(ceremony_date, PROBATION_MONTHS)


def can_recognize(ceremony_date: dt.date, on: dt.date) -> bool:
    """Recognition is possible only once the 12 months of probation have passed."""
    return on >= full_member_date(ceremony_date)


def days_overdue(ceremony_date: dt.date, today: dt.date) -> int:
    """Days since the member fell due (0 when not yet due or due today)."""
    return max(0, (today - full_member_date(ceremony_date)).days)


def month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    return first, today.replace(day=calendar.monthrange(today.year, today.month)[1])


class Due(StrEnum):
    NOT_YET = "not_yet"
    THIS_MONTH = "this_month"  # falls due from today to the end of this month
    OVERDUE = "overdue"  # due date passed, not yet recognized


def due_state(ceremony_date: dt.date, today: dt.date) -> Due:
    due = full_member_date(ceremony_date)
    if due < today:
        return Due.OVERDUE
    if due <= month_bounds(today)[1]:
        return Due.THIS_MONTH
    return Due.NOT_YET


@dataclass(frozen=True)
class StartWindow:
    """Probation starts (ceremony dates) whose due date falls in [due_from, due_to]: used
    to query the database for a due date range without computing it per row."""

    started_from: dt.date
    started_to: dt.date


def starts_due_between(due_from: dt.date, due_to: dt.date) -> StartWindow:
    """The ceremony dates whose full-member date falls in [due_from, due_to].

    Going back 12 months is exact except at the end of February: a ceremony on 29 Feb
    of a leap year falls due on 28 Feb, so a window ending on 28 Feb of a common year
    reaches the 29th of the year before."""
    start = add_months(due_from, -PROBATION_MONTHS)
    if full_member_date(start) < due_from:  # only when due_from is 29 Feb: start 28 Feb
        start += dt.timedelta(days=1)
    end = add_months(due_to, -PROBATION_MONTHS)
    following = end + dt.timedelta(days=1)
    while full_member_date(following) <= due_to and following.month == end.month:
        end = following
        following = end + dt.timedelta(days=1)
    return StartWindow(start, end)


# --- party seniority (Quy định 294-QĐ/TW items 4.2, 4.5) --------------------------------


@dataclass(frozen=True)
class Seniority:
    """Tuổi đảng: whole years and months, and the days counted (gaps excluded)."""

    years: int
    months: int
    days: int


Span = tuple[dt.date, dt.date]


def _merged(gaps: Iterable[Span], start: dt.date, end: dt.date) -> list[Span]:
    """The gaps as half-open [from, to) spans clipped to [start, end), overlaps merged so
    that no day is subtracted twice."""
    spans = sorted((max(a, start), min(b, end)) for a, b in gaps if min(b, end) > max(a, start))
    out: list[Span] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def party_seniority(
    decision_date: dt.date, today: dt.date, gaps: Iterable[Span] = (),
) -> Seniority:
    """Tuổi đảng on `today`: from the admission decision (item 4.2), less the time out of
    party activity (item 4.5), each gap a span [from, to) (the day activity resumed is
    counted). Years and months are counted as if the decision had come later by the days
    out, so "30 năm tuổi đảng" falls on the decision's anniversary pushed back by the gaps."""
    if today <= decision_date:
        return Seniority(0, 0, 0)
    out = sum(((b - a).days for a, b in _merged(gaps, decision_date, today)), 0)
    days = (today - decision_date).days - out
    start = decision_date + dt.timedelta(days=out)
    months = (today.year - start.year) * 12 + today.month - start.month
    if add_months(start, months) > today:
        months -= 1
    return Seniority(years=months // 12, months=months % 12, days=days)
