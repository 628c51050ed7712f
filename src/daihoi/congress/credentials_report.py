"""The counts of the credentials report (báo cáo thẩm tra tư cách đại biểu). Pure Python.

The credentials committee reads out how many delegates were convened and are present, and
the make-up of the delegates: by kind and origin, gender, age band, ethnicity, education,
political theory, youngest and oldest, party seniority. This module counts from plain
rows so that it is tested without a database.

Age bands, in full years on the opening day: under 30, 30–40, 41–50, 51–60, over 60.
Party seniority (tuổi đảng) counts from the admission date (Quy định 294-QĐ/TW items 4.2, 4.5;
time out of party activity is not recorded in the register and so is not subtracted).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from daihoi.rules.percent import percent


def gettext_noop(text: str) -> str:
    """Marks a label for the translation catalogue (xgettext knows this name) without
    importing Django: the page translates the label when it shows it."""
    return text


AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    (gettext_noop("Dưới 30 tuổi"), 0, 29),
    (gettext_noop("Từ 30 đến 40 tuổi"), 30, 40),
    (gettext_noop("Từ 41 đến 50 tuổi"), 41, 50),
    (gettext_noop("Từ 51 đến 60 tuổi"), 51, 60),
    (gettext_noop("Trên 60 tuổi"), 61, None),
)
SENIORITY_BANDS: tuple[tuple[str, int, int | None], ...] = (
    (gettext_noop("Dưới 10 năm"), 0, 9),
    (gettext_noop("Từ 10 đến dưới 20 năm"), 10, 19),
    (gettext_noop("Từ 20 đến dưới 30 năm"), 20, 29),
    (gettext_noop("Từ 30 năm trở lên"), 30, None),
)
MAJORITY_ETHNICITY = "Kinh"
ETHNIC_MAJORITY = gettext_noop("Dân tộc Kinh")
ETHNIC_MINORITY = gettext_noop("Dân tộc thiểu số")
NOT_STATED = gettext_noop("Chưa ghi")


@dataclass(frozen=True)
class DelegateRow:
    name: str
    kind: str  # "official" / "alternate"
    origin: str
    gender: str  # "male" / "female"
    date_of_birth: dt.date
    admission_date: dt.date
    ethnicity: str = MAJORITY_ETHNICITY
    education: str = ""
    political_theory: str = ""
    # Holds an official seat: an official delegate not absent for the whole congress, or
    # an alternate who replaced one. The make-up is counted over these.
    seated: bool = True
    present: bool = False


@dataclass(frozen=True)
class Person:
    name: str
    years: int


@dataclass
class CredentialsCounts:
    convened: int = 0  # official delegates convened
    alternates: int = 0
    seated: int = 0
    present: int = 0
    absent: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_origin: Counter[str] = field(default_factory=Counter)
    by_gender: Counter[str] = field(default_factory=Counter)
    by_age: list[tuple[str, int]] = field(default_factory=list)
    by_ethnicity: Counter[str] = field(default_factory=Counter)
    by_education: Counter[str] = field(default_factory=Counter)
    by_theory: Counter[str] = field(default_factory=Counter)
    by_seniority: list[tuple[str, int]] = field(default_factory=list)
    youngest: Person | None = None
    oldest: Person | None = None
    average_age: float | None = None
    longest_seniority: Person | None = None
    shortest_seniority: Person | None = None

    def share(self, count: int) -> Decimal:
        """Percent of the seated delegates, as the report reads it out (rules.percent)."""
        return percent(count, self.seated) if self.seated else Decimal(0)


def full_years(born: dt.date, on: dt.date) -> int:
    """Completed years between two dates (29 Feb birthdays turn on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return max(years, 0)


def band_of(value: int, bands: tuple[tuple[str, int, int | None], ...]) -> str:
    for label, low, high in bands:
        if value >= low and (high is None or value <= high):
            return label
    return bands[-1][0]


def count(rows: list[DelegateRow], *, on: dt.date) -> CredentialsCounts:
    out = CredentialsCounts()
    out.convened = sum(1 for r in rows if r.kind == "official")
    out.alternates = sum(1 for r in rows if r.kind == "alternate")
    seated = [r for r in rows if r.seated]
    out.seated = len(seated)
    out.present = sum(1 for r in seated if r.present)
    out.absent = out.seated - out.present
    ages: Counter[str] = Counter()
    seniority: Counter[str] = Counter()
    # (date, position, person): the youngest is the latest birth date, not just the
    # smallest age in years; the position keeps ties in the order the rows came.
    people_age: list[tuple[dt.date, int, Person]] = []
    people_party: list[tuple[dt.date, int, Person]] = []
    for i, r in enumerate(seated):
        out.by_kind[r.kind] += 1
        out.by_origin[r.origin] += 1
        out.by_gender[r.gender] += 1
        age = full_years(r.date_of_birth, on)
        party = full_years(r.admission_date, on)
        ages[band_of(age, AGE_BANDS)] += 1
        seniority[band_of(party, SENIORITY_BANDS)] += 1
        people_age.append((r.date_of_birth, i, Person(r.name, age)))
        people_party.append((r.admission_date, i, Person(r.name, party)))
        ethnic = (r.ethnicity or MAJORITY_ETHNICITY).strip()
        out.by_ethnicity[ETHNIC_MAJORITY if ethnic == MAJORITY_ETHNICITY else ETHNIC_MINORITY] += 1
        out.by_education[r.education.strip() or NOT_STATED] += 1
        out.by_theory[r.political_theory.strip() or NOT_STATED] += 1
    out.by_age = [(label, ages[label]) for label, _, _ in AGE_BANDS]
    out.by_seniority = [(label, seniority[label]) for label, _, _ in SENIORITY_BANDS]
    if people_age:
        out.youngest = max(people_age, key=lambda t: (t[0], -t[1]))[2]
        out.oldest = min(people_age, key=lambda t: (t[0], t[1]))[2]
        out.average_age = round(sum(t[2].years for t in people_age) / len(people_age), 1)
        out.longest_seniority = min(people_party, key=lambda t: (t[0], t[1]))[2]
        out.shortest_seniority = max(people_party, key=lambda t: (t[0], -t[1]))[2]
    return out
