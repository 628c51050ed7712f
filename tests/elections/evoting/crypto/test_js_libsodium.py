"""crypto.js against libsodium itself (pysodium), byte for byte: the hash to a scalar, the
ristretto255 encodings of s·G, sums and s·P, the share's XChaCha20-Poly1305 box, and a
ballot opened with its own nonces. Independent of the Python package: only libsodium and
hashlib here, written from docs/evote-protocol.md."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pysodium
import pytest

from .js_harness import JsCrypto, JsError, open_page

pytestmark = pytest.mark.browser

Q = 2**252 + 27742317777372353535851937790883648493
DOMAIN = b"daihoi-evote-v1|"
MANIFEST = json.dumps(
    {"version": 1, "round_id": 7, "election": "Bầu Ban Chấp hành Đảng bộ khóa XV",
     "format": "strike", "candidates": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"],
     "selections": 3, "contests": [{"indexes": [0, 1, 2], "min": 1, "max": 2}],
     "trustees": [{"index": 1, "name": "Phạm Thị Dung"}], "threshold": 1},
    sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@pytest.fixture(scope="module")
def js(browser: Any) -> Iterator[JsCrypto]:
    context = browser.new_context()
    yield JsCrypto(open_page(context))
    context.close()


def h(tag: str, *items: bytes | int) -> bytes:
    """H of protocol §1, reduced by libsodium."""
    data = DOMAIN + tag.encode() + b"|"
    for item in items:
        raw = item if isinstance(item, bytes) else item.to_bytes(8, "big")
        data += len(raw).to_bytes(4, "big") + raw
    return pysodium.crypto_core_ristretto255_scalar_reduce(hashlib.sha512(data).digest())


def base(s_hex: str) -> bytes:
    return pysodium.crypto_scalarmult_ristretto255_base(bytes.fromhex(s_hex))


def one_trustee(js: JsCrypto, seed: str) -> tuple[dict[str, Any], dict[str, Any], str, str]:
    qb = js.manifestHashes(MANIFEST)["base"]
    started = js.seeded(seed).trusteeStart(qb, 1, 1)
    k = js.jointKey([started["record"]])
    return started["secret"], started["record"], k, js.manifestHashes(MANIFEST, k)["extended"]


def test_manifest_hashes_are_libsodiums_reduction(js: JsCrypto) -> None:
    _, _, k, _ = one_trustee(js, "hashes")
    hashes = js.manifestHashes(MANIFEST, k)
    qb = h("manifest", MANIFEST.encode())
    assert hashes["base"] == qb.hex()
    assert hashes["extended"] == h("extended", qb, bytes.fromhex(k)).hex()
    # Hashed as the text it was given: one character more is another round.
    assert js.manifestHashes(MANIFEST + " ")["base"] != qb.hex()


def test_seeded_rng_is_the_python_stream(js: JsCrypto) -> None:
    stream = b"".join(hashlib.sha512(b"vec" + i.to_bytes(8, "big")).digest() for i in range(3))
    secret, _, _, _ = one_trustee(js, "vec")
    # trusteeStart with k = 1 draws a_10 first: the stream's first 64 bytes, reduced.
    assert secret["coefficients"][0] == pysodium.crypto_core_ristretto255_scalar_reduce(stream[:64]).hex()


def test_commitments_and_schnorr_proofs_in_libsodium(js: JsCrypto) -> None:
    qb = bytes.fromhex(js.manifestHashes(MANIFEST)["base"])
    started = js.seeded("schnorr").trusteeStart(qb.hex(), 3, 2)
    secret, record = started["secret"], started["record"]
    assert [base(a).hex() for a in secret["coefficients"]] == record["commitments"]
    assert base(secret["communication"]).hex() == record["communication_key"]
    checks = [("coefficient", [3, j], record["commitments"][j], record["proofs"][j]) for j in range(2)]
    checks.append(("communication", [3], record["communication_key"], record["communication_proof"]))
    for tag, prefix, point, (c, v) in checks:
        p = bytes.fromhex(point)
        commitment = pysodium.crypto_core_ristretto255_add(
            base(v), pysodium.crypto_scalarmult_ristretto255(bytes.fromhex(c), p))
        assert h(tag, qb, *prefix, p, commitment).hex() == c
    # The joint key is the sum of the constant terms' commitments, in libsodium's encoding.
    other = js.seeded("other").trusteeStart(qb.hex(), 4, 2)["record"]
    assert js.jointKey([record, other]) == pysodium.crypto_core_ristretto255_add(
        bytes.fromhex(record["commitments"][0]), bytes.fromhex(other["commitments"][0])).hex()


def test_a_share_opens_with_libsodiums_aead(js: JsCrypto) -> None:
    qb = bytes.fromhex(js.manifestHashes(MANIFEST)["base"])
    one = js.seeded("one").trusteeStart(qb.hex(), 1, 2)
    two = js.seeded("two").trusteeStart(qb.hex(), 2, 2)
    records = [one["record"], two["record"]]
    [payload] = js.sharesFor(qb.hex(), one["secret"], records)
    assert (payload["from"], payload["to"]) == (1, 2)
    e = bytes.fromhex(payload["E"])
    z2 = bytes.fromhex(two["record"]["communication_key"])
    d = pysodium.crypto_scalarmult_ristretto255(bytes.fromhex(two["secret"]["communication"]), e)
    key = hashlib.sha512(DOMAIN + b"share|" + qb + e + z2 + d).digest()[:32]
    ad = DOMAIN + b"share|" + (1).to_bytes(8, "big") + (2).to_bytes(8, "big") + qb
    plain = pysodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        bytes.fromhex(payload["ct"]), ad, bytes.fromhex(payload["nonce"]), key)
    # P_1(2) = a_10 + 2·a_11, checked in libsodium's scalar arithmetic.
    a0, a1 = (bytes.fromhex(a) for a in one["secret"]["coefficients"])
    two_a1 = pysodium.crypto_core_ristretto255_scalar_add(a1, a1)
    assert plain == pysodium.crypto_core_ristretto255_scalar_add(a0, two_a1)
    # The other way round, a share libsodium sealed opens in the browser's receiveShares.
    nonce = bytes(range(24))
    e_secret = pysodium.crypto_core_ristretto255_scalar_reduce(bytes(range(64)))
    e_point = pysodium.crypto_scalarmult_ristretto255_base(e_secret)
    z1 = bytes.fromhex(one["record"]["communication_key"])
    key = hashlib.sha512(DOMAIN + b"share|" + qb + e_point + z1
                         + pysodium.crypto_scalarmult_ristretto255(e_secret, z1)).digest()[:32]
    b0, b1 = (bytes.fromhex(b) for b in two["secret"]["coefficients"])
    p21 = pysodium.crypto_core_ristretto255_scalar_add(b0, b1)  # P_2(1)
    ad = DOMAIN + b"share|" + (2).to_bytes(8, "big") + (1).to_bytes(8, "big") + qb
    ct = pysodium.crypto_aead_xchacha20poly1305_ietf_encrypt(p21, ad, nonce, key)
    sealed = {"from": 2, "to": 1, "E": e_point.hex(), "nonce": nonce.hex(), "ct": ct.hex()}
    s1 = js.receiveShares(qb.hex(), one["secret"], [sealed], records)
    p11 = pysodium.crypto_core_ristretto255_scalar_add(a0, a1)
    assert s1 == pysodium.crypto_core_ristretto255_scalar_add(p11, p21).hex()
    # One byte of the box changed: refused, naming the sender.
    sealed["ct"] = ("00" if ct[0] else "01") + sealed["ct"][2:]
    with pytest.raises(JsError, match="thành viên 2") as refused:
        js.receiveShares(qb.hex(), one["secret"], [sealed], records)
    assert refused.value.sender == 2


def test_a_ballot_opens_in_libsodium(js: JsCrypto) -> None:
    _, _, k, qe = one_trustee(js, "ballot")
    made = js.seeded("nonces").encryptBallot(MANIFEST, k, qe, [1, 0, 1])
    ballot, reveal = made["ballot"], made["reveal"]
    g = base("01" + "00" * 31)
    for sel, r, x in zip(ballot["selections"], reveal["nonces"], [1, 0, 1], strict=True):
        assert sel["alpha"] == base(r).hex()
        rk = pysodium.crypto_scalarmult_ristretto255(bytes.fromhex(r), bytes.fromhex(k))
        assert sel["beta"] == (pysodium.crypto_core_ristretto255_add(rk, g) if x else rk).hex()
    scalars = [s for sel in ballot["selections"] for pair in sel["proof"] for s in pair]
    scalars += [s for contest in ballot["contests"] for pair in contest["proof"] for s in pair]
    assert all(int.from_bytes(bytes.fromhex(s), "little") < Q for s in scalars)
    points = "".join(sel["alpha"] + sel["beta"] for sel in ballot["selections"])
    expected = hashlib.sha256(DOMAIN + b"tracker|" + bytes.fromhex(qe + points + "".join(scalars)))
    assert ballot["tracker"] == expected.hexdigest()
    short = js.formatTracker(ballot["tracker"])
    assert short.split(" ") == [ballot["tracker"][i:i + 4] for i in range(0, 16, 4)]
    assert js.revealChoices(MANIFEST, k, qe, ballot, reveal) == [1, 0, 1]
    # Same seed, same bytes: the stream is the only randomness.
    assert js.seeded("nonces").encryptBallot(MANIFEST, k, qe, [1, 0, 1]) == made


def test_a_ballot_outside_its_contest_cannot_be_made(js: JsCrypto) -> None:
    _, _, k, qe = one_trustee(js, "range")
    with pytest.raises(JsError, match=r"3 dấu, phải trong khoảng \[1, 2\]"):
        js.encryptBallot(MANIFEST, k, qe, [1, 1, 1])
    with pytest.raises(JsError, match=r"0 dấu"):
        js.encryptBallot(MANIFEST, k, qe, [0, 0, 0])


def test_non_canonical_points_and_scalars_are_refused(js: JsCrypto) -> None:
    _, record, k, qe = one_trustee(js, "canon")
    made = js.encryptBallot(MANIFEST, k, qe, [1, 1, 0])
    js.verifyBallot(MANIFEST, k, qe, made["ballot"])
    bad_point = json.loads(json.dumps(made["ballot"]))
    bad_point["selections"][1]["alpha"] = "ff" * 32  # not a field element below p
    with pytest.raises(JsError, match="lựa chọn 1, alpha: không phải một điểm"):
        js.verifyBallot(MANIFEST, k, qe, bad_point)
    bad_scalar = json.loads(json.dumps(made["ballot"]))
    bad_scalar["contests"][0]["proof"][0][1] = (Q + 1).to_bytes(32, "little").hex()
    with pytest.raises(JsError, match="không nhỏ hơn q"):
        js.verifyBallot(MANIFEST, k, qe, bad_scalar)
    # The identity decodes (32 zero bytes, as libsodium's encoding of it).
    assert js.jointKey([{**record, "commitments": ["00" * 32]}]) == "00" * 32
