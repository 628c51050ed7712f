"""crypto.js against the shared vectors (vectors.json, made by the Python side with seeded
randomness): with the same seeds the browser makes the same bytes, from the random stream
and the hash to a scalar up to the ceremony's records and shares, the ballots and the
decryption shares; and it accepts every item of the vectors' board."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from . import make_vectors
from .js_harness import JsCrypto, JsError, open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield open_page(context)
    context.close()


@pytest.fixture(scope="module")
def js(page: Any) -> JsCrypto:
    return JsCrypto(page)


@pytest.fixture(scope="module")
def vectors() -> dict[str, Any]:
    return json.loads(make_vectors.PATH.read_text(encoding="utf-8"))


def test_the_random_stream_and_the_hash(page: Any, vectors: dict[str, Any]) -> None:
    out = page.evaluate("""async ({rng, hashes}) => {
      const C = await import("/static/evoting/crypto.js");
      const N = await import("/static/vendor/noble-evote.js");
      const first = N.bytesToHex(C.seededRng(rng.seed)(100));
      const q = N.ristretto255.Point.Fn.ORDER;
      const scalar = N.bytesToHex(N.numberToBytesLE(N.bytesToNumberLE(C.seededRng(rng.seed)(64)) % q, 32));
      const items = (list) => list.map((item) => {
        const [kind, value] = Object.entries(item)[0];
        return kind === "int" || kind === "string" ? value : N.hexToBytes(value);
      });
      return {first, scalar, hashes: hashes.map((v) => C.hashToScalar(v.tag, ...items(v.items)))};
    }""", {"rng": vectors["rng"], "hashes": vectors["hash_to_scalar"]})
    assert out["first"] == vectors["rng"]["first_100_bytes"]
    assert out["scalar"] == vectors["rng"]["first_scalar"]
    assert out["hashes"] == [v["expected"] for v in vectors["hash_to_scalar"]]


def test_the_group_and_its_encodings(page: Any, js: JsCrypto, vectors: dict[str, Any]) -> None:
    g = vectors["group"]
    out = page.evaluate("""async (g) => {
      const N = await import("/static/vendor/noble-evote.js");
      const P = N.ristretto255.Point;
      const s = (hex) => N.bytesToNumberLE(N.hexToBytes(hex));
      return {
        q: P.Fn.ORDER.toString(), generator: P.BASE.toHex(), identity: P.ZERO.toHex(),
        base: g.base_mult.map((v) => P.BASE.multiply(s(v.scalar)).toHex()),
        product: P.fromHex(g.mult.point).multiply(s(g.mult.scalar)).toHex(),
        sum: P.fromHex(g.add.p).add(P.fromHex(g.add.q)).toHex(),
      };
    }""", g)
    assert out == {"q": g["q"], "generator": g["generator"], "identity": g["identity"],
                   "base": [v["point"] for v in g["base_mult"]], "product": g["mult"]["product"],
                   "sum": g["add"]["sum"]}
    for bad in g["not_points"]:
        with pytest.raises(JsError, match="không phải"):
            js.jointKey([{"index": 1, "commitments": [bad]}])
    c = vectors["ceremony"]
    for bad in g["not_scalars"]:
        with pytest.raises(JsError, match="phần khóa bí mật"):
            js.decryptionShare(c["extended_hash"], 1, bad, [], vectors["aggregate"])


def test_the_ceremony_gives_the_same_bytes(js: JsCrypto, vectors: dict[str, Any]) -> None:
    qb, c = vectors["base_hash"], vectors["ceremony"]
    assert js.manifestHashes(vectors["manifest"], c["joint_key"]) == {
        "base": qb, "extended": c["extended_hash"]}
    records = [t["record"] for t in c["trustees"]]
    for t in c["trustees"]:
        index = t["record"]["index"]
        made = js.seeded(t["seed"]).trusteeStart(qb, index, c["threshold"])
        assert made == {"secret": t["secret"], "record": t["record"]}
    secrets = {t["secret"]["index"]: t["secret"] for t in c["trustees"]}
    for sent in c["shares"]:
        assert js.seeded(sent["seed"]).sharesFor(qb, secrets[sent["from"]], records) == sent["payloads"]
    payloads = [p for sent in c["shares"] for p in sent["payloads"]]
    for index, secret in secrets.items():
        mine = [p for p in payloads if p["to"] == index]
        assert js.receiveShares(qb, secret, mine, records) == c["secret_shares"][str(index)]
        assert js.publicShare(records, index) == c["public_shares"][str(index)]
    assert js.jointKey(records) == c["joint_key"]


def test_the_ballots_and_decryption_give_the_same_bytes(js: JsCrypto, vectors: dict[str, Any]) -> None:
    manifest, c = vectors["manifest"], vectors["ceremony"]
    key, qe = c["joint_key"], c["extended_hash"]
    for cast in [*vectors["ballots"], vectors["spoiled"]]:
        made = js.seeded(cast["seed"]).encryptBallot(manifest, key, qe, cast["choices"])
        assert made == {"ballot": cast["ballot"], "reveal": cast["reveal"]}
    spoiled = vectors["spoiled"]
    assert js.revealChoices(manifest, key, qe, spoiled["ballot"], spoiled["reveal"]) == spoiled["choices"]
    records = [t["record"] for t in c["trustees"]]
    for d in vectors["decryption"]:
        index = d["share"]["trustee"]
        made = js.seeded(d["seed"]).decryptionShare(qe, index, c["secret_shares"][str(index)], records,
                                                    vectors["aggregate"])
        assert made == d["share"]


def test_a_confidence_ballot_gives_the_same_bytes(js: JsCrypto, vectors: dict[str, Any]) -> None:
    """Three selections per person, a contest of [0, 1] each (protocol §2)."""
    conf, key = vectors["confidence"], vectors["ceremony"]["joint_key"]
    made = js.seeded(conf["seed"]).encryptBallot(conf["manifest"], key, conf["extended_hash"],
                                                 conf["choices"])
    assert made == {"ballot": conf["ballot"], "reveal": conf["reveal"]}
    assert js.verifyBallot(conf["manifest"], key, conf["extended_hash"], conf["ballot"]) is None
    assert js.revealChoices(conf["manifest"], key, conf["extended_hash"], conf["ballot"],
                            conf["reveal"]) == conf["choices"]


def test_the_boards_ballots_verify_in_the_browser(js: JsCrypto, vectors: dict[str, Any]) -> None:
    board = vectors["board"]
    trackers = set()
    for ballot in board["ballots"]:
        assert js.verifyBallot(board["manifest"], board["public_key"], board["extended_hash"], ballot) is None
        trackers.add(js.tracker(board["extended_hash"], ballot))
    assert trackers == {b["tracker"] for b in board["ballots"]}
    for record in board["trustees"]:
        assert js.verifyTrustee(vectors["base_hash"], record, vectors["ceremony"]["threshold"]) is None
