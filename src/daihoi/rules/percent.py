"""Percentages as the minutes print them, written once. Pure Python, no Django.

A percentage is computed from exact fractions and rounded half up to two decimals (1 of 800
is 0.125% and prints 0.13%, never 0.12% as binary floats give). The base is the one the rule
names (for elections and resolutions, the convened base: 190-QĐ/TW Điều 30); a base of zero
or less is an error, not 0% (RULES.md, "A base of zero or less").

Vietnamese writes a decimal comma ("12,50%"), English a decimal point ("12.50%").
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from daihoi.rules.errors import RulesError, gettext_noop

ERR_PERCENT_BASE = gettext_noop(
    "Không tính được tỷ lệ phần trăm trên cơ sở {base}: cơ sở phải lớn hơn 0."
)
ERR_PERCENT_VALUE = gettext_noop("Tỷ lệ phải là một số (đang là {value}).")


def _exact(value: object, field: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise RulesError(ERR_PERCENT_VALUE, value=value)
    try:
        return Fraction(value)
    except (ValueError, OverflowError):  # Decimal NaN or Infinity
        raise RulesError(ERR_PERCENT_VALUE, value=value) from None


def percent(part: int | Fraction, base: int | Fraction, *, places: int = 2) -> Decimal:
    """100 × part / base, rounded half up (away from zero) to `places` decimals (two, as the
    minutes print; one, as the office's classification reports do), as a Decimal with exactly
    that many places: percent(1, 800) == Decimal("0.13"), percent(1, 8) == 12.50,
    percent(227, 300, places=1) == Decimal("75.7")."""
    exact_base = _exact(base, "base")
    if exact_base <= 0:
        raise RulesError(ERR_PERCENT_BASE, base=base)
    units = _exact(part, "part") * 100 * 10**places / exact_base
    magnitude = (abs(units.numerator) * 2 + units.denominator) // (2 * units.denominator)
    return Decimal(-magnitude if units < 0 else magnitude).scaleb(-places)


def format_percent(value: Decimal | int | Fraction, lang: str = "vi", *, sign: bool = True,
                   places: int = 2) -> str:
    """A percentage for print: "12,50%" in Vietnamese, "12.50%" in English (two decimals);
    without the sign under a column headed "Tỷ lệ %".

    A Decimal is printed as it is (rounded half up if it has more places); an int or Fraction
    is taken as the percentage itself (format_percent(30) == "30,00%")."""
    if not isinstance(value, Decimal):
        value = percent(_exact(value, "value"), 100, places=places)
    text = f"{value.quantize(Decimal(1).scaleb(-places), rounding='ROUND_HALF_UP'):.{places}f}"
    if lang.lower().replace("_", "-").split("-")[0] != "en":
        text = text.replace(".", ",")
    return f"{text}%" if sign else text


def percent_text(share: Fraction) -> str:
    """A share as a percent for messages, with a decimal comma and no trailing zeros:
    3/10 -> "30%", 1/9 -> "11,11%", 1/8 -> "12,5%", -1/10 -> "-10%"."""
    if share < 0:
        return "-" + percent_text(-share)
    text = f"{percent(share.numerator, share.denominator):f}".replace(".", ",")
    return text.rstrip("0").rstrip(",") + "%"


def share_text(share: Fraction) -> str:
    """A rule's share as it reads: thirds as fractions ("2/3"), the rest as percents
    (`percent_text`: "30%", "13,33%")."""
    if share.denominator % 3 == 0:
        return f"{share.numerator}/{share.denominator}"
    return percent_text(share)
