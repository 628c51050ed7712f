"""The bulletin board of an encrypted round (docs/evote-protocol.md §6): a selector building
the dict that the board page shows and `daihoi verify BOARD.json` checks.

Who sees what: the board is for the delegates of the round's electorate and its staff (the
counting committee, the congress's secretariat and office, the leadership); the decrypted
part (the decryption shares, the totals, the result) only once the result may be seen
(`access.can_see_results`: the counting committee and the secretariat before the
presidium publishes it, everyone after). Before that the board still lists every encrypted
ballot, so a delegate can find their tracker while the vote runs.

The cast ballots are listed in tracker order: a tracker is a hash, so the order is random
and owes nothing to the order of voting (DESIGN.md: the secret ballot)."""

from __future__ import annotations

import json
from typing import Any

from daihoi.core.permissions import has_role
from daihoi.core.roles import READ_ALL_ROLES
from daihoi.elections.access import can_see_results, is_counting
from daihoi.elections.electorate import electorate_of
from daihoi.elections.evoting import ceremony
from daihoi.elections.evoting.models import EncryptedBallot, EVoteRound, SpoiledBallot
from daihoi.elections.models import Round


def encrypted_state(round_: Round) -> EVoteRound | None:
    state = EVoteRound.objects.filter(round_id=round_.pk).first()
    if state is None or state.scheme != EVoteRound.Scheme.ENCRYPTED or not state.manifest:
        return None
    return state


def can_see_board(user: Any, round_: Round) -> bool:
    """The round's delegates (on its electorate's list) and its staff."""
    if is_counting(user, round_.election) or has_role(user, *READ_ALL_ROLES):
        return True
    if user is None or not user.is_authenticated:
        return False
    electorate = electorate_of(round_.election)
    return electorate is not None and electorate.voter_for_user(round_.election, user) is not None


def board(round_: Round, *, decrypted: bool = True) -> dict[str, Any]:
    """Protocol §6's dict. `decrypted=False` leaves out the decryption, the totals and the
    result (what may not be seen yet); they are also absent until the count is done."""
    state = encrypted_state(round_)
    if state is None:
        return {}
    cast = sorted(EncryptedBallot.objects.filter(round_id=round_.pk)
                  .values_list("tracker", "ballot"))
    spoiled = sorted(SpoiledBallot.objects.filter(round_id=round_.pk)
                     .values_list("tracker", "ballot", "reveal"))
    data: dict[str, Any] = {
        "manifest": state.manifest,
        "public_key": state.public_key,
        "extended_hash": state.extended_hash,
        "trustees": ceremony.records(round_),
        "ballots": [json.loads(b) for _t, b in cast],
        "spoiled": [{"ballot": json.loads(b), "nonces": r.get("nonces", []),
                     "choices": r.get("choices", [])} for _t, b, r in spoiled],
        "aggregate": state.aggregate,
    }
    if decrypted and state.totals is not None:
        manifest = json.loads(state.manifest)
        data["decryption"] = ceremony.decryption_shares(round_)
        data["totals"] = state.totals
        data["result"] = ceremony.result_json(manifest, state.totals, len(cast))
    return data


def board_for(user: Any, round_: Round) -> dict[str, Any]:
    return board(round_, decrypted=can_see_results(user, round_))


def trackers(round_: Round) -> tuple[list[str], list[str]]:
    """The cast and the spoiled ballots' trackers, in tracker order (the page lists them)."""
    cast = sorted(EncryptedBallot.objects.filter(round_id=round_.pk)
                  .values_list("tracker", flat=True))
    spoiled = sorted(SpoiledBallot.objects.filter(round_id=round_.pk)
                     .values_list("tracker", flat=True))
    return cast, spoiled
