"""Who may see and do what on the elections pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections import services
from daihoi.elections.models import Candidate, PaperBallot, Round
from daihoi.organizations.models import Member
from tests.confirming import post_confirmed

pytestmark = pytest.mark.django_db


def test_entry_endpoint_saves_and_answers_json(counting_round: Any, client_as: Any) -> None:
    round_ = counting_round()
    group = round_.groups.get()
    client = client_as(Role.COUNTING)
    url = reverse("elections:ballot_save", args=[group.pk])
    res = client.post(url, {"marks": "4 5", "entry": "1"})
    assert res.status_code == 200
    assert res.json() == {"ok": True, "position": 1, "reason": "", "reason_label": "",
                          "marks": [4, 5], "void": [], "key": "", "voided": False,
                          "repeated": False}
    res = client.post(url, {"marks": "4 5", "unstamped": "1"})
    assert res.json()["reason"] == "unstamped"
    res = client.post(url, {"marks": "7"})
    assert res.status_code == 400 and "7" in res.json()["error"]
    assert PaperBallot.objects.filter(group=group).count() == 2
    res = client.post(reverse("elections:ballot_undo", args=[group.pk]), {"entry": "1"})
    assert res.json() == {"ok": True, "position": 2}
    assert PaperBallot.objects.filter(group=group).count() == 1


@pytest.mark.parametrize("role", [Role.DELEGATE, Role.OFFICE, Role.LEADER, Role.SECRETARIAT])
def test_only_counting_committee_may_enter(counting_round: Any, client_as: Any, role: Role) -> None:
    group = counting_round().groups.get()
    client = client_as(role)
    assert client.post(reverse("elections:ballot_save", args=[group.pk]),
                       {"marks": "4 5"}).status_code == 403
    assert client.get(reverse("elections:entry", args=[group.pk])).status_code == 403
    assert PaperBallot.objects.count() == 0


def test_counting_member_of_the_congress_may_enter(counting_round: Any, client: Any,
                                                   make_user: Any) -> None:
    """The congress's own counting committee (its Ban Kiểm phiếu, asked through the
    election's electorate) may enter ballots for that congress's elections without the
    global counting role."""
    import datetime as dt

    from daihoi.congress.models import Body, BodyMember, Congress
    from daihoi.organizations.models import Member

    round_ = counting_round()
    election = round_.election
    member_user, other = make_user(Role.DELEGATE), make_user(Role.DELEGATE)
    url = reverse("elections:ballot_save", args=[round_.groups.get().pk])
    client.force_login(member_user)
    assert client.post(url, {"marks": "4 5"}).status_code == 403  # not a congress election
    congress = Congress.objects.create(
        organization=election.organization, ordinal=18, term_start=2025, term_end=2030,
        starts_on=dt.date(2025, 8, 1), ends_on=dt.date(2025, 8, 2))
    member = Member.objects.create(full_name="Lê Thị Mai", gender=Member.Gender.FEMALE,
                                   date_of_birth=dt.date(1980, 1, 1),
                                   admission_date=dt.date(2005, 1, 1),
                                   organization=election.organization, user=member_user)
    BodyMember.objects.create(body=Body.objects.create(congress=congress, kind=Body.Kind.COUNTING),
                              member=member)
    election.congress = congress
    election.save()
    assert client.post(url, {"marks": "4 5"}).status_code == 200
    client.force_login(other)
    assert client.post(url, {"marks": "4 5"}).status_code == 403


@pytest.mark.parametrize("role, status", [
    (Role.DELEGATE, 403), (Role.OFFICE, 403), (Role.LEADER, 403),
    (Role.COUNTING, 200), (Role.SECRETARIAT, 200),
])
def test_results_hidden_until_published(counted_round: Round, client_as: Any,
                                        role: Role, status: int) -> None:
    round_ = counted_round
    client = client_as(role)
    for name in ("elections:results", "elections:minutes_pdf"):
        assert client.get(reverse(name, args=[round_.pk])).status_code == status
    assert client.get(reverse("elections:results_export", args=[round_.pk, "csv"])).status_code == status


def test_publish_by_secretariat_then_delegate_sees(counted_round: Round,
                                                   client: Any, make_user: Any) -> None:
    round_ = counted_round
    delegate = make_user(Role.DELEGATE)
    client.force_login(make_user(Role.COUNTING))
    assert client.post(reverse("elections:publish", args=[round_.pk])).status_code == 403
    client.force_login(make_user(Role.SECRETARIAT))
    assert post_confirmed(client, reverse("elections:publish", args=[round_.pk])).status_code == 302
    round_.refresh_from_db()
    assert round_.results_published
    client.force_login(delegate)
    res = client.get(reverse("elections:results", args=[round_.pk]))
    assert res.status_code == 200
    assert "Nguyễn Văn An" in res.content.decode()
    from daihoi.elections.selectors import published_results

    assert [p.round.pk for p in published_results(None)] == [round_.pk]


def test_exports(counted_round: Round, client_as: Any) -> None:
    round_ = counted_round
    client = client_as(Role.COUNTING)
    res = client.get(reverse("elections:results_export", args=[round_.pk, "csv"]))
    text = res.content.decode("utf-8-sig")
    assert "Nguyễn Văn An,4,100.0" in text
    res = client.get(reverse("elections:results_export", args=[round_.pk, "xlsx"]))
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(res.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert [1, "Nguyễn Văn An", 4, 100.0, "có", "trúng cử"] in values


def test_pages_render_for_the_office(counted_round: Round, client_as: Any) -> None:
    round_ = counted_round
    client = client_as(Role.OFFICE)
    for url in (reverse("elections:list"), reverse("elections:detail", args=[round_.election_id]),
                reverse("elections:round", args=[round_.pk]), reverse("elections:create")):
        assert client.get(url).status_code == 200, url
    res = client.get(reverse("elections:ballots_pdf", args=[round_.pk]) + "?size=A4&copies=3")
    assert res.status_code == 200 and res.content.startswith(b"%PDF")
    assert client_as(Role.DELEGATE).get(reverse("elections:list")).status_code == 403


def test_create_and_add_from_register(client_as: Any, org: Any) -> None:
    client = client_as(Role.OFFICE)
    res = client.post(reverse("elections:create"), {
        "title": "Bầu Ủy ban Kiểm tra", "kind": "inspection_committee", "organization": org.pk,
        "electorate": "committee_conference", "seats": 5, "ballot_format": "strike",
        "surplus_max_share": "3/10", "proposal_surplus_min_share": "1/10",
        "proposal_surplus_max_share": "15/100", "floor_nomination_min_share": "1/3",
        "seats_basis": "Hội nghị biểu quyết 5 đồng chí",
    })
    assert res.status_code == 302
    from daihoi.elections.models import Election

    election = Election.objects.get(title="Bầu Ủy ban Kiểm tra")
    assert election.rules["floor_nomination_min_share"] == "1/3"
    member = Member.objects.create(full_name="Nguyễn Thị Hồng Hạnh", gender="female",
                                   date_of_birth="1980-01-01", admission_date="2005-01-01",
                                   organization=org, status="full")
    res = client.get(reverse("elections:member_lookup", args=[election.pk]) + "?q=hong hanh")
    assert "Nguyễn Thị Hồng Hạnh" in res.content.decode()
    client.post(reverse("elections:candidate_add", args=[election.pk]),
                {"member": member.pk, "full_name": "", "nomination": "committee"})
    assert Candidate.objects.get(election=election).member == member


def test_chart_data_is_json(counted_round: Round, client_as: Any) -> None:
    round_ = counted_round
    res = client_as(Role.COUNTING).get(reverse("elections:results", args=[round_.pk]))
    chart = json.loads(res.context["chart"])
    assert chart["votes"] == [4, 4, 3, 1, 0] and chart["threshold"] == 3


def test_edit_rules_while_preparing_only(make_election: Any, client_as: Any, office: Any) -> None:
    election = make_election()
    client = client_as(Role.OFFICE)
    data = {"title": "Bầu BCH (sửa)", "seats": 4, "seats_basis": "Biểu quyết 4",
            "ballot_format": "strike", "term": "2025–2030", "counting_members": "",
            "surplus_max_share": "3/10", "proposal_surplus_min_share": "1/10",
            "proposal_surplus_max_share": "15/100", "floor_nomination_min_share": "1/2",
            "kind": election.kind, "organization": election.organization_id,
            "electorate": election.electorate}
    assert client.post(reverse("elections:edit", args=[election.pk]), data).status_code == 302
    election.refresh_from_db()
    assert election.seats == 4 and election.rules["floor_nomination_min_share"] == "1/2"
    services.round_create_first(acting_user=office, election=election)
    data["seats"] = 5
    res = client.post(reverse("elections:edit", args=[election.pk]), data)
    assert res.status_code == 200 and "chuẩn bị" in res.content.decode()
    election.refresh_from_db()
    assert election.seats == 4


def test_percentages_read_with_the_language_s_decimal_mark(counted_round: Round,
                                                            client_as: Any) -> None:
    """rules.percent: Cường 3 of base 4 is 75,00 in Vietnamese, 75.00 in English; the
    minutes follow the language too (tests/elections/test_pdf_language.py)."""
    from django.utils import translation

    from daihoi.elections import pdf, selectors

    client = client_as(Role.COUNTING)
    page = client.get(reverse("elections:results", args=[counted_round.pk])).content.decode()
    assert "75,00" in page and "75.00" not in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("elections:results", args=[counted_round.pk])).content.decode()
    assert "75.00" in page and "75,00" not in page
    row = next(r for r in selectors.result_rows(counted_round.result) if r["votes"] == 3)
    with translation.override("vi"):
        assert pdf._percent(row) == "75,00"
    with translation.override("en"):
        assert pdf._percent(row) == "75.00"
