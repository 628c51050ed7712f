""""More than half" (quá một nửa), written once. Pure Python, no Django.

- Elections: a candidate is elected only with more than half of the votes against the
  convened base, not against the ballots (190-QĐ/TW Điều 30).
- Resolutions and decisions of a congress: adopted with more than half of the body in favour,
  counted against the convened body, not those present (Điều lệ Đảng; Quy định 294-QĐ/TW
  item 9.3).

Exact integer arithmetic: "more than half of n" is `count * 2 > n`, never a float.
"""

from __future__ import annotations

from daihoi.rules.errors import RulesError, gettext_noop

ERR_MAJORITY_COUNT = gettext_noop("'{field}' phải là số nguyên không âm (đang là {value}).")

CITATION_ELECTION = "190-QĐ/TW Điều 30"
CITATION_RESOLUTION = "Quy định 294-QĐ/TW mục 9.3"


def _whole(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RulesError(ERR_MAJORITY_COUNT, field=field, value=value)
    return value


def more_than_half(n: int) -> int:
    """The least whole count that is more than half of `n`: half of n rounded down, plus one.

    n 244: 123 (122 is exactly half and is not more); n 245: 123 (half is 122.5); n 1: 1."""
    return _whole("n", n) // 2 + 1


def is_more_than_half(count: int, n: int) -> bool:
    """Whether `count` is more than half of `n` (count × 2 > n): 123 of 244 is, 122 is not."""
    return _whole("count", count) * 2 > _whole("n", n)
