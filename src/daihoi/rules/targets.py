"""How a target of the resolution (chỉ tiêu) stands against what was measured, and how the
review says it. Pure Python, no Django.

A target is a comparison ("≥ 95%", "> 90%", "≥ 750 người") over a period: each year of the term
("hằng năm") or the whole term ("cả nhiệm kỳ"). RULES.md says nothing of reviews; what is
written here follows the articles' usage, which the office's reports share:

- a yearly share target holds when it held **every** year so far ("Hằng năm, tỷ lệ ... đều đạt
  trên 90%"); a yearly count target holds on the **mean** of the years ("bình quân 150/năm");
- a term target is judged on the total so far; before the term ends it is "chưa đạt" (not yet)
  when the straight-line projection to the end of the term reaches the value, "có nguy cơ không
  đạt" (at risk) when it does not, the projection stated;
- "đạt" when the comparison holds, "vượt" when it holds with the measure beyond the value;
  the review's line counts both: "đạt và vượt 5/7 chỉ tiêu" (the sentences, in both
  languages, are the targets app's `phrases`);
- progress is measured ÷ value (for an upper bound, value ÷ measured), exact, printed to one
  decimal; "vượt 25% so với mục tiêu" is (measured − value) ÷ value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from daihoi.rules.errors import RulesError, gettext_noop
from daihoi.rules.percent import format_percent, percent

PLACES = 1

ERR_COMPARISON = gettext_noop("Phép so sánh «{value}» không được biết.")
ERR_SHARE = gettext_noop("Phần ({part}) phải từ 0 đến tổng ({whole}).")
ERR_ELAPSED = gettext_noop("Thời gian đã qua phải từ 0 đến 1 phần nhiệm kỳ (đang là {value}).")


class Comparison(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="


class Period(StrEnum):
    YEAR = "year"
    TERM = "term"


class Aggregate(StrEnum):
    EACH = "each"  # every year must hold (shares: "đều đạt")
    MEAN = "mean"  # the mean of the years (counts: "bình quân")


class Status(StrEnum):
    EXCEEDED = "exceeded"
    ACHIEVED = "achieved"
    NOT_YET = "not_yet"
    AT_RISK = "at_risk"
    NOT_ACHIEVED = "not_achieved"
    NO_DATA = "no_data"

    @property
    def done(self) -> bool:
        return self in (Status.EXCEEDED, Status.ACHIEVED)


STATUS_LABELS: dict[Status, str] = {
    Status.EXCEEDED: gettext_noop("Vượt"),
    Status.ACHIEVED: gettext_noop("Đạt"),
    Status.NOT_YET: gettext_noop("Chưa đạt (đúng tiến độ)"),
    Status.AT_RISK: gettext_noop("Có nguy cơ không đạt"),
    Status.NOT_ACHIEVED: gettext_noop("Không đạt"),
    Status.NO_DATA: gettext_noop("Chưa có số liệu"),
}

Number = int | Fraction | Decimal


def _fr(value: Number) -> Fraction:
    return Fraction(value)


def holds(comparison: Comparison | str, measured: Number, value: Number) -> bool:
    try:
        c = Comparison(comparison)
    except ValueError:
        raise RulesError(ERR_COMPARISON, value=comparison) from None
    m, v = _fr(measured), _fr(value)
    return {Comparison.GE: m >= v, Comparison.GT: m > v, Comparison.LE: m <= v,
            Comparison.LT: m < v, Comparison.EQ: m == v}[c]


def beyond(comparison: Comparison | str, measured: Number, value: Number) -> bool:
    """The measure is past the value in the target's direction (vượt)."""
    c = Comparison(comparison)
    m, v = _fr(measured), _fr(value)
    if c in (Comparison.GE, Comparison.GT):
        return m > v
    if c in (Comparison.LE, Comparison.LT):
        return m < v
    return False


def progress(comparison: Comparison | str, measured: Number, value: Number) -> Fraction | None:
    """measured ÷ value for a lower bound (1001 of 800 is 1001/800); value ÷ measured for an
    upper bound; None when the division has no base."""
    c = Comparison(comparison)
    m, v = _fr(measured), _fr(value)
    if c in (Comparison.LE, Comparison.LT):
        if m <= 0:
            return Fraction(1) if v >= 0 else None
        return v / m
    if v == 0:
        return Fraction(1) if holds(c, m, v) else None
    return m / v


def bar_width(share: Fraction | None) -> str:
    """A progress bar's CSS width: a percentage with a dot and one decimal, never localized,
    between 0 and 100 ("75.6%")."""
    if share is None:
        return "0%"
    clipped = min(max(share, Fraction(0)), Fraction(1))
    return f"{percent(clipped.numerator, clipped.denominator, places=PLACES)}%"


@dataclass(frozen=True)
class Evaluation:
    status: Status
    measured: Fraction | None  # what is compared (the mean, the worst year, the total)
    progress: Fraction | None
    projection: Fraction | None = None  # for a term target not yet ended
    failing_years: tuple[int, ...] = ()


def evaluate_yearly(comparison: Comparison | str, value: Number,
                    years: Sequence[tuple[int, Number | None]],
                    aggregate: Aggregate = Aggregate.EACH) -> Evaluation:
    """A target for each year, over the years measured so far ((year, measure) pairs, None
    where there is no measure)."""
    known = [(y, _fr(m)) for y, m in years if m is not None]
    if not known:
        return Evaluation(Status.NO_DATA, None, None)
    v = _fr(value)
    if aggregate is Aggregate.MEAN:
        measured = sum((m for _y, m in known), Fraction(0)) / len(known)
        failing: tuple[int, ...] = ()
        ok = holds(comparison, measured, v)
    else:
        failing = tuple(y for y, m in known if not holds(comparison, m, v))
        ok = not failing
        # the year furthest from the target stands for the whole
        c = Comparison(comparison)
        pick = min if c in (Comparison.GE, Comparison.GT, Comparison.EQ) else max
        measured = pick(m for _y, m in known)
    if ok:
        status = Status.EXCEEDED if beyond(comparison, measured, v) else Status.ACHIEVED
    else:
        status = Status.NOT_ACHIEVED
    return Evaluation(status, measured, progress(comparison, measured, v), failing_years=failing)


def evaluate_term(comparison: Comparison | str, value: Number, measured: Number | None,
                  elapsed: Fraction) -> Evaluation:
    """A target for the whole term, on the total so far, `elapsed` the part of the term gone
    (0 to 1). A lower bound not yet reached is projected in a straight line to the term's end."""
    if not 0 <= elapsed <= 1:
        raise RulesError(ERR_ELAPSED, value=elapsed)
    if measured is None:
        return Evaluation(Status.NO_DATA, None, None)
    m, v = _fr(measured), _fr(value)
    share = progress(comparison, m, v)
    if holds(comparison, m, v):
        status = Status.EXCEEDED if beyond(comparison, m, v) else Status.ACHIEVED
        return Evaluation(status, m, share)
    c = Comparison(comparison)
    if elapsed >= 1:
        return Evaluation(Status.NOT_ACHIEVED, m, share)
    if c in (Comparison.GE, Comparison.GT) and elapsed > 0:
        projection = m / elapsed
        status = Status.NOT_YET if holds(c, projection, v) else Status.AT_RISK
        return Evaluation(status, m, share, projection=projection)
    if c in (Comparison.LE, Comparison.LT):
        # an upper bound already passed cannot come back
        return Evaluation(Status.NOT_ACHIEVED, m, share)
    return Evaluation(Status.NOT_YET, m, share)


def share_of(part: int, whole: int) -> Fraction | None:
    """A share in percent, exact: 3 cells of 4 → 75; None when there is nothing to count
    (no cell that year). The share of cells with a record ("tỷ lệ chi bộ kết nạp được đảng
    viên mới") is counted on the cells, not on their members."""
    if whole < 0 or not 0 <= part <= max(whole, 0):
        raise RulesError(ERR_SHARE, part=part, whole=whole)
    if whole == 0:
        return None
    return Fraction(part * 100, whole)


def elapsed_share(start_days: int, total_days: int) -> Fraction:
    """The part of the term gone: days elapsed ÷ days of the term, kept within 0 and 1."""
    if total_days <= 0:
        raise RulesError(ERR_ELAPSED, value=total_days)
    return min(max(Fraction(start_days, total_days), Fraction(0)), Fraction(1))


# --- the review's phrases ---------------------------------------------------------------------


def pct(share: Fraction, lang: str = "vi") -> str:
    """A share as a percent, one decimal, without a trailing ",0": 1001/800 − 1 → "25,1%",
    1/4 → "25%"."""
    text = format_percent(percent(share.numerator, share.denominator, places=PLACES), lang,
                          places=PLACES)
    return text.replace(",0%", "%").replace(".0%", "%")


def count_done(statuses: Sequence[Status]) -> tuple[int, int]:
    """(achieved or exceeded, all targets)."""
    return sum(1 for s in statuses if s.done), len(statuses)


def number_text(value: Number, places: int = 1, lang: str = "vi") -> str:
    """A number as the language prints it, half up to `places`, no trailing zeros: in
    Vietnamese a dot between thousands and a decimal comma (1001 → "1.001", 75.65 → "75,7"),
    in English the other way round ("1,001", "75.7")."""
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    units = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    whole, frac = divmod(units, 10**places)
    english = lang.lower().replace("_", "-").split("-")[0] == "en"
    text = f"{whole:,}" if english else f"{whole:,}".replace(",", ".")
    if frac:
        text += ("." if english else ",") + f"{frac:0{places}d}".rstrip("0")
    return ("-" if exact < 0 and units else "") + text


def number_vi(value: Number, places: int = 1) -> str:
    return number_text(value, places, "vi")
