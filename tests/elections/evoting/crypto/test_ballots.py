"""Encrypted ballots (protocol §4): honest ballots verify, every altered one is refused, a
ballot outside its contest's bounds cannot be proved, challenges open, sums add up."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.elections.evoting.crypto import ballots, group
from daihoi.elections.evoting.crypto.group import CryptoError
from tests.elections.evoting.crypto.conftest import Round, agree_manifest, forged, strike_manifest


def test_an_honest_ballot_verifies_and_its_tracker_is_recomputed(small_round):
    ballot, reveal = small_round.encrypt([1, 0, 1, 0])
    small_round.verify(ballot)
    assert ballot["tracker"] == ballots.tracker(small_round.qe, ballot)
    assert len(ballot["tracker"]) == 64
    assert reveal["choices"] == [1, 0, 1, 0]


def test_a_thirty_name_ballot_verifies():
    rnd = Round(strike_manifest(30, 27))
    ballot, _ = rnd.encrypt([1] * 27 + [0] * 3)
    rnd.verify(ballot)
    assert len(ballot["contests"][0]["proof"]) == 27


def test_an_agree_disagree_ballot_verifies_with_a_blank_line():
    rnd = Round(agree_manifest(3))
    ballot, _ = rnd.encrypt([1, 0, 0, 1, 0, 0])
    rnd.verify(ballot)


@pytest.mark.parametrize("choices", [[1, 1, 1, 0], [0, 0, 0, 0]])
def test_a_ballot_outside_its_contest_cannot_be_made(small_round, choices):
    # Seats 2, at least one name kept (a multi-name ballot electing nobody is invalid).
    with pytest.raises(CryptoError, match="không thể chứng minh"):
        small_round.encrypt(choices)


def test_the_forger_helper_makes_honest_ballots_when_honest(small_round):
    small_round.verify(forged(small_round, [1, 1, 0, 0]))


def test_a_ballot_keeping_more_names_than_seats_cannot_be_proved(small_round):
    # Three kept with two seats: each selection is a true 0/1, but the sum is 3.
    with pytest.raises(CryptoError, match=r"contests\[0\]\.proof"):
        small_round.verify(forged(small_round, [1, 1, 1, 0]))
    # Claiming the sum is 2 when it is 3 fails just the same.
    with pytest.raises(CryptoError, match=r"contests\[0\]\.proof"):
        small_round.verify(forged(small_round, [1, 1, 1, 0], contest_value=2))


def test_a_selection_encrypting_two_cannot_be_proved(small_round):
    # Two votes for one name: x = 2 has no [0, 1] proof.
    with pytest.raises(CryptoError, match=r"selections\[0\]\.proof"):
        small_round.verify(forged(small_round, [2, 0, 0, 0]))


def test_every_ballot_of_a_round_has_the_same_length(small_round):
    lengths = {len(ballots.canonical(small_round.encrypt(c, seed=str(c))[0]))
               for c in ([1, 0, 0, 0], [1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1])}
    assert len(lengths) == 1


def test_a_seeded_ballot_repeats_and_an_unseeded_one_does_not(small_round):
    assert small_round.encrypt([1, 0, 0, 0]) == small_round.encrypt([1, 0, 0, 0])
    a, _ = ballots.encrypt_ballot(small_round.manifest, small_round.key, small_round.qe, [1, 0, 0, 0])
    b, _ = ballots.encrypt_ballot(small_round.manifest, small_round.key, small_round.qe, [1, 0, 0, 0])
    assert a["tracker"] != b["tracker"]


def test_a_ballot_of_another_round_or_key_is_refused(small_round):
    ballot, _ = small_round.encrypt([1, 0, 0, 0])
    other = Round(strike_manifest(4, 2), seed="other key")
    with pytest.raises(CryptoError, match=r"tracker|proof"):
        ballots.verify_ballot(small_round.manifest, other.key, other.qe, ballot)
    with pytest.raises(CryptoError):
        ballots.verify_ballot(small_round.manifest, small_round.key, other.qe, ballot)
    with pytest.raises(CryptoError, match="đơn vị"):
        ballots.verify_ballot(small_round.manifest, "00" * 32, small_round.qe, ballot)


def _paths(ballot: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every hex value of a ballot, as a path of keys and indexes."""
    paths: list[tuple[Any, ...]] = []
    for j, s in enumerate(ballot["selections"]):
        paths += [("selections", j, "alpha"), ("selections", j, "beta")]
        paths += [("selections", j, "proof", t, k) for t in range(len(s["proof"])) for k in (0, 1)]
    for i, c in enumerate(ballot["contests"]):
        paths += [("contests", i, "proof", t, k) for t in range(len(c["proof"])) for k in (0, 1)]
    return [*paths, ("tracker",)]


def _set(ballot: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    altered = copy.deepcopy(ballot)
    node = altered
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return altered


def _get(ballot: dict[str, Any], path: tuple[Any, ...]) -> Any:
    node: Any = ballot
    for key in path:
        node = node[key]
    return node


@pytest.fixture(scope="module")
def honest(small_round) -> dict[str, Any]:
    return small_round.encrypt([0, 1, 1, 0], seed="honest")[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), scalar=st.integers(1, group.Q - 1))
def test_altering_any_value_of_a_ballot_is_refused(small_round, honest, data, scalar):
    path = data.draw(st.sampled_from(_paths(honest)))
    old = _get(honest, path)
    if path[-1] in ("alpha", "beta"):
        # Another valid point: the old one plus a nonzero multiple of G.
        new = group.add(bytes.fromhex(old), group.base(scalar)).hex()
    elif path == ("tracker",):
        new = group.scalar_hex(scalar)
    else:
        new = group.scalar_hex(group.parse_scalar(old, "x") + scalar)
    assert new != old
    altered = _set(honest, path, new)
    with pytest.raises(CryptoError):
        small_round.verify(altered)
    # The tracker commits to every value, so the receipt changes with the ballot.
    if path != ("tracker",):
        assert ballots.tracker(small_round.qe, altered) != honest["tracker"]


@pytest.mark.parametrize(("mutate", "reason"), [
    (lambda b: b.pop("tracker"), "khóa"),
    (lambda b: b.update(extra=1), "khóa"),
    (lambda b: b["selections"].pop(), "cần 4"),
    (lambda b: b["contests"].append({"proof": []}), "cần 1"),
    (lambda b: b["selections"][1].update(alpha=b["selections"][1]["alpha"].upper()),
     r"selections\[1\]\.alpha"),
    (lambda b: b["selections"][2].update(beta="ff" * 32), r"selections\[2\]\.beta"),
    (lambda b: b["selections"][0]["proof"].pop(), r"selections\[0\]\.proof"),
    (lambda b: b["selections"][0]["proof"][1].__setitem__(0, group.Q.to_bytes(32, "little").hex()),
     "nhỏ hơn q"),
    (lambda b: b["contests"][0]["proof"][0].append("00" * 32), r"contests\[0\]\.proof\[0\]"),
    (lambda b: b["selections"].__setitem__(3, "x"), r"selections\[3\]"),
])
def test_a_malformed_ballot_is_refused_with_what_is_wrong(small_round, honest, mutate, reason):
    altered = copy.deepcopy(honest)
    mutate(altered)
    with pytest.raises(CryptoError, match=reason):
        small_round.verify(altered)


def test_a_challenged_ballot_opens_to_its_choices(small_round):
    ballot, reveal = small_round.encrypt([0, 0, 1, 1], seed="spoil")
    assert ballots.verify_spoiled(small_round.manifest, small_round.key, small_round.qe,
                                  ballot, reveal) == [0, 0, 1, 1]


@pytest.mark.parametrize(("mutate", "reason"), [
    (lambda r: r["choices"].__setitem__(0, 1), r"choices\[0\]"),
    (lambda r: r["choices"].__setitem__(1, 2), r"choices\[1\]"),
    (lambda r: r["nonces"].__setitem__(2, group.scalar_hex(5)), r"nonces\[2\]"),
    (lambda r: r["nonces"].pop(), "nonces"),
    (lambda r: r.pop("choices"), "khóa"),
])
def test_a_reveal_that_does_not_open_the_ballot_is_refused(small_round, mutate, reason):
    ballot, reveal = small_round.encrypt([0, 0, 1, 1], seed="spoil")
    mutate(reveal)
    with pytest.raises(CryptoError, match=reason):
        ballots.verify_spoiled(small_round.manifest, small_round.key, small_round.qe, ballot, reveal)


def test_the_aggregate_encrypts_the_number_of_marks(small_round):
    cast = [[1, 0, 0, 0], [1, 1, 0, 0], [0, 1, 0, 1], [1, 0, 0, 1], [0, 0, 1, 1]]
    stored = [ballots.canonical(small_round.encrypt(c, seed=str(i))[0]) for i, c in enumerate(cast)]
    total = ballots.aggregate(small_round.manifest, stored)
    assert [small_round.decrypt(ct) for ct in total] == [sum(col) for col in zip(*cast, strict=True)]


def test_the_aggregate_of_no_ballot_is_the_identity(small_round):
    assert ballots.aggregate(small_round.manifest, []) == [{"alpha": "00" * 32, "beta": "00" * 32}] * 4


def test_the_base_hash_is_of_the_manifest_string_as_given():
    manifest = strike_manifest(3, 2)
    text = ballots.canonical_json(manifest)
    assert ballots.base_hash(ballots.manifest_bytes(manifest)) == ballots.base_hash(text.encode())
    assert ballots.manifest_bytes(text) == text.encode()
    assert ballots.base_hash(b" " + text.encode()) != ballots.base_hash(text.encode())


@pytest.mark.parametrize(("change", "reason"), [
    ({"selections": 0}, "selections"),
    ({"contests": []}, "contests"),
    ({"contests": [{"indexes": [0, 9], "min": 0, "max": 1}]}, "indexes"),
    ({"contests": [{"indexes": [0, 0], "min": 0, "max": 1}]}, "lặp"),
    ({"contests": [{"indexes": [0, 1], "min": 2, "max": 1}]}, "max"),
    ({"contests": [{"indexes": [0, 1], "min": 0, "max": 3}]}, "max"),
    ({"contests": [{"indexes": [0, 1], "min": 0}]}, "khóa"),
])
def test_a_malformed_manifest_is_refused(change, reason):
    with pytest.raises(CryptoError, match=reason):
        ballots.layout({**strike_manifest(3, 2), **change})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(0, 1), min_size=4, max_size=4))
def test_exactly_the_ballots_within_the_contest_can_be_proved(small_round, choices):
    # Seats 2 of 4 names, at least one kept: sums 1 and 2 are provable, 0, 3 and 4 are not,
    # neither by encrypt_ballot nor by running the prover on the true sum anyway.
    if 1 <= sum(choices) <= 2:
        small_round.verify(small_round.encrypt(choices, seed=str(choices))[0])
    else:
        with pytest.raises(CryptoError, match="không thể chứng minh"):
            small_round.encrypt(choices)
        with pytest.raises(CryptoError, match=r"contests\[0\]\.proof"):
            small_round.verify(forged(small_round, choices))


def test_the_aggregate_refuses_what_does_not_add(small_round, honest):
    broken = copy.deepcopy(honest)
    broken["selections"][2]["alpha"] = "ff" * 32
    with pytest.raises(CryptoError, match=r"ballots\[1\]: không cộng được"):
        ballots.aggregate(small_round.manifest, [honest, broken])
    with pytest.raises(CryptoError, match=r"ballots\[0\]: cần 4"):
        ballots.aggregate(small_round.manifest, [{"selections": []}])
