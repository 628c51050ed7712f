"""Fixtures of the e-voting tests: a congress in session, delegates with logins checked in,
an election of that congress and a round open for electronic voting."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from daihoi.congress.models import CheckIn, Congress, CongressSession, Delegate
from daihoi.core.roles import Role
from daihoi.elections import selectors as el_selectors
from daihoi.elections import services as el
from daihoi.elections.evoting import services
from daihoi.elections.models import Election, Round
from daihoi.organizations.models import Member, Organization
from tests.conftest import PASSWORD

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def role_groups(request: pytest.FixtureRequest) -> None:
    """The role groups come from a data migration; a transactional test's flush removes them,
    so tests after it would create users without roles. Put them back."""
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db" if not _transactional(request) else "transactional_db")
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=str(role))


def _transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or "transactional_db" in request.fixturenames))


@pytest.fixture
def org(db: None) -> Organization:
    return Organization.objects.create(name="Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh",
                                       kind=Organization.Kind.COMMITTEE)


@pytest.fixture
def congress(org: Organization) -> Congress:
    today = timezone.localdate()
    c = Congress.objects.create(organization=org, ordinal=18, term_start=2025, term_end=2030,
                                starts_on=today, ends_on=today + dt.timedelta(days=1),
                                status=Congress.Status.IN_SESSION)
    CongressSession.objects.create(congress=c, name="Phiên chính thức", date=today, order=1,
                                   is_current=True)
    return c


@pytest.fixture
def make_delegate(congress: Congress, org: Organization,
                  make_user: Callable[..., Any]) -> Callable[..., Delegate]:
    """A delegate with a login (role delegate), checked in unless `present=False`."""

    from django.contrib.auth.models import Group

    from daihoi.core.models import User

    def make(*, present: bool = True, kind: str = Delegate.Kind.OFFICIAL, login: bool = False,
             **extra: Any) -> Delegate:
        n = next(_seq)
        if login:  # a password, to log in through the form (slow: the password is hashed)
            user = make_user(Role.DELEGATE, username=f"db{n:04d}")
        else:
            user = User.objects.create(username=f"db{n:04d}", password="!")
            user.groups.add(Group.objects.get(name=str(Role.DELEGATE)))
        member = Member.objects.create(full_name=f"Đại Biểu Số {n}", gender=Member.Gender.MALE,
                                       date_of_birth=dt.date(1980, 1, 1),
                                       admission_date=dt.date(2005, 5, 19),
                                       status=Member.Status.FULL, organization=org, user=user)
        data: dict[str, Any] = {"credentials": Delegate.Credentials.ACCEPTED, **extra}
        delegate = Delegate.objects.create(congress=congress, member=member, represents=org,
                                           number=n, kind=kind, **data)
        if present:
            CheckIn.objects.create(delegate=delegate, session=congress.sessions.get(is_current=True))
        return delegate

    return make


@pytest.fixture
def counter(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.COUNTING)


@pytest.fixture
def office(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.OFFICE, Role.SECRETARIAT)


@pytest.fixture
def make_round(org: Organization, congress: Congress, office: Any,
               counter: Any) -> Callable[..., Round]:
    """A first round of an election of the congress; open for e-voting unless open=False."""

    def make(*, seats: int = 3, names: list[str] | None = None, ballot_format: str = "strike",
             convened: int = 300, open: bool = True) -> Round:
        election = el.election_create(acting_user=office, organization=org, congress=congress,
                                      title="Bầu Ban Chấp hành khóa mới", kind="committee",
                                      seats=seats, ballot_format=ballot_format, term="2025–2030")
        for name in names or NAMES:
            el.candidate_add(acting_user=office, election=election, full_name=name)
        if not el_selectors.surplus_status(election).ok:
            el.decision_record(acting_user=office, election=election, kind="surplus",
                               text="Đại hội biểu quyết giữ danh sách", decided_by="Đại hội")
        round_ = el.round_create_first(acting_user=office, election=election)
        el.round_setup(acting_user=counter, round_=round_, electorate_convened=convened,
                       excluded=0, ballots_issued=0)
        # The counting committee confirms the open cases before counting (the close counts).
        el.counting_rules_confirm(acting_user=counter, election=election,
                                  open_reasons=["identifying_mark", "write_in"],
                                  blank_approve_ballot="invalid")
        if open:
            services.evote_open(acting_user=counter, round_=round_)
        round_.refresh_from_db()
        return round_

    return make


def user_of(delegate: Delegate) -> Any:
    return delegate.member.user


def key_of(delegate: Delegate) -> str:
    """The congress electorate's voter key of a delegate (what a receipt records)."""
    return f"delegate:{delegate.pk}"


def vote(delegate: Delegate, round_: Round, choices: dict[str, list[int]],
         token: str | None = None) -> services.Outcome:
    return services.vote_cast(acting_user=user_of(delegate), round_=round_,
                              token=token or services.ballot_token(round_, key_of(delegate)),
                              choices=choices)


def lines(*struck: int, count: int = len(NAMES)) -> dict[str, str]:
    """A strike ballot as the page posts it: every line, "s" struck or "k" kept."""
    return {f"line-{i}": "s" if i in struck else "k" for i in range(count)}


# --- the encrypted scheme (issue 21) --------------------------------------------------------
class Ceremony:
    """A round's completed key ceremony made with the Python crypto, as three trustees'
    phones would (docs/evote-protocol.md §3): the round is prepared, every trustee
    published, sent and confirmed; `shares` holds each trustee's secret share, which in the
    hall never leaves their phone."""

    def __init__(self, round_: Round, trustees: list[Any], threshold: int) -> None:
        from daihoi.elections.evoting import ceremony
        from daihoi.elections.evoting.crypto import ballots
        from daihoi.elections.evoting.crypto import ceremony as cc
        from daihoi.elections.evoting.models import Trustee

        self.round, self.trustees, self.threshold = round_, trustees, threshold
        state = ceremony.ceremony_start(acting_user=trustees[0], round_=round_, trustees=trustees,
                                        threshold=threshold)
        qb = ballots.base_hash(state.manifest.encode())
        users = {t.index: t.user for t in Trustee.objects.filter(round_id=round_.pk)}
        self.users = users
        mine = {}
        for index, user in users.items():
            secret, record = cc.trustee_start(qb, index, threshold)
            ceremony.trustee_publish(acting_user=user, round_=round_, record=record)
            mine[index] = secret
        records = ceremony.records(round_)
        for index, user in users.items():
            ceremony.shares_post(acting_user=user, round_=round_,
                                 payloads=cc.shares_for(qb, mine[index], records))
        self.shares = {}
        for index, user in users.items():
            self.shares[index] = cc.receive_shares(qb, mine[index],
                                                   ceremony.shares_to(round_, index), records)
            ceremony.trustee_confirm(acting_user=user, round_=round_)
        self.records = records

    def keys(self) -> services.Keys:
        round_ = Round.objects.select_related("evote").get(pk=self.round.pk)
        return services.keys_of(round_)

    def decrypt(self, *indexes: int) -> Any:
        """The trustees `indexes` each post their decryption share (as from their phone)."""
        from daihoi.elections.evoting import ceremony
        from daihoi.elections.evoting.crypto import tally
        from daihoi.elections.evoting.models import EVoteRound

        report = None
        for index in indexes:
            state = EVoteRound.objects.get(round_id=self.round.pk)
            share = tally.decryption_share(state.extended_hash, index, self.shares[index],
                                           self.records, state.aggregate)
            report = ceremony.decryption_submit(acting_user=self.users[index], round_=self.round,
                                                share=share)
        return report


@pytest.fixture
def make_encrypted_round(make_round: Callable[..., Round], counter: Any) -> Callable[..., Ceremony]:
    """A round whose counting committee made its key (three trustees, k = 2 by default),
    then opened with the encrypted scheme unless open=False."""

    def make(*, trustees: int = 3, threshold: int | None = None, open: bool = True,
             **round_kwargs: Any) -> Ceremony:
        from django.contrib.auth.models import Group

        from daihoi.core.models import User
        from daihoi.elections.evoting.models import EVoteRound

        round_ = make_round(open=False, **round_kwargs)
        users = []
        for _ in range(trustees):  # no password: hashing one costs seconds on a busy machine
            user = User.objects.create(username=f"trustee{next(_seq)}", password="!")
            user.groups.add(Group.objects.get(name=str(Role.COUNTING)))
            users.append(user)
        done = Ceremony(round_, users, threshold or trustees // 2 + 1)
        if open:
            services.evote_open(acting_user=counter, round_=round_,
                                scheme=EVoteRound.Scheme.ENCRYPTED)
        done.round = Round.objects.select_related("election", "evote").get(pk=round_.pk)
        return done

    return make


def encrypt(keys: services.Keys, choices: list[int]) -> tuple[str, dict[str, Any]]:
    """A ballot as the delegate's browser makes it (the Python twin of crypto.js): the posted
    JSON and its reveal (nonces and choices, only ever sent for a challenge)."""
    import json

    from daihoi.elections.evoting.crypto import ballots

    ballot, reveal = ballots.encrypt_ballot(keys.manifest, keys.public_key, keys.extended_hash,
                                            choices)
    return json.dumps(ballot), reveal


def vote_encrypted(delegate: Delegate, ceremony: Ceremony, choices: list[int],
                   token: str | None = None) -> services.Cast:
    ballot, _reveal = encrypt(ceremony.keys(), choices)
    round_ = ceremony.round
    return services.vote_cast_encrypted(
        acting_user=user_of(delegate), round_=round_,
        token=token or services.ballot_token(round_, key_of(delegate)), ballot=ballot)


def phone_page(browser: Any, live_server: Any, timeout: int = 20_000) -> tuple[Any, Any]:
    """A delegate's phone (390 × 844, touch, Vietnamese) against the live server, and its
    page: the browser context to close and the page to drive (browser tests)."""
    context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                  viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(timeout)
    return context, page


def log_in_delegate(page: Any, delegate: Delegate) -> None:
    """The login form, as the delegate types it on the phone (browser tests)."""
    page.goto("/login/")
    page.fill("#id_username", user_of(delegate).username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/login/" not in url)


__all__ = ["NAMES", "Ceremony", "Election", "encrypt", "key_of", "lines", "log_in_delegate",
           "phone_page", "user_of", "vote", "vote_encrypted"]
