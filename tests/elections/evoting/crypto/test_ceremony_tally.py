"""The key ceremony (protocol §3) and the threshold count (§5): k of n trustees decrypt,
k − 1 cannot, every proof is checked and every tampered share named."""

from __future__ import annotations

import copy
import functools
import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.elections.evoting.crypto import ballots, ceremony, group, tally
from daihoi.elections.evoting.crypto.group import CryptoError
from tests.elections.evoting.crypto.conftest import strike_manifest


class Committee:
    """n trustees running the ceremony with seeded randomness."""

    def __init__(self, n: int, k: int, manifest: dict[str, Any] | None = None, seed: str = "c") -> None:
        self.n, self.k = n, k
        self.manifest = manifest or strike_manifest(4, 2)
        self.qb = ballots.base_hash(ballots.manifest_bytes(self.manifest))
        started = [ceremony.trustee_start(self.qb, i, k, rng=group.seeded_rng(f"{seed}{i}"))
                   for i in range(1, n + 1)]
        self.secrets = [s for s, _ in started]
        self.records = [r for _, r in started]
        self.payloads = [p for s in self.secrets for p in ceremony.shares_for(
            self.qb, s, self.records, rng=group.seeded_rng(f"p{s.index}"))]
        self.shares = {s.index: ceremony.receive_shares(self.qb, s, self.to(s.index), self.records)
                       for s in self.secrets}
        self.key = ceremony.joint_key(self.records)
        self.qe = ballots.extended_hash(self.qb, self.key)

    def to(self, index: int) -> list[dict[str, Any]]:
        return [p for p in self.payloads if p["to"] == index]

    def decrypt(self, index: int, aggregate: list[dict[str, str]]) -> dict[str, Any]:
        return tally.decryption_share(self.qe, index, self.shares[index], self.records, aggregate,
                                      rng=group.seeded_rng(f"d{index}"))


@pytest.fixture(scope="module")
def committee() -> Committee:
    return Committee(5, 3)


@pytest.fixture(scope="module")
def counted(committee) -> tuple[list[dict[str, str]], list[list[int]]]:
    cast = [[1, 0, 0, 0], [1, 1, 0, 0], [0, 1, 0, 1], [1, 0, 0, 1], [0, 0, 1, 1], [1, 1, 0, 0]]
    made = [ballots.encrypt_ballot(committee.manifest, committee.key, committee.qe, c,
                                   rng=group.seeded_rng(f"b{i}"))[0] for i, c in enumerate(cast)]
    return ballots.aggregate(committee.manifest, made), cast


def test_every_record_verifies_and_the_keys_agree(committee):
    for record in committee.records:
        ceremony.verify_trustee(committee.qb, record, committee.k)
    # The secret key is P(0) = Σ_i a_i0; K = Σ_i K_i0 is its public key.
    secret = sum(s.coefficients[0] for s in committee.secrets) % group.Q
    assert group.base(secret).hex() == committee.key
    for index, share in committee.shares.items():
        public = ceremony.public_share(committee.records, index)
        assert group.base(group.parse_scalar(share, "s")).hex() == public


@pytest.mark.parametrize("path", [("commitments", 1), ("proofs", 0, 0), ("proofs", 2, 1),
                                  ("communication_key",), ("communication_proof", 1)])
def test_an_altered_record_is_refused(committee, path):
    record = copy.deepcopy(committee.records[1])
    node: Any = record
    for key in path[:-1]:
        node = node[key]
    old = node[path[-1]]
    is_point = path[0] in ("commitments", "communication_key")
    node[path[-1]] = (group.add(bytes.fromhex(old), group.G).hex() if is_point
                      else group.scalar_hex(group.parse_scalar(old, "x") + 1))
    with pytest.raises(CryptoError, match="trustee 2"):
        ceremony.verify_trustee(committee.qb, record, committee.k)


def test_a_record_of_another_round_or_threshold_is_refused(committee):
    other = ballots.base_hash(b"another manifest")
    with pytest.raises(CryptoError, match="proofs"):
        ceremony.verify_trustee(other, committee.records[0], committee.k)
    with pytest.raises(CryptoError, match="cần 2"):
        ceremony.verify_trustee(committee.qb, committee.records[0], 2)


def test_a_tampered_share_is_refused_naming_its_sender(committee):
    payload = copy.deepcopy(committee.to(1)[1])
    sender = payload["from"]
    flipped = bytes.fromhex(payload["ct"])
    payload["ct"] = (bytes([flipped[0] ^ 1]) + flipped[1:]).hex()
    others = [p for p in committee.to(1) if p["from"] != sender]
    with pytest.raises(CryptoError, match=f"thành viên {sender}: không giải mã"):
        ceremony.receive_shares(committee.qb, committee.secrets[0], [*others, payload], committee.records)


def test_a_share_that_does_not_match_the_commitments_is_a_complaint(committee):
    # Trustee 3 encrypts a wrong value properly: it decrypts, and the check against the
    # published commitments catches it.
    cheat = committee.secrets[2]
    wrong = ceremony.TrusteeSecret(cheat.index, (cheat.coefficients[0] + 1, *cheat.coefficients[1:]),
                                   cheat.communication)
    bad = next(p for p in ceremony.shares_for(committee.qb, wrong, committee.records) if p["to"] == 1)
    others = [p for p in committee.to(1) if p["from"] != 3]
    with pytest.raises(CryptoError, match="thành viên 3: không khớp"):
        ceremony.receive_shares(committee.qb, committee.secrets[0], [*others, bad], committee.records)


def test_a_missing_doubled_or_misaddressed_share_is_named(committee):
    mine = committee.to(1)
    with pytest.raises(CryptoError, match="chưa nhận phần khóa từ thành viên 2"):
        ceremony.receive_shares(committee.qb, committee.secrets[0], mine[1:], committee.records)
    with pytest.raises(CryptoError, match="gửi hai lần"):
        ceremony.receive_shares(committee.qb, committee.secrets[0], [*mine, mine[0]], committee.records)
    with pytest.raises(CryptoError, match="gửi cho thành viên 2"):
        ceremony.receive_shares(committee.qb, committee.secrets[0], committee.to(2), committee.records)


def test_the_secret_survives_the_recovery_sheet(committee):
    secret = committee.secrets[0]
    assert ceremony.TrusteeSecret.from_json(secret.to_json()) == secret


def test_any_k_of_n_trustees_decrypt_the_totals(committee, counted):
    aggregate, cast = counted
    expected = [sum(col) for col in zip(*cast, strict=True)]
    shares = {i: committee.decrypt(i, aggregate) for i in range(1, committee.n + 1)}
    for share in shares.values():
        tally.verify_decryption_share(committee.qe, committee.records, share, aggregate)
    for chosen in itertools.combinations(range(1, committee.n + 1), committee.k):
        assert tally.combine(aggregate, [shares[i] for i in chosen], committee.k, len(cast)) == expected
    assert tally.combine(aggregate, list(shares.values()), committee.k, len(cast)) == expected
    some = [shares[i] for i in (1, 3, 5)]
    assert tally.check_totals(aggregate, some, expected) == []
    assert tally.check_totals(aggregate, some, [expected[0] + 1, *expected[1:]]) == [0]


def test_k_minus_one_trustees_cannot_decrypt(committee, counted):
    aggregate, cast = counted
    expected = [sum(col) for col in zip(*cast, strict=True)]
    shares = [committee.decrypt(i, aggregate) for i in (2, 4)]
    with pytest.raises(CryptoError, match="ít nhất 3 thành viên, mới có 2"):
        tally.combine(aggregate, shares, committee.k, len(cast))
    # Not only refused: interpolating k − 1 shares gives points that are not the totals.
    points = tally.combined_points(aggregate, shares)
    assert all(p != group.small(t) for p, t in zip(points, expected, strict=True))


def test_k_minus_one_shares_give_no_total_in_range(committee, counted):
    aggregate, cast = counted
    shares = [committee.decrypt(i, aggregate) for i in (1, 5)]
    with pytest.raises(CryptoError, match="không nằm trong"):
        tally.combine(aggregate, shares, 2, len(cast))


@pytest.mark.parametrize(("mutate", "reason"), [
    (lambda s: s["shares"][1].update(M=group.add(bytes.fromhex(s["shares"][1]["M"]), group.G).hex()),
     r"shares\[1\]: bằng chứng"),
    (lambda s: s["shares"][0]["proof"].__setitem__(1, group.scalar_hex(3)), r"shares\[0\]: bằng chứng"),
    (lambda s: s["shares"][2]["proof"].__setitem__(0, group.scalar_hex(3)), r"shares\[2\]: bằng chứng"),
    (lambda s: s.update(trustee=2), r"thành viên 2\.shares\[0\]"),
    (lambda s: s["shares"].pop(), "cần 4"),
])
def test_an_altered_decryption_share_is_refused(committee, counted, mutate, reason):
    aggregate, _ = counted
    share = copy.deepcopy(committee.decrypt(1, aggregate))
    mutate(share)
    with pytest.raises(CryptoError, match=reason):
        tally.verify_decryption_share(committee.qe, committee.records, share, aggregate)


def test_a_wrong_secret_share_is_refused_before_decrypting(committee, counted):
    aggregate, _ = counted
    with pytest.raises(CryptoError, match="không khớp"):
        tally.decryption_share(committee.qe, 1, committee.shares[2], committee.records, aggregate)


def test_no_cast_ballot_decrypts_to_zeros(committee):
    aggregate = ballots.aggregate(committee.manifest, [])
    shares = [committee.decrypt(i, aggregate) for i in (1, 2, 3)]
    for share in shares:
        tally.verify_decryption_share(committee.qe, committee.records, share, aggregate)
    assert tally.combine(aggregate, shares, 3, 0) == [0, 0, 0, 0]


def test_one_trustee_alone_is_a_committee_of_one():
    solo = Committee(1, 1, seed="solo")
    assert solo.payloads == []
    made = ballots.encrypt_ballot(solo.manifest, solo.key, solo.qe, [0, 1, 1, 0])[0]
    aggregate = ballots.aggregate(solo.manifest, [made])
    assert tally.combine(aggregate, [solo.decrypt(1, aggregate)], 1, 1) == [0, 1, 1, 0]


def test_lagrange_weights_interpolate_at_zero():
    # P(x) = 7 + 3x + 5x²: P(0) recovered from P(1), P(2), P(4).
    points = {x: 7 + 3 * x + 5 * x * x for x in (1, 2, 4)}
    weights = tally.lagrange(sorted(points))
    assert sum(weights[x] * points[x] for x in points) % group.Q == 7


@settings(max_examples=12, deadline=None)
@given(data=st.data(), n=st.integers(1, 5))
def test_any_k_of_n_decrypt_and_any_k_minus_one_do_not(data, n):
    k = data.draw(st.integers(1, n))
    com = Committee(n, k, seed=f"h{n}{k}")
    cast = [[1, 0, 1, 0], [0, 1, 1, 0], [1, 1, 0, 0]]
    made = [ballots.encrypt_ballot(com.manifest, com.key, com.qe, c)[0] for c in cast]
    aggregate = ballots.aggregate(com.manifest, made)
    chosen = data.draw(st.lists(st.integers(1, n), min_size=k, max_size=k, unique=True))
    shares = [com.decrypt(i, aggregate) for i in chosen]
    assert tally.combine(aggregate, shares, k, len(cast)) == [2, 2, 2, 0]
    if k > 1:
        fewer = shares[:-1]
        with pytest.raises(CryptoError, match=f"ít nhất {k}"):
            tally.combine(aggregate, fewer, k, len(cast))
        points = tally.combined_points(aggregate, fewer)
        assert all(p != group.small(t) for p, t in zip(points, [2, 2, 2, 0], strict=True))


def test_a_damaged_recovery_sheet_is_refused():
    with pytest.raises(CryptoError, match="cấu trúc"):
        ceremony.TrusteeSecret.from_json({"index": 1})
    with pytest.raises(CryptoError, match="index"):
        ceremony.TrusteeSecret.from_json({"index": 0, "coefficients": ["00" * 32],
                                          "communication": "00" * 32})


@settings(max_examples=40, deadline=None)
@given(field=st.sampled_from(["E", "nonce", "ct"]), position=st.integers(0, 200), bit=st.integers(0, 7))
def test_any_bit_of_a_sealed_share_flipped_is_refused_naming_its_sender(field, position, bit):
    com = _shared_committee()
    mine = com.to(2)
    payload = copy.deepcopy(mine[0])
    raw = bytearray.fromhex(payload[field])
    raw[position % len(raw)] ^= 1 << bit
    payload[field] = raw.hex()
    with pytest.raises(CryptoError, match=f"thành viên {payload['from']}"):
        ceremony.receive_shares(com.qb, com.secrets[1], [payload, *mine[1:]], com.records)


@functools.cache
def _shared_committee() -> Committee:
    # Hypothesis runs the test many times; the ceremony is made once.
    return Committee(3, 2, seed="bits")
