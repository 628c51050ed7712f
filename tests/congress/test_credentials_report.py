"""The counts the credentials committee reads out, from plain rows (no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from daihoi.congress.credentials_report import (
    AGE_BANDS,
    ETHNIC_MAJORITY,
    ETHNIC_MINORITY,
    NOT_STATED,
    DelegateRow,
    band_of,
    count,
    full_years,
)

ON = dt.date(2025, 8, 20)


def row(name: str, born: dt.date, **kw: object) -> DelegateRow:
    data: dict[str, object] = {
        "name": name,
        "kind": "official",
        "origin": "elected",
        "gender": "male",
        "date_of_birth": born,
        "admission_date": dt.date(2000, 1, 1),
        "present": True,
    }
    data.update(kw)
    return DelegateRow(**data)  # type: ignore[arg-type]


def test_full_years_turns_on_the_birthday() -> None:
    assert full_years(dt.date(1995, 8, 20), ON) == 30
    assert full_years(dt.date(1995, 8, 21), ON) == 29


def test_age_band_edges() -> None:
    """Under 30 | 30–40 | 41–50 | 51–60 | over 60, in full years."""
    assert band_of(29, AGE_BANDS) == "Dưới 30 tuổi"
    assert band_of(30, AGE_BANDS) == "Từ 30 đến 40 tuổi"
    assert band_of(40, AGE_BANDS) == "Từ 30 đến 40 tuổi"
    assert band_of(41, AGE_BANDS) == "Từ 41 đến 50 tuổi"
    assert band_of(60, AGE_BANDS) == "Từ 51 đến 60 tuổi"
    assert band_of(61, AGE_BANDS) == "Trên 60 tuổi"


def test_counts() -> None:
    rows = [
        row(
            "A",
            dt.date(1996, 1, 1),
            gender="female",
            ethnicity="Tày",
            education="Thạc sĩ",
            political_theory="Trung cấp",
            admission_date=dt.date(2020, 1, 1),
        ),
        row(
            "B",
            dt.date(1970, 1, 1),
            origin="ex_officio",
            education="Đại học",
            political_theory="Cao cấp",
            admission_date=dt.date(1992, 1, 1),
        ),
        row("C", dt.date(1962, 1, 1), present=False, admission_date=dt.date(1985, 1, 1)),
        # The official replaced by an alternate holds no seat; the alternate does.
        row("D", dt.date(1980, 1, 1), seated=False, present=False),
        row("E", dt.date(1990, 6, 1), kind="alternate", seated=True),
        row("F", dt.date(1991, 1, 1), kind="alternate", seated=False, present=False),
    ]
    c = count(rows, on=ON)
    assert (c.convened, c.alternates, c.seated, c.present, c.absent) == (4, 2, 4, 3, 1)
    assert c.by_gender == {"female": 1, "male": 3}
    assert dict(c.by_age) == {
        "Dưới 30 tuổi": 1,
        "Từ 30 đến 40 tuổi": 1,
        "Từ 41 đến 50 tuổi": 0,
        "Từ 51 đến 60 tuổi": 1,
        "Trên 60 tuổi": 1,
    }
    assert c.by_ethnicity == {ETHNIC_MAJORITY: 3, ETHNIC_MINORITY: 1}
    assert c.by_education["Thạc sĩ"] == 1 and c.by_education[NOT_STATED] == 2
    assert c.by_origin == {"elected": 3, "ex_officio": 1}
    assert c.by_kind == {"official": 3, "alternate": 1}
    assert c.youngest is not None and c.youngest.name == "A" and c.youngest.years == 29
    assert c.oldest is not None and c.oldest.name == "C" and c.oldest.years == 63
    assert c.longest_seniority is not None and c.longest_seniority.name == "C"
    assert c.longest_seniority.years == 40
    assert c.shortest_seniority is not None and c.shortest_seniority.name == "A"
    assert c.share(1) == 25.0


def test_youngest_by_birth_date_not_by_years() -> None:
    """Both are 30 in full years; the one born later is the youngest."""
    rows = [row("Older", dt.date(1995, 1, 1)), row("Younger", dt.date(1995, 6, 1))]
    c = count(rows, on=ON)
    assert c.youngest is not None and c.youngest.name == "Younger"
    assert c.oldest is not None and c.oldest.name == "Older"


def test_empty() -> None:
    c = count([], on=ON)
    assert c.seated == 0 and c.youngest is None and c.share(3) == 0.0


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2005, 1, 1)),
            st.booleans(),
            st.booleans(),
        ),
        max_size=60,
    )
)
def test_every_seated_row_is_in_every_breakdown(items: list[tuple[dt.date, bool, bool]]) -> None:
    rows = [
        row(str(i), born, seated=seated, present=present) for i, (born, seated, present) in enumerate(items)
    ]
    c = count(rows, on=ON)
    assert sum(n for _, n in c.by_age) == c.seated
    assert sum(n for _, n in c.by_seniority) == c.seated
    assert sum(c.by_gender.values()) == sum(c.by_ethnicity.values()) == c.seated
    assert c.present + c.absent == c.seated
