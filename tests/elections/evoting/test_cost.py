"""The delegate's requests stay cheap (the 1,600-voter burst, bench/evote.py), and the
one-query seat lookup answers exactly as congress.selectors does."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from daihoi.congress import electorate as congress_electorate
from daihoi.congress.models import CheckIn, Congress, CongressSession, Delegate
from daihoi.congress.selectors import delegate_for_user, delegate_is_present
from daihoi.elections.evoting import services
from daihoi.elections.evoting.models import VoterReceipt
from daihoi.elections.models import Round

from .conftest import key_of, lines, user_of, vote

pytestmark = pytest.mark.django_db


def _real(queries: list[dict[str, str]]) -> list[str]:
    """The statements, without SQLite's BEGIN/COMMIT (PostgreSQL's are not captured) and
    without the login's sliding-expiry write (core.middleware, at most once a minute)."""
    return [q["sql"] for q in queries
            if q["sql"] not in ("BEGIN", "BEGIN IMMEDIATE", "COMMIT")
            and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))  # the test's transaction
            and not q["sql"].startswith('UPDATE "django_session"')]


def test_ballot_page_and_vote_query_counts(make_round: Callable[..., Round],
                                           make_delegate: Callable[..., Delegate],
                                           django_capture_on_commit_callbacks: Any) -> None:
    round_ = make_round()
    d = make_delegate()
    client = Client()
    client.force_login(user_of(d))
    url = reverse("evoting:ballot", args=[round_.pk])
    client.get(url)  # the first request after the login may slide the session's expiry
    with CaptureQueriesContext(connection) as get:
        page = client.get(url)
    assert page.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode())
    assert token
    # The mix check runs on commit: executed inside the capture.
    with CaptureQueriesContext(connection) as post, django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"token": token.group(1), **lines(0, 1)})
    assert done.status_code == 200 and VoterReceipt.objects.filter(voter=key_of(d)).exists()
    # GET: session, user, groups, round + election + e-vote row, the seat (one query with
    # replaced / present, asked of the congress's electorate), whether the voter has voted
    # (a query of its own since the electorate, not e-voting, reads the seat: 6 before),
    # the candidates, and the menu's question whether this login enters a cell's appraisal
    # (appraisal's entry grants). Was 12 before the burst was profiled.
    assert len(_real(get.captured_queries)) == 8, _real(get.captured_queries)
    # POST: the same five reads, the round lock, the receipt, the ballot, the mix check
    # and the menu's entry-grant question on the receipt page (was 17: the seat in five queries,
    # the candidates read twice).
    assert len(_real(post.captured_queries)) == 11, "\n".join(q[:90] for q in _real(post.captured_queries))


def _agrees(user: object, round_: Round, congress: Congress) -> None:
    """services.voter_for against the selectors it replaces (delegate_for_user,
    is_entitled with its own query, delegate_is_present)."""
    slow = delegate_for_user(user, congress)
    expect: str | None = None
    if slow is None:
        expect = str(services.ERR_NOT_DELEGATE)
    elif not congress_electorate.is_entitled(
            kind=slow.kind, credentials=slow.credentials, standing=slow.standing,
            replaced=Delegate.objects.filter(replaces=slow).exists(), replaces_id=slow.replaces_id):
        expect = str(services.ERR_NOT_ENTITLED)
    elif not delegate_is_present(slow):
        expect = str(services.ERR_NOT_PRESENT)
    try:
        fast = services.voter_for(user, round_)
    except services.VoteRefused as exc:
        assert exc.message == expect
    else:
        assert expect is None and slow is not None and fast.key == key_of(slow)


def test_seat_lookup_agrees_with_the_congress_selectors(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate],
        congress: Congress) -> None:
    round_ = make_round()
    here = make_delegate()
    away = make_delegate(present=False)
    rejected = make_delegate(credentials=Delegate.Credentials.REJECTED)
    official = make_delegate()
    alternate = make_delegate(kind=Delegate.Kind.ALTERNATE, replaces=official)
    idle_alternate = make_delegate(kind=Delegate.Kind.ALTERNATE)
    people = [here, away, rejected, official, alternate, idle_alternate]

    def check() -> None:
        for d in people:
            _agrees(user_of(d), round_, congress)

    check()
    here.checkins.update(checked_out_at=timezone.now())
    check()
    # The secretariat moves to the next session: only those checked in there are present.
    first = CongressSession.objects.get(congress=congress)
    second = CongressSession.objects.create(congress=congress, name="Phiên bế mạc",
                                            date=first.date, order=2, is_current=False)
    CongressSession.objects.filter(pk=first.pk).update(is_current=False)
    CongressSession.objects.filter(pk=second.pk).update(is_current=True)
    CheckIn.objects.create(delegate=away, session=second)
    check()
    with pytest.raises(services.VoteRefused):
        services.voter_for(user_of(alternate), round_)  # checked in to the first session only
    assert services.voter_for(user_of(away), round_).key == key_of(away)
    # No session marked current: the first session (by order) counts.
    CongressSession.objects.filter(congress=congress).update(is_current=False)
    check()
    assert services.voter_for(user_of(alternate), round_).key == key_of(alternate)
    # No session at all: nobody is present.
    CheckIn.objects.all().delete()
    CongressSession.objects.filter(congress=congress).delete()
    check()


def test_has_voted_is_per_round(make_round: Callable[..., Round],
                                      make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round()
    other_round = make_round()
    d = make_delegate()
    assert not services.has_voted(round_, services.voter_for(user_of(d), round_))
    vote(d, round_, {"s": [0, 1]})
    seat = services.voter_for(user_of(d), round_)
    assert services.has_voted(round_, seat)
    # The receipt is per round: the same voter has not voted in another round.
    assert not services.has_voted(other_round, seat)


@pytest.mark.parametrize("fmt", ["strike", "approve"])
def test_ballot_lines_after_the_template_was_made_cheaper(
        make_round: Callable[..., Round], make_delegate: Callable[..., Delegate], fmt: str) -> None:
    """The labels translated once and the numbers given as text still make one full line per
    candidate, in the frozen ballot order."""
    round_ = make_round(ballot_format=fmt, seats=2)
    d = make_delegate()
    client = Client()
    client.force_login(user_of(d))
    html = client.get(reverse("evoting:ballot", args=[round_.pk])).content.decode()
    names = [c.full_name for c in services.candidates_of(round_)]
    assert re.findall(r'data-index="(\d+)"', html) == [str(i) for i in range(len(names))]
    for i, name in enumerate(names):
        assert f'<span class="evote-no">{i + 1}.</span>' in html and name in html
    if fmt == "approve":
        assert html.count("> Đồng ý</label>") == len(names)
        assert html.count("> Không đồng ý</label>") == len(names)
        assert html.count('value="a"') == len(names) and 'value="k"' not in html
    else:
        assert html.count('<span class="evote-state struck">Gạch tên</span>') == len(names)
        assert html.count('<span class="evote-state keep">Bầu</span>') == len(names)
        assert html.count('value="k" checked') == len(names) and html.count('value="s"') == len(names)


def _encrypted_costs(make_encrypted_round: Callable[..., Any],
                     make_delegate: Callable[..., Delegate], names: list[str]
                     ) -> tuple[list[str], list[str]]:
    """The statements of the ballot page's GET and of the encrypted vote's POST (the view),
    for an encrypted round of `names`."""
    from .conftest import encrypt

    done = make_encrypted_round(names=names, seats=3)
    client = Client()
    client.force_login(user_of(make_delegate()))
    url = reverse("evoting:ballot", args=[done.round.pk])
    client.get(url)  # the first request after the login may slide the session's expiry
    with CaptureQueriesContext(connection) as get:
        page = client.get(url)
    assert page.status_code == 200 and 'data-scheme="encrypted"' in page.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode())
    assert token
    ballot, _reveal = encrypt(done.keys(), [1, 1, 1] + [0] * (len(names) - 3))
    with CaptureQueriesContext(connection) as post:
        answer = client.post(url, {"token": token.group(1), "ballot": ballot})
    assert answer.status_code == 200 and answer.json()["outcome"] == "recorded"
    return _real(get.captured_queries), _real(post.captured_queries)


def test_the_encrypted_ballot_page_and_vote_cost_the_same_for_any_number_of_names(
        make_encrypted_round: Callable[..., Any],
        make_delegate: Callable[..., Delegate]) -> None:
    """An encrypted round of 5 names and one of 30: the same statements for the page and
    for the vote, so nothing is read once per candidate (the burst of bench/evote.py). GET:
    as the plain page (8), the e-vote row read with the round. POST: the five reads (session,
    user, groups, round with election and e-vote row, seat), whether the tracker was
    challenged, the round lock, the receipt, the encrypted ballot, the running sum's count
    of ballots waiting (services._sum_when_due); the answer is JSON, so no menu query."""
    few = _encrypted_costs(make_encrypted_round, make_delegate,
                           [f"Ứng Cử Viên {i:02d}" for i in range(5)])
    many = _encrypted_costs(make_encrypted_round, make_delegate,
                            [f"Ứng Cử Viên {i:02d}" for i in range(30)])
    for kind, small, large in zip(("GET", "POST"), few, many, strict=True):
        assert len(small) == len(large), (kind, "\n".join(q[:90] for q in large))
    get, post = few
    assert len(get) == 8, "\n".join(q[:90] for q in get)
    # 11: the receipt read first, so a delegate who has voted costs no proof check.
    assert len(post) == 11, "\n".join(q[:90] for q in post)
