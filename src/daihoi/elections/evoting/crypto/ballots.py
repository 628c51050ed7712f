"""Encrypted ballots: the manifest's hashes, exponential ElGamal, the range proofs, the
tracker, the challenge and the homomorphic sum (docs/evote-protocol.md §2, §4, §5).

ElectionGuard 2.0.0 ("EG"; checked against the spec's text, docs/evote-protocol.md
appendix): §3.1.4/§3.1.5 the manifest and base hashes, §3.2.3 the extended base hash, §3.3.1
the selection encryption, §3.3.4/§3.3.5 the range proofs (the disjunctive Chaum–Pedersen
proof, here over `[lo, hi]` where EG's is over 0…R) and §3.3.8 the contest's, §3.4.2 the
confirmation code (our tracker), §3.6.5 a challenged ballot opened by its nonces, §3.5 the
homomorphic aggregation. Each is "as EG, except" where said below; throughout, the group is
ristretto255 instead of EG's integers mod p (`group`), and a vote is encrypted as x·G (the
exponential ElGamal of EG 1.x) where EG 2.0's DPP encryption puts it on K.

Randomness is drawn in one documented order so that a seeded run is repeatable on both
sides (the shared vectors): first the nonce r_j of every selection in order, then each
selection's proof, then each contest's proof; inside one range proof, for t = lo…hi in
turn: `c_t` then `z_t` for t ≠ v, `u` for t = v. Each draw is `group.random_scalar`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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
    random_scalar,
    range_commitments,
    scalar_bytes,
    scalar_hex,
    small,
    sub,
)

MAX_SELECTIONS = 1000

Proof = list[tuple[int, int]]


@dataclass(frozen=True)
class Contest:
    indexes: tuple[int, ...]
    lo: int
    hi: int


@dataclass(frozen=True)
class Layout:
    """What a ballot of the round must be: the number of 0/1 selections and the contests."""

    selections: int
    contests: tuple[Contest, ...]


def canonical_json(obj: Any) -> str:
    """The canonical JSON of protocol §1 (the manifest, a stored ballot, the board)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _manifest_dict(manifest: dict[str, Any] | str | bytes) -> dict[str, Any]:
    if isinstance(manifest, dict):
        return manifest
    try:
        parsed = json.loads(manifest)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CryptoError(f"manifest: không phải JSON ({exc})") from None
    if not isinstance(parsed, dict):
        raise CryptoError("manifest: không phải một đối tượng JSON")
    return parsed


def manifest_bytes(manifest: dict[str, Any] | str | bytes) -> bytes:
    """The bytes the base hash is taken of. A dict is serialised canonically; the string or
    bytes the browser and the board carry are hashed as they are (never re-serialised)."""
    if isinstance(manifest, bytes):
        return manifest
    if isinstance(manifest, str):
        return manifest.encode("utf-8")
    return canonical_json(manifest).encode("utf-8")


def _count(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CryptoError(f"{what}: phải là số nguyên từ {low} đến {high}")
    return value


def layout(manifest: dict[str, Any] | str | bytes) -> Layout:
    """The manifest's selections and contests, checked (protocol §2)."""
    data = _manifest_dict(manifest)
    m = _count(data.get("selections"), "manifest.selections", 1, MAX_SELECTIONS)
    raw = data.get("contests")
    if not isinstance(raw, list) or not raw:
        raise CryptoError("manifest.contests: phải là một danh sách không rỗng")
    contests = []
    for i, contest in enumerate(raw):
        what = f"manifest.contests[{i}]"
        if not isinstance(contest, dict) or set(contest) != {"indexes", "min", "max"}:
            raise CryptoError(f"{what}: phải có đúng các khóa indexes, min, max")
        indexes = contest["indexes"]
        if not isinstance(indexes, list) or not indexes:
            raise CryptoError(f"{what}.indexes: phải là một danh sách không rỗng")
        for index in indexes:
            _count(index, f"{what}.indexes", 0, m - 1)
        if len(set(indexes)) != len(indexes):
            raise CryptoError(f"{what}.indexes: có chỉ số lặp lại")
        lo = _count(contest["min"], f"{what}.min", 0, len(indexes))
        hi = _count(contest["max"], f"{what}.max", lo, len(indexes))
        contests.append(Contest(tuple(indexes), lo, hi))
    return Layout(m, tuple(contests))


def base_hash(manifest_bytes: bytes) -> str:
    """Qb = H("manifest", manifest bytes): EG §3.1.4's manifest hash standing for §3.1.5's
    base hash, except no parameter base hash H_P (§3.1.2; the group is fixed, so it needs no
    hash of its own) and no separate n and k (the manifest lists the trustees and k)."""
    return scalar_hex(hash_to_scalar("manifest", manifest_bytes))


def extended_hash(qb_hex: str, k_hex: str) -> str:
    """Qe = H("extended", Qb, K): as EG §3.2.3's H_E = H(H_B; 0x12, K) (with our Qb for
    H_B), every ballot and decryption proof bound to the round and its joint key."""
    qb = parse_scalar(qb_hex, "base_hash")
    k = parse_point(k_hex, "public_key")
    return scalar_hex(hash_to_scalar("extended", scalar_bytes(qb), k))


def _prove_range(qe: bytes, key: bytes, alpha: bytes, beta: bytes, nonce: int, value: int,
                 lo: int, hi: int, rng: Rng | None) -> Proof:
    """As EG §3.3.5's range proof, except over [lo, hi] instead of 0…R and with the value
    on G (t·G) instead of on K: the proof that (alpha, beta) encrypts `value` under `key`, each
    wrong value simulated with its own challenge, the right one answering the rest of the
    Fiat–Shamir challenge (which hashes the whole statement and every commitment)."""
    items: list[bytes] = []
    simulated: dict[int, tuple[int, int]] = {}
    u = 0
    for t in range(lo, hi + 1):
        if t == value:
            u = random_scalar(rng)
            items += [base(u), mul(u, key)]
        else:
            c_t, z_t = random_scalar(rng), random_scalar(rng)
            simulated[t] = (c_t, z_t)
            items += [add(base(z_t), mul(c_t, alpha)),
                      add(mul(z_t, key), mul(c_t, sub(beta, small(t))))]
    c = hash_to_scalar("range", qe, alpha, beta, lo, hi, *items)
    c_v = (c - sum(ct for ct, _ in simulated.values())) % Q
    z_v = (u - c_v * nonce) % Q
    return [simulated.get(t, (c_v, z_v)) for t in range(lo, hi + 1)]


def _check_range(qe: bytes, key: bytes, alpha: bytes, beta: bytes, lo: int, hi: int,
                 proof: Proof, what: str) -> None:
    if len(proof) != hi - lo + 1:
        raise CryptoError(f"{what}: cần {hi - lo + 1} cặp [c, z]")
    items = range_commitments(proof, alpha, beta, key, lo)
    if sum(c for c, _ in proof) % Q != hash_to_scalar("range", qe, alpha, beta, lo, hi, *items):
        raise CryptoError(f"{what}: bằng chứng không đúng (giá trị không chứng minh được "
                          f"nằm trong [{lo}, {hi}])")


def _proof_json(proof: Proof) -> list[list[str]]:
    return [[scalar_hex(c), scalar_hex(z)] for c, z in proof]


def _parse_proof(value: object, length: int, what: str) -> Proof:
    if not isinstance(value, list) or len(value) != length:
        raise CryptoError(f"{what}: phải là danh sách {length} cặp [c, z]")
    proof = []
    for t, pair in enumerate(value):
        if not isinstance(pair, list) or len(pair) != 2:
            raise CryptoError(f"{what}[{t}]: phải là một cặp [c, z]")
        proof.append((parse_scalar(pair[0], f"{what}[{t}][0]"),
                      parse_scalar(pair[1], f"{what}[{t}][1]")))
    return proof


def _parse_key(k_hex: str, qe_hex: str) -> tuple[bytes, bytes]:
    key = parse_point(k_hex, "public_key")
    if key == IDENTITY:
        raise CryptoError("public_key: là phần tử đơn vị (không mã hóa gì)")
    return key, scalar_bytes(parse_scalar(qe_hex, "extended_hash"))


def _check_choices(shape: Layout, choices: Sequence[int]) -> None:
    if len(choices) != shape.selections:
        raise CryptoError(f"choices: cần {shape.selections} lựa chọn, có {len(choices)}")
    for j, x in enumerate(choices):
        if isinstance(x, bool) or x not in (0, 1):
            raise CryptoError(f"choices[{j}]: phải là 0 hoặc 1")
    for i, contest in enumerate(shape.contests):
        total = sum(choices[j] for j in contest.indexes)
        if not contest.lo <= total <= contest.hi:
            # EG §3.3.5: only a value inside the range has a proof; a ballot keeping more
            # names than seats (or none on a multi-name ballot) cannot be made.
            raise CryptoError(f"contests[{i}]: tổng {total} nằm ngoài [{contest.lo}, {contest.hi}], "
                              "không thể chứng minh")


def encrypt_ballot(manifest: dict[str, Any] | str | bytes, k_hex: str, qe_hex: str,
                   choices: Sequence[int], rng: Rng | None = None
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The stored ballot of protocol §4 and its reveal (the nonces and choices, which only
    a challenge ever shows). CryptoError when the choices break a contest's bounds."""
    shape = layout(manifest)
    key, qe = _parse_key(k_hex, qe_hex)
    _check_choices(shape, choices)
    nonces = [random_scalar(rng) for _ in range(shape.selections)]
    # As EG §3.3.1, except the vote is on G: (r·G, x·G + r·K), where EG 2.0 has
    # (g^r, K^(x+r)) (DPP); x·G is EG 1.x's exponential ElGamal.
    cts = [(base(r), add(small(x), mul(r, key))) for r, x in zip(nonces, choices, strict=True)]
    selections = [{"alpha": a.hex(), "beta": b.hex(),
                   "proof": _proof_json(_prove_range(qe, key, a, b, r, x, 0, 1, rng))}
                  for (a, b), r, x in zip(cts, nonces, choices, strict=True)]
    contests = []
    for contest in shape.contests:
        alpha = add_all(cts[j][0] for j in contest.indexes)
        beta = add_all(cts[j][1] for j in contest.indexes)
        nonce = sum(nonces[j] for j in contest.indexes) % Q
        value = sum(choices[j] for j in contest.indexes)
        contests.append({"proof": _proof_json(
            _prove_range(qe, key, alpha, beta, nonce, value, contest.lo, contest.hi, rng))})
    ballot: dict[str, Any] = {"selections": selections, "contests": contests}
    ballot["tracker"] = tracker(qe_hex, ballot)
    reveal = {"nonces": [scalar_hex(r) for r in nonces], "choices": list(choices)}
    return ballot, reveal


@dataclass(frozen=True)
class _Parsed:
    cts: list[tuple[bytes, bytes]]
    selection_proofs: list[Proof]
    contest_proofs: list[Proof]


def _parse_ballot(shape: Layout, ballot: object) -> _Parsed:
    if not isinstance(ballot, dict) or set(ballot) != {"selections", "contests", "tracker"}:
        raise CryptoError("phiếu: phải có đúng các khóa selections, contests, tracker")
    selections, contests = ballot["selections"], ballot["contests"]
    if not isinstance(selections, list) or len(selections) != shape.selections:
        raise CryptoError(f"selections: cần {shape.selections} lựa chọn")
    if not isinstance(contests, list) or len(contests) != len(shape.contests):
        raise CryptoError(f"contests: cần {len(shape.contests)} nhóm")
    cts, selection_proofs = [], []
    for j, selection in enumerate(selections):
        what = f"selections[{j}]"
        if not isinstance(selection, dict) or set(selection) != {"alpha", "beta", "proof"}:
            raise CryptoError(f"{what}: phải có đúng các khóa alpha, beta, proof")
        cts.append((parse_point(selection["alpha"], f"{what}.alpha"),
                    parse_point(selection["beta"], f"{what}.beta")))
        selection_proofs.append(_parse_proof(selection["proof"], 2, f"{what}.proof"))
    contest_proofs = []
    for i, (contest, spec) in enumerate(zip(contests, shape.contests, strict=True)):
        if not isinstance(contest, dict) or set(contest) != {"proof"}:
            raise CryptoError(f"contests[{i}]: phải có đúng khóa proof")
        contest_proofs.append(_parse_proof(contest["proof"], spec.hi - spec.lo + 1,
                                           f"contests[{i}].proof"))
    return _Parsed(cts, selection_proofs, contest_proofs)


def tracker(qe_hex: str, ballot: dict[str, Any]) -> str:
    """As EG §3.4.2's confirmation code, except: one SHA-256 (not H) of Qe, every
    ciphertext (alpha_1, beta_1, …) and then every proof scalar in order (the selections'
    proofs, then the contests'), with no contest hashes (§3.4.1), no B_aux and no chaining
    (§3.4.3); EG leaves the proofs out, we hash them so the tracker commits to the whole
    stored ballot. The `tracker` key itself is not hashed."""
    try:
        selections = list(ballot["selections"])
        contests = list(ballot["contests"])
        h = hashlib.sha256(DOMAIN + b"tracker|" + parse_hex(qe_hex, 32, "extended_hash"))
        for j, s in enumerate(selections):
            h.update(parse_hex(s["alpha"], 32, f"selections[{j}].alpha"))
            h.update(parse_hex(s["beta"], 32, f"selections[{j}].beta"))
        for part in [*(s["proof"] for s in selections), *(c["proof"] for c in contests)]:
            for pair in part:
                for value in pair:
                    h.update(parse_hex(value, 32, "proof"))
    except (KeyError, TypeError) as exc:
        raise CryptoError(f"phiếu: thiếu hoặc sai cấu trúc ({exc})") from None
    return h.hexdigest()


def verify_ballot(manifest: dict[str, Any] | str | bytes, k_hex: str, qe_hex: str,
                  ballot: dict[str, Any]) -> None:
    """Every selection's [0, 1] proof, every contest's [min, max] proof on the sum of its
    selections (recomputed here, as EG §3.3.8), and the tracker. Raises CryptoError naming the
    first value that does not hold."""
    shape = layout(manifest)
    key, qe = _parse_key(k_hex, qe_hex)
    parsed = _parse_ballot(shape, ballot)
    for j, ((alpha, beta), proof) in enumerate(zip(parsed.cts, parsed.selection_proofs, strict=True)):
        _check_range(qe, key, alpha, beta, 0, 1, proof, f"selections[{j}].proof")
    for i, (contest, proof) in enumerate(zip(shape.contests, parsed.contest_proofs, strict=True)):
        alpha = add_all(parsed.cts[j][0] for j in contest.indexes)
        beta = add_all(parsed.cts[j][1] for j in contest.indexes)
        _check_range(qe, key, alpha, beta, contest.lo, contest.hi, proof, f"contests[{i}].proof")
    if ballot["tracker"] != tracker(qe_hex, ballot):
        raise CryptoError("tracker: không khớp với phiếu")


def verify_spoiled(manifest: dict[str, Any] | str | bytes, k_hex: str, qe_hex: str,
                   ballot: dict[str, Any], reveal: dict[str, Any]) -> list[int]:
    """A challenged ballot (Benaloh's cast-or-audit; EG §3.4's "ballot casting or
    challenging" and §3.6.5's decryption with nonces, except every selection's nonce r_j is
    published, where EG publishes the one ballot nonce they derive from, §3.3.2). First EG
    2.0.0's Verification 13 on the revealed choices: the nonces open every ciphertext
    (13.A, beta − r·K = x·G where EG checks S = K^σ) to a 0 or a 1 (13.B), and every
    contest's choices sum within [min, max] (13.C; EG bounds by L only). Then the ballot's
    own proofs and tracker, as a cast ballot's (Verification 5–7, which EG asks of cast
    ballots only). Returns the choices."""
    shape = layout(manifest)
    key, _ = _parse_key(k_hex, qe_hex)
    cts = _parse_ballot(shape, ballot).cts
    if not isinstance(reveal, dict) or set(reveal) != {"nonces", "choices"}:
        raise CryptoError("reveal: phải có đúng các khóa nonces, choices")
    nonces, choices = reveal["nonces"], reveal["choices"]
    m = shape.selections
    if not isinstance(nonces, list) or len(nonces) != m:
        raise CryptoError(f"reveal.nonces: cần {m} giá trị")
    if not isinstance(choices, list) or len(choices) != m:
        raise CryptoError(f"reveal.choices: cần {m} giá trị")
    for j, ((alpha, beta), nonce_hex, x) in enumerate(zip(cts, nonces, choices, strict=True)):
        if isinstance(x, bool) or x not in (0, 1):
            raise CryptoError(f"reveal.choices[{j}]: phải là 0 hoặc 1")
        r = parse_scalar(nonce_hex, f"reveal.nonces[{j}]")
        if base(r) != alpha:
            raise CryptoError(f"reveal.nonces[{j}]: không mở được selections[{j}].alpha")
        if add(small(x), mul(r, key)) != beta:
            raise CryptoError(f"reveal.choices[{j}]: selections[{j}].beta không mã hóa {x}")
    for i, contest in enumerate(shape.contests):
        total = sum(choices[j] for j in contest.indexes)
        if not contest.lo <= total <= contest.hi:
            # Sound proofs would already forbid it (the contest proof below); checked on the
            # opened choices too so the failure says what the ballot shows, as EG's 13.C.
            raise CryptoError(f"reveal.choices: contests[{i}] có tổng {total}, nằm ngoài "
                              f"[{contest.lo}, {contest.hi}] (phiếu không hợp lệ)")
    verify_ballot(manifest, k_hex, qe_hex, ballot)
    return list(choices)


def canonical(ballot: dict[str, Any]) -> str:
    """The stored form: canonical JSON of fixed-length hex, so every ballot of a round has
    one byte length whatever it says."""
    return canonical_json(ballot)


def aggregate(manifest: dict[str, Any] | str | bytes,
              ballots: Sequence[dict[str, Any] | str]) -> list[dict[str, str]]:
    """EG §3.5: per selection, the sum of the cast ballots' ciphertexts (encrypting the
    number of marks). `ballots` are already verified (dicts or their stored canonical
    strings); with none, every sum is the identity, an encryption of 0 with nonce 0."""
    m = layout(manifest).selections
    alphas = [IDENTITY] * m
    betas = [IDENTITY] * m
    for n, raw in enumerate(ballots):
        ballot = json.loads(raw) if isinstance(raw, str) else raw
        try:
            selections = ballot["selections"]
            if len(selections) != m:
                raise CryptoError(f"ballots[{n}]: cần {m} lựa chọn")
            for j, s in enumerate(selections):
                alphas[j] = add(alphas[j], parse_hex(s["alpha"], 32, f"ballots[{n}].selections[{j}].alpha"))
                betas[j] = add(betas[j], parse_hex(s["beta"], 32, f"ballots[{n}].selections[{j}].beta"))
        except CryptoError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            # libsodium refuses a point that does not decode (ValueError from pysodium).
            raise CryptoError(f"ballots[{n}]: không cộng được ({exc})") from None
    return [{"alpha": a.hex(), "beta": b.hex()} for a, b in zip(alphas, betas, strict=True)]
