"""A whole encrypted round in one process: the ceremony, the ballots, the count and the
board. For the demo, the shared vectors, the benchmark and the tests, NEVER for a real
round, where each trustee's secret stays on their own device and only they decrypt.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from daihoi.elections.evoting.crypto import ballots, board, ceremony, contests, group, tally
from daihoi.elections.evoting.crypto.group import Rng


def _draw(rng: Rng | None, name: str) -> Rng | None:
    # A named, independent stream per party, so one more ballot does not shift the others.
    return None if rng is None else group.seeded_rng(rng(32) + name.encode())


class Committee:
    """The n trustees of a round, their ceremony run to the end."""

    def __init__(self, manifest: dict[str, Any], rng: Rng | None = None) -> None:
        self.manifest = manifest
        self.text = ballots.canonical_json(manifest)
        self.k = int(manifest["threshold"])
        self.qb = ballots.base_hash(self.text.encode("utf-8"))
        indexes = [int(t["index"]) for t in manifest["trustees"]]
        started = [ceremony.trustee_start(self.qb, i, self.k, rng=_draw(rng, f"trustee{i}"))
                   for i in indexes]
        self.secrets = {s.index: s for s, _ in started}
        self.records = [r for _, r in started]
        self.payloads = [p for s in self.secrets.values() for p in
                         ceremony.shares_for(self.qb, s, self.records, rng=_draw(rng, f"shares{s.index}"))]
        self.secret_shares = {
            i: ceremony.receive_shares(self.qb, s, [p for p in self.payloads if p["to"] == i], self.records)
            for i, s in self.secrets.items()}
        self.key = ceremony.joint_key(self.records)
        self.qe = ballots.extended_hash(self.qb, self.key)

    def encrypt(self, choices: Sequence[int], rng: Rng | None = None
                ) -> tuple[dict[str, Any], dict[str, Any]]:
        return ballots.encrypt_ballot(self.manifest, self.key, self.qe, choices, rng=rng)

    def decrypt(self, index: int, aggregate: list[dict[str, str]], rng: Rng | None = None) -> dict[str, Any]:
        return tally.decryption_share(self.qe, index, self.secret_shares[index], self.records,
                                      aggregate, rng=_draw(rng, f"decrypt{index}"))

    def board(self, cast: Sequence[Sequence[int]], spoiled: Sequence[Sequence[int]] = (),
              trustees: Sequence[int] | None = None, rng: Rng | None = None) -> dict[str, Any]:
        """The bulletin board of protocol §6 after the count, decrypted by `trustees` (the
        first k by default)."""
        made = [self.encrypt(c, rng=_draw(rng, f"ballot{n}"))[0] for n, c in enumerate(cast)]
        challenged = [self.encrypt(c, rng=_draw(rng, f"spoiled{n}")) for n, c in enumerate(spoiled)]
        aggregate = ballots.aggregate(self.manifest, made)
        who = list(trustees) if trustees is not None else sorted(self.secrets)[: self.k]
        shares = [self.decrypt(i, aggregate, rng=rng) for i in who]
        totals = tally.combine(aggregate, shares, self.k, len(made))
        result = board.result_json(self.manifest, totals, len(made))
        return {
            "manifest": self.text, "public_key": self.key, "extended_hash": self.qe,
            "trustees": self.records,
            "ballots": sorted(made, key=lambda b: b["tracker"]),
            "spoiled": [{"ballot": b, **reveal} for b, reveal in challenged],
            "aggregate": aggregate, "decryption": shares, "totals": totals,
            "result": json.loads(json.dumps(result)),
        }


def strike_manifest(candidates: Sequence[str], seats: int, trustees: int, threshold: int,
                    *, electorate: int | None = None) -> dict[str, Any]:
    """A strike-format manifest as the ceremony writes it (protocol §2): its contests are
    the rules' (contests.required_layout), as the server's are."""
    n = len(candidates)
    rules_input = {"seats": seats, "candidates": list(candidates), "ballot_format": "strike",
                   "electorate_convened": electorate if electorate is not None else 2 * n + 100,
                   "excluded": 0, "blank_approve_ballot": "invalid"}
    layout = contests.required_layout("strike", rules_input)
    return {
        "version": 1, "round_id": 1, "election": "Bầu Ban Chấp hành (mô phỏng)", "round_number": 1,
        "format": "strike", "candidates": list(candidates), "selections": layout.selections,
        "contests": list(layout.contests),
        "trustees": [{"index": i, "name": f"Thành viên Ban kiểm phiếu {i}"} for i in range(1, trustees + 1)],
        "threshold": threshold, "tally": rules_input,
    }
