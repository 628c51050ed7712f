"""Dependencies point one way (DESIGN.md): the congress and the meetings use elections, never
the other way round. Elections ask an Electorate (elections/electorate.py); no module under
elections/ imports daihoi.congress or daihoi.meetings, and no app hides an import of another
behind importlib or `except ImportError`. The elections' own modules import each other in
no circle, and its reads import no service."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.layers import SRC, cycles, graph, imports_of, imports_with_lines

FORBIDDEN = ("daihoi.congress", "daihoi.meetings")


def _modules(app: str) -> list[Path]:
    return sorted(p for p in (SRC / app).rglob("*.py") if "migrations" not in p.parts)


def _hidden_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """importlib (import_module, or the module itself) and handlers of ImportError."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            names = [n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)]
            if {"ImportError", "ModuleNotFoundError"} & set(names):
                found.append((node.lineno, "except ImportError"))
        if isinstance(node, ast.Attribute) and node.attr == "import_module":
            found.append((node.lineno, "import_module"))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            found.append((node.lineno, "__import__"))
    found += [(line, name) for line, name in imports_with_lines(tree) if name.split(".")[0] == "importlib"]
    return found


def test_there_are_modules_to_check() -> None:
    names = {p.name for p in _modules("elections")}
    assert {"services.py", "electorate.py", "views.py", "pdf.py", "demo.py"} <= names
    assert any("evoting" in p.parts for p in _modules("elections"))


@pytest.mark.parametrize("path", _modules("elections"), ids=lambda p: str(p.relative_to(SRC)))
def test_elections_import_neither_congress_nor_meetings(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [(line, name) for line, name in imports_with_lines(tree)
           if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)]
    assert not bad, f"{path.relative_to(SRC)} imports {bad}"


@pytest.mark.parametrize("path", _modules("elections") + _modules("congress"),
                         ids=lambda p: str(p.relative_to(SRC)))
def test_no_hidden_imports_between_apps(path: Path) -> None:
    bad = _hidden_imports(ast.parse(path.read_text(encoding="utf-8")))
    assert not bad, f"{path.relative_to(SRC)}: {bad}"


def test_the_walker_sees_what_it_forbids() -> None:
    """The checks above would catch each form (the test tests itself on a sample)."""
    sample = ast.parse(
        "import daihoi.congress.models\n"
        "from daihoi.congress import selectors\n"
        "from daihoi import meetings\n"
        "def f():\n"
        "    from daihoi.congress.models import Delegate\n"
        "    try:\n        import importlib; importlib.import_module('daihoi.congress')\n"
        "    except ImportError:\n        pass\n")
    names = [n for _, n in imports_with_lines(sample)]
    assert "daihoi.congress.models" in names and "daihoi.congress" in names
    assert "daihoi.meetings" in names  # `from daihoi import meetings`
    hidden = [n for _, n in _hidden_imports(sample)]
    assert {"except ImportError", "import_module", "importlib"} <= set(hidden)


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
