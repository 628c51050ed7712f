"""The irreversible steps of an election are asked on the server, not only in the page
(issue 14): a bare POST shows the question and changes nothing; a POST confirmed on figures
that changed since is asked again with the new figures; only the confirmed POST acts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections import services
from daihoi.elections.models import Election, Round
from tests.confirming import post_confirmed, token_of

from .conftest import confirm_counting

pytestmark = pytest.mark.django_db
STAFF = (Role.OFFICE, Role.SECRETARIAT, Role.COUNTING)


def test_closing_the_list(make_election: Any, office: Any, client_as: Any) -> None:
    election = make_election()
    client = client_as(*STAFF)
    url = reverse("elections:round_first", args=[election.pk])
    asked = client.post(url).content.decode()
    assert 'id="confirm-button"' in asked and "5 người cho 3 chỗ" in asked
    election.refresh_from_db()
    assert election.status == Election.Status.PREPARING and not election.rounds.exists()
    # A name added after the page was read: the list shown is not the list closed.
    services.candidate_add(acting_user=office, election=election, full_name="Trần Văn Em")
    again = client.post(url, {"confirmed": token_of(asked)}).content.decode()
    assert 'id="confirm-stale"' in again and "6 người cho 3 chỗ" in again
    assert not election.rounds.exists()
    assert client.post(url, {"confirmed": token_of(again)}).status_code == 302
    election.refresh_from_db()
    assert election.status == Election.Status.VOTING and election.rounds.count() == 1


def test_ending_the_vote(make_election: Any, office: Any, counter: Any, client_as: Any) -> None:
    election = make_election()
    round_ = services.round_create_first(acting_user=office, election=election)
    services.round_setup(acting_user=counter, round_=round_, electorate_convened=10, excluded=0,
                         ballots_issued=10, electorate_present=10)
    confirm_counting(election, counter)
    client = client_as(Role.COUNTING)
    url = reverse("elections:round_step", args=[round_.pk])
    data = {"action": "count", "groups": "2"}
    assert 'id="confirm-button"' in client.post(url, data).content.decode()
    round_.refresh_from_db()
    assert round_.status != Round.Status.COUNTING and not round_.groups.exists()
    post_confirmed(client, url, data)
    round_.refresh_from_db()
    assert round_.status == Round.Status.COUNTING and round_.groups.count() == 2


def test_a_group_is_added_without_a_question(counting_round: Any, client_as: Any) -> None:
    round_ = counting_round()
    client_as(Role.COUNTING).post(reverse("elections:round_step", args=[round_.pk]),
                                  {"action": "group", "mode": "ballots"})
    assert round_.groups.count() == 2


def test_finalizing_the_count(counting_round: Any, counter: Any, client_as: Any) -> None:
    round_ = counting_round(convened=4, issued=4)
    group = round_.groups.get()
    for marks in ("4 5", "4 5", "4 5"):
        services.ballot_enter(acting_user=counter, group=group, marks=marks)
    client = client_as(Role.COUNTING)
    url = reverse("elections:round_step", args=[round_.pk])
    asked = client.post(url, {"action": "finalize"}).content.decode()
    assert "Tổ kiểm phiếu số 1: 3 phiếu" in asked
    round_.refresh_from_db()
    assert round_.status == Round.Status.COUNTING and round_.result is None
    # The fourth ballot entered while the question was on screen: asked again with 4.
    services.ballot_enter(acting_user=counter, group=group, marks="3 5")
    again = client.post(url, {"action": "finalize", "confirmed": token_of(asked)}).content.decode()
    assert 'id="confirm-stale"' in again and "Tổ kiểm phiếu số 1: 4 phiếu" in again
    round_.refresh_from_db()
    assert round_.status == Round.Status.COUNTING
    res = client.post(url, {"action": "finalize", "confirmed": token_of(again)})
    assert res.url == reverse("elections:results", args=[round_.pk])
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED and round_.result["ballots_collected"] == 4


def test_publishing_and_withdrawing(counted_round: Round, client_as: Any) -> None:
    client = client_as(Role.SECRETARIAT)
    url = reverse("elections:publish", args=[counted_round.pk])
    assert "Trúng cử: 3 người." in client.post(url, {"published": "1"}).content.decode()
    counted_round.refresh_from_db()
    assert not counted_round.results_published
    post_confirmed(client, url, {"published": "1"})
    counted_round.refresh_from_db()
    assert counted_round.results_published
    # Withdrawing undoes a publication: not asked.
    assert client.post(url, {"published": "0"}).status_code == 302
    counted_round.refresh_from_db()
    assert not counted_round.results_published
