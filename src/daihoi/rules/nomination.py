"""Names nominated from the floor, or self-nominees, 190-QĐ/TW Điều 14. Pure Python, no Django.

Such a name is added to the list only with the agreement of MORE than 30% of the delegates
(members) ATTENDING (dự đại hội), found by an opinion ballot (phiếu xin ý kiến) that a team of
the presidium counts (Hướng dẫn 04-HD/TW Phụ lục 2 mẫu 5). The share is a parameter of the
rule set (`RuleSet.floor_nomination_min_share`).
"""

from __future__ import annotations

from fractions import Fraction

from daihoi.rules.errors import RulesError, gettext_noop

ERR_NOMINATION_COUNT = gettext_noop("'{field}' phải là số nguyên không âm (đang là {value}).")


def passes(agree: int, attending: int, min_share: Fraction) -> bool:
    """Strictly more than `min_share` of those attending agree: at 30% of 200 attending, 60
    is exactly 30% and fails; 61 passes (61 × 10 = 610 > 200 × 3 = 600)."""
    for field, value in (("agree", agree), ("attending", attending)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RulesError(ERR_NOMINATION_COUNT, field=field, value=value)
    return agree * min_share.denominator > attending * min_share.numerator
