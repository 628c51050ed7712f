"""Vietnamese personal names: parts, search folding and alphabetical order. No Django here.

A Vietnamese name is written family, middle, given ("Nguyễn Thị Hồng Hạnh": family Nguyễn,
middle Thị Hồng, given Hạnh) and is sorted by the given name first, as the forms of Hướng dẫn
04-HD/TW order candidates on a ballot (190-QĐ/TW Điều 15). Between two equal given names the
state's election rule takes the family name, then the middle name; the Party's order was not
seen (RULES.md), so it is a parameter (`NameOrder`, `RuleSet.name_order`), by default the
state's.

Letters follow the Vietnamese alphabet, where ă, â, đ, ê, ô, ơ, ư are letters of their own:
    a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
(f, j, w, z, found in foreign names, take their Latin places). Tone marks only break ties
between syllables with the same letters, in dictionary order: ngang, huyền, hỏi, ngã, sắc,
nặng (the order of Unicode's Vietnamese collation).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

# Combining marks that make a letter of its own (breve, circumflex, horn)...
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# ...and the five tone marks, numbered in dictionary order (0 is ngang, no mark).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Codes are two digits each so that the key sorts the same under any database collation
# (digits compare alike in every locale): letters 10.., tones 01..06, part separator 00.
_LETTER_CODE = {ch: f"{10 + i:02d}" for i, ch in enumerate(ALPHABET)}
_OTHER_CODE = "99"
_PART_SEPARATOR = "00"


class NameOrder(StrEnum):
    """What orders two names with the same given name."""

    # The state's election rule: family name, then middle name (the default).
    FAMILY_THEN_MIDDLE = "family_then_middle"
    MIDDLE_THEN_FAMILY = "middle_then_family"


@dataclass(frozen=True)
class NameParts:
    family: str
    middle: str
    given: str


def normalize_spaces(full_name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", full_name).split())


def split_name(full_name: str) -> NameParts:
    words = normalize_spaces(full_name).split(" ")
    if len(words) == 1:
        return NameParts("", "", words[0])
    return NameParts(words[0], " ".join(words[1:-1]), words[-1])


def identity_name(full_name: str) -> str:
    """A name as two records of one person carry it, for finding duplicates: composed (NFC),
    spaces collapsed, case folded; the diacritics kept ("Nguyễn Văn Ân" is not "Nguyễn Văn
    An": with the date of birth and the cell, that is how the register tells people apart)."""
    return normalize_spaces(full_name).casefold()


def fold(text: str) -> str:
    """Lower case without diacritics, for search: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    text = normalize_spaces(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _syllable_key(syllable: str) -> str:
    letters: list[str] = []
    tone = 0
    for base in unicodedata.normalize("NFD", syllable.lower()):
        if base in _TONES:
            tone = _TONES[base]
        elif base in _LETTER_MARKS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + base)
        elif unicodedata.combining(base):
            continue
        else:
            letters.append(base)
    codes = "".join(_LETTER_CODE.get(ch, _OTHER_CODE) for ch in letters)
    # The tone code (01-06) is lower than any letter code, so it also ends the syllable:
    # "an" sorts before "anh" whatever their tones, and "an" before "àn".
    return codes + f"{tone + 1:02d}"


def _part_key(part: str) -> str:
    return "".join(_syllable_key(s) for s in part.split())


def sort_key(full_name: str, order: NameOrder = NameOrder.FAMILY_THEN_MIDDLE) -> str:
    """A string of digits that orders names as a Vietnamese list does: given name, then (by
    `order`) family then middle names or middle then family, each in the Vietnamese alphabet."""
    parts = split_name(full_name)
    rest = ((parts.family, parts.middle) if NameOrder(order) is NameOrder.FAMILY_THEN_MIDDLE
            else (parts.middle, parts.family))
    return _PART_SEPARATOR.join(_part_key(p) for p in (parts.given, *rest))


def sorted_names(names: list[str], order: NameOrder = NameOrder.FAMILY_THEN_MIDDLE) -> list[str]:
    return sorted(names, key=lambda n: (sort_key(n, order), n))
