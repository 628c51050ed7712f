"""Writes vectors.json beside this file: the values the Python and the JavaScript sides must
agree on (docs/evote-protocol.md), made by the Python implementation with seeded
randomness so that a JavaScript run with the same seeds and the same draw order gives the
same bytes. `python -m tests.elections.evoting.crypto.make_vectors` rewrites it;
test_vectors.py checks that the committed file is what this makes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from daihoi.elections.evoting.crypto import ballots, ceremony, group, tally
from daihoi.elections.evoting.crypto.board import result_of
from daihoi.elections.evoting.crypto.simulate import strike_manifest

PATH = Path(__file__).with_name("vectors.json")

RNG = """A seeded source (group.seeded_rng): block i = SHA-512(utf8(seed) + u64be(i)) for i = 0, 1,
…; the blocks concatenated form one stream, read in order. A scalar is 64 bytes of it read
as an integer little-endian, mod q; an XChaCha20 nonce is the next 24 bytes. Each party
uses its own seed (named in each vector). Draw order: trustee_start: a_0 … a_(k-1), zeta,
then u of each coefficient proof j = 0 … k-1, then u of the communication proof.
shares_for: for each receiver in increasing index: e, then the nonce. encrypt_ballot: r_j
of every selection in order, then each selection's range proof, then each contest's; in a
range proof, for t = lo … hi: c_t then z_t when t is not the value, u when it is.
decryption_share: u for each selection in order."""


def _hash_vectors() -> list[dict[str, Any]]:
    p = group.base(7)
    s = group.scalar_bytes(group.Q - 2)
    cases: list[tuple[str, list[dict[str, Any]]]] = [
        ("manifest", [{"bytes": "7b7d"}]),
        ("range", [{"scalar": s.hex()}, {"point": p.hex()}, {"int": 0}, {"int": 27}]),
        ("coefficient", [{"int": 1}, {"int": 2**40 + 5}, {"point": "00" * 32}]),
        ("tên", [{"string": "Nguyễn Văn An"}, {"string": ""}]),
        ("empty", []),
    ]
    out = []
    for tag, items in cases:
        raw: list[bytes | str | int] = []
        for item in items:
            (kind, value), = item.items()
            raw.append(value if kind in ("int", "string") else bytes.fromhex(value))
        expected = group.scalar_hex(group.hash_to_scalar(tag, *raw))
        out.append({"tag": tag, "items": items, "expected": expected})
    return out


def _group_vectors() -> dict[str, Any]:
    a, b = 2**200 + 12345, group.Q - 3
    return {
        "q": str(group.Q),
        "generator": group.G.hex(),
        "identity": group.IDENTITY.hex(),
        "base_mult": [{"scalar": group.scalar_hex(s), "point": group.base(s).hex()}
                      for s in (1, 2, 27, a, b)],
        "mult": {"scalar": group.scalar_hex(a), "point": group.base(b).hex(),
                 "product": group.mul(a, group.base(b)).hex()},
        "add": {"p": group.base(a).hex(), "q": group.base(b).hex(),
                "sum": group.add(group.base(a), group.base(b)).hex()},
        "zero_times_point_is_identity": group.mul(0, group.base(a)).hex(),
        # RFC 9496 §A.2's bad encodings: non-canonical field elements, negative ones, and one
        # whose square root does not exist.
        "not_points": ["00" + "ff" * 31, "ff" * 31 + "7f", "f3" + "ff" * 30 + "7f", "01" + "00" * 31,
                       "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371"],
        "not_scalars": [group.Q.to_bytes(32, "little").hex(), "ff" * 32],
    }


def confidence_manifest(names: list[str], trustees: int, threshold: int) -> dict[str, Any]:
    """A confidence round's manifest as ceremony.manifest_of writes it (protocol §2): three
    selections per person (cao, tín nhiệm, thấp), at most one, a blank row valid."""
    n = len(names)
    return {"version": 1, "round_id": 2, "election": "Lấy phiếu tín nhiệm giữa nhiệm kỳ",
            "round_number": 1, "format": "confidence", "candidates": names, "selections": 3 * n,
            "contests": [{"indexes": [3 * i, 3 * i + 1, 3 * i + 2], "min": 0, "max": 1}
                         for i in range(n)],
            "trustees": [{"index": i, "name": f"Thành viên {i}"} for i in range(1, trustees + 1)],
            "threshold": threshold,
            "tally": {"ballot_format": "confidence", "candidates": names}}


def _confidence(names: list[str], key: str) -> dict[str, Any]:
    """One confidence ballot under the ceremony's key K (its own manifest, so its own Qe):
    person 0 tín nhiệm cao, person 1 left blank, person 2 tín nhiệm thấp."""
    text = ballots.canonical_json(confidence_manifest(names, 3, 2))
    qe = ballots.extended_hash(ballots.base_hash(text.encode("utf-8")), key)
    choices = [1, 0, 0, 0, 0, 0, 0, 0, 1]
    seed = "vectors/confidence/0"
    ballot, reveal = ballots.encrypt_ballot(text, key, qe, choices, rng=group.seeded_rng(seed))
    return {"manifest": text, "extended_hash": qe, "seed": seed, "choices": choices,
            "ballot": ballot, "reveal": reveal, "canonical": ballots.canonical(ballot)}


def build() -> dict[str, Any]:
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    manifest = strike_manifest(names, 2, trustees=3, threshold=2, electorate=5)
    text = ballots.canonical_json(manifest)
    qb = ballots.base_hash(text.encode("utf-8"))
    k = manifest["threshold"]

    trustees = []
    for i in (1, 2, 3):
        seed = f"vectors/trustee/{i}"
        secret, record = ceremony.trustee_start(qb, i, k, rng=group.seeded_rng(seed))
        trustees.append({"seed": seed, "secret": secret.to_json(), "record": record})
    records = [t["record"] for t in trustees]
    secrets = [ceremony.TrusteeSecret.from_json(t["secret"]) for t in trustees]
    shares = []
    for s in secrets:
        seed = f"vectors/shares/{s.index}"
        shares.append({"seed": seed, "from": s.index,
                       "payloads": ceremony.shares_for(qb, s, records, rng=group.seeded_rng(seed))})
    payloads = [p for entry in shares for p in entry["payloads"]]
    secret_shares = {str(s.index): ceremony.receive_shares(qb, s, [p for p in payloads if p["to"] == s.index],
                                                           records) for s in secrets}
    key = ceremony.joint_key(records)
    qe = ballots.extended_hash(qb, key)

    cast = []
    for n, choices in enumerate([[1, 1, 0], [0, 1, 0], [1, 0, 1]]):
        seed = f"vectors/ballot/{n}"
        ballot, reveal = ballots.encrypt_ballot(manifest, key, qe, choices, rng=group.seeded_rng(seed))
        cast.append({"seed": seed, "choices": choices, "ballot": ballot, "reveal": reveal,
                     "canonical": ballots.canonical(ballot)})
    spoiled_seed = "vectors/spoiled/0"
    spoiled, spoiled_reveal = ballots.encrypt_ballot(manifest, key, qe, [0, 0, 1],
                                                     rng=group.seeded_rng(spoiled_seed))
    aggregate = ballots.aggregate(manifest, [c["ballot"] for c in cast])
    decryption = []
    for i in (1, 3):
        seed = f"vectors/decrypt/{i}"
        decryption.append({"seed": seed, "share": tally.decryption_share(
            qe, i, secret_shares[str(i)], records, aggregate, rng=group.seeded_rng(seed))})
    totals = tally.combine(aggregate, [d["share"] for d in decryption], k, len(cast))
    board = {
        "manifest": text, "public_key": key, "extended_hash": qe, "trustees": records,
        "ballots": sorted((c["ballot"] for c in cast), key=lambda b: b["tracker"]),
        "spoiled": [{"ballot": spoiled, **spoiled_reveal}],
        "aggregate": aggregate, "decryption": [d["share"] for d in decryption], "totals": totals,
        "result": json.loads(json.dumps(result_of(manifest, totals, len(cast)).to_json())),
    }
    return {
        "about": ("Shared test vectors of docs/evote-protocol.md, written by "
                  "tests/elections/evoting/crypto/make_vectors.py (do not edit by hand). Hex is "
                  "lowercase; scalars are 32 bytes little-endian."),
        "rng": {"definition": RNG, "seed": "vectors/rng",
                "first_100_bytes": group.seeded_rng("vectors/rng")(100).hex(),
                "first_scalar": group.scalar_hex(group.random_scalar(group.seeded_rng("vectors/rng")))},
        "hash_to_scalar": _hash_vectors(),
        "group": _group_vectors(),
        "manifest": text, "base_hash": qb,
        "ceremony": {"threshold": k, "trustees": trustees, "shares": shares,
                     "secret_shares": secret_shares, "joint_key": key,
                     "public_shares": {str(i): ceremony.public_share(records, i) for i in (1, 2, 3)},
                     "extended_hash": qe},
        "ballots": cast,
        "spoiled": {"seed": spoiled_seed, "choices": [0, 0, 1], "ballot": spoiled, "reveal": spoiled_reveal},
        "aggregate": aggregate,
        "decryption": decryption,
        "totals": totals,
        "board": board,
        "confidence": _confidence(names, key),
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    PATH.write_text(dumps(build()), encoding="utf-8")
    print(f"wrote {PATH}")
