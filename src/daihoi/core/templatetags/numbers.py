"""`{% load numbers %}`: numbers written for the machine, never for the reader.

Django localizes every number a template prints: in Vietnamese 93.5 prints "93,5", which is
right in a sentence and wrong in CSS (`style="width:93,5%"` is an invalid declaration, so the
bar drew full width) or in a data attribute a script parses. `{{ x|cssnum }}` prints the dot
whatever the language; `{{ x|pct }}` prints a percentage for the reader, in the language of
the page ("80,08%" in Vietnamese, "80.08%" in English)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django import template
from django.utils.translation import get_language

from daihoi.rules.percent import format_percent

register = template.Library()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        if isinstance(value, Fraction):
            return Decimal(value.numerator) / Decimal(value.denominator)
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def cssnum(value: Any, places: int = 2) -> str:
    """A number for CSS or a data attribute: a dot, at most `places` decimals, no grouping
    ("93.5", "100", "0"); anything not a number is 0 (a broken bar, not a broken page)."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return "0"
    text = f"{round(number, int(places)):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@register.filter
def pct(value: Any) -> str:
    """A percentage for the reader, in the page's language: 80,08% / 80.08%."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return "–"
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    return format_percent(number, lang)
