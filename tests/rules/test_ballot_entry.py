"""What a counting clerk types, read into line numbers (pure, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.rules import ballot_entry as entry


@pytest.mark.parametrize("typed, lines", [
    ("3 5 12", [3, 5, 12]), ("3,5,12", [3, 5, 12]), (" 12, 3;5 ", [3, 5, 12]),
    ("4-7", [4, 5, 6, 7]), ("7-4", [4, 5, 6, 7]), ("2 2 2", [2]), ("", []), ("*", list(range(1, 13))),
])
def test_parse_lines(typed: str, lines: list[int]) -> None:
    assert entry.parse_lines(typed, 12) == lines


@pytest.mark.parametrize("typed, template", [
    ("13", entry.ERR_RANGE), ("0", entry.ERR_RANGE), ("3 x", entry.ERR_TOKEN), ("10-14", entry.ERR_RANGE),
    ("d", entry.ERR_TOKEN),
])
def test_parse_errors_name_the_token(typed: str, template: str) -> None:
    with pytest.raises(entry.EntryError) as err:
        entry.parse_lines(typed, 12)
    assert err.value.template == template


def test_overlap_refused() -> None:
    with pytest.raises(entry.EntryError) as err:
        entry.check_disjoint([1, 3], [3])
    assert err.value.params == {"number": 3}


@given(st.integers(1, 60).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.integers(1, n), max_size=30),
    st.lists(st.sampled_from([" ", ",", ", ", ";", "  "]), min_size=30, max_size=30))))
def test_any_separators_give_the_same_lines(case: tuple[int, list[int], list[str]]) -> None:
    n, numbers, seps = case
    typed = "".join(f"{x}{sep}" for x, sep in zip(numbers, seps, strict=False))
    assert entry.parse_lines(typed, n) == sorted(set(numbers))
