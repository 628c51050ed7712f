"""The group's encodings and the hash to a scalar (protocol §1)."""

from __future__ import annotations

import hashlib

import pysodium
import pytest

from daihoi.elections.evoting.crypto import group
from daihoi.elections.evoting.crypto.group import CryptoError


def test_the_generator_is_rfc_9496s():
    # RFC 9496 §A.1: the encoding of the generator (1·B).
    assert group.G.hex() == "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"


def test_zero_times_a_point_and_a_product_equal_to_the_identity_are_the_identity():
    p = group.base(12345)
    assert group.mul(0, p) == group.IDENTITY
    assert group.mul(group.Q, p) == group.IDENTITY
    assert group.mul(7, group.IDENTITY) == group.IDENTITY
    assert group.base(0) == group.IDENTITY
    assert group.sub(p, p) == group.IDENTITY
    assert group.add(p, group.IDENTITY) == p
    assert group.add(group.IDENTITY, p) == p
    assert group.mul(group.Q - 1, p) == group.sub(group.IDENTITY, p)


def test_scalar_arithmetic_matches_the_group():
    a, b = 2**200 + 17, group.Q - 5
    assert group.add(group.base(a), group.base(b)) == group.base(a + b)
    assert group.mul(a, group.base(b)) == group.base(a * b)
    assert group.mul(a, group.G) == group.base(a)


def test_hash_to_scalar_is_protocol_1s_formula():
    point = group.base(3)
    digest = hashlib.sha512(b"daihoi-evote-v1|range|" + bytes([0, 0, 0, 32]) + point
                            + bytes([0, 0, 0, 8]) + (5).to_bytes(8, "big")
                            + bytes([0, 0, 0, 4]) + "Ấn".encode()).digest()  # Ấ is 3 bytes
    expected = int.from_bytes(pysodium.crypto_core_ristretto255_scalar_reduce(digest), "little")
    assert group.hash_to_scalar("range", point, 5, "Ấn") == expected
    # The length prefixes keep ("ab", "c") and ("a", "bc") apart.
    assert group.hash_to_scalar("t", "ab", "c") != group.hash_to_scalar("t", "a", "bc")


def test_integers_outside_eight_bytes_are_not_hashed():
    with pytest.raises(CryptoError):
        group.hash_to_scalar("t", 2**64)
    with pytest.raises(CryptoError):
        group.hash_to_scalar("t", -1)


@pytest.mark.parametrize(("value", "reason"), [
    (None, "hex"), ("ab", "hex"), ("E2" * 32, "hex"), ("zz" * 32, "hex"),
    ("ff" * 32, "hợp lệ"),          # not a field element
    ("01" + "00" * 31, "hợp lệ"),    # a non-canonical encoding
])
def test_a_point_that_is_not_a_canonical_encoding_is_refused(value, reason):
    with pytest.raises(CryptoError, match=reason):
        group.parse_point(value, "K")


def test_the_identity_decodes():
    assert group.parse_point("00" * 32, "K") == group.IDENTITY


def test_a_scalar_not_reduced_is_refused():
    assert group.parse_scalar(group.scalar_hex(group.Q - 1), "c") == group.Q - 1
    with pytest.raises(CryptoError, match="nhỏ hơn q"):
        group.parse_scalar(group.Q.to_bytes(32, "little").hex(), "c")


def test_the_seeded_source_repeats_and_reads_the_stream_in_order():
    a, b = group.seeded_rng("x"), group.seeded_rng("x")
    assert a(10) + a(100) == b(110)
    stream = hashlib.sha512(b"x" + bytes(8)).digest() + hashlib.sha512(b"x" + (1).to_bytes(8, "big")).digest()
    assert group.seeded_rng("x")(128) == stream
    assert group.random_scalar(group.seeded_rng("x")) == int.from_bytes(stream[:64], "little") % group.Q


# --- libdecaf's range commitments against libsodium's ---------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

scalars = st.integers(min_value=0, max_value=group.Q - 1)
points = st.one_of(st.just(group.IDENTITY), st.just(group.G), scalars.map(group.base))


def _through_libsodium(*args: object) -> list[bytes]:
    fast, group._DECAF = group._DECAF, None
    try:
        return group.range_commitments(*args)  # type: ignore[arg-type]
    finally:
        group._DECAF = fast


def test_libdecaf_is_installed_and_is_ristretto255():
    # scripts/ensure-libsodium installs it; without it the check still works, through
    # libsodium alone, a third slower (bench.evote_crypto).
    assert group._DECAF is not None


@settings(max_examples=60, deadline=None)
@given(pairs=st.lists(st.tuples(scalars, scalars), min_size=1, max_size=4), alpha=points,
       beta=points, key=points, lo=st.integers(min_value=0, max_value=30))
def test_libdecaf_gives_libsodiums_bytes(pairs, alpha, beta, key, lo):
    """Every commitment a_t = z·G + c·α, b_t = z·K + c·(β − t·G) the same 32 bytes in both
    libraries, the identity and the generator among the points, 0 among the scalars."""
    assert group.range_commitments(pairs, alpha, beta, key, lo) == _through_libsodium(
        pairs, alpha, beta, key, lo)


def test_libdecaf_refuses_what_is_not_a_point():
    not_a_point = bytes([1]) + bytes(31)  # odd: never a canonical ristretto255 encoding
    assert not group.is_point(not_a_point)
    with pytest.raises(CryptoError):
        group.range_commitments([(1, 2)], not_a_point, group.G, group.G, 0)


def test_a_decoded_point_keeps_its_buffer_alive():
    """libdecaf is handed addresses: the object passed must hold its buffer, or a temporary
    (`f(D.point(x))`) is freed before the call reads it."""
    import gc

    point = group._DECAF.point(group.base(99))  # type: ignore[union-attr]
    gc.collect()
    clutter = [group._DECAF.point(group.base(i)) for i in range(1, 200)]  # type: ignore[union-attr]
    assert group._DECAF.encode(point) == group.base(99)  # type: ignore[union-attr]
    assert len(clutter) == 199


def test_range_commitments_agree_with_libsodium_from_many_threads():
    """Threads verify at once in `daihoi serve` (gthread) and libdecaf runs without the GIL:
    every thread's commitments are still libsodium's (a freed buffer once made one wrong in
    about a thousand contest proofs under bench.evote)."""
    from concurrent.futures import ThreadPoolExecutor

    cases = [([(i + 1, 7 * i + 3), (5 * i + 2, i + 11)], group.base(i + 2), group.base(3 * i + 5),
              group.base(1000 + i), 1 + i % 20) for i in range(120)]
    expected = [_through_libsodium(*case) for case in cases]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            assert list(pool.map(lambda case: group.range_commitments(*case), cases)) == expected
