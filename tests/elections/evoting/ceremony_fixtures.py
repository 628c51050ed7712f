"""Shared by the ceremony's tests: fast logins, the committee of three, the simulated
phones' seeded randomness, an encrypted round opened and ballots cast as phones cast them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from daihoi.core.roles import Role
from daihoi.elections import rounds
from daihoi.elections.evoting import trustees_sim
from daihoi.elections.evoting.crypto import ballots as cballots
from daihoi.elections.evoting.crypto import ceremony as cceremony
from daihoi.elections.evoting.crypto.group import seeded_rng
from daihoi.elections.evoting.models import EncryptedBallot, EVoteRound, VoterReceipt
from daihoi.elections.models import Round


def rng(seed: object) -> seeded_rng:
    """A repeatable stream for the simulated phones (never for a real round)."""
    return seeded_rng(f"test-ceremony-{seed}")


@pytest.fixture
def make_user(db: None) -> Callable[..., Any]:
    """Logins without a password (these tests never type one): hashing one costs seconds
    on a loaded machine, for nothing here."""
    from daihoi.core.services import user_create

    counter = iter(range(1, 10_000))

    def make(*roles: Role | str, username: str | None = None, full_name: str = "") -> Any:
        name = username or f"user{next(counter)}-{'-'.join(str(r) for r in roles) or 'none'}"
        return user_create(acting_user=None, username=name, password=None,
                           full_name=full_name or name, roles=roles)

    return make


@pytest.fixture
def committee(make_user: Callable[..., Any]) -> list[Any]:
    return [make_user(Role.COUNTING, username=f"kp{i}") for i in (1, 2, 3)]


def _base(scalar_hex: str) -> str:
    from daihoi.elections.evoting.crypto import group

    return group.base(group.parse_scalar(scalar_hex, "share")).hex()


def open_encrypted(round_: Round) -> None:
    """What C2's opening does once the key is ready: electronic, voting."""
    Round.objects.filter(pk=round_.pk).update(electronic=True)
    round_.refresh_from_db()
    rounds.open_voting(acting_user=None, round_=round_)


def cast(round_: Round, choices: list[list[int]], rng_seed: int = 1) -> None:
    """Encrypted ballots as the delegates' phones make them, with their receipts."""
    state = EVoteRound.objects.get(round_id=round_.pk)
    for n, marks in enumerate(choices):
        ballot, _reveal = cballots.encrypt_ballot(state.manifest, state.public_key,
                                                  state.extended_hash, marks,
                                                  rng(rng_seed * 1000 + n))
        cballots.verify_ballot(state.manifest, state.public_key, state.extended_hash, ballot)
        EncryptedBallot.objects.create(round_id=round_.pk, tracker=ballot["tracker"],
                                       ballot=cballots.canonical(ballot))
        VoterReceipt.objects.create(round_id=round_.pk, voter=f"delegate:{9000 + n}",
                                    token_digest="x")


def ready_round(make_round: Callable[..., Round], committee: list[Any], **kw: Any
                ) -> tuple[Round, dict[int, str]]:
    round_ = make_round(open=False, **kw)
    shares = trustees_sim.run_ceremony(round_, committee, rng=rng(11))
    open_encrypted(round_)
    return round_, shares


def record_with(qb: str, index: int, first: int) -> dict[str, Any]:
    """Trustee `index`'s honest record (k = 2) whose a_i0 is `first`: trustee_start's first
    draw is that scalar, as its 64 little-endian bytes."""
    rest = rng(f"cancel-{index}")
    draws = [first.to_bytes(64, "little")]
    return cceremony.trustee_start(qb, index, 2, lambda n: draws.pop() if draws else rest(n))[1]


def cancelling_ceremony(round_: Round, committee: list[Any]) -> dict[str, Any]:
    """A ceremony of three where trustees 1 and 2 have published (a_10 = 1000, a_20 = 2000)
    and trustee 3's record, returned unsent, is minus their sum: its joint key would be the
    identity."""
    from daihoi.elections.evoting import ceremony
    from daihoi.elections.evoting.crypto import group

    state = ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee)
    qb = ceremony.base_hash_of(state)
    for i, user in enumerate(committee[:2], 1):
        ceremony.trustee_publish(acting_user=user, round_=round_, record=record_with(qb, i, 1000 * i))
    return record_with(qb, 3, -3000 % group.Q)
