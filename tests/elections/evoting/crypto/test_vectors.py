"""The shared vectors (vectors.json, read by the JavaScript tests too) are what the
generator makes, and every item in them verifies."""

from __future__ import annotations

import json

import pytest

from daihoi.elections.evoting.crypto import ballots, board, ceremony, group, tally
from daihoi.elections.evoting.crypto.group import CryptoError
from tests.elections.evoting.crypto import make_vectors


@pytest.fixture(scope="module")
def vectors():
    return json.loads(make_vectors.PATH.read_text(encoding="utf-8"))


def test_the_committed_vectors_are_what_the_generator_makes(vectors):
    # Seeded throughout, so a change of the implementation that changes a byte shows here:
    # rerun `python -m tests.elections.evoting.crypto.make_vectors` only for a deliberate change.
    assert make_vectors.PATH.read_text(encoding="utf-8") == make_vectors.dumps(make_vectors.build())


def test_the_board_of_the_vectors_verifies(vectors):
    assert board.verify_board(vectors["board"]) == []
    assert vectors["totals"] == [2, 2, 1]


def test_every_item_of_the_vectors_verifies(vectors):
    manifest, qb = vectors["manifest"], vectors["base_hash"]
    c = vectors["ceremony"]
    key, qe = c["joint_key"], c["extended_hash"]
    assert ballots.base_hash(manifest.encode()) == qb
    records = [t["record"] for t in c["trustees"]]
    for t in c["trustees"]:
        ceremony.verify_trustee(qb, t["record"], c["threshold"])
    for t in c["trustees"]:
        secret = ceremony.TrusteeSecret.from_json(t["secret"])
        mine = [p for s in c["shares"] for p in s["payloads"] if p["to"] == secret.index]
        assert ceremony.receive_shares(qb, secret, mine, records) == c["secret_shares"][str(secret.index)]
    for cast in vectors["ballots"]:
        ballots.verify_ballot(manifest, key, qe, cast["ballot"])
        assert ballots.canonical(cast["ballot"]) == cast["canonical"]
    s = vectors["spoiled"]
    assert ballots.verify_spoiled(manifest, key, qe, s["ballot"], s["reveal"]) == s["choices"]
    for d in vectors["decryption"]:
        tally.verify_decryption_share(qe, records, d["share"], vectors["aggregate"])


def test_the_confidence_vector_verifies(vectors):
    conf, key = vectors["confidence"], vectors["ceremony"]["joint_key"]
    assert json.loads(conf["manifest"])["format"] == "confidence"
    ballots.verify_ballot(conf["manifest"], key, conf["extended_hash"], conf["ballot"])
    assert ballots.canonical(conf["ballot"]) == conf["canonical"]
    assert ballots.verify_spoiled(conf["manifest"], key, conf["extended_hash"], conf["ballot"],
                                  conf["reveal"]) == conf["choices"]
    two = [1, 1, 0, 0, 0, 0, 0, 0, 0]  # two levels for person 0: no proof of [0, 1] exists
    with pytest.raises(CryptoError):
        ballots.encrypt_ballot(conf["manifest"], key, conf["extended_hash"], two)


def test_the_hash_and_group_vectors(vectors):
    for case in vectors["hash_to_scalar"]:
        items = [v if k in ("int", "string") else bytes.fromhex(v)
                 for item in case["items"] for k, v in item.items()]
        assert group.scalar_hex(group.hash_to_scalar(case["tag"], *items)) == case["expected"]
    g = vectors["group"]
    for bad in g["not_points"]:
        with pytest.raises(CryptoError):
            group.parse_point(bad, "p")
    for bad in g["not_scalars"]:
        with pytest.raises(CryptoError):
            group.parse_scalar(bad, "s")
    assert g["zero_times_point_is_identity"] == g["identity"]
