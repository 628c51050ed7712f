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


__all__ = ["NAMES", "Election", "key_of", "lines", "user_of", "vote"]
