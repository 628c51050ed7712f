"""The hall (issue 14): the speech ends with its agenda item; who may not vote is told why;
an open device vote's tally is the secretariat's alone; closing asks first."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.models import Delegate
from daihoi.congress.proceedings import selectors, services
from daihoi.congress.proceedings.models import Speech, Vote
from daihoi.core.roles import Role
from tests.confirming import token_of
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db


def test_the_speech_ends_when_the_agenda_moves_on(hall: Any, secretary: Any) -> None:
    first = services.agenda_item_create(acting_user=secretary, congress=hall.congress, title="Một")
    services.agenda_item_create(acting_user=secretary, congress=hall.congress, title="Hai")
    services.agenda_set_current(acting_user=secretary, congress=hall.congress, item=first)
    speech = services.speech_add(acting_user=secretary, congress=hall.congress, speaker="Lê Văn Tám")
    services.speech_start(acting_user=secretary, speech=speech)
    assert selectors.screen(hall.congress).speech is not None
    services.agenda_step(acting_user=secretary, congress=hall.congress, step=1)
    speech.refresh_from_db()
    assert speech.status == Speech.Status.DONE and speech.ended_at is not None
    assert selectors.screen(hall.congress).speech is None


def test_standing_says_why_a_delegate_may_not_vote(hall: Any) -> None:
    ok = selectors.standing(hall.make_delegate_user(hall.delegates[0]), hall.congress)
    assert ok.may_vote and ok.reason == ""
    absent = selectors.standing(hall.make_delegate_user(hall.delegates[9]), hall.congress)
    assert not absent.may_vote and "chưa điểm danh" in absent.reason
    alternate = DelegateFactory(congress=hall.congress, number=20, kind=Delegate.Kind.ALTERNATE,
                                member__organization=hall.cell, member__party_card_number=None)
    alt = selectors.standing(hall.make_delegate_user(alternate), hall.congress)
    assert not alt.may_vote and "dự khuyết" in alt.reason


def test_the_running_tally_is_the_secretariats_alone(hall: Any, secretary: Any, client: Any,
                                                      client_as: Any) -> None:
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Chương trình",
                                mode=Vote.Mode.DEVICE)
    services.vote_open(acting_user=secretary, vote=vote)
    services.device_vote_cast(acting_user=hall.make_delegate_user(hall.delegates[1]), vote=vote,
                              choice="disagree")
    url = reverse("proceedings:vote_live", args=[hall.congress.pk, vote.pk])
    client.force_login(hall.make_delegate_user(hall.delegates[0]))
    body = client.get(url).content.decode()
    assert "không tán thành" not in body and "đã biểu quyết" in body
    assert "không tán thành" in client_as(Role.SECRETARIAT).get(url).content.decode()
    # Closing asks first: the GET changes nothing, the figures say where it stands.
    staff = client_as(Role.SECRETARIAT)
    close = reverse("proceedings:vote_state", args=[hall.congress.pk, vote.pk, "close"])
    page = staff.get(close).content.decode()
    assert "Đã biểu quyết: 1 / 8 đại biểu có mặt." in page
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN
    # A bare POST is asked too and closes nothing; the confirmed one closes.
    assert 'id="confirm-button"' in staff.post(close).content.decode()
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN
    staff.post(close, {"confirmed": token_of(page)})
    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED
