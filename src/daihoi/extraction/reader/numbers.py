"""Numbers as Vietnamese writes them, Roman numerals, and the words that qualify a number.

- Thousands are grouped with a dot and decimals follow a comma: "4.500" is 4500, "1.001" is
  1001, "75,6%" is 75.6. A count (of people, of organizations) is never fractional, so "4,500
  đảng viên" is read as 4500 (a text typed with the English convention).
- Zeros in front are for show: "01 lần", "03 khâu đột phá".
- Small numbers may be written in words: "hai", "mười lăm", "hai mươi mốt".
- A multiplier may follow in words: "70 nghìn" is 70000, "1,2 triệu" 1200000.
- Roman numerals number congresses and terms: "lần thứ XVIII" is 18, "khóa XVII" is 17.
- Qualifiers before the number say how exact it is: "hơn", "trên" (more than), "gần",
  "gần như", "ngót" (nearly), "khoảng", "chừng", "xấp xỉ", "ước", "trên dưới" (about);
  after it, "trở lên" (at least: more_than). "với" (with) is only a preposition: "với hơn 300
  đại biểu" is "more_than", "với 246 đại biểu" exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXACT, MORE_THAN, NEARLY, ABOUT = "exact", "more_than", "nearly", "about"

DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_UNITS_W = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mốt": 1,
}
WORDS = (
    r"(?:(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín) mươi"
    r"(?: (?:mốt|hai|ba|bốn|tư|lăm|năm|sáu|bảy|bẩy|tám|chín))?"
    r"|mười(?: (?:một|hai|ba|bốn|lăm|năm|sáu|bảy|bẩy|tám|chín))?"
    r"|một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)"
)
# A number may be followed by its multiplier in words: "70 nghìn", "1,2 triệu".
MULTIPLIERS = {"nghìn": 1000, "ngàn": 1000, "vạn": 10_000, "triệu": 1_000_000}
NUMBER = rf"(?:{DIGITS}|{WORDS})(?![\d\w])(?: (?:nghìn|ngàn|vạn|triệu)(?![\w]))?"

# Longest first, so that "gần như" is not read as "gần" and "trên dưới" not as "trên".
_QUALIFIERS = [
    ("trên dưới", ABOUT),
    ("gần như", NEARLY),
    ("xấp xỉ", ABOUT),
    ("ước tính", ABOUT),
    ("hơn", MORE_THAN),
    ("trên", MORE_THAN),
    ("gần", NEARLY),
    ("ngót", NEARLY),
    ("khoảng", ABOUT),
    ("chừng", ABOUT),
    ("ước", ABOUT),
    ("độ", ABOUT),
]
QUALIFIER = r"(?:" + "|".join(q for q, _ in _QUALIFIERS) + r")"
# A number with what qualifies it: group q the qualifier, n the number; "với" and "có" skipped.
# The lookbehind and lookahead come first so that the alternatives are tried only where a
# word begins with a letter one of them begins with (the pattern is searched in long text).
QTY = (rf"(?<![^\W_])(?=[\dvcglđthxưnkmbsVCGLĐTHXƯNKMBS])(?:(?:với|có|gồm|là|tới|đến) )?"
       rf"(?:(?P<q>{QUALIFIER}) )?(?P<n>{NUMBER})")


def qualifier_of(word: str | None, after: str = "") -> str:
    """The qualifier's name for the word before a number (and "trở lên" after it)."""
    if word:
        lowered = word.lower()
        for q, name in _QUALIFIERS:
            if lowered == q:
                return name
    if re.match(r"\s*(?:%\s*)?(?:[^\W\d_]+\s+){0,3}?trở lên", after.lower()):
        return MORE_THAN
    return EXACT


def words_value(text: str) -> int | None:
    """ "mười lăm" → 15, "hai mươi mốt" → 21, "ba" → 3; None when not a number in words."""
    parts = text.lower().split()
    if not parts:
        return None
    if parts[0] == "mười":
        rest = parts[1:]
        if not rest:
            return 10
        return 10 + _UNITS_W[rest[0]] if len(rest) == 1 and rest[0] in _UNITS_W else None
    if len(parts) >= 2 and parts[1] == "mươi" and parts[0] in _UNITS_W:
        tens = _UNITS_W[parts[0]] * 10
        if len(parts) == 2:
            return tens
        return tens + _UNITS_W[parts[2]] if len(parts) == 3 and parts[2] in _UNITS_W else None
    if len(parts) == 1 and parts[0] in _UNITS_W and parts[0] not in ("lăm", "mốt", "tư"):
        return _UNITS_W[parts[0]]
    return None


def parse_number(text: str, *, count: bool = False) -> int | float | None:
    """A number as written: "4.500" → 4500, "75,6" → 75.6, "01" → 1, "hai" → 2.

    `count`: the number counts things, so a comma before exactly three digits groups
    thousands ("4,500 đảng viên" → 4500)."""
    text = text.strip()
    if not text:
        return None
    head, _, last = text.rpartition(" ")
    if head and last.lower() in MULTIPLIERS:
        base = parse_number(head, count=False)
        if base is None:
            return None
        value = base * MULTIPLIERS[last.lower()]
        return int(value) if float(value).is_integer() else value
    if not text[0].isdigit():
        return words_value(text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return int(text.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", text):
        whole, frac = text.split(",")
        return float(whole.replace(".", "") + "." + frac)
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+,\d+", text):
        whole, frac = text.split(",")
        if count and len(frac) == 3:
            return int(whole + frac)
        return float(whole + "." + frac)
    return None


_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
ROMAN = r"[IVXLCDM]+(?![\w])"


def roman_value(text: str) -> int | None:
    """ "XVIII" → 18; None for what is not a well-formed Roman numeral ("IIII", "VX", "")."""
    text = text.strip().upper()
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < nxt else value
    return total


def ordinal_value(text: str) -> int | None:
    """The number after "lần thứ": Roman ("XVIII"), digits ("11", "01") or words ("hai");
    "nhất" is the first."""
    text = text.strip()
    if text.lower() == "nhất":
        return 1
    if text.isdigit():
        return int(text)
    return roman_value(text) if text.isupper() else words_value(text)


@dataclass(frozen=True)
class Quantity:
    value: int | float
    qualifier: str
    start: int
    end: int

    def as_json(self) -> dict[str, object]:
        return {"value": self.value, "qualifier": self.qualifier}


def quantity(match: re.Match[str], text: str, *, count: bool = True) -> Quantity | None:
    """The Quantity of a match of a pattern holding QTY (groups q and n)."""
    value = parse_number(match.group("n"), count=count)
    if value is None:
        return None
    after = text[match.end("n") : match.end("n") + 40]
    start = match.start("q") if match.group("q") else match.start("n")
    return Quantity(value, qualifier_of(match.group("q"), after), start, match.end("n"))
