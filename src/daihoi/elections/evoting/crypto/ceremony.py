"""The key ceremony of the counting committee: k of n trustees (docs/evote-protocol.md §3).

ElectionGuard 2.0.0 §3.2 ("key generation", guardians with a quorum): each trustee i draws a
polynomial P_i of degree k−1 and publishes commitments to its coefficients with Schnorr
proofs of knowledge (§3.2.2, except the challenge hashes our Qb where EG's hashes H_P),
sends each other trustee l the value P_i(l) encrypted (§3.2.2 "share encryption", except: EG
2.0 encrypts to l's own key K_l with its hashed ElGamal, an HMAC-SHA-256 KDF and an XOR; we
encrypt, as EG 2.1 §3.2.2 does, to a separate communication key Z_l (2.1's κ_l = g^ζ_l),
itself Schnorr-proven, but with libsodium's XChaCha20-Poly1305 under a key from an
ephemeral Diffie–Hellman, never a cipher by hand), and each receiver checks the value
against the commitments (§3.2.2, the share verification, eq. 21). The joint key is
K = Σ K_i0 (§3.2.1 eq. 8, checked by §3.2.2's Verification 3); trustee l's secret share
is s_l = Σ_i P_i(l) (§3.2.2 eq. 22, §3.6.1's P(l)), whose public counterpart S_l anyone
computes from the commitments (§3.2.2 eq. 13), so a decryption share is checked against it
(§3.6.3).

Randomness, in the order drawn (for the shared vectors): `trustee_start` draws a_i0 …
a_i(k−1), then zeta_i, then the proofs' u for j = 0 … k−1, then the communication proof's u;
`shares_for`, for each receiver in increasing index: e (a scalar), then the 24-byte nonce.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pysodium

from daihoi.elections.evoting.crypto.group import (
    DOMAIN,
    IDENTITY,
    CryptoError,
    Q,
    Rng,
    add,
    add_all,
    base,
    hash_to_scalar,
    mul,
    parse_hex,
    parse_point,
    parse_scalar,
    random_bytes,
    random_scalar,
    scalar_bytes,
    scalar_hex,
)

MAX_TRUSTEES = 100
_SHARE = DOMAIN + b"share|"
_NONCE_BYTES = pysodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES  # 24
_CT_BYTES = 32 + pysodium.crypto_aead_xchacha20poly1305_ietf_ABYTES  # 48


@dataclass(frozen=True)
class TrusteeSecret:
    """What stays on the trustee's device: the polynomial's coefficients and the
    communication key's secret. Never sent, never stored by the server."""

    index: int
    coefficients: tuple[int, ...]
    communication: int

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "coefficients": [scalar_hex(a) for a in self.coefficients],
                "communication": scalar_hex(self.communication)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TrusteeSecret:
        try:
            coefficients = tuple(parse_scalar(a, f"coefficients[{j}]")
                                 for j, a in enumerate(data["coefficients"]))
            if not coefficients:
                raise CryptoError("coefficients: không có hệ số nào")
            return cls(_index(data["index"], "index"), coefficients,
                       parse_scalar(data["communication"], "communication"))
        except (KeyError, TypeError) as exc:
            raise CryptoError(f"khóa bí mật của thành viên: sai cấu trúc ({exc})") from None


def _index(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TRUSTEES:
        raise CryptoError(f"{what}: số thứ tự thành viên phải từ 1 đến {MAX_TRUSTEES}")
    return value


def _threshold(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_TRUSTEES:
        raise CryptoError(f"threshold: ngưỡng k phải từ 1 đến {MAX_TRUSTEES}")
    return k


def _schnorr(challenge: Any, secret: int, rng: Rng | None) -> tuple[int, int]:
    """EG §3.2.2 (eq. 11–12): a proof of knowledge of `secret` behind its commitment, (c, v) with
    v = u − c·secret; `challenge(h)` is the Fiat–Shamir hash of the statement and h = u·G."""
    u = random_scalar(rng)
    c = challenge(base(u))
    return c, (u - c * secret) % Q


def _schnorr_ok(challenge: Any, public: bytes, proof: tuple[int, int]) -> bool:
    c, v = proof
    return bool(c == challenge(add(base(v), mul(c, public))))


def _coefficient_challenge(qb: bytes, i: int, j: int, commitment: bytes) -> Any:
    return lambda h: hash_to_scalar("coefficient", qb, i, j, commitment, h)


def _communication_challenge(qb: bytes, i: int, key: bytes) -> Any:
    return lambda h: hash_to_scalar("communication", qb, i, key, h)


def _qb(qb_hex: str) -> bytes:
    return scalar_bytes(parse_scalar(qb_hex, "base_hash"))


def trustee_start(qb_hex: str, index: int, k: int, rng: Rng | None = None
                  ) -> tuple[TrusteeSecret, dict[str, Any]]:
    """Trustee `index`'s secret and the record it publishes (protocol §3 step 1)."""
    qb, i, k = _qb(qb_hex), _index(index, "index"), _threshold(k)
    coefficients = tuple(random_scalar(rng) for _ in range(k))
    zeta = random_scalar(rng)
    commitments = [base(a) for a in coefficients]
    proofs = [_schnorr(_coefficient_challenge(qb, i, j, K), a, rng)
              for j, (a, K) in enumerate(zip(coefficients, commitments, strict=True))]
    z = base(zeta)
    communication_proof = _schnorr(_communication_challenge(qb, i, z), zeta, rng)
    record = {"index": i, "commitments": [K.hex() for K in commitments],
              "proofs": [[scalar_hex(c), scalar_hex(v)] for c, v in proofs],
              "communication_key": z.hex(),
              "communication_proof": [scalar_hex(c) for c in communication_proof]}
    return TrusteeSecret(i, coefficients, zeta), record


@dataclass(frozen=True)
class _Record:
    index: int
    commitments: tuple[bytes, ...]
    communication_key: bytes


def _pair(value: object, what: str) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise CryptoError(f"{what}: phải là một cặp [c, v]")
    return parse_scalar(value[0], f"{what}[0]"), parse_scalar(value[1], f"{what}[1]")


def _parse_record(record: object, k: int) -> tuple[_Record, list[tuple[int, int]], tuple[int, int]]:
    keys = {"index", "commitments", "proofs", "communication_key", "communication_proof"}
    if not isinstance(record, dict) or set(record) != keys:
        raise CryptoError("trustee: phải có đúng các khóa " + ", ".join(sorted(keys)))
    i = _index(record["index"], "trustee.index")
    what = f"trustee {i}"
    commitments, proofs = record["commitments"], record["proofs"]
    if not isinstance(commitments, list) or len(commitments) != k:
        raise CryptoError(f"{what}.commitments: cần {k} cam kết (ngưỡng k)")
    if not isinstance(proofs, list) or len(proofs) != k:
        raise CryptoError(f"{what}.proofs: cần {k} bằng chứng")
    parsed = _Record(i, tuple(parse_point(c, f"{what}.commitments[{j}]") for j, c in enumerate(commitments)),
                     parse_point(record["communication_key"], f"{what}.communication_key"))
    return (parsed, [_pair(p, f"{what}.proofs[{j}]") for j, p in enumerate(proofs)],
            _pair(record["communication_proof"], f"{what}.communication_proof"))


def verify_trustee(qb_hex: str, record: dict[str, Any], k: int) -> None:
    """Every Schnorr proof of a published record (EG §3.2.2's verification)."""
    qb, k = _qb(qb_hex), _threshold(k)
    parsed, proofs, communication_proof = _parse_record(record, k)
    i = parsed.index
    for j, (K, proof) in enumerate(zip(parsed.commitments, proofs, strict=True)):
        if K == IDENTITY:
            raise CryptoError(f"trustee {i}.commitments[{j}]: là phần tử đơn vị")
        if not _schnorr_ok(_coefficient_challenge(qb, i, j, K), K, proof):
            raise CryptoError(f"trustee {i}.proofs[{j}]: bằng chứng không đúng")
    if parsed.communication_key == IDENTITY:
        raise CryptoError(f"trustee {i}.communication_key: là phần tử đơn vị")
    if not _schnorr_ok(_communication_challenge(qb, i, parsed.communication_key),
                       parsed.communication_key, communication_proof):
        raise CryptoError(f"trustee {i}.communication_proof: bằng chứng không đúng")


def _records(records: Sequence[dict[str, Any]]) -> dict[int, _Record]:
    """The published records by index, the structure checked (their proofs are checked by
    verify_trustee when each is published, and again by the board's verifier)."""
    if not records:
        raise CryptoError("trustees: không có thành viên nào")
    k = len(records[0].get("commitments", [])) if isinstance(records[0], dict) else 0
    parsed: dict[int, _Record] = {}
    for record in records:
        r = _parse_record(record, _threshold(k))[0]
        if r.index in parsed:
            raise CryptoError(f"trustee {r.index}: công bố hai lần")
        parsed[r.index] = r
    return parsed


def _poly_at(coefficients: Sequence[int], x: int) -> int:
    return sum(a * pow(x, j, Q) for j, a in enumerate(coefficients)) % Q


def _commitment_at(commitments: Sequence[bytes], x: int) -> bytes:
    """Σ_j x^j·K_ij: the public value of P_i(x)."""
    return add_all(mul(pow(x, j, Q), K) for j, K in enumerate(commitments))


def _aead_key(qb: bytes, e_point: bytes, z: bytes, d: bytes) -> bytes:
    return hashlib.sha512(_SHARE + qb + e_point + z + d).digest()[:32]


def _ad(sender: int, receiver: int, qb: bytes) -> bytes:
    return _SHARE + sender.to_bytes(8, "big") + receiver.to_bytes(8, "big") + qb


def shares_for(qb_hex: str, secret: TrusteeSecret, records: Sequence[dict[str, Any]],
               rng: Rng | None = None) -> list[dict[str, Any]]:
    """P_i(l) for every other trustee l, encrypted to l's communication key (protocol §3
    step 2). Every record is verified first: a share goes only to a proven key."""
    qb = _qb(qb_hex)
    parsed = _records(records)
    for record in records:
        verify_trustee(qb_hex, record, len(secret.coefficients))
    if secret.index not in parsed:
        raise CryptoError(f"trustee {secret.index}: không có trong danh sách đã công bố")
    payloads = []
    for l in sorted(parsed):  # noqa: E741 (the protocol's name for the receiver)
        if l == secret.index:
            continue
        z = parsed[l].communication_key
        e = random_scalar(rng)
        e_point = base(e)
        nonce = random_bytes(_NONCE_BYTES, rng)
        key = _aead_key(qb, e_point, z, mul(e, z))
        ct = pysodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
            scalar_bytes(_poly_at(secret.coefficients, l)), _ad(secret.index, l, qb), nonce, key)
        payloads.append({"from": secret.index, "to": l, "E": e_point.hex(), "nonce": nonce.hex(),
                         "ct": ct.hex()})
    return payloads


def open_share(qb_hex: str, secret: TrusteeSecret, payload: dict[str, Any],
               records: Sequence[dict[str, Any]]) -> int:
    """One share sent to this trustee, decrypted and checked against its sender's
    commitments (EG §3.2.2): P_i(l)·G == Σ_j l^j·K_ij. CryptoError names the sender."""
    qb = _qb(qb_hex)
    parsed = _records(records)
    if not isinstance(payload, dict) or set(payload) != {"from", "to", "E", "nonce", "ct"}:
        raise CryptoError("share: phải có đúng các khóa from, to, E, nonce, ct")
    sender = _index(payload["from"], "share.from")
    what = f"phần khóa từ thành viên {sender}"
    if payload["to"] != secret.index:
        raise CryptoError(f"{what}: gửi cho thành viên {payload['to']}, không phải {secret.index}")
    if sender not in parsed or sender == secret.index:
        raise CryptoError(f"{what}: người gửi không phải một thành viên khác đã công bố")
    e_point = parse_point(payload["E"], f"{what}.E")
    z = base(secret.communication)
    key = _aead_key(qb, e_point, z, mul(secret.communication, e_point))
    try:
        plain = pysodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            parse_hex(payload["ct"], _CT_BYTES, f"{what}.ct"), _ad(sender, secret.index, qb),
            parse_hex(payload["nonce"], _NONCE_BYTES, f"{what}.nonce"), key)
    except ValueError:
        raise CryptoError(f"{what}: không giải mã được (sai khóa hoặc bị sửa)") from None
    value = parse_scalar(plain.hex(), what)
    if base(value) != _commitment_at(parsed[sender].commitments, secret.index):
        raise CryptoError(f"{what}: không khớp với các cam kết đã công bố")
    return value


def receive_shares(qb_hex: str, secret: TrusteeSecret, payloads: Sequence[dict[str, Any]],
                   records: Sequence[dict[str, Any]]) -> str:
    """s_l = Σ_i P_i(l), from one checked share of every other trustee and this trustee's
    own P_l(l) (protocol §3 step 3). CryptoError names the sender of the first share that
    fails, or who sent none or two."""
    parsed = _records(records)
    values: dict[int, int] = {}
    for payload in payloads:
        value = open_share(qb_hex, secret, payload, records)
        sender = payload["from"]
        if sender in values:
            raise CryptoError(f"phần khóa từ thành viên {sender}: gửi hai lần")
        values[sender] = value
    missing = sorted(set(parsed) - set(values) - {secret.index})
    if missing:
        raise CryptoError("chưa nhận phần khóa từ thành viên " + ", ".join(map(str, missing)))
    own = _poly_at(secret.coefficients, secret.index)
    return scalar_hex(own + sum(values.values()))


def joint_key(records: Sequence[dict[str, Any]]) -> str:
    """K = Σ_i K_i0 (EG §3.2.1 eq. 8, a product mod p there)."""
    return add_all(r.commitments[0] for r in _records(records).values()).hex()


def public_share(records: Sequence[dict[str, Any]], index: int) -> str:
    """S_l = Σ_i Σ_j l^j·K_ij = s_l·G: what trustee l's decryption shares are checked against."""
    parsed = _records(records)
    if index not in parsed:
        raise CryptoError(f"trustee {index}: không có trong danh sách đã công bố")
    return add_all(_commitment_at(r.commitments, index) for r in parsed.values()).hex()
