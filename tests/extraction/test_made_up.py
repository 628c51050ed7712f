"""Articles of our own making (not the samples): a commune in two days with its dateline
after the time, a district whose lead only says "Đại hội diễn ra", a province's closing
day "after 3 days", and the demo's articles (a merged commune of 2025, "Đảng bộ UBND tỉnh",
a state corporation, a football match). Each against its expected record, every key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daihoi.extraction.reader import KEYS, read_file

HERE = Path(__file__).parent / "made_up"
DEMO = Path(__file__).resolve().parents[2] / "src" / "daihoi" / "extraction" / "demo_articles"
CASES = sorted(HERE.glob("*.json"))


def _article(expected: Path) -> Path:
    own = expected.with_suffix(".txt")
    return own if own.exists() else DEMO / own.name


def test_the_cases_are_there() -> None:
    assert len(CASES) == 7
    assert all(_article(p).exists() for p in CASES)


@pytest.mark.parametrize("expected", CASES, ids=[p.stem for p in CASES])
def test_every_key(expected: Path) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))
    got = read_file(_article(expected)).record
    assert list(got) == list(KEYS)
    for key in KEYS:
        assert got[key] == want[key], key
