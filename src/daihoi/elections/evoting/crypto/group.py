"""The group ristretto255, its encodings and the hash to a scalar (docs/evote-protocol.md §1).

Everything of the encrypted scheme is built on these few operations; the arithmetic is
libsodium's (through pysodium), never written here. Points are kept as their 32-byte
canonical encoding, scalars as Python integers reduced mod `Q` (integer arithmetic mod q is
exact and fast; libsodium only sees the group operations).

libsodium refuses a product equal to the identity (`crypto_scalarmult_ristretto255` returns
-1, pysodium raises ValueError) and refuses the scalar 0: `mul` and `base` answer the identity
themselves for `0·P`, `s·identity`, and, in the prime-order group, nothing else gives it.

Randomness: an `Rng` is a function `n -> n bytes`. None is the operating system's CSPRNG
(`os.urandom`); tests and the shared vectors pass `seeded_rng(seed)`, a SHA-512 stream, so a
run can be repeated byte for byte.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import pysodium

# RFC 9496 §4: the order of the ristretto255 group.
Q = 2**252 + 27742317777372353535851937790883648493
IDENTITY = bytes(32)
DOMAIN = b"daihoi-evote-v1|"
# Items hashed as integers are 8 bytes big-endian (protocol §1).
_MAX_INT_ITEM = 2**64

Rng = Callable[[int], bytes]

_HEX = re.compile(r"(?:[0-9a-f]{2})*")


class CryptoError(ValueError):
    """A value that does not hold: a bad encoding, a proof that fails, a share that does
    not match its commitments. The message says which value and why (in Vietnamese, as
    every message the tools print)."""


def scalar_bytes(s: int) -> bytes:
    return (s % Q).to_bytes(32, "little")


def scalar_hex(s: int) -> str:
    return scalar_bytes(s).hex()


def base(s: int) -> bytes:
    """s·G."""
    s %= Q
    if s == 0:
        return IDENTITY
    return pysodium.crypto_scalarmult_ristretto255_base(s.to_bytes(32, "little"))


G = base(1)


def mul(s: int, p: bytes) -> bytes:
    """s·P (P already checked to be a canonical encoding)."""
    s %= Q
    if s == 0 or p == IDENTITY:
        return IDENTITY
    if p == G:
        return base(s)
    return pysodium.crypto_scalarmult_ristretto255(s.to_bytes(32, "little"), p)


def add(p: bytes, q: bytes) -> bytes:
    if p == IDENTITY:
        return q
    if q == IDENTITY:
        return p
    return pysodium.crypto_core_ristretto255_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    if q == IDENTITY:
        return p
    return pysodium.crypto_core_ristretto255_sub(p, q)


class _Decaf:
    """libdecaf (Debian's libdecaf0, by Mike Hamburg, who designed Decaf and Ristretto): its
    `decaf_255` group is ristretto255, with the same encodings as libsodium (RFC 9496). It
    does what libsodium cannot for the proofs' check: s1·P1 + s2·P2 in one double-scalar
    multiplication, about the cost of one of libsodium's single ones, and additions on
    decoded points (libsodium decodes and re-encodes both points of every addition).
    Only `decaf_255_point_double_scalarmul` is used, not the faster
    `base_double_scalarmul_non_secret`: in libdecaf 1.0.2 that one answers wrongly when its
    second scalar is 0, which a proof's simulated branch may carry (test_group.py checks
    every result against libsodium's, zeros and the identity included). Sizes from
    point_255.h: a point is four field elements of five 64-bit limbs, each aligned to 32
    bytes."""

    POINT, SCALAR, ALIGN = 256, 32, 32
    OK = -1  # DECAF_SUCCESS

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.lib = lib
        for name in ("decaf_255_point_decode", "decaf_255_scalar_decode"):
            getattr(lib, name).restype = ctypes.c_int
        self.g = self.point(G)
        if self.encode(self.g) != G or self.encode(self.point(IDENTITY)) != IDENTITY:
            raise OSError("libdecaf: decaf_255 is not ristretto255 here")

    def _buffer(self, size: int) -> _Pointer:
        raw = ctypes.create_string_buffer(size + self.ALIGN)
        return _Pointer(ctypes.addressof(raw) + (-ctypes.addressof(raw) % self.ALIGN), raw)

    def point(self, p: bytes) -> _Pointer:
        ptr = self._buffer(self.POINT)
        if self.lib.decaf_255_point_decode(ptr, p, 1) != self.OK:
            raise CryptoError("không phải một điểm ristretto255 hợp lệ")
        return ptr

    def scalar(self, s: int) -> _Pointer:
        ptr = self._buffer(self.SCALAR)
        self.lib.decaf_255_scalar_decode(ptr, (s % Q).to_bytes(32, "little"))
        return ptr

    def encode(self, ptr: _Pointer) -> bytes:
        out = ctypes.create_string_buffer(32)
        self.lib.decaf_255_point_encode(out, ptr)
        return out.raw

    def range_commitments(self, pairs: Sequence[tuple[int, int]], alpha: bytes, beta: bytes,
                          key: bytes, lo: int) -> list[bytes]:
        a, b, k, out = self.point(alpha), self.point(beta), _decaf_key(key), self._buffer(self.POINT)
        if lo:
            self.lib.decaf_255_point_sub(b, b, self.point(base(lo)))
        items = []
        for c, z in pairs:
            cs, zs = self.scalar(c), self.scalar(z)
            self.lib.decaf_255_point_double_scalarmul(out, self.g, zs, a, cs)
            items.append(self.encode(out))
            self.lib.decaf_255_point_double_scalarmul(out, k, zs, b, cs)
            items.append(self.encode(out))
            self.lib.decaf_255_point_sub(b, b, self.g)  # β − (t + 1)·G for the next t
        return items


class _Pointer(ctypes.c_void_p):
    """The aligned address of a buffer that it keeps alive: passed straight to libdecaf, even
    as a temporary (`f(self.point(x))`), the buffer lives as long as the call needs it. A bare
    address would not hold it, and a buffer freed before the call is read by whatever
    another thread wrote there next (which bench.evote's 1,600 ballots showed: a valid
    contest proof refused once in about a thousand)."""

    def __init__(self, address: int, buffer: ctypes.Array[ctypes.c_char]) -> None:
        super().__init__(address)
        self.buffer = buffer


def _load_decaf() -> _Decaf | None:
    if os.environ.get("DAIHOI_NO_LIBDECAF"):
        return None
    try:
        return _Decaf(ctypes.CDLL(ctypes.util.find_library("decaf") or "libdecaf.so.0"))
    except OSError:
        return None


_DECAF = _load_decaf()


@lru_cache(maxsize=64)
def _decaf_key(p: bytes) -> _Pointer:
    """The round's joint key, in every proof of every ballot: decoded once."""
    assert _DECAF is not None
    return _DECAF.point(p)


def range_commitments(pairs: Sequence[tuple[int, int]], alpha: bytes, beta: bytes, key: bytes,
                      lo: int) -> list[bytes]:
    """The commitments a range proof's check recomputes (EG §3.3.5, our protocol §3): for
    t = lo, lo + 1, … with the proof's (c_t, z_t), a_t = z_t·G + c_t·α and
    b_t = z_t·K + c_t·(β − t·G), as the flat list a_lo, b_lo, a_lo+1, … . Computed by libdecaf
    when it is installed (about a third faster), else by libsodium; both give the same
    bytes (test_group.py)."""
    if _DECAF is not None:
        return _DECAF.range_commitments(pairs, alpha, beta, key, lo)
    items: list[bytes] = []
    for t, (c, z) in enumerate(pairs, start=lo):
        items += [add(base(z), mul(c, alpha)), add(mul(z, key), mul(c, sub(beta, small(t))))]
    return items


def add_all(points: Iterable[bytes]) -> bytes:
    total = IDENTITY
    for p in points:
        total = add(total, p)
    return total


@lru_cache(maxsize=4096)
def small(t: int) -> bytes:
    """t·G for the small integers of the range proofs and the totals (cached: the same few
    values recur in every ballot)."""
    return base(t)


def is_point(p: bytes) -> bool:
    return len(p) == 32 and (p == IDENTITY or pysodium.crypto_core_ristretto255_is_valid_point(p))


def parse_hex(value: object, length: int, what: str) -> bytes:
    """`length` bytes received as lowercase hex (the only form the protocol writes)."""
    if not isinstance(value, str) or len(value) != 2 * length or not _HEX.fullmatch(value):
        raise CryptoError(f"{what}: cần {2 * length} ký tự hex thường")
    return bytes.fromhex(value)


def parse_point(value: object, what: str) -> bytes:
    """A point received as hex: 64 lowercase hex characters of a canonical encoding."""
    p = parse_hex(value, 32, what)
    if not is_point(p):
        raise CryptoError(f"{what}: không phải một điểm ristretto255 hợp lệ")
    return p


def parse_scalar(value: object, what: str) -> int:
    """A scalar received as hex: 32 bytes little-endian, reduced (< q)."""
    s = int.from_bytes(parse_hex(value, 32, what), "little")
    if s >= Q:
        raise CryptoError(f"{what}: số vô hướng không nhỏ hơn q")
    return s


def _item_bytes(item: bytes | str | int) -> bytes:
    if isinstance(item, bytes):
        return item
    if isinstance(item, str):
        return item.encode("utf-8")
    if isinstance(item, bool) or not 0 <= item < _MAX_INT_ITEM:
        raise CryptoError(f"không băm được số nguyên {item!r}")
    return item.to_bytes(8, "big")


def hash_to_scalar(tag: str, *items: bytes | str | int) -> int:
    """H(tag, item_1, …, item_n) of protocol §1: as ElectionGuard 2.0.0's hash function H
    (§5.2; its inputs §5.1, its outputs §5.4), except: SHA-512 reduced mod q in place of
    HMAC-SHA-256 (whose 256-bit output EG does not reduce, §5.4), so the challenge is uniform
    in the 253-bit order; Qb or Qe is an item, not HMAC's key; a text tag instead of EG's
    domain-separation byte (§5.5); every item length-prefixed (EG: strings and files only),
    so no two item lists hash alike, and counts in 8 bytes (EG: 4). A point or a scalar is
    passed as its 32 bytes (`scalar_bytes`), a string as text, a count as an int."""
    h = hashlib.sha512(DOMAIN + tag.encode("utf-8") + b"|")
    for item in items:
        raw = _item_bytes(item)
        h.update(len(raw).to_bytes(4, "big"))
        h.update(raw)
    # libsodium's crypto_core_ristretto255_scalar_reduce of the 64-byte digest, exactly.
    return int.from_bytes(h.digest(), "little") % Q


def random_scalar(rng: Rng | None = None) -> int:
    """A uniform scalar: 64 random bytes reduced mod q (the bias is below 2^-250)."""
    return int.from_bytes((rng or os.urandom)(64), "little") % Q


def random_bytes(n: int, rng: Rng | None = None) -> bytes:
    return (rng or os.urandom)(n)


class seeded_rng:
    """A repeatable byte stream for tests and vectors, NEVER for a real round: block i is
    SHA-512(seed + u64be(i)), the blocks concatenated and read in order."""

    def __init__(self, seed: bytes | str) -> None:
        self._key = seed.encode("utf-8") if isinstance(seed, str) else seed
        self._counter = 0
        self._buffer = b""

    def __call__(self, n: int) -> bytes:
        while len(self._buffer) < n:
            self._buffer += hashlib.sha512(self._key + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out
