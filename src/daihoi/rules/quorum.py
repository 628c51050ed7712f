"""Quorum arithmetic of a congress. Pure Python, no Django.

RULES.md, "Congress and votes": the quorum is *open* (no text found); the default is at
least two thirds of the base (`rulesets.DEFAULT_QUORUM_SHARE`, written there once), a
parameter the congress confirms. The base is the one of elections (190-QĐ/TW Điều 30 khoản
3): the official delegates convened, less the members of the convening committee absent for
the whole congress, less the official delegates absent for the whole congress with no
alternate replacing them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction

from daihoi.rules import rulesets

# The one default lives with the rule set (rulesets.DEFAULT_QUORUM_SHARE); the congress
# stores the share it confirmed in Congress.rules["quorum_share"].
DEFAULT_QUORUM_SHARE = rulesets.DEFAULT_QUORUM_SHARE
# How the default reads in forms and help texts ("2/3").
DEFAULT_QUORUM_TEXT = rulesets.share_text(DEFAULT_QUORUM_SHARE)

BAD_SHARE = "Tỷ lệ tối thiểu phải là một phân số trong khoảng (0, 1], ví dụ 2/3: «{value}»."


def parse_share(value: object, default: Fraction = DEFAULT_QUORUM_SHARE) -> Fraction:
    """A share as stored in `Congress.rules` ("2/3", "0.5", 0.5); `default` when empty."""
    if value in (None, ""):
        return default
    try:
        share = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(BAD_SHARE.format(value=value)) from exc
    if not 0 < share <= 1:
        raise ValueError(BAD_SHARE.format(value=value))
    return share


def _rules(share: Fraction) -> rulesets.RuleSet:
    return dataclasses.replace(rulesets.DEFAULT, quorum_share=share)


def quorum_needed(base: int, share: Fraction = DEFAULT_QUORUM_SHARE) -> int:
    """The least number present that is "at least `share` of the base" (`RuleSet.quorum_needed`).

    2/3 of 246 is 164 exactly, so 164 are needed; 2/3 of 245 is 163.33..., so 164. A congress
    with no base yet (nobody convened, before check-in) needs nobody and has no quorum."""
    if base <= 0:
        return 0
    return _rules(share).quorum_needed(base)


def quorum_met(present: int, base: int, share: Fraction = DEFAULT_QUORUM_SHARE) -> bool:
    """The rule is the rule set's (`RuleSet.quorum_met`); a congress with no base at all
    (nobody convened) has no quorum."""
    return base > 0 and _rules(share).quorum_met(present, base)


@dataclass(frozen=True)
class Quorum:
    base: int
    share: Fraction
    needed: int
    present: int
    met: bool

    @property
    def share_label(self) -> str:
        return rulesets.share_text(self.share)


def quorum(*, present: int, base: int, share: Fraction = DEFAULT_QUORUM_SHARE) -> Quorum:
    return Quorum(
        base=base,
        share=share,
        needed=quorum_needed(base, share),
        present=present,
        met=quorum_met(present, base, share),
    )
