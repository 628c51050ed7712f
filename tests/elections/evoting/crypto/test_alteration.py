"""Any single value of a counted bulletin board changed, whatever it is (a trustee's
commitment or proof, a ballot's ciphertext, proof or tracker, a spoiled ballot's nonce or
choice, the aggregate, a decryption share or its proof, a total, a line of the result, the
manifest), and `verify_board` fails (hypothesis draws which)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.elections.evoting.crypto import group, simulate
from daihoi.elections.evoting.crypto.board import verify_board

_HEX64 = re.compile(r"[0-9a-f]{64}")


@pytest.fixture(scope="module")
def board() -> dict[str, Any]:
    manifest = simulate.strike_manifest(["An", "Bình", "Cường"], 2, trustees=3, threshold=2, electorate=6)
    committee = simulate.Committee(manifest, rng=group.seeded_rng("alteration"))
    return committee.board([[1, 1, 0], [0, 1, 1], [1, 0, 0], [0, 0, 1]], spoiled=[[1, 0, 1]],
                           trustees=[2, 3], rng=group.seeded_rng("alteration board"))


def leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for key in sorted(node) for p in leaves(node[key], (*path, key))]
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in leaves(item, (*path, i))]
    return [path] if node is not None else []


def changed(value: Any, step: int) -> Any:
    """Another value of the same kind: a point moved by step·G, a scalar by step, a count by
    step, a flag flipped, any other text lengthened."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + step
    if _HEX64.fullmatch(value):
        raw = bytes.fromhex(value)
        if group.is_point(raw):
            return group.add(raw, group.base(step)).hex()
        return group.scalar_hex(int.from_bytes(raw, "little") + step)
    return value + "x"


def test_the_walk_finds_every_kind_of_value(board):
    heads = {p[0] for p in leaves(board)}
    assert heads == {"manifest", "public_key", "extended_hash", "trustees", "ballots", "spoiled",
                     "aggregate", "decryption", "totals", "result"}
    assert verify_board(board) == []


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), step=st.integers(1, 2**64))
def test_any_value_changed_fails_the_board(board, data, step):
    path = data.draw(st.sampled_from(leaves(board)))
    altered = copy.deepcopy(board)
    node = altered
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = changed(node[path[-1]], step)
    assert verify_board(altered), f"{path} changed and the board still verifies"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_character_of_the_manifest_changed_fails_the_board(board, data):
    text = board["manifest"]
    i = data.draw(st.integers(0, len(text) - 1))
    replacement = data.draw(st.characters(codec="utf-8").filter(lambda c: c != text[i]))
    altered = {**board, "manifest": text[:i] + replacement + text[i + 1:]}
    assert verify_board(altered)


def test_the_board_survives_a_json_round_trip(board):
    assert verify_board(json.loads(json.dumps(board, ensure_ascii=False))) == []
