"""The review's sentences, as the reports write them ("đạt và vượt 5/7 chỉ tiêu", "hằng năm
đều đạt trên 90% (thấp nhất 92,4%)"), in the active language: the Vietnamese is the msgid, the
English in this app's catalogue, the numbers as the language prints them (80,08% / 80.08%).
The judgement behind each sentence (status, progress, the year furthest from the target) is
`daihoi.rules.targets`; this module only words it."""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from daihoi.rules import targets as rules
from daihoi.rules.targets import Aggregate, Comparison, Evaluation, Number, Period


def _lang() -> str:
    return get_language() or "vi"


def pct(share: Fraction) -> str:
    """A share as a percent in the active language: "25,1%" / "25.1%"."""
    return rules.pct(share, _lang())


def number(value: Number, places: int = 1) -> str:
    """"1.001" / "1,001"."""
    return rules.number_text(value, places, _lang())


def progress(comparison: Comparison | str, measured: Number, value: Number, *,
             plan: bool = False) -> str:
    """"vượt 25,1% so với mục tiêu" past a lower bound, "đạt 75,6% kế hoạch năm" short of it
    (`plan`: the target is the year's admission plan)."""
    share = rules.progress(comparison, measured, value)
    if share is None:
        return ""
    if Comparison(comparison) in (Comparison.GE, Comparison.GT) and share > 1:
        text = _("vượt {p} kế hoạch năm") if plan else _("vượt {p} so với mục tiêu")
        return text.format(p=pct(share - 1))
    text = _("đạt {p} kế hoạch năm") if plan else _("đạt {p} so với mục tiêu")
    return text.format(p=pct(share))


def count(done: int, total: int) -> str:
    """"đạt và vượt 5/7 chỉ tiêu" / "met or exceeded 5 of 7 targets"."""
    return ngettext("đạt và vượt {done}/{total} chỉ tiêu", "đạt và vượt {done}/{total} chỉ tiêu",
                    total).format(done=done, total=total)


def comparison(comparison: Comparison | str, text: str) -> str:
    """"trên 90%", "từ 1.000 người trở lên", "dưới 5%", "không quá 5%"."""
    c = Comparison(comparison)
    if c is Comparison.EQ:
        return text
    return {Comparison.GT: pgettext("chỉ tiêu", "trên {x}"),
            Comparison.GE: pgettext("chỉ tiêu", "từ {x} trở lên"),
            Comparison.LT: pgettext("chỉ tiêu", "dưới {x}"),
            Comparison.LE: pgettext("chỉ tiêu", "không quá {x}")}[c].format(x=text)


def target(comparison_: Comparison | str, value: Number, ev: Evaluation, *, percent_unit: bool,
           unit: str = "", period: Period | str = Period.YEAR,
           aggregate: Aggregate = Aggregate.EACH, plan: bool = False) -> str:
    """The review's sentence for one target: "hằng năm đều đạt trên 90% (thấp nhất 92,4%)",
    "năm 2021 chưa đạt (thấp nhất 11,9%)", "bình quân 296 người/năm, vượt 48% so với mục tiêu",
    "1.001 người, vượt 25,1% so với mục tiêu", "đạt 75,6% kế hoạch năm"."""
    if ev.measured is None:
        return ""

    def shown(x: Number) -> str:
        text = pct(Fraction(x) / 100) if percent_unit else f"{number(x)}{' ' + unit if unit else ''}"
        return _("{x} kế hoạch năm").format(x=text) if plan else text

    if Period(period) is Period.YEAR and aggregate is Aggregate.EACH:
        if ev.failing_years:
            return _("năm {years} chưa đạt (thấp nhất {m})").format(
                years=", ".join(str(y) for y in ev.failing_years), m=shown(ev.measured))
        return _("hằng năm đều đạt {target} (thấp nhất {m})").format(
            target=comparison(comparison_, shown(value)), m=shown(ev.measured))
    if percent_unit:
        return _("đạt {m}").format(m=shown(ev.measured))
    lead = (_("bình quân {m}/năm").format(m=shown(ev.measured)) if Period(period) is Period.YEAR
            else shown(ev.measured))
    progress_text = progress(comparison_, ev.measured, value)
    return f"{lead}, {progress_text}" if progress_text else lead
