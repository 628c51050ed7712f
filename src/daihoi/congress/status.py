"""The congress's panel of the leader's status page (`core.registry.register_status_panel`,
registered in `CongressConfig.ready`): the congress in session, its attendance against the
quorum, the item on the agenda, the votes taken and the elections whose results the
presidium has published (nothing before publication: `elections.access`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest

from daihoi.congress import selectors
from daihoi.congress.proceedings import selectors as proceedings
from daihoi.elections import selectors as elections
from daihoi.elections.access import can_see_results

TEMPLATE = "congress/_status_panel.html"


def _elected_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The elected, highest votes first, with their votes and percentage of the base."""
    by_name = {c["name"]: c for c in result.get("candidates", [])}
    return [{"name": name, "votes": by_name.get(name, {}).get("votes"),
             "percent": Decimal(str(by_name.get(name, {}).get("percent", 0)))}
            for name in result.get("elected", [])]


def panel_context(request: HttpRequest) -> dict[str, Any] | None:
    congress = selectors.current_congress()
    if congress is None:
        return None
    hall = proceedings.hall_state(congress)
    results = [{"election": p.election, "round": p.round,
                "elected": _elected_rows(p.result)}
               for p in elections.published_results(congress)
               if can_see_results(request.user, p.round)]
    return {
        "congress": congress,
        "attendance": selectors.attendance_summary(congress),
        "current_item": hall.current_item if hall is not None else None,
        "votes": proceedings.votes_taken(congress),
        "open_votes": list(proceedings.open_votes(congress)),
        "elections": list(congress.elections.order_by("id")),
        "results": results,
    }
