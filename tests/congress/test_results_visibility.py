"""The congress report and its PDF name the elected of a round only once the secretariat has
published it, unless the reader may see the result before (issue 15, "Permissions"): the
office and the leader read the report, and saw unpublished results there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress import views
from daihoi.congress.models import Congress
from daihoi.core.roles import Role
from daihoi.elections import services as el

pytestmark = pytest.mark.django_db

NAME = "Phạm Minh Châu"
SEES_UNPUBLISHED = {Role.SECRETARIAT: True, Role.COUNTING: True,
                    Role.OFFICE: False, Role.LEADER: False, Role.DELEGATE: False}
REPORT_ROLES = {Role.OFFICE, Role.SECRETARIAT, Role.LEADER}


def _pdf_tables(monkeypatch: Any) -> list[Any]:
    """What the report view hands to the PDF (the PDF's own text is compressed glyphs)."""
    seen: list[Any] = []
    real = views.pdfs.report_pdf

    def capture(congress: Congress, paragraphs: list[str], tables: list[Any]) -> bytes:
        seen.append(tables)
        return real(congress, paragraphs, tables)

    monkeypatch.setattr(views.pdfs, "report_pdf", capture)
    return seen


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", list(SEES_UNPUBLISHED))
def test_report_and_pdf_name_the_elected_only_when_visible(
        congress: Congress, count_election: Callable[..., Any], client_as: Any, make_user: Any,
        monkeypatch: Any, role: Role, published: bool) -> None:
    round_ = count_election(congress)
    if published:
        el.round_publish(acting_user=make_user(Role.SECRETARIAT), round_=round_, published=True)
    tables = _pdf_tables(monkeypatch)
    client = client_as(role)
    page = client.get(reverse("congress:report", kwargs={"pk": congress.pk}))
    pdf = client.get(reverse("congress:report_pdf", kwargs={"pk": congress.pk}))
    if role not in REPORT_ROLES:
        assert (page.status_code, pdf.status_code) == (403, 403)
        return
    sees = published or SEES_UNPUBLISHED[role]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (NAME in page.content.decode()) is sees
    elected_table = dict(tables[0])["Kết quả bầu cử"]
    assert (any(NAME in cell for row in elected_table for cell in row)) is sees
