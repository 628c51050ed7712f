"""Read queries of electronic voting. Participation is counts for everyone; the list of who
has voted (receipts, never what) is for the counting committee, in name order, never in the
order of voting. Who is on the roll and who is present: the election's electorate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from daihoi.elections import selectors as el_selectors
from daihoi.elections.electorate import Voter, electorate_of
from daihoi.elections.evoting.models import EVoteRound, VoterReceipt
from daihoi.elections.models import Election, Round
from daihoi.rules import counting, names
from daihoi.rules.percent import percent


@dataclass(frozen=True)
class Participation:
    voted: int
    present: int  # entitled voters present now (official, or alternates replacing one)
    convened: int

    @property
    def percent_of_present(self) -> Decimal:
        return percent(self.voted, self.present) if self.present > 0 else Decimal("0.00")


def participation(round_: Round) -> Participation:
    voted = VoterReceipt.objects.filter(round=round_).count()
    electorate = electorate_of(round_.election)
    if electorate is None:
        return Participation(voted=voted, present=0, convened=round_.electorate_convened)
    return Participation(voted=voted, present=electorate.present_count(round_.election),
                         convened=round_.electorate_convened)


def voters(round_: Round) -> list[str]:
    """Names of those who have voted, in Vietnamese name order (not voting order)."""
    keys = set(VoterReceipt.objects.filter(round=round_).values_list("voter", flat=True))
    electorate = electorate_of(round_.election)
    if not keys or electorate is None:
        return []
    return sorted(electorate.names_of(round_.election, keys), key=names.sort_key)


def open_rounds_for(user: Any) -> list[tuple[Round, Voter, bool]]:
    """Rounds open for e-voting whose electorate the user is on, and whether the user has
    voted in each."""
    out = []
    rounds = (Round.objects.filter(status=Round.Status.VOTING, electronic=True)
              .select_related("election__congress").order_by("election_id", "number"))
    for round_ in rounds:
        electorate = electorate_of(round_.election)
        voter = electorate.voter_for_user(round_.election, user) if electorate else None
        if voter is not None:
            voted = VoterReceipt.objects.filter(round=round_, voter=voter.key).exists()
            out.append((round_, voter, voted))
    return out


def published_rounds_for(user: Any) -> list[Round]:
    """Rounds with a published result, of electorates the user is on."""
    out = []
    rounds = (Round.objects.filter(results_published=True, electronic=True)
              .select_related("election__congress").order_by("-election_id", "-number"))
    for round_ in rounds[:20]:
        electorate = electorate_of(round_.election)
        if electorate is not None and electorate.voter_for_user(round_.election, user):
            out.append(round_)
    return out


def manageable_rounds() -> QuerySet[Round]:
    """Rounds that can be opened or are being voted on electronically (those with an
    electorate: the view keeps the ones the user counts for)."""
    return (Round.objects.filter(status__in=[Round.Status.PREPARING, Round.Status.VOTING,
                                             Round.Status.COUNTING, Round.Status.CLOSED])
            .select_related("election__congress").order_by("-election_id", "-number"))


@dataclass(frozen=True)
class ConfidenceTally:
    """The e-ballots of a confidence round: how many were returned, and per candidate of
    the frozen ballot order (its id) the (high, medium, low) counts. rules/confidence.count
    turns it into shares and consequences (the meetings app does, with the quorum)."""

    returned: int
    marks: dict[int, tuple[int, int, int]]


def confidence_result_of(round_: Round) -> ConfidenceTally | None:
    """The stored counts of a closed confidence round (None before its close:
    `services.evote_close` stores them)."""
    data = round_.result
    if round_.status != Round.Status.CLOSED or not isinstance(data, dict) \
            or data.get("format") != Election.BallotFormat.CONFIDENCE:
        return None
    return ConfidenceTally(returned=int(data["ballots_collected"]),
                           marks={int(k): (int(v[0]), int(v[1]), int(v[2]))
                                  for k, v in data["levels"].items()})
def is_encrypted(round_: Round) -> bool:
    """Whether the round's e-vote uses the encrypted scheme (its state row, read once)."""
    if Round.evote.is_cached(round_):
        state = getattr(round_, "evote", None)
    else:
        state = EVoteRound.objects.filter(round=round_).only("scheme").first()
    return state is not None and state.scheme == EVoteRound.Scheme.ENCRYPTED


def blank_agree_valid(round_: Round) -> bool:
    """Whether the counting committee confirmed that an agree ballot of several names
    agreeing with nobody is valid, counted for no one (RULES.md's open case; the page then
    lets it through, as the count and the encrypted round's manifest do)."""
    decision = el_selectors.counting_rules_confirmation(round_.election)
    return bool(decision is not None and (decision.data or {}).get("blank_approve_ballot")
                == counting.BlankApproveBallot.VALID)

