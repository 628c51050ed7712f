"""Read queries of elections, for this app's pages and for other apps.

For other apps (stable names):
- `published_results(congress)`: the published rounds of a congress's elections with their
  results, for the big screen.
- `elected_at(congress)` / `mandates_of(election)`: who was elected (the record).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from daihoi.elections.models import Election, Mandate, Round


@dataclass(frozen=True)
class PublishedRound:
    election: Election
    round: Round
    result: dict[str, Any]  # Round.result: the `daihoi tally` JSON plus ids (see services)
    elected: list[Mandate]


def published_results(congress: Any) -> list[PublishedRound]:
    """Rounds of `congress`'s elections whose results the presidium has published, in the
    order of the elections and rounds. `result["candidates"]` is in ballot order with
    `votes`, `percent`, `above_threshold`; `result["elected"]` names, highest votes first."""
    rounds = (Round.objects.filter(election__congress=congress, results_published=True,
                                   status=Round.Status.CLOSED)
              .select_related("election").order_by("election_id", "number"))
    out = []
    for r in rounds:
        mandates = list(r.mandates.all().order_by("order"))
        out.append(PublishedRound(r.election, r, r.result or {}, mandates))
    return out


def elected_at(congress: Any) -> QuerySet[Mandate]:
    """Everyone elected at `congress`, grouped by election, in order of votes."""
    return (Mandate.objects.filter(election__congress=congress)
            .select_related("election", "member").order_by("election_id", "order"))


def mandates_of(election: Election) -> QuerySet[Mandate]:
    return election.mandates.select_related("member").order_by("order")


def elections_list(*, congress: Any = None) -> QuerySet[Election]:
    qs = Election.objects.select_related("organization", "congress").order_by("-id")
    if congress is not None:
        qs = qs.filter(congress=congress)
    return qs
