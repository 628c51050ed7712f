"""The level of a party organization, read from its name (the words of Điều lệ Đảng, Điều
11, and of the 2025 reorganization, which removed the district level: Kết luận 137-KL/TW,
communes then sit directly under the province).

- central: a party committee under the Central Committee ("Đảng bộ Chính phủ", "Đảng bộ
  Quốc hội", "Đảng bộ các cơ quan Đảng Trung ương", "Đảng bộ Bộ Công Thương");
- province: "Đảng bộ tỉnh X", "Đảng bộ thành phố Hải Phòng" (a city under the centre);
- upper_grassroots: the committees above the grassroots inside a province ("Đảng bộ Khối
  ...", "Đảng bộ các cơ quan Đảng tỉnh", "Đảng bộ UBND tỉnh", "Đảng bộ Quân sự tỉnh",
  "Đảng bộ Công an tỉnh", a district "Đảng bộ huyện/quận/thị xã" before 2025, a state group
  or corporation "Đảng bộ Tập đoàn ...", "Đảng bộ Tổng công ty ...");
- grassroots: communes, wards, towns, agencies, companies, schools, cells ("Đảng bộ xã",
  "Đảng bộ phường", "Chi bộ ...").
"""

from __future__ import annotations

import re

LEVELS = ("central", "province", "upper_grassroots", "grassroots")

_CENTRAL = re.compile(r"Trung ương|Chính phủ|Quốc hội|Quân ủy|^Đảng bộ Bộ (?!đội)", re.I)
_PROVINCE = re.compile(r"^Đảng bộ (?:tỉnh|thành phố|TP\.?) [A-ZĐÀ-Ỹ]", re.I)
_UPPER = re.compile(
    r"Tập đoàn|Tổng công ty|Khối|các cơ quan|Các cơ quan|UBND tỉnh|Ủy ban nhân dân tỉnh|Quân sự tỉnh|"
    r"Công an tỉnh|"
    r"Biên phòng tỉnh|^Đảng bộ (?:huyện|quận|thị xã)|Bộ đội Biên phòng",
    re.I,
)
_GRASSROOTS = re.compile(
    r"^(?:Đảng bộ|Chi bộ) (?:xã|phường|thị trấn|đặc khu)|^Chi bộ|Công ty|Trường|Bệnh viện|"
    r"Ngân hàng|Sở |Ban |Cục |Trung tâm",
    re.I,
)


def level_of(organization: str | None) -> str | None:
    """The level the name says, or None when it does not say."""
    if not organization:
        return None
    name = organization.strip()
    if _CENTRAL.search(name):
        return "central"
    if _GRASSROOTS.search(name) and not _UPPER.search(name):
        return "grassroots"
    if _UPPER.search(name):
        return "upper_grassroots"
    if _PROVINCE.search(name):
        return "province"
    return None
