"""Read queries of electronic voting. Participation is counts for everyone; the list of who
has voted (receipts, never what) is for the counting committee, in name order, never in the
order of voting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from daihoi.congress.models import Delegate
from daihoi.congress.selectors import attendance_summary, delegate_for_user
from daihoi.elections.evoting.models import VoterReceipt
from daihoi.elections.models import Round
from daihoi.rules import names
from daihoi.rules.percent import percent


@dataclass(frozen=True)
class Participation:
    voted: int
    present: int  # seats present now (official, or alternates replacing one)
    convened: int

    @property
    def percent_of_present(self) -> Decimal:
        return percent(self.voted, self.present) if self.present > 0 else Decimal("0.00")


def participation(round_: Round) -> Participation:
    voted = VoterReceipt.objects.filter(round=round_).count()
    congress = round_.election.congress
    if congress is None:
        return Participation(voted=voted, present=0, convened=round_.electorate_convened)
    summary = attendance_summary(congress)
    return Participation(voted=voted, present=summary.present, convened=summary.convened)


def voters(round_: Round) -> list[str]:
    """Names of the delegates who have voted, in Vietnamese name order (not voting order)."""
    delegate_ids = VoterReceipt.objects.filter(round=round_).values_list("delegate_id", flat=True)
    full_names = Delegate.objects.filter(pk__in=delegate_ids).values_list("member__full_name",
                                                                         flat=True)
    return sorted(full_names, key=names.sort_key)


def open_rounds_for(user: Any) -> list[tuple[Round, Delegate, bool]]:
    """Rounds open for e-voting in congresses where the user holds a delegate's card, and
    whether the user has voted in each."""
    out = []
    rounds = (Round.objects.filter(status=Round.Status.VOTING, electronic=True,
                                   election__congress__isnull=False)
              .select_related("election__congress").order_by("election_id", "number"))
    for round_ in rounds:
        congress = round_.election.congress
        delegate = delegate_for_user(user, congress) if congress is not None else None
        if delegate is not None:
            voted = VoterReceipt.objects.filter(round=round_, delegate=delegate).exists()
            out.append((round_, delegate, voted))
    return out


def published_rounds_for(user: Any) -> list[Round]:
    """Rounds with a published result, of congresses where the user is a delegate."""
    out = []
    rounds = (Round.objects.filter(results_published=True, electronic=True,
                                   election__congress__isnull=False)
              .select_related("election__congress").order_by("-election_id", "-number"))
    for round_ in rounds[:20]:
        congress = round_.election.congress
        if congress is not None and delegate_for_user(user, congress) is not None:
            out.append(round_)
    return out


def manageable_rounds() -> QuerySet[Round]:
    """Rounds of congress elections that can be opened or are being voted on electronically."""
    return (Round.objects.filter(election__congress__isnull=False)
            .filter(status__in=[Round.Status.PREPARING, Round.Status.VOTING,
                                Round.Status.COUNTING, Round.Status.CLOSED])
            .select_related("election__congress").order_by("-election_id", "-number"))
