"""Confidence votes (lấy phiếu tín nhiệm): Quy định 96-QĐ/TW (2/2/2023). Pure Python, no Django.

RULES.md, "Confidence votes", followed as written:

- three levels, *tín nhiệm cao*, *tín nhiệm*, *tín nhiệm thấp*, each counted as a share of
  the ballots returned (not of those convened, not of the valid marks). So a returned
  ballot that leaves a person's row blank (or marks it twice, on paper), and a ballot
  returned with no mark at all, count in the denominator and in no level: the person's
  `unmarked` (the paper count and the device ballot alike, elections/evoting/services.py);
- the meeting needs at least 2/3 of those convened present (`ConfidenceRules.quorum_share`);
- more than half but under two thirds "low" (Điều 11 khoản 2): removed from the succession
  plan for higher posts; the competent level considers moving them or a formal vote of
  confidence (`Consequence.REVIEW`);
- two thirds or more "low" (Điều 11 khoản 3): relieved of the post and moved to a lower one
  without waiting for the end of the term (`Consequence.RELIEVE`).

Every threshold is a parameter of `ConfidenceRules` (stored with the vote it counted, so a
past vote keeps its rules when the regulation changes); the defaults are 96's. Shares are
`Fraction`s: "more than half" of 27 ballots is 14 low, never a rounded 51.85%.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from daihoi.rules.errors import RulesError, gettext_noop

ERR_NEGATIVE = gettext_noop("Số {field} không được âm (nhập {value}).")
ERR_CONVENED = gettext_noop("Số được triệu tập phải lớn hơn 0 (nhập {value}).")
ERR_PRESENT = gettext_noop("Số có mặt ({present}) lớn hơn số được triệu tập ({convened}).")
ERR_RETURNED = gettext_noop("Số phiếu thu về ({returned}) lớn hơn số có mặt ({present}).")
ERR_MARKS = gettext_noop(
    "{name}: tổng số phiếu ba mức ({total}) lớn hơn số phiếu thu về ({returned}).")
ERR_SHARE = gettext_noop("Tỷ lệ «{name}» phải là một phân số trong khoảng (0, 1], nhập «{value}».")
ERR_ORDER = gettext_noop(
    "Tỷ lệ miễn nhiệm ({relieve}) phải lớn hơn tỷ lệ xem xét ({review}).")

#: Quy định 96: at least two thirds of those convened present.
QUORUM_SHARE = Fraction(2, 3)
#: Điều 11 khoản 2: "more than half" low.
REVIEW_SHARE = Fraction(1, 2)
#: Điều 11 khoản 3: "two thirds or more" low.
RELIEVE_SHARE = Fraction(2, 3)

CITATION = "Quy định 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị"


class Level(StrEnum):
    HIGH = "high"      # tín nhiệm cao
    MEDIUM = "medium"  # tín nhiệm
    LOW = "low"        # tín nhiệm thấp


class Consequence(StrEnum):
    NONE = "none"
    #: Điều 11 khoản 2: out of the succession plan; moved or a formal vote considered.
    REVIEW = "review"
    #: Điều 11 khoản 3: relieved of the post, moved lower, before the end of the term.
    RELIEVE = "relieve"


CONSEQUENCE_TEXT = {
    Consequence.NONE: gettext_noop("Không thuộc trường hợp phải xem xét"),
    Consequence.REVIEW: gettext_noop(
        "Quá 1/2 đến dưới 2/3 tín nhiệm thấp: không quy hoạch, bổ nhiệm vào chức vụ cao hơn; "
        "cấp có thẩm quyền xem xét cho thôi giữ chức vụ hoặc bỏ phiếu tín nhiệm "
        "(Quy định 96-QĐ/TW, Điều 11 khoản 2)"),
    Consequence.RELIEVE: gettext_noop(
        "Từ 2/3 trở lên tín nhiệm thấp: cho thôi giữ chức vụ, bố trí công tác khác thấp hơn, "
        "không chờ hết nhiệm kỳ (Quy định 96-QĐ/TW, Điều 11 khoản 3)"),
}


def _share(name: str, value: object) -> Fraction:
    try:
        share = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise RulesError(ERR_SHARE, name=name, value=value) from exc
    if not 0 < share <= 1:
        raise RulesError(ERR_SHARE, name=name, value=value)
    return share


@dataclass(frozen=True)
class ConfidenceRules:
    """The parameters of Quy định 96 a vote is counted under. `review_share`: low strictly
    more than it gives REVIEW; `relieve_share`: low at or above it gives RELIEVE."""

    quorum_share: Fraction = QUORUM_SHARE
    review_share: Fraction = REVIEW_SHARE
    relieve_share: Fraction = RELIEVE_SHARE

    def __post_init__(self) -> None:
        for name in ("quorum_share", "review_share", "relieve_share"):
            object.__setattr__(self, name, _share(name, getattr(self, name)))
        if self.relieve_share <= self.review_share:
            raise RulesError(ERR_ORDER, relieve=self.relieve_share, review=self.review_share)

    def to_dict(self) -> dict[str, str]:
        return {"quorum_share": str(self.quorum_share), "review_share": str(self.review_share),
                "relieve_share": str(self.relieve_share)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> ConfidenceRules:
        data = dict(data or {})
        return cls(quorum_share=data.get("quorum_share", QUORUM_SHARE),
                   review_share=data.get("review_share", REVIEW_SHARE),
                   relieve_share=data.get("relieve_share", RELIEVE_SHARE))


DEFAULT = ConfidenceRules()


def _count(field: str, value: int) -> int:
    if value < 0:
        raise RulesError(ERR_NEGATIVE, field=field, value=value)
    return value


def quorum_needed(convened: int, rules: ConfidenceRules = DEFAULT) -> int:
    """The least number present that is at least `quorum_share` of those convened:
    2/3 of 27 is 18 exactly, so 18; 2/3 of 28 is 18.67, so 19."""
    if convened <= 0:
        raise RulesError(ERR_CONVENED, value=convened)
    need = rules.quorum_share * convened
    return need.numerator // need.denominator + (1 if need.denominator != 1 else 0)


def quorum_met(present: int, convened: int, rules: ConfidenceRules = DEFAULT) -> bool:
    """At least `quorum_share` of those convened present (Quy định 96)."""
    _count("có mặt", present)
    if present > convened:
        raise RulesError(ERR_PRESENT, present=present, convened=convened)
    return Fraction(present) >= rules.quorum_share * convened


def consequence(low: int, returned: int, rules: ConfidenceRules = DEFAULT) -> Consequence:
    """Điều 11: the consequence of `low` "tín nhiệm thấp" among `returned` ballots."""
    _count("tín nhiệm thấp", low)
    if returned <= 0:
        return Consequence.NONE
    share = Fraction(low, returned)
    if share >= rules.relieve_share:
        return Consequence.RELIEVE
    if share > rules.review_share:
        return Consequence.REVIEW
    return Consequence.NONE


@dataclass(frozen=True)
class Marks:
    """One person's counts from the ballots returned."""

    name: str
    high: int = 0
    medium: int = 0
    low: int = 0

    @property
    def total(self) -> int:
        return self.high + self.medium + self.low


@dataclass(frozen=True)
class PersonResult:
    name: str
    high: int
    medium: int
    low: int
    #: ballots returned on which this person was left unmarked (or marked twice: invalid).
    unmarked: int
    high_share: Fraction
    medium_share: Fraction
    low_share: Fraction
    consequence: Consequence


@dataclass(frozen=True)
class VoteResult:
    convened: int
    present: int
    returned: int
    quorum_needed: int
    quorum_met: bool
    people: tuple[PersonResult, ...]
    rules: ConfidenceRules


def _shares(marks: Marks, returned: int) -> tuple[Fraction, Fraction, Fraction]:
    if returned == 0:
        return Fraction(0), Fraction(0), Fraction(0)
    return (Fraction(marks.high, returned), Fraction(marks.medium, returned),
            Fraction(marks.low, returned))


def unmarked(marks: Marks, returned: int) -> int:
    """How many of the `returned` ballots give the person no level (RULES.md: in the
    denominator, in no level), once the three counts are checked: none negative, their sum
    not above the ballots returned. What the electronic count's verifier recomputes
    (elections/evoting/crypto/board.py), where no quorum is known yet."""
    for field, value in (("tín nhiệm cao", marks.high), ("tín nhiệm", marks.medium),
                         ("tín nhiệm thấp", marks.low)):
        _count(field, value)
    if marks.total > returned:
        raise RulesError(ERR_MARKS, name=marks.name, total=marks.total, returned=returned)
    return returned - marks.total


def count(*, convened: int, present: int, returned: int, marks: list[Marks],
          rules: ConfidenceRules = DEFAULT) -> VoteResult:
    """The result of one confidence vote: quorum, and per person the counts, their shares
    of the ballots returned and the consequence (Điều 11). A person's three counts may not
    exceed the ballots returned; the difference is shown as unmarked."""
    if convened <= 0:
        raise RulesError(ERR_CONVENED, value=convened)
    _count("có mặt", present)
    _count("phiếu thu về", returned)
    met = quorum_met(present, convened, rules)
    if returned > present:
        raise RulesError(ERR_RETURNED, returned=returned, present=present)
    people = []
    for m in marks:
        blank = unmarked(m, returned)
        high, medium, low = _shares(m, returned)
        people.append(PersonResult(
            name=m.name, high=m.high, medium=m.medium, low=m.low, unmarked=blank,
            high_share=high, medium_share=medium, low_share=low,
            consequence=consequence(m.low, returned, rules)))
    return VoteResult(convened=convened, present=present, returned=returned,
                      quorum_needed=quorum_needed(convened, rules), quorum_met=met,
                      people=tuple(people), rules=rules)


def percent_text(share: Fraction, places: int = 2) -> str:
    """A share as the minutes print it, Vietnamese style: 2/3 → "66,67%" (half up)."""
    scaled = share * 100 * 10**places
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    whole, frac = divmod(rounded, 10**places)
    return f"{whole},{frac:0{places}d}%" if places else f"{whole}%"
