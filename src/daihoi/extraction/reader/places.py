"""Provinces and cities under the central government, before and after the 2025
reorganization (Nghị quyết 202/2025/QH15: 63 units became 34; every new unit kept the name
of one of the old, and "Thừa Thiên Huế" became the city of "Huế"). An article names a
province as "tỉnh Bến Tre", "thành phố Hải Phòng", "TP Hồ Chí Minh", "TP. HCM".
"""

from __future__ import annotations

import re

from daihoi.extraction.reader.text import matchable

PROVINCES = [
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cần Thơ",
    "Cao Bằng",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
    "Huế",
]
# Other spellings seen in print, to the name above.
VARIANTS = {
    "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Đăk Lăk": "Đắk Lắk",
    "Đắc Lắc": "Đắk Lắk",
    "Đắk Lăk": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông",
    "Đắc Nông": "Đắk Nông",
    "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "HCM": "Hồ Chí Minh",
    "Hồ Chí Minh": "Hồ Chí Minh",
}
_ALL = {name: name for name in PROVINCES} | VARIANTS
_NAMES = "|".join(re.escape(n) for n in sorted(_ALL, key=len, reverse=True))
PROVINCE_RE = re.compile(
    rf"(?:\b(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|Tp\.?|Tỉnh ủy|Thành ủy)\s+)(?P<province>{_NAMES})(?![^\W\d_])")
_PLACE_START = re.compile(rf"(?:{_NAMES})(?![^\W\d_])")


def province_in(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first province named with its "tỉnh"/"thành phố" in (matchable) text, by the
    name of its unit, with the span of the name."""
    m = PROVINCE_RE.search(matchable(text))
    if not m:
        return None
    return _ALL[m.group("province")], m.span("province")


def place_prefix(words: str) -> int:
    """How many characters of `words` a province name takes at its start (0 if none)."""
    m = _PLACE_START.match(matchable(words))
    return m.end() + (1 if m and m.end() < len(words) else 0) if m else 0
