"""Dates as news articles write them.

- "20/8/2020", "20-8-2020", "20.8.2020", "ngày 20 tháng 8 năm 2020", "ngày 14 và 15 tháng 10".
- A range sharing its month: "18 và 19/8/2020", "17-18/8", "từ ngày 14 đến 16/10/2020",
  "ngày 14, 15/10"; across months: "từ 30/9 đến 2/10/2020", "30/9-2/10".
- A date without its year ("Ngày 11-8", "Chiều 6/7") takes the year of the article's
  dateline; with no dateline it stays unknown (never a year guessed from elsewhere).
- "trong 2 ngày" / "trong hai ngày" with only a first day gives the last day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from daihoi.extraction.reader.numbers import NUMBER, parse_number

_D = r"(?:0?[1-9]|[12]\d|3[01])"
_M = r"(?:0?[1-9]|1[0-2])"
_Y = r"(?:19|20)\d\d"
_SEP = r"[/.-]"

# One pattern for the ranges and single dates, the longest form tried first.
DATE_RANGE = re.compile(
    rf"(?<![\d/.-])(?:"
    # 30/9 - 2/10/2020 (months differ)
    rf"(?P<d1>{_D}){_SEP}(?P<m1>{_M})(?:{_SEP}(?P<y1>{_Y}))?\s*(?:-|đến(?: ngày)?|tới(?: ngày)?)\s*"
    rf"(?P<d2>{_D}){_SEP}(?P<m2>{_M})(?:{_SEP}(?P<y2>{_Y}))?"
    rf"|(?P<ra>{_D})\s*(?:-|và|,|đến(?: ngày)?|tới(?: ngày)?)\s*"
    rf"(?P<rb>{_D}){_SEP}(?P<rm>{_M})(?:{_SEP}(?P<ry>{_Y}))?"
    rf"|(?P<sd>{_D}){_SEP}(?P<sm>{_M})(?:{_SEP}(?P<sy>{_Y}))?"
    rf"|(?P<ta>{_D})\s*(?:-|và|,|đến(?: ngày)?)\s*(?P<tb>{_D}) tháng (?P<tm>{_M})(?: năm (?P<ty>{_Y}))?"
    rf"|(?P<wd>{_D}) tháng (?P<wm>{_M})(?: năm (?P<wy>{_Y}))?"
    rf")(?![\d/]|\.\d)"
)
DURATION = re.compile(rf"\btrong (?P<n>{NUMBER}) ngày\b", re.IGNORECASE)
# "bế mạc sau 3 ngày làm việc": with the closing day, the first.
WORKED = re.compile(rf"\bsau (?P<n>{NUMBER}) ngày(?: làm việc)?\b", re.IGNORECASE)
FULL_DATE = re.compile(rf"(?<!\d)(?P<d>{_D}){_SEP}(?P<m>{_M}){_SEP}(?P<y>{_Y})(?!\d)")


@dataclass(frozen=True)
class DateSpan:
    """Days and months as read, the years where written (None when not)."""

    start: tuple[int, int, int | None]
    end: tuple[int, int, int | None] | None
    span: tuple[int, int]


def read_range(match: re.Match[str]) -> DateSpan:
    g = match.groupdict()
    span = match.span()
    if g["d1"]:
        y2 = int(g["y2"]) if g["y2"] else None
        y1 = int(g["y1"]) if g["y1"] else y2
        return DateSpan((int(g["d1"]), int(g["m1"]), y1), (int(g["d2"]), int(g["m2"]), y2), span)
    if g["ra"]:
        y = int(g["ry"]) if g["ry"] else None
        m = int(g["rm"])
        return DateSpan((int(g["ra"]), m, y), (int(g["rb"]), m, y), span)
    if g["ta"]:
        y = int(g["ty"]) if g["ty"] else None
        m = int(g["tm"])
        return DateSpan((int(g["ta"]), m, y), (int(g["tb"]), m, y), span)
    if g["sd"]:
        return DateSpan((int(g["sd"]), int(g["sm"]), int(g["sy"]) if g["sy"] else None), None, span)
    return DateSpan((int(g["wd"]), int(g["wm"]), int(g["wy"]) if g["wy"] else None), None, span)


def to_date(day: int, month: int, year: int | None) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve(
    found: DateSpan, *, dateline_year: int | None, days: int | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """First and last day, a missing year taken from the dateline; `days` from "trong N
    ngày" gives the last day when only the first is written. A range written back to front
    or longer than `days` is not a range."""
    (d1, m1, y1) = found.start
    if found.end is not None:
        (d2, m2, y2) = found.end
        y2 = y2 if y2 is not None else dateline_year
        y1 = y1 if y1 is not None else y2
        first, last = to_date(d1, m1, y1), to_date(d2, m2, y2)
        if first and last and first > last and m1 == 12 and m2 == 1 and y1 is not None and y1 == y2:
            first = to_date(d1, m1, y1 - 1)  # 30/12 - 1/1/2021
        if first is None or last is None or first > last or (last - first).days > 10:
            return None, None
        return first, last
    first = to_date(d1, m1, y1 if y1 is not None else dateline_year)
    if first and days and 1 < days <= 10:
        return first, first + dt.timedelta(days=days - 1)
    return first, None


def duration_days(text: str) -> tuple[int, tuple[int, int]] | None:
    match = DURATION.search(text)
    if not match:
        return None
    value = parse_number(match.group("n"))
    return (int(value), match.span()) if isinstance(value, int) else None


def worked_days(text: str) -> tuple[int, tuple[int, int]] | None:
    match = WORKED.search(text)
    if not match:
        return None
    value = parse_number(match.group("n"))
    return (int(value), match.span()) if isinstance(value, int) else None
