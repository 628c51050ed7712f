"""Who votes in an election: the one question the elections app asks of the body it serves.

An election is held by a body: a congress of delegates or of members, a committee at its
conference (the newly elected committee at its first session). The elections app counts
ballots for any of them, and asks the body, through an `Electorate`, for:

- the base (`rules.base`: convened less excluded, with the breakdown), as of a moment;
- who may vote (`Voter`: member, user, name, a stable key), and who is present;
- the voter a logged-in user is (`voter_for_user`, one cheap lookup: 1,600 phones vote at
  once) and whether a user or member sits on the counting committee for the election.

The apps that know the bodies provide one (congress/electorate.py for a congress's
delegates or members; this module for the new committee's first session; the meetings app
will for a committee conference) and register it in their AppConfig.ready() for the
values of `Election.electorate` they serve. `electorate_of(election)` finds it. Nothing in
the elections app imports the congress: the dependency points from the bodies to here.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from daihoi.rules import base as base_rules

if TYPE_CHECKING:
    from daihoi.elections.models import Election


@dataclass(frozen=True)
class Voter:
    """One person of an electorate. `key` is stable for the election ("delegate:12",
    "mandate:7") and is what an e-voting receipt records; `entitled`: may vote now (an
    alternate who replaced nobody, or a delegate whose credentials were rejected, is on the
    list but may not); `present`: in the hall (checked in) at the moment asked."""

    key: str
    member_id: int | None
    user_id: int | None
    name: str
    entitled: bool = True
    present: bool = False


class Electorate(abc.ABC):
    """What an election asks of the body that votes. `at` is the moment asked about (None:
    now); a provider whose records keep no history answers for now."""

    #: Shown beside the base ("Đại hội đại biểu", "Hội nghị Ban Chấp hành khóa mới").
    label: str = ""

    @abc.abstractmethod
    def base(self, election: Election, *, at: dt.datetime | None = None) -> base_rules.Base:
        """The convened base with its breakdown; raises `rules.base.BaseError` when it
        is zero or less."""

    @abc.abstractmethod
    def voters(self, election: Election, *, at: dt.datetime | None = None) -> list[Voter]:
        """Everyone on the list (entitled or not), with presence at `at`."""

    @abc.abstractmethod
    def present_count(self, election: Election, *, at: dt.datetime | None = None) -> int:
        """How many of those entitled to vote are present at `at`."""

    @abc.abstractmethod
    def voter_for_user(self, election: Election, user: Any) -> Voter | None:
        """The user's place in the electorate now (entitled or not, present or not), or None
        when the user is not on the list."""

    @abc.abstractmethod
    def is_counting_member(self, election: Election, *, user: Any = None,
                           member_id: int | None = None) -> bool:
        """Whether the user (or the member) sits on the counting committee for the election
        (190-QĐ/TW Điều 8). Global roles are the elections app's business, not this."""

    def counting_user_ids(self, election: Election) -> list[int]:
        """The logins of the counting committee's members as recorded by the body (those
        who can hold a share of an encrypted round's key); empty when it keeps none."""
        return []

    def counting_committee(self, election: Election) -> list[tuple[str, str]]:
        """(name, role) of the counting committee as recorded by the body; empty when it
        keeps none (the minutes then print the names entered with the election)."""
        return []

    def body_title(self, election: Election) -> str:
        """The body that votes, as a ballot names it ("Đại hội đại biểu Đảng bộ … lần thứ
        XVIII, nhiệm kỳ 2025–2030"); empty when the body has no such name."""
        return ""

    def venue(self, election: Election) -> str:
        """Where the body meets (the minutes print it); empty when not recorded."""
        return ""

    def present_names(self, election: Election) -> list[str]:
        return [v.name for v in self.voters(election) if v.present and v.entitled]

    def names_of(self, election: Election, keys: set[str]) -> list[str]:
        return [v.name for v in self.voters(election) if v.key in keys]


Finder = Callable[["Election"], Electorate | None]
_finders: dict[str, list[Finder]] = {}


def register(electorate_kind: str, finder: Finder) -> None:
    """A provider serves the elections whose `electorate` is `electorate_kind`; `finder`
    returns its Electorate for one election, or None when it does not serve that one.
    Registering the same finder twice (a second ready()) keeps one."""
    finders = _finders.setdefault(str(electorate_kind), [])
    if finder not in finders:
        finders.append(finder)


def electorate_of(election: Election) -> Electorate | None:
    """The electorate of `election`, or None when no installed app provides one (the
    counting committee then enters the numbers by hand; e-voting is not possible)."""
    for finder in _finders.get(str(election.electorate), []):
        found = finder(election)
        if found is not None:
            return found
    return None


def base_or_none(election: Election) -> base_rules.Base | None:
    """The base, or None when there is no electorate or its base is not positive yet."""
    electorate = electorate_of(election)
    if electorate is None:
        return None
    try:
        return electorate.base(election)
    except base_rules.BaseError:
        return None


# --- the votes on the number to elect ---------------------------------------------------------
# An election records the vote that fixed its number of seats (`Election.seats_vote_id`);
# the app that holds such votes (the congress's proceedings) lists them here.
SeatVotes = Callable[[], list[tuple[int, str]]]
_seat_votes: list[SeatVotes] = []


def register_seat_votes(source: SeatVotes) -> None:
    if source not in _seat_votes:
        _seat_votes.append(source)


def seat_vote_choices() -> list[tuple[int, str]]:
    return [choice for source in _seat_votes for choice in source()]
