"""Persons in an article: names and the titles written before (or after) them.

A Vietnamese name is two to five capitalized syllables starting with a family name
("Lê Thị Thu Hồng", "Nguyễn Văn Đức"). Capitalized words are everywhere in this prose
("Ban Chấp hành Đảng bộ Khối", "Tỉnh ủy"), so a name is taken only where it starts with a
known family name, or right after "đồng chí" (which names a person whatever the family).
Titles come before the name, several joined by commas ("Ủy viên Trung ương Đảng, Bí thư
Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh Nguyễn Văn A"), or after it between commas
("đồng chí Nguyễn Thị B, Tỉnh ủy viên, Bí thư Đảng ủy Khối chủ trì Hội nghị").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from daihoi.extraction.reader.places import place_prefix

UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper())
LOWER = "".join(c for c in map(chr, range(0x61, 0x1EFA)) if c.isalpha() and c.islower())
SYLLABLE = f"[{UPPER}][{LOWER}]*"

# Family names (họ), the common and a good many of the rarer ones, ethnic names included.
FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Thân",
    "Đinh",
    "Lương",
    "Trương",
    "Đoàn",
    "Lâm",
    "Mai",
    "Tô",
    "Hà",
    "Cao",
    "Tạ",
    "Chu",
    "Châu",
    "Lưu",
    "Quách",
    "Tăng",
    "Triệu",
    "Kiều",
    "La",
    "Thái",
    "Đào",
    "Vương",
    "Phùng",
    "Trịnh",
    "Đàm",
    "Nông",
    "Lò",
    "Giàng",
    "Hứa",
    "Khổng",
    "Nghiêm",
    "Âu",
    "Lại",
    "Lục",
    "Mạc",
    "Mạch",
    "Nhữ",
    "Ông",
    "Sầm",
    "Tống",
    "Từ",
    "Ứng",
    "Vi",
    "Diệp",
    "Hầu",
    "Khúc",
    "Lạc",
    "Lã",
    "Lữ",
    "Mã",
    "Nghê",
    "Phí",
    "Thạch",
    "Thiều",
    "Tiêu",
    "Trình",
    "Ksor",
    "Rơ",
    "Siu",
    "Nay",
    "Rah",
    "Danh",
    "Kha",
    "Khương",
    "Cù",
    "Cấn",
    "Bế",
    "Dư",
    "Đậu",
    "Đới",
    "Hàn",
    "Lăng",
    "Lều",
    "Mẫn",
    "Nhan",
    "Nịnh",
    "Quản",
    "Sái",
    "Thịnh",
    "Tôn",
    "Vòng",
    "Vy",
    "Y",
]
_FAMILY = "(?:" + "|".join(sorted(set(FAMILY_NAMES), key=len, reverse=True)) + ")"
# A name: a family name and one to four more syllables (group "name").
NAME = rf"(?P<name>{_FAMILY}(?: {SYLLABLE}){{1,4}})(?![{LOWER}{UPPER}])"
NAME_AFTER_COMRADE = rf"(?P<name>{SYLLABLE}(?: {SYLLABLE}){{1,4}})(?![{LOWER}{UPPER}])"

# The heads of titles: a position begins with one of these.
TITLE_HEAD = (
    r"(?:nguyên |Nguyên )?(?:Ủy viên|Tỉnh ủy viên|Thành ủy viên|Huyện ủy viên|Quận ủy viên|"
    r"Thị ủy viên|Đảng ủy viên|Tổng Bí thư|Phó Bí thư|Bí thư|Phó Chủ tịch|Chủ tịch|Phó Thủ tướng|"
    r"Thủ tướng|Bộ trưởng|Thứ trưởng|Phó Trưởng|Phó trưởng|Trưởng|Phó Tổng Giám đốc|Tổng Giám đốc|"
    r"Phó Giám đốc|Giám đốc|Phó Chủ nhiệm|Chủ nhiệm|Phó Chánh|Chánh|Viện trưởng|Hiệu trưởng|"
    r"Thường trực|Thường vụ|Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|"
    r"Trung tá|Thiếu tá|Đại biểu Quốc hội|Đại sứ|Tổng Thư ký|Tổng thư ký|Tổng Kiểm toán|"
    rf"Tổng Thanh tra|Phó Tổng|Tư lệnh|Chính ủy|Phó Tư lệnh|Giám đốc Công an)(?![{LOWER}])"
)
_NAME_RE = re.compile(NAME)
_COMRADE_RE = re.compile(rf"(?:[Đđ]ồng chí) {NAME_AFTER_COMRADE}")
_TITLE_RE = re.compile(TITLE_HEAD)
# Where a title written after the name ends: the verb of the sentence.
_TITLE_AFTER_END = re.compile(
    r"\s(?:chủ trì|phát biểu|dự|về dự|đến dự|tới dự|tham dự|chỉ đạo|cùng|và|được|đã|nhấn mạnh|"
    r"trao|tặng|ghi nhận|đánh giá|yêu cầu|đề nghị|khẳng định|cho biết|làm|giữ|tái)\b|[;:.()]"
)


@dataclass(frozen=True)
class Person:
    name: str
    position: str | None
    span: tuple[int, int]  # of the name
    position_span: tuple[int, int] | None


def names_in(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """(name, start, end) of every name in text[start:end], in order, none overlapping."""
    end = len(text) if end is None else end
    found: dict[int, tuple[str, int, int]] = {}
    for c in _COMRADE_RE.finditer(text, start, end):
        found[c.start("name")] = (c.group("name"), c.start("name"), c.end("name"))
    pos = start
    while True:
        m = _NAME_RE.search(text, pos, end)
        if m is None:
            break
        s, e = m.start("name"), m.end("name")
        cut = place_prefix(m.group("name"))
        if cut:  # "Hà Nội Đinh Tiến Dũng": the place, then perhaps a name
            pos = s + cut
            continue
        name = _not_a_title(m.group("name"), text[e : e + 12])
        if name and not any(a <= s < b for _, a, b in found.values()):
            found[s] = (name, s, s + len(name))
        pos = e
    return [found[k] for k in sorted(found)]


# A capitalized syllable that begins a word of a title or a body when the next word follows
# ("Đoàn Đại biểu", "Đoàn Chủ tịch", "Lê Chủ tịch"?): the name ends before it.
_TITLE_STARTS = {
    "Đại": ("biểu", "hội", "tướng", "tá", "sứ"),
    "Chủ": ("tịch", "nhiệm", "trì"),
    "Thư": ("ký",),
    "Bí": ("thư",),
    "Ủy": ("viên", "ban"),
    "Hội": ("nghị", "đồng"),
    "Chấp": ("hành",),
    "Thường": ("vụ", "trực"),
    "Phó": ("Bí", "Chủ", "Trưởng", "Giám"),
    "Ban": (),
    "Tỉnh": (),
    "Đảng": (),
    "Khối": (),
    "Kiểm": ("tra",),
    "Giám": ("sát", "đốc"),
    "Công": ("tác", "an", "đoàn"),
    "Thanh": ("niên", "tra"),
    "Trưởng": (),
    "Uỷ": ("viên", "ban"),
}


def _not_a_title(name: str, after: str) -> str | None:
    """The name without the title words it ran into ("Đoàn Đại" of "Đoàn Đại biểu" is
    none); None when fewer than two syllables are left."""
    parts = name.split()
    nxt = after.split()[:1]
    for i, part in enumerate(parts[1:], 1):
        follow = parts[i + 1] if i + 1 < len(parts) else (nxt[0].strip(",.;:") if nxt else "")
        if part in _TITLE_STARTS and (not _TITLE_STARTS[part] or follow in _TITLE_STARTS[part]):
            parts = parts[:i]
            break
    return " ".join(parts) if len(parts) >= 2 else None


def persons_in(text: str, start: int, end: int, match: str | None = None) -> list[Person]:
    """The persons named in text[start:end] with the position written with each (`match`:
    the matchable copy of the text, patterns run on it, words come from `text`)."""
    m_text = match if match is not None else text
    people: list[Person] = []
    boundary = start
    for _, s, e in names_in(m_text, start, end):
        name = text[s:e]
        position, pspan = None, None
        before = m_text[boundary:s]
        head = _TITLE_RE.search(before)
        if head:
            # The last run of titles before the name: from the first head after the last
            # word that is neither a title nor joined to one.
            pstart = boundary + head.start()
            ptext = text[pstart:s].rstrip(" ,")
            if ptext:
                position, pspan = ptext, (pstart, pstart + len(ptext))
        sep = re.match(r", | - | – |\s?\(", m_text[e : e + 3])
        if position is None and sep:
            after_start = e + sep.end()
            if _TITLE_RE.match(m_text, after_start):
                stop = _TITLE_AFTER_END.search(m_text, after_start, end)
                pend = stop.start() if stop else end
                ptext = text[after_start:pend].rstrip(" ,")
                if ptext:
                    position, pspan = ptext, (after_start, after_start + len(ptext))
        people.append(Person(name, position, (s, e), pspan))
        boundary = pspan[1] if pspan and pspan[1] > e else e
    return people
