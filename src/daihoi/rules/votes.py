"""The result of a congress vote (biểu quyết) from its counts. Pure Python, no Django.

RULES.md, "Congress and votes": a resolution (and any decision of the congress) is adopted
with more than half of the members of the body in favour (Điều lệ Đảng; Quy định 294-QĐ/TW
item 9.3), counted against the convened body, not against those present. "More than half" is
`rules.majority`, the percentages `rules.percent`; this module validates the counts and
computes the figures the minutes print.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from daihoi.rules.errors import RulesError
from daihoi.rules.majority import is_more_than_half, more_than_half
from daihoi.rules.percent import percent

COUNT_NEGATIVE = "Số phiếu «{field}» không được âm (đang là {value})."
COUNT_NOT_INT = "Số phiếu «{field}» phải là số nguyên (đang là «{value}»)."
COUNTS_OVER_PRESENT = (
    "Tổng số biểu quyết ({total}: tán thành {agree}, không tán thành {disagree}, ý kiến khác "
    "{other}) vượt quá số đại biểu có mặt ({present})."
)
NO_BASE = ("Cơ sở tính phải ít nhất là 1 (đang là {base}): chưa có đại biểu nào được triệu tập, "
           "không tính được kết quả biểu quyết.")


class VoteCountError(RulesError):
    """Counts that cannot be right; the message names the field and the figures."""

    def __init__(self, message: str) -> None:
        # The message is formatted already: kept as the template with no parameters.
        super().__init__(message.replace("{", "{{").replace("}", "}}"))


@dataclass(frozen=True)
class VoteResult:
    agree: int
    disagree: int
    other: int
    present: int
    base: int
    adopted: bool
    needed: int  # the least number of agree votes that adopts

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.other

    @property
    def not_voting(self) -> int:
        return self.present - self.total

    def percent(self, count: int) -> Decimal:
        """Percentages in the minutes are against the base, like elections (`rules.percent`:
        exact, half up to two decimals)."""
        return percent(count, self.base)


def _check(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise VoteCountError(COUNT_NOT_INT.format(field=field, value=value))
    if value < 0:
        raise VoteCountError(COUNT_NEGATIVE.format(field=field, value=value))
    return value


def needed_to_adopt(base: int) -> int:
    """More than half of the base: base 244 needs 123, base 245 needs 123, base 1 needs 1.
    A base below 1 is an error (VoteCountError), not a need of 1."""
    if isinstance(base, int) and not isinstance(base, bool) and base < 1:
        raise VoteCountError(NO_BASE.format(base=base))
    return more_than_half(_check("cơ sở tính", base))


def vote_result(*, agree: int, disagree: int, other: int, present: int, base: int) -> VoteResult:
    """Validate the counts of a vote and say whether it adopts.

    Those present who raised no hand are allowed (agree + disagree + other <= present),
    more votes than people present are not."""
    agree = _check("tán thành", agree)
    disagree = _check("không tán thành", disagree)
    other = _check("ý kiến khác", other)
    present = _check("có mặt", present)
    needed = needed_to_adopt(base)
    total = agree + disagree + other
    if total > present:
        raise VoteCountError(COUNTS_OVER_PRESENT.format(
            total=total, agree=agree, disagree=disagree, other=other, present=present))
    return VoteResult(agree=agree, disagree=disagree, other=other, present=present, base=base,
                      adopted=is_more_than_half(agree, base), needed=needed)
