"""Committees for the meetings tests: seats linked to members with logins of the committee
role, so a test can act as one of them."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from daihoi.core.models import User
from daihoi.core.roles import Role
from daihoi.meetings import sections, services
from daihoi.meetings.models import Committee, Conference
from daihoi.organizations.models import Organization
from tests.factories import MemberFactory, OrganizationFactory

PASSWORD = "correct-horse-9"
START = dt.date(2025, 10, 1)


@functools.cache
def _hash() -> str:
    return make_password(PASSWORD)


def login(username: str, *roles: Role, full_name: str = "") -> User:
    """A user with `roles`, its password hashed once for all (hashing is most of a test)."""
    user = User.objects.create(username=username, password=_hash(), full_name=full_name or username)
    user.groups.set([Group.objects.get_or_create(name=str(r))[0] for r in roles])
    return user


def office(username: str = "office") -> User:
    return login(username, Role.OFFICE, full_name="Văn phòng")


def committee(actor: User, *, seats: int = 6, org: Organization | None = None,
              term: str = "2025–2030", start: dt.date = START, prefix: str = "uv",
              previous: Committee | None = None) -> Committee:
    org = org or OrganizationFactory()
    rows: list[tuple[Any, str, str]] = []
    for i in range(seats):
        member = MemberFactory()
        user = login(f"{prefix}{i}-{org.pk}", Role.COMMITTEE, full_name=member.full_name)
        member.user = user
        member.save(update_fields=["user"])
        rows.append((member, member.full_name, "secretary" if i == 0 else "member"))
    return services.committee_create(
        acting_user=actor, organization=org, kind=Committee.Kind.EXECUTIVE,
        name=f"Ban Chấp hành {org.name}", term=term, term_starts_on=start, seats=rows,
        previous=previous)


def conference(actor: User, c: Committee, *, day: dt.date | None = None, **kw: Any) -> Conference:
    day = day or START + dt.timedelta(days=30)
    return services.conference_create(
        acting_user=actor, committee=c,
        starts_at=dt.datetime.combine(day, dt.time(14), tzinfo=timezone.get_current_timezone()), **kw)


def seat_user(c: Committee, index: int) -> User:
    seat = c.members.order_by("order")[index]
    assert seat.member is not None and seat.member.user is not None
    return seat.member.user


DRAFT = [
    sections.Section("I. Kết quả đạt được",
                     "Công tác chính trị tư tưởng tiếp tục được đổi mới tăng cường việc học tập và "
                     "làm theo tư tưởng đạo đức phong cách Hồ Chí Minh được triển khai nghiêm túc"),
    sections.Section("II. Công tác tổ chức",
                     "Công tác củng cố xây dựng tổ chức đảng quản lý đảng viên được chú trọng năng "
                     "lực lãnh đạo sức chiến đấu được nâng lên. Công tác kiểm tra giám sát kỷ luật "
                     "đảng được coi trọng phòng chống tham nhũng lãng phí được đẩy mạnh"),
    sections.Section("III. Tài chính đảng",
                     "Báo cáo tài chính đảng năm trước thu chi đúng quy định công khai minh bạch"),
    sections.Section("IV. Phương hướng",
                     "Tập trung lãnh đạo chỉ đạo đồng bộ các nhiệm vụ giải pháp ba khâu đột phá sáu "
                     "chương trình trọng tâm đến hết nhiệm kỳ"),
]


def docx(parts: list[sections.Section]) -> bytes:
    return sections.write_docx(parts)


def pdf_text(data: bytes) -> str:
    """A PDF's text, whitespace flattened (pypdfium2, a dependency: no poppler needed)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range() for page in pdf).split())
    finally:
        pdf.close()
