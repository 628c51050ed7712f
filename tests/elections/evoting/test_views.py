"""The pages: who may see and do what, and the ballot round trip through HTTP."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congress.models import Delegate
from daihoi.elections import services as el
from daihoi.elections.evoting import services
from daihoi.elections.evoting.models import CastBallot, VoterReceipt
from daihoi.elections.models import Round
from tests.confirming import post_confirmed, token_of

from .conftest import key_of, lines, user_of, vote

pytestmark = pytest.mark.django_db


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _token(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "no ballot token in the form"
    return match.group(1)


def test_a_delegate_gets_the_ballot_and_votes(make_round: Callable[..., Round],
                                              make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    d = make_delegate()
    client = _as(user_of(d))
    home = client.get(reverse("evoting:home")).content.decode()
    assert reverse("evoting:ballot", args=[round_.pk]) in home
    page = client.get(reverse("evoting:ballot", args=[round_.pk]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    names = [c.full_name for c in services.candidates_of(round_)]
    assert all(name in html for name in names)
    assert html.index(names[0]) < html.index(names[-1])  # ballot order
    token = _token(html)
    url = reverse("evoting:ballot", args=[round_.pk])
    done = client.post(url, {"token": token, **lines(0, 1)})
    assert done.status_code == 200
    assert str(services.MSG_RECORDED) in done.content.decode()
    # The network dropped the answer: the phone posts the same form again.
    again = client.post(url, {"token": token, **lines(0, 1)})
    assert again.status_code == 200
    assert str(services.MSG_ALREADY_RECORDED) in again.content.decode()
    # A second ballot form is not given, and another submission is refused.
    assert str(services.ERR_ALREADY_VOTED) in client.get(url).content.decode()
    other = client.post(url, {"token": services.ballot_token(round_, key_of(d)), **lines(2, 3)})
    assert other.status_code == 409
    assert CastBallot.objects.count() == 1 and VoterReceipt.objects.count() == 1
    assert "Đồng chí đã bỏ phiếu" in client.get(reverse("evoting:home")).content.decode()


def test_an_invalid_ballot_comes_back_with_the_reason(make_round: Callable[..., Round],
                                                      make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round(seats=3)
    client = _as(user_of(make_delegate()))
    url = reverse("evoting:ballot", args=[round_.pk])
    token = _token(client.get(url).content.decode())
    refused = client.post(url, {"token": token, **lines(0)})  # 4 kept for 3 seats
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "nhiều hơn số lượng cần bầu" in html
    assert 'name="line-0" value="s" checked' in html  # the delegate's marks are kept to correct them
    assert not CastBallot.objects.exists()
    assert client.post(url, {"token": token, **lines(0, 1)}).status_code == 200
    assert CastBallot.objects.count() == 1


def test_refusals_on_the_ballot_page(make_round: Callable[..., Round],
                                     make_delegate: Callable[..., Delegate],
                                     make_user: Callable[..., Any]) -> None:
    round_ = make_round()
    url = reverse("evoting:ballot", args=[round_.pk])
    absent = _as(user_of(make_delegate(present=False))).get(url)
    assert absent.status_code == 403 and str(services.ERR_NOT_PRESENT) in absent.content.decode()
    stranger = _as(make_user("delegate")).get(url)
    assert stranger.status_code == 403 and str(services.ERR_NOT_DELEGATE) in stranger.content.decode()
    assert Client().get(url).status_code == 302  # to the login page
    closed = make_round(open=False)
    page = _as(user_of(make_delegate())).get(reverse("evoting:ballot", args=[closed.pk]))
    assert page.status_code == 403 and str(services.ERR_NOT_OPEN) in page.content.decode()


def test_results_are_hidden_from_delegates_until_published(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        counter: Any, office: Any) -> None:
    round_ = make_round(seats=2, convened=3)
    voters = [make_delegate() for _ in range(3)]
    for d in voters:
        vote(d, round_, {"s": [2, 3, 4]})
    delegate_client = _as(user_of(voters[0]))
    url = reverse("evoting:results", args=[round_.pk])
    during = delegate_client.get(url)
    assert during.status_code == 403 and "chưa được công bố" in during.content.decode()
    services.evote_close(acting_user=counter, round_=round_)
    after_close = delegate_client.get(url)
    assert after_close.status_code == 403 and "chưa được công bố" in after_close.content.decode()
    # The elections app's own results page is closed to delegates too.
    assert delegate_client.get(reverse("elections:results", args=[round_.pk])).status_code == 403
    # The counting committee sees it before publication.
    assert _as(counter).get(url).status_code == 200
    el.round_publish(acting_user=office, round_=round_)
    published = delegate_client.get(url)
    assert published.status_code == 200
    html = published.content.decode()
    first = services.candidates_of(round_)[0].full_name
    assert first in html and "Trúng cử" in html
    assert reverse("evoting:results", args=[round_.pk]) in delegate_client.get(
        reverse("evoting:home")).content.decode()


def test_the_counting_committee_opens_watches_and_closes(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    round_ = make_round(open=False, seats=2, convened=4)
    voters = [make_delegate() for _ in range(3)]
    client = _as(counter)
    assert client.get(reverse("evoting:manage_list")).status_code == 200
    client.post(reverse("evoting:open", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.status == Round.Status.VOTING and round_.electronic
    vote(voters[0], round_, {"s": [2, 3, 4]})
    vote(voters[1], round_, {"s": [0, 3, 4]})
    frag = client.get(reverse("evoting:participation", args=[round_.pk])).content.decode()
    assert re.search(r'id="evote-voted">\s*2\s*<small>/ 3', frag), frag
    # The receipt list (names only) is the counting committee's; it shows no content.
    assert voters[0].member.full_name in frag and voters[2].member.full_name not in frag
    # Ending the vote asks first, with who has voted (issue 14); the GET closes nothing.
    asked = client.get(reverse("evoting:close", args=[round_.pk])).content.decode()
    assert "Đã bỏ phiếu: 2 / 3 đại biểu có mặt" in asked and 'id="confirm-button"' in asked
    round_.refresh_from_db()
    assert round_.status == Round.Status.VOTING
    # Nor does a bare POST (the question is the server's, not only the page's) ...
    again = client.post(reverse("evoting:close", args=[round_.pk])).content.decode()
    assert 'id="confirm-button"' in again
    round_.refresh_from_db()
    assert round_.status == Round.Status.VOTING
    # ... nor one confirmed on figures that changed meanwhile: asked again with the new ones.
    vote(voters[2], round_, {"s": [0, 1, 4]})
    stale = client.post(reverse("evoting:close", args=[round_.pk]),
                        {"confirmed": token_of(asked)}).content.decode()
    assert 'id="confirm-stale"' in stale and "Đã bỏ phiếu: 3 / 3 đại biểu có mặt" in stale
    round_.refresh_from_db()
    assert round_.status == Round.Status.VOTING
    client.post(reverse("evoting:close", args=[round_.pk]), {"confirmed": token_of(stale)})
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    assert [c["votes"] for c in round_.result["candidates"]] == [1, 2, 2, 1, 0]
    # An e-vote's result: ballots cast and receipts, not issued and collected.
    page = client.get(reverse("elections:results", args=[round_.pk])).content.decode()
    assert "Phiếu đã bỏ / biên nhận" in page and "Phiếu phát ra / thu vào" not in page


def test_delegates_and_others_cannot_control_the_vote(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        make_user: Callable[..., Any]) -> None:
    round_ = make_round(open=False)
    for user in (user_of(make_delegate()), make_user("office"), make_user("leader")):
        client = _as(user)
        assert client.get(reverse("evoting:manage", args=[round_.pk])).status_code == 403
        assert client.get(reverse("evoting:participation", args=[round_.pk])).status_code == 403
        assert client.post(reverse("evoting:open", args=[round_.pk])).status_code == 403
        assert client.post(reverse("evoting:close", args=[round_.pk])).status_code == 403
    round_.refresh_from_db()
    assert round_.status == Round.Status.PREPARING


def test_the_close_waits_for_the_counting_committees_confirmation(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    """RULES.md (open): counting starts once the counting committee has confirmed how it
    judges the open cases; the e-vote's close counts, so it waits too, and says why."""
    from daihoi.elections.models import Decision

    round_ = make_round(seats=2, convened=4)
    Decision.objects.filter(election=round_.election, kind=Decision.Kind.COUNTING_RULES).delete()
    vote(make_delegate(), round_, {"s": [2, 3, 4]})
    client = _as(counter)
    page = client.get(reverse("evoting:manage", args=[round_.pk])).content.decode()
    assert 'id="counting-rules-missing"' in page
    assert reverse("elections:round", args=[round_.pk]) in page
    res = post_confirmed(client, reverse("evoting:close", args=[round_.pk]), follow=True)
    assert str(el.ERR_COUNTING_RULES) in res.content.decode()
    round_.refresh_from_db()
    assert round_.status == Round.Status.VOTING and services.is_open(round_)
    el.counting_rules_confirm(acting_user=counter, election=round_.election, open_reasons=[],
                              blank_approve_ballot="invalid")
    assert 'id="counting-rules-missing"' not in client.get(
        reverse("evoting:manage", args=[round_.pk])).content.decode()
    post_confirmed(client, reverse("evoting:close", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
