"""The congress's PDFs (congress/pdfs.py): badges, the credentials report and the congress
report, each served whole to the secretariat."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from daihoi.congress.models import Congress
from daihoi.core.roles import Role


def test_pdfs(client_as: Callable[..., Any], congress: Congress, seated: Any) -> None:
    client = client_as(Role.SECRETARIAT)
    for name in ("badges_pdf", "credentials_pdf", "report_pdf"):
        response = client.get(reverse(f"congress:{name}", kwargs={"pk": congress.pk}))
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), name
