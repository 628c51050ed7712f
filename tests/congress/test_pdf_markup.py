"""Markup in the names of a congress prints as typed in each of its PDFs (the badges, a
delegate's own badge, the credentials report, the congress report), through the pages that
serve them (issue 15)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.models import Body, BodyMember, Congress, Delegate, Guest
from daihoi.core.models import User
from daihoi.core.roles import Role
from tests.factories import CongressFactory, DelegateFactory, MemberFactory, OrganizationFactory
from tests.pdftext import KINDS, assert_printed_literally, drawn_text, payload

pytestmark = pytest.mark.django_db


def _congress(name: str) -> tuple[Congress, list[Delegate]]:
    """The organization, venue and theme, two delegates (the youngest and the oldest: the
    report names them), what they represent and studied, a guest, and the chair of the
    credentials committee all hold `name`."""
    root = OrganizationFactory(name=name)
    congress = CongressFactory(organization=root, venue=name, theme=name)
    unit = OrganizationFactory(name=f"Chi bộ {name}", parent=root)
    delegates = [
        DelegateFactory(congress=congress, number=i + 1, credentials=Delegate.Credentials.ACCEPTED,
                        member=MemberFactory(full_name=f"{family} {name}", organization=unit,
                                             education=name, date_of_birth=born))
        for i, (family, born) in enumerate([("Lê Văn", dt.date(1990, 3, 1)),
                                            ("Trần Thị", dt.date(1965, 7, 9))])
    ]
    Guest.objects.create(congress=congress, full_name=f"Phạm Văn {name}", title=name)
    body = Body.objects.create(congress=congress, kind=Body.Kind.CREDENTIALS)
    BodyMember.objects.create(body=body, member=delegates[0].member, role=BodyMember.Role.CHAIR)
    return congress, delegates


@pytest.mark.parametrize("kind", KINDS)
def test_every_congress_pdf_prints_markup_as_typed(
        kind: str, tmp_path: Path, client_as: Callable[..., Any], make_user: Callable[..., User],
        client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    name = payload(kind, tmp_path, monkeypatch)
    congress, delegates = _congress(name)
    people = [d.member.full_name for d in delegates]
    staff = client_as(Role.SECRETARIAT)
    pages = {
        "badges": (reverse("congress:badges_pdf", args=[congress.pk]),
                   [*people, f"Chi bộ {name}"]),
        "credentials": (reverse("congress:credentials_pdf", args=[congress.pk]),
                        [*people, name]),
        "report": (reverse("congress:report_pdf", args=[congress.pk]),
                   [people[0], name, f"Phạm Văn {name}"]),
    }
    for what, (url, expected) in pages.items():
        with drawn_text(monkeypatch) as drawn:
            response = staff.get(url)
        assert response.status_code == 200, what
        assert_printed_literally(response.content, drawn, *expected)
    # The delegate's own badge.
    user = make_user(Role.DELEGATE)
    member = delegates[1].member
    member.user = user
    member.save()
    client.force_login(user)
    with drawn_text(monkeypatch) as drawn:
        response = client.get(reverse("congress:my_badge", args=[congress.pk]))
    assert response.status_code == 200
    assert_printed_literally(response.content, drawn, member.full_name, f"Chi bộ {name}")
