"""Markup in the names of an election prints as typed in each of its PDFs (the list, the
ballots, the counting minutes), through the pages that serve them (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections import selectors, services
from daihoi.elections.models import Round
from daihoi.organizations.models import Organization
from tests.elections.conftest import confirm_counting
from tests.factories import MemberFactory, OrganizationFactory
from tests.pdftext import KINDS, assert_printed_literally, drawn_text, payload

pytestmark = pytest.mark.django_db


def _counted_round(name: str, office: Any, counter: Any) -> Round:
    """Every name of the election holds `name`: the committee and its parent, the title, the
    three candidates (one from the register, whose unit also holds it), the counting
    committee. Three ballots for 3 seats, each striking one of the names 2 to 4 in ballot
    order: the first 3 votes, the others 2 each, above the threshold (2 of base 3) and tied
    for the last 2 seats, so the minutes print the elected table and the tie too."""
    parent = Organization.objects.create(name=name, kind=Organization.Kind.COMMITTEE)
    org = Organization.objects.create(name=f"Đảng bộ {name}", kind=Organization.Kind.COMMITTEE,
                                      parent=parent, short_name=name[:40])
    member = MemberFactory(full_name=f"Lê Văn {name}",
                           organization=OrganizationFactory(name=f"Chi bộ {name}"))
    election = services.election_create(
        acting_user=office, organization=org, title=name, kind="committee", seats=3,
        counting_members=f"Phạm Văn {name}\nHoàng Thị {name}")
    services.candidate_add(acting_user=office, election=election, full_name=name)
    services.candidate_add(acting_user=office, election=election, full_name=f"Trần Thị {name}")
    services.candidate_add(acting_user=office, election=election, member=member)
    services.candidate_add(acting_user=office, election=election, full_name="Nguyễn Văn An")
    round_ = services.round_create_first(acting_user=office, election=election)
    services.round_setup(acting_user=counter, round_=round_, electorate_convened=3, excluded=0,
                         ballots_issued=3, electorate_present=3)
    confirm_counting(election, counter)
    services.round_start_counting(acting_user=counter, round_=round_, groups=1)
    group = round_.groups.get()
    for struck in ("2", "3", "4"):
        services.ballot_enter(acting_user=counter, group=group, marks=struck)
    services.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    return round_


@pytest.mark.parametrize("kind", KINDS)
def test_every_election_pdf_prints_markup_as_typed(
        kind: str, tmp_path: Path, office: Any, counter: Any, client_as: Callable[..., Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    name = payload(kind, tmp_path, monkeypatch)
    round_ = _counted_round(name, office, counter)
    result = round_.result
    assert result["elected"] and result["tie"], result  # both tables of the minutes are drawn
    names = [c.full_name for c in selectors.ballot_candidates(round_)]
    election = round_.election
    client = client_as(Role.OFFICE, Role.COUNTING)
    pages = {
        "list": (reverse("elections:candidate_list_pdf", args=[election.pk]),
                 [*names, name, f"Chi bộ {name}"]),
        "ballots": (reverse("elections:ballots_pdf", args=[round_.pk]) + "?copies=1",
                    [*names, name.upper(), f"Đảng bộ {name}".upper()]),
        "minutes": (reverse("elections:minutes_pdf", args=[round_.pk]),
                    [*names, name, name.upper(), f"Phạm Văn {name}", f"Hoàng Thị {name}"]),
    }
    for what, (url, expected) in pages.items():
        with drawn_text(monkeypatch) as drawn:
            response = client.get(url)
        assert response.status_code == 200, what
        assert_printed_literally(response.content, drawn, *expected)
