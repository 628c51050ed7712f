"""Shared pieces of the cryptography tests: small manifests (a proof costs per value of its
range, so most tests use few names) and a round key whose secret the test knows."""

from __future__ import annotations

from typing import Any, Protocol

import pytest

from daihoi.elections.evoting.crypto import ballots, group


def strike_manifest(names: int, seats: int) -> dict[str, Any]:
    return {"version": 1, "round_id": 1, "election": "Bầu Ban Chấp hành", "round_number": 1,
            "format": "strike", "candidates": [f"Ứng viên {i}" for i in range(names)],
            "selections": names,
            "contests": [{"indexes": list(range(names)), "min": 1 if names > 1 else 0, "max": seats}],
            "trustees": [{"index": 1, "name": "Tổ trưởng"}], "threshold": 1, "tally": {}}


def agree_manifest(names: int) -> dict[str, Any]:
    return {**strike_manifest(names, names), "format": "agree", "selections": 2 * names,
            "contests": [{"indexes": [2 * i, 2 * i + 1], "min": 0, "max": 1} for i in range(names)]}


class Round:
    """A manifest with a joint key made from one known secret (the ceremony has its own tests)."""

    def __init__(self, manifest: dict[str, Any], seed: str = "round") -> None:
        self.manifest = manifest
        self.secret = group.random_scalar(group.seeded_rng(seed))
        self.key = group.base(self.secret).hex()
        self.qb = ballots.base_hash(ballots.manifest_bytes(manifest))
        self.qe = ballots.extended_hash(self.qb, self.key)

    def encrypt(self, choices: list[int], seed: str = "ballot") -> tuple[dict[str, Any], dict[str, Any]]:
        return ballots.encrypt_ballot(self.manifest, self.key, self.qe, choices,
                                      rng=group.seeded_rng(seed))

    def verify(self, ballot: dict[str, Any]) -> None:
        ballots.verify_ballot(self.manifest, self.key, self.qe, ballot)

    def decrypt(self, ct: dict[str, str], limit: int = 50) -> int:
        alpha = group.parse_point(ct["alpha"], "alpha")
        beta = group.parse_point(ct["beta"], "beta")
        plain = group.sub(beta, group.mul(self.secret, alpha))
        return next(t for t in range(limit + 1) if group.small(t) == plain)


class Keyed(Protocol):
    """A round's manifest and keys: a `Round`, or `simulate.Committee` after its ceremony."""

    manifest: dict[str, Any]
    key: str
    qe: str


def forged_opened(rnd: Keyed, choices: list[int], contest_value: int | None = None
                  ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A ballot built past encrypt_ballot's own check, proving what it can: the honest
    prover's algorithm run on a value outside the range simulates every branch, and the
    challenges cannot add up. With its reveal (the nonces and the choices), as a challenge
    would publish it. One contest, the manifest's first."""
    key = group.parse_point(rnd.key, "K")
    qe = group.scalar_bytes(group.parse_scalar(rnd.qe, "Qe"))
    rng = group.seeded_rng("forger")
    nonces = [group.random_scalar(rng) for _ in choices]
    cts = [(group.base(r), group.add(group.small(x), group.mul(r, key)))
           for r, x in zip(nonces, choices, strict=True)]
    selections = [{"alpha": a.hex(), "beta": b.hex(), "proof": ballots._proof_json(
        ballots._prove_range(qe, key, a, b, r, min(x, 1), 0, 1, rng))}
        for (a, b), r, x in zip(cts, nonces, choices, strict=True)]
    alpha = group.add_all(a for a, _ in cts)
    beta = group.add_all(b for _, b in cts)
    value = sum(choices) if contest_value is None else contest_value
    contest = rnd.manifest["contests"][0]
    proof = ballots._prove_range(qe, key, alpha, beta, sum(nonces) % group.Q, value,
                                 contest["min"], contest["max"], rng)
    ballot: dict[str, Any] = {"selections": selections, "contests": [{"proof": ballots._proof_json(proof)}]}
    ballot["tracker"] = ballots.tracker(rnd.qe, ballot)
    return ballot, {"nonces": [group.scalar_hex(r) for r in nonces], "choices": list(choices)}


def forged(rnd: Keyed, choices: list[int], contest_value: int | None = None) -> dict[str, Any]:
    return forged_opened(rnd, choices, contest_value)[0]


@pytest.fixture(scope="session")
def small_round() -> Round:
    return Round(strike_manifest(4, 2))
