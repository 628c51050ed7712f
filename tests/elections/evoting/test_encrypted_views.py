"""The encrypted scheme's pages: the ballot page carries what the browser encrypts with, the
vote and the challenge are JSON endpoints (the phone must know whether to resend), and the
counting committee opens with the encrypted scheme once the key is made. Per role."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congress.models import Delegate
from daihoi.elections.evoting import selectors, services
from daihoi.elections.evoting.models import (
    CastBallot,
    EncryptedBallot,
    EVoteRound,
    SpoiledBallot,
    VoterReceipt,
)
from daihoi.elections.models import Round
from tests.confirming import post_confirmed

from .conftest import Ceremony, encrypt, lines, user_of

pytestmark = pytest.mark.django_db


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _token(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_the_ballot_page_carries_the_manifest_and_the_key(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    done = make_encrypted_round()
    client = _as(user_of(make_delegate()))
    page = client.get(reverse("evoting:ballot", args=[done.round.pk]))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    state = EVoteRound.objects.get(round=done.round)
    # The manifest as the exact string the proofs hash (json_script: a JSON string literal).
    found = re.search(r'<script id="evote-manifest" type="application/json">(.*?)</script>', html)
    assert found and json.loads(found.group(1)) == state.manifest
    assert f'data-public-key="{state.public_key}"' in html
    assert f'data-extended-hash="{state.extended_hash}"' in html
    assert 'data-scheme="encrypted"' in html and "evoting/crypto.js" in html
    assert 'id="evote-challenge"' in html
    assert reverse("evoting:spoil", args=[done.round.pk]) in html


def test_the_plain_page_has_none_of_it(make_round: Callable[..., Round],
                                       make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    html = _as(user_of(make_delegate())).get(
        reverse("evoting:ballot", args=[round_.pk])).content.decode()
    assert "evote-manifest" not in html and 'id="evote-challenge"' not in html
    assert "data-scheme" not in html


def test_a_delegate_votes_through_the_json_endpoint(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    done = make_encrypted_round()
    d = make_delegate()
    client = _as(user_of(d))
    url = reverse("evoting:ballot", args=[done.round.pk])
    token = _token(client.get(url).content.decode())
    ballot, _reveal = encrypt(done.keys(), [1, 1, 0, 1, 0])
    tracker = json.loads(ballot)["tracker"]
    first = client.post(url, {"token": token, "ballot": ballot})
    assert first.status_code == 200
    assert first.json() == {"outcome": "recorded", "tracker": tracker,
                            "message": str(services.MSG_RECORDED)}
    # The phone never heard the answer: it resends what it kept, counted once.
    again = client.post(url, {"token": token, "ballot": ballot})
    assert again.status_code == 200 and again.json()["outcome"] == "already_recorded"
    other, _ = encrypt(done.keys(), [1, 0, 0, 0, 0])
    second = client.post(url, {"token": services.ballot_token(done.round, f"delegate:{d.pk}"),
                               "ballot": other})
    assert second.status_code == 409 and second.json()["outcome"] == "already_voted"
    assert EncryptedBallot.objects.count() == 1 and VoterReceipt.objects.count() == 1
    # The page after the vote keeps the resend box for a ballot still waiting on the phone.
    after = client.get(url).content.decode()
    assert str(services.ERR_ALREADY_VOTED) in after and 'id="evote-pending"' in after
    assert "evoting/ballot.js" in after


def test_clear_marks_are_not_a_ballot_of_an_encrypted_round(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    """The page without its script would post the marks: refused, nothing stored."""
    done = make_encrypted_round()
    client = _as(user_of(make_delegate()))
    url = reverse("evoting:ballot", args=[done.round.pk])
    token = _token(client.get(url).content.decode())
    refused = client.post(url, {"token": token, **lines(0, 1)})
    assert refused.status_code == 400
    assert refused.json()["message"] == str(services.ERR_MALFORMED)
    assert not VoterReceipt.objects.exists() and not CastBallot.objects.exists()


def test_an_invalid_proof_is_answered_400_with_the_reason(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    done = make_encrypted_round()
    client = _as(user_of(make_delegate()))
    url = reverse("evoting:ballot", args=[done.round.pk])
    token = _token(client.get(url).content.decode())
    ballot = json.loads(encrypt(done.keys(), [1, 0, 0, 0, 0])[0])
    ballot["selections"][0]["beta"], ballot["selections"][1]["beta"] = (
        ballot["selections"][1]["beta"], ballot["selections"][0]["beta"])
    answer = client.post(url, {"token": token, "ballot": json.dumps(ballot)})
    assert answer.status_code == 400 and answer.json()["outcome"] == "invalid"
    assert "không chứng minh được" in answer.json()["message"]
    assert not VoterReceipt.objects.exists()


def test_the_challenge_endpoint(make_encrypted_round: Callable[..., Ceremony],
                                make_delegate: Callable[..., Delegate],
                                make_user: Callable[..., Any]) -> None:
    done = make_encrypted_round()
    client = _as(user_of(make_delegate()))
    url = reverse("evoting:spoil", args=[done.round.pk])
    token = _token(client.get(reverse("evoting:ballot", args=[done.round.pk])).content.decode())
    ballot, reveal = encrypt(done.keys(), [0, 1, 1, 0, 0])
    answer = client.post(url, {"token": token, "ballot": ballot, "reveal": json.dumps(reveal)})
    assert answer.status_code == 200
    assert answer.json()["choices"] == [0, 1, 1, 0, 0] and answer.json()["outcome"] == "spoiled"
    assert SpoiledBallot.objects.count() == 1 and not VoterReceipt.objects.exists()
    assert client.get(url).status_code == 405
    assert client.post(url, {"token": token, "ballot": ballot,
                             "reveal": "not json"}).status_code == 400
    # Someone not on the roll: refused, with the reason.
    stranger = _as(make_user("delegate")).post(
        url, {"token": token, "ballot": ballot, "reveal": json.dumps(reveal)})
    assert stranger.status_code == 403
    assert stranger.json()["message"] == str(services.ERR_NOT_DELEGATE)
    assert Client().post(url, {"token": token}).status_code == 302  # to the login page
    assert SpoiledBallot.objects.count() == 1


def test_a_challenge_past_the_cap_is_answered_with_its_own_outcome(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """At the cap the endpoint answers 403 with the message and the outcome the page's
    script goes back to the ballot on (ballot.js: "challenge_limit"); the vote is taken."""
    monkeypatch.setattr(services, "MAX_CHALLENGES", 1)
    done = make_encrypted_round()
    client = _as(user_of(make_delegate()))
    url = reverse("evoting:spoil", args=[done.round.pk])
    page = reverse("evoting:ballot", args=[done.round.pk])
    token = _token(client.get(page).content.decode())
    answers = []
    for choices in ([1, 0, 0, 0, 0], [0, 1, 0, 0, 0]):
        ballot, reveal = encrypt(done.keys(), choices)
        answers.append(client.post(url, {"token": token, "ballot": ballot,
                                         "reveal": json.dumps(reveal)}))
    assert answers[0].status_code == 200
    assert answers[1].status_code == 403
    assert answers[1].json() == {"outcome": "challenge_limit",
                                 "message": str(services.ERR_CHALLENGE_LIMIT).format(max=1)}
    assert SpoiledBallot.objects.count() == 1
    ballot, _reveal = encrypt(done.keys(), [0, 1, 0, 0, 0])
    cast = client.post(page, {"token": token, "ballot": ballot})
    assert cast.status_code == 200 and cast.json()["outcome"] == "recorded"


def test_the_committee_opens_encrypted_by_default_once_the_key_is_made(
        make_round: Callable[..., Round], make_encrypted_round: Callable[..., Ceremony],
        counter: Any) -> None:
    client = _as(counter)
    bare = make_round(open=False)
    page = unescape(client.get(reverse("evoting:manage", args=[bare.pk])).content.decode())
    assert re.search(r'value="encrypted"\s+disabled', page)
    assert re.search(r'value="plain"\s+checked', page)
    done = make_encrypted_round(open=False)
    page = client.get(reverse("evoting:manage", args=[done.round.pk])).content.decode()
    assert re.search(r'value="encrypted"\s+checked', page)
    client.post(reverse("evoting:open", args=[done.round.pk]), {"scheme": "encrypted"})
    round_ = Round.objects.select_related("evote").get(pk=done.round.pk)
    assert round_.status == Round.Status.VOTING and selectors.is_encrypted(round_)
    # Asking for the encrypted scheme without a key is refused with the reason.
    refused = client.post(reverse("evoting:open", args=[bare.pk]), {"scheme": "encrypted"},
                          follow=True)
    assert "chưa tạo khóa" in refused.content.decode()
    assert Round.objects.get(pk=bare.pk).status == Round.Status.PREPARING
    # A scheme the form does not know is refused by the form, the round left as it was.
    unknown = client.post(reverse("evoting:open", args=[bare.pk]), {"scheme": "clear"}, follow=True)
    assert "clear" in unescape(unknown.content.decode())
    assert Round.objects.get(pk=bare.pk).status == Round.Status.PREPARING
    # No scheme at all: the plain one, as before the encrypted scheme existed.
    client.post(reverse("evoting:open", args=[bare.pk]))
    round_ = Round.objects.select_related("evote").get(pk=bare.pk)
    assert round_.status == Round.Status.VOTING and not selectors.is_encrypted(round_)


def test_the_committee_closes_an_encrypted_round(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    done = make_encrypted_round(convened=10)
    for choices in ([1, 1, 0, 0, 0], [0, 1, 1, 0, 0]):
        ballot, _ = encrypt(done.keys(), choices)
        d = make_delegate()
        services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round,
                                     token=services.ballot_token(done.round, f"delegate:{d.pk}"),
                                     ballot=ballot)
    client = _as(counter)
    asked = client.get(reverse("evoting:close", args=[done.round.pk])).content.decode()
    assert "thành viên giữ khóa giải mã tổng số" in asked and "trộn và kiểm ngay" not in asked
    closed = post_confirmed(client, reverse("evoting:close", args=[done.round.pk]), follow=True)
    assert "2 phiếu mã hóa đã được cộng lại" in closed.content.decode()
    round_ = Round.objects.get(pk=done.round.pk)
    assert round_.status == Round.Status.COUNTING
    assert EVoteRound.objects.get(round=round_).aggregate is not None


def test_delegates_and_others_cannot_open_or_close_an_encrypted_round(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        make_user: Callable[..., Any]) -> None:
    done = make_encrypted_round(open=False)
    for user in (user_of(make_delegate()), make_user("office"), make_user("leader")):
        client = _as(user)
        assert client.post(reverse("evoting:open", args=[done.round.pk]),
                           {"scheme": "encrypted"}).status_code == 403
        assert client.post(reverse("evoting:close", args=[done.round.pk])).status_code == 403
    assert Round.objects.get(pk=done.round.pk).status == Round.Status.PREPARING
