"""The congress report (congress/reports.py): its paragraphs as the report page shows them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from daihoi.congress.models import CheckIn, Congress, Delegate, Guest
from daihoi.core.roles import Role


def test_report_page(client_as: Callable[..., Any], congress: Congress, seated: list[Delegate]) -> None:
    session = congress.sessions.get(is_current=True)
    CheckIn.objects.create(delegate=seated[0], session=session)
    Guest.objects.create(
        congress=congress, full_name="Lê Thị Thu Hồng", title="Phó Bí thư Thường trực Tỉnh ủy"
    )
    body = client_as(Role.LEADER).get(reverse("congress:report", kwargs={"pk": congress.pk})).content.decode()
    assert "lần thứ XVIII, nhiệm kỳ 2025 – 2030" in body
    assert "Tham dự Đại hội có 1/3 đại biểu chính thức" in body
    assert "Lê Thị Thu Hồng" in body
