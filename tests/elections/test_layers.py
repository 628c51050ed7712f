"""The layers of the elections, read from the syntax tree (tests/layers.py): no circle
between its modules, and its reads import no service."""

from __future__ import annotations

from tests.layers import SRC, cycles, graph, imports_of


def test_elections_modules_import_in_no_circle() -> None:
    """The elections and e-voting: services build on rounds, rounds on selectors, selectors
    on the models and the rules; the pages and the PDFs on all of them; nothing back."""
    assert cycles(graph(SRC / "elections")) == []


def test_election_reads_import_no_service() -> None:
    """The reads of the elections (selectors, who may act, the steps' converters) change
    nothing, so they import no services module, directly or through the round steps."""
    for name in ("selectors.py", "access.py", "evoting/selectors.py"):
        used = imports_of(SRC / "elections" / name)
        assert not {m for m in used if m.endswith((".services", ".rounds"))}, name
