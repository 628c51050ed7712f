"""What a counting clerk types for one paper ballot, read into line numbers. No Django here.

The clerk reads a ballot and types the numbers (ballot order, as printed) of the lines that
matter, separated by spaces or commas: `3 5 12`, `3,5,12`, ranges `4-7`, and `*` for every
line (a ballot with every name struck). Strike format: the lines struck through. Approve
format: the lines marked "không đồng ý"; the lines left blank or marked in both boxes go in a
second field (they count for nobody, 190-QĐ/TW Điều 30 khoản 1).
"""

from __future__ import annotations

import re


def gettext_noop(message: str) -> str:
    return message


ERR_TOKEN = gettext_noop("'{token}' không phải số thứ tự (gõ các số, cách nhau bằng dấu cách).")
ERR_RANGE = gettext_noop("Số thứ tự {number} không có trên phiếu (từ 1 đến {count}).")
ERR_OVERLAP = gettext_noop(
    "Dòng {number} vừa ở cột không đồng ý vừa ở dòng bỏ trống / đánh cả hai."
)

ALL_LINES = "*"
_SPLIT = re.compile(r"[\s,;.]+")
_RANGE = re.compile(r"^(\d+)-(\d+)$")


class EntryError(ValueError):
    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))


def parse_lines(text: str, count: int) -> list[int]:
    """The 1-based line numbers in `text`, sorted, without repeats; EntryError otherwise."""
    lines: set[int] = set()
    for token in _SPLIT.split(text.strip()):
        if not token:
            continue
        if token == ALL_LINES:
            lines.update(range(1, count + 1))
            continue
        match = _RANGE.match(token)
        if match:
            low, high = sorted((int(match.group(1)), int(match.group(2))))
            numbers = range(low, high + 1)
        elif token.isdigit():
            numbers = range(int(token), int(token) + 1)
        else:
            raise EntryError(ERR_TOKEN, token=token)
        for number in numbers:
            if not 1 <= number <= count:
                raise EntryError(ERR_RANGE, number=number, count=count)
            lines.add(number)
    return sorted(lines)


def check_disjoint(marks: list[int], void_lines: list[int]) -> None:
    both = sorted(set(marks) & set(void_lines))
    if both:
        raise EntryError(ERR_OVERLAP, number=both[0])
