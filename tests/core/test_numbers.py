"""Numbers for the machine are never localized (a Vietnamese page printed
`style="width:93,5%"`, an invalid declaration, so the progress bar drew full width);
numbers for the reader follow the language (80,08% / 80.08%)."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from daihoi.core.templatetags.numbers import cssnum, pct

SRC = Path(__file__).resolve().parents[2] / "src" / "daihoi"


@pytest.mark.parametrize("value, expected", [
    (93.5, "93.5"), (Decimal("93.50"), "93.5"), (100, "100"), (0, "0"), (None, "0"),
    ("x", "0"), (Fraction(1, 3), "0.33"), (12345.678, "12345.68"), (-0.001, "0"),
])
def test_cssnum_writes_a_dot_and_no_grouping(value: object, expected: str) -> None:
    with translation.override("vi"):
        assert cssnum(value) == expected


def test_a_vietnamese_page_draws_the_bar_with_a_dot() -> None:
    template = Template('{% load numbers %}<span style="width:{{ p|cssnum }}%">{{ p }}</span>')
    with translation.override("vi"):
        html = template.render(Context({"p": 93.5}))
    # The reader's number has the comma (Django's Vietnamese format); the CSS one the dot.
    assert html == '<span style="width:93.5%">93,5</span>'


def test_pct_follows_the_language() -> None:
    with translation.override("vi"):
        assert pct(Decimal("80.08")) == "80,08%"
    with translation.override("en"):
        assert pct(Decimal("80.08")) == "80.08%"
    assert pct(None) == "–"


STYLE_VALUE = re.compile(r'style="[^"]*?\{\{\s*([^}]+?)\s*\}\}')


def test_every_number_in_a_style_attribute_goes_through_cssnum() -> None:
    """A walk over every template: a value printed into a style attribute is a number for
    CSS and must not be localized."""
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        for match in STYLE_VALUE.finditer(path.read_text(encoding="utf-8")):
            expr = match.group(1)
            if "|cssnum" not in expr and "|stringformat" not in expr:
                offenders.append(f"{path.relative_to(SRC)}: {expr}")
    assert not offenders, offenders
