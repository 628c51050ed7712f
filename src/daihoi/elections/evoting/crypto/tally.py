"""The count: each trustee's decryption share with its proof, and the combination of k of
them into the totals (docs/evote-protocol.md §5).

ElectionGuard 2.0.0 §3.6.1 (a guardian's partial decryption M_l = P(l)·A), §3.6.2 (their
combination by a quorum, Lagrange coefficients at 0) and §3.6.3 (the Chaum–Pedersen proof
that M_l = s·A for the s behind S = s·G, checked as EG's eq. 74–75 check each guardian's
part), except that each trustee's proof stands alone with its own challenge and is
published: EG 2.0 folds the parts into one proof (c, v) of the combined M, c_l = c·w_l. The
total t of a selection is found from T = t·G by a table of 0…max_total (as the opening of
EG §3.6, except EG's T = K^t), max_total being the number of cast ballots.

Randomness (for the shared vectors): one u per selection, in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from daihoi.elections.evoting.crypto.ceremony import public_share
from daihoi.elections.evoting.crypto.group import (
    IDENTITY,
    CryptoError,
    G,
    Q,
    Rng,
    add,
    add_all,
    base,
    hash_to_scalar,
    mul,
    parse_point,
    parse_scalar,
    random_scalar,
    scalar_bytes,
    scalar_hex,
    small,
    sub,
)

MAX_TOTAL = 10**6


def _aggregate(aggregate: Sequence[dict[str, str]]) -> list[tuple[bytes, bytes]]:
    if not isinstance(aggregate, list) or not aggregate:
        raise CryptoError("aggregate: phải là một danh sách không rỗng")
    out = []
    for j, ct in enumerate(aggregate):
        if not isinstance(ct, dict) or set(ct) != {"alpha", "beta"}:
            raise CryptoError(f"aggregate[{j}]: phải có đúng các khóa alpha, beta")
        out.append((parse_point(ct["alpha"], f"aggregate[{j}].alpha"),
                    parse_point(ct["beta"], f"aggregate[{j}].beta")))
    return out


def _challenge(qe: bytes, index: int, j: int, alpha: bytes, beta: bytes, share_key: bytes,
               m: bytes, a: bytes, b: bytes) -> int:
    return hash_to_scalar("decrypt", qe, index, j, alpha, beta, share_key, m, a, b)


def decryption_share(qe_hex: str, index: int, secret_share_hex: str,
                     records: Sequence[dict[str, Any]], aggregate: Sequence[dict[str, str]],
                     rng: Rng | None = None) -> dict[str, Any]:
    """Trustee `index`'s M_j = s·A_j for every selection (EG §3.6.1), each with its own proof
    (EG §3.6.3, except not folded into a joint proof)."""
    qe = scalar_bytes(parse_scalar(qe_hex, "extended_hash"))
    s = parse_scalar(secret_share_hex, "secret_share")
    share_key = bytes.fromhex(public_share(records, index))
    if base(s) != share_key:
        # A secret that is not this trustee's (a wrong recovery sheet): its shares could
        # never verify, so say so here rather than after posting them.
        raise CryptoError(f"trustee {index}: phần khóa bí mật không khớp với khóa công khai S_{index}")
    shares = []
    for j, (alpha, beta) in enumerate(_aggregate(aggregate)):
        m = mul(s, alpha)
        u = random_scalar(rng)
        a, b = base(u), mul(u, alpha)
        c = _challenge(qe, index, j, alpha, beta, share_key, m, a, b)
        shares.append({"M": m.hex(), "proof": [scalar_hex(c), scalar_hex(u - c * s)]})
    return {"trustee": index, "shares": shares}


def _parse_share(share: object, m: int) -> tuple[int, list[tuple[bytes, int, int]]]:
    if not isinstance(share, dict) or set(share) != {"trustee", "shares"}:
        raise CryptoError("decryption: phải có đúng các khóa trustee, shares")
    index = share["trustee"]
    if isinstance(index, bool) or not isinstance(index, int):
        raise CryptoError("decryption.trustee: phải là số thứ tự thành viên")
    what = f"giải mã của thành viên {index}"
    items = share["shares"]
    if not isinstance(items, list) or len(items) != m:
        raise CryptoError(f"{what}: cần {m} phần (một cho mỗi lựa chọn)")
    parsed = []
    for j, item in enumerate(items):
        if not isinstance(item, dict) or set(item) != {"M", "proof"}:
            raise CryptoError(f"{what}.shares[{j}]: phải có đúng các khóa M, proof")
        proof = item["proof"]
        if not isinstance(proof, list) or len(proof) != 2:
            raise CryptoError(f"{what}.shares[{j}].proof: phải là một cặp [c, z]")
        parsed.append((parse_point(item["M"], f"{what}.shares[{j}].M"),
                       parse_scalar(proof[0], f"{what}.shares[{j}].proof[0]"),
                       parse_scalar(proof[1], f"{what}.shares[{j}].proof[1]")))
    return index, parsed


def verify_decryption_share(qe_hex: str, records: Sequence[dict[str, Any]], share: dict[str, Any],
                            aggregate: Sequence[dict[str, str]]) -> None:
    """Every proof of one trustee's decryption share against S_l (as EG §3.6.3's eq. 74–75:
    a = z·G + c·S_l, b = z·A_j + c·M_j, c the hash of them all)."""
    qe = scalar_bytes(parse_scalar(qe_hex, "extended_hash"))
    cts = _aggregate(aggregate)
    index, parsed = _parse_share(share, len(cts))
    share_key = bytes.fromhex(public_share(records, index))
    for j, ((alpha, beta), (m, c, z)) in enumerate(zip(cts, parsed, strict=True)):
        a = add(base(z), mul(c, share_key))
        b = add(mul(z, alpha), mul(c, m))
        if c != _challenge(qe, index, j, alpha, beta, share_key, m, a, b):
            raise CryptoError(f"giải mã của thành viên {index}.shares[{j}]: bằng chứng không đúng")


def lagrange(indexes: Sequence[int]) -> dict[int, int]:
    """w_l = Π_{m≠l} m·(m − l)^−1 mod q: the weights that interpolate the shares at 0
    (EG §3.6.2 eq. 67)."""
    weights = {}
    for l in indexes:  # noqa: E741 (the protocol's name)
        w = 1
        for m in indexes:
            if m != l:
                w = w * m * pow(m - l, -1, Q) % Q
        weights[l] = w
    return weights


def combined_points(aggregate: Sequence[dict[str, str]], shares: Sequence[dict[str, Any]]
                    ) -> list[bytes]:
    """T_j = B_j − Σ_l w_l·M_lj over the trustees of `shares` (already verified). Equal to
    t_j·G only when they are at least k: with fewer the interpolation misses the key."""
    cts = _aggregate(aggregate)
    parsed = dict(_parse_share(s, len(cts)) for s in shares)
    weights = lagrange(sorted(parsed))
    return [sub(beta, add_all(mul(weights[i], parsed[i][j][0]) for i in parsed))
            for j, (_alpha, beta) in enumerate(cts)]


def combine(aggregate: Sequence[dict[str, str]], shares: Sequence[dict[str, Any]], k: int,
            max_total: int) -> list[int]:
    """The totals t_j, from the verified shares of at least k distinct trustees (the first k
    by index are used: any k give the same). CryptoError with fewer than k, or when a
    total is not in 0…max_total (which honest shares never give)."""
    if isinstance(max_total, bool) or not isinstance(max_total, int) or not 0 <= max_total <= MAX_TOTAL:
        raise CryptoError(f"max_total: phải từ 0 đến {MAX_TOTAL}")
    by_index: dict[int, dict[str, Any]] = {s["trustee"]: s for s in shares}
    if len(by_index) < k:
        raise CryptoError(f"cần giải mã của ít nhất {k} thành viên, mới có {len(by_index)}")
    chosen = [by_index[i] for i in sorted(by_index)[:k]]
    table = {IDENTITY: 0}
    point = IDENTITY
    for t in range(1, max_total + 1):
        point = add(point, G)
        table[point] = t
    totals = []
    for j, plain in enumerate(combined_points(aggregate, chosen)):
        if plain not in table:
            raise CryptoError(f"aggregate[{j}]: tổng giải mã không nằm trong 0…{max_total}")
        totals.append(table[plain])
    return totals


def check_totals(aggregate: Sequence[dict[str, str]], shares: Sequence[dict[str, Any]],
                 totals: Sequence[int]) -> list[int]:
    """The selections j whose T_j is not t_j·G for the given totals (the board's check:
    no table needed when the totals are claimed)."""
    points = combined_points(aggregate, shares)
    return [j for j, (plain, t) in enumerate(zip(points, totals, strict=True)) if plain != small(t)]
