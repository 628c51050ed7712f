"""Suggest the machine-readable form of resolution targets (chỉ tiêu) from their Vietnamese
text. Pure Python, no Django. A suggestion only: the secretariat confirms or edits it.

    "Hằng năm có trên 95% đảng viên hoàn thành tốt nhiệm vụ, trong đó 20% hoàn thành xuất sắc"
      -> share_good_or_better > 95 % / year;  share_excellent >= 20 % / year
    "kết nạp từ 750 đảng viên trở lên trong nhiệm kỳ, bình quân 150/năm"
      -> admitted >= 750 people / term;  admitted >= 150 people / year

The text is cut into clauses (commas, semicolons, "trong đó"); each clause holding a
quantity gives one target. A clause that does not name its subject ("bình quân 150/năm")
takes the subject of the clause before it; the period is the clause's own ("trong nhiệm
kỳ", "/năm"), else the sentence's ("Hằng năm ..."), else per year.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

SHARE_GOOD = "share_good_or_better"
SHARE_EXCELLENT = "share_excellent"
ADMITTED = "admitted"
ORGS_GOOD = "orgs_good_or_better"
PRIVATE_ORGS = "private_enterprise_orgs"
OTHER = "other"

PERCENT = "%"
PEOPLE = "people"
ORGS = "organizations"

YEAR = "year"
TERM = "term"


@dataclass(frozen=True)
class TargetSuggestion:
    text: str          # the clause the figure was read from
    metric: str
    comparison: str    # one of >=, >, <=, <, =
    value: Decimal
    unit: str
    period: str


def _fold(text: str) -> str:
    """Lower case without diacritics ("Hằng năm" -> "hang nam"; đ -> d)."""
    text = text.lower().replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


# A comma between digits is a decimal comma ("92,5%"), not a clause break.
_CLAUSE_SPLIT = re.compile(r";|(?<!\d),|,(?!\d)|\btrong đó\b|\btrong do\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\b(19|20)\d\d\s*[-–]\s*(19|20)\d\d\b")
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*(%|phần trăm)?")


def _number(raw: str) -> Decimal:
    """Vietnamese writing: "1.001" is a thousand and one, "95,5" is ninety-five and a half."""
    if "," in raw:
        return Decimal(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        return Decimal(raw.replace(".", ""))
    return Decimal(raw)


def _comparison(folded: str, start: int, end: int) -> str:
    before = folded[max(0, start - 25):start]
    after = folded[end:end + 40]
    if re.search(r"(khong duoi|it nhat|toi thieu)\s*$", before) or "tro len" in after:
        return ">="
    if re.search(r"(khong qua|khong vuot|toi da)\s*$", before) or "tro xuong" in after:
        return "<="
    if re.search(r"(tren|hon|vuot)\s*$", before):
        return ">"
    if re.search(r"duoi\s*$", before):
        return "<"
    return ">="


def _metric(folded: str) -> str | None:
    if "ket nap" in folded:
        return ADMITTED
    if "doanh nghiep" in folded and ("to chuc dang" in folded or "thanh lap" in folded):
        return PRIVATE_ORGS
    if "xuat sac" in folded:
        return SHARE_EXCELLENT
    if "hoan thanh tot" in folded:
        if "to chuc co so" in folded or "tccs" in folded or "to chuc dang" in folded:
            return ORGS_GOOD
        return SHARE_GOOD
    return None


def _period(folded: str) -> str | None:
    if "nhiem ky" in folded:
        return TERM
    if re.search(r"(hang nam|hang nam|moi nam|/\s*nam|mot nam|binh quan.*nam)", folded):
        return YEAR
    return None


_UNIT_OF = {SHARE_GOOD: PERCENT, SHARE_EXCELLENT: PERCENT, ORGS_GOOD: PERCENT,
            ADMITTED: PEOPLE, PRIVATE_ORGS: ORGS}


def suggest_targets(text: str) -> list[TargetSuggestion]:
    """Every quantity in `text` with what it measures; [] when nothing is recognised."""
    text = unicodedata.normalize("NFC", text)
    sentence = _fold(text)
    sentence_period = YEAR if re.search(r"(hang nam|moi nam)", sentence) else None
    out: list[TargetSuggestion] = []
    subject: str | None = None
    for clause in _CLAUSE_SPLIT.split(text):
        clause = clause.strip()
        if not clause:
            continue
        cleaned = _YEAR_RANGE.sub(" ", clause)
        folded = _fold(cleaned)
        metric = _metric(folded)
        if metric is not None:
            subject = metric
        else:
            metric = subject
        match = _NUMBER.search(cleaned)
        if match is None:
            continue
        value = _number(match.group(1))
        is_percent = bool(match.group(2))
        if metric is None:
            metric = OTHER
        unit = PERCENT if is_percent else _UNIT_OF.get(metric, PEOPLE)
        if is_percent and metric in (ADMITTED, PRIVATE_ORGS):
            unit = PERCENT
        # the folded text keeps the offsets of `cleaned` (folding maps one letter to one)
        comparison = _comparison(folded, match.start(), match.end())
        period = _period(folded) or sentence_period or YEAR
        out.append(TargetSuggestion(text=clause, metric=metric, comparison=comparison,
                                    value=value, unit=unit, period=period))
    return out
