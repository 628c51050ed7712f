"""The layers of the code, read from its syntax tree (every import, also those inside a
function, which is where a circle hides): selectors never import services, and the modules
of the congress and its proceedings never import each other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import daihoi

SRC = Path(daihoi.__file__).parent
CONGRESS = SRC / "congress"

# Reads in other apps that still lean on their services; each leaves this list when its
# app's wave moves the shared function. The congress has none and may get none.
KNOWN_SELECTORS_ON_SERVICES = {
    ("daihoi.organizations.selectors", "daihoi.organizations.services"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> set[str]:
    """Every daihoi module the source imports, wherever the import statement sits; a name
    taken from a package counts as its submodule when one exists."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("daihoi.") and _exists(name)}


def _exists(name: str) -> bool:
    path = SRC.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph(root: Path) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in root.rglob("*.py") if "migrations" not in p.parts}
    return {name: imports_of(path) & modules.keys() - {name} for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One circle per strongly connected group of modules (Tarjan), as a readable path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_the_walker_sees_imports_inside_functions() -> None:
    """The circle of issue 13 was a selector importing a service inside a function."""
    source = ("from daihoi.congress.models import Congress\n\n"
              "def screen():\n    from daihoi.congress.proceedings.services import device_counts\n"
              "    from . import pdfs\n")
    found = imports_in(source, "daihoi.congress.proceedings")
    assert found == {"daihoi.congress.models", "daihoi.congress.proceedings.services",
                     "daihoi.congress.proceedings", "daihoi.congress.proceedings.pdfs"}


def test_the_circle_finder() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_selectors_module_imports_a_services_module() -> None:
    offenders = set()
    for path in SRC.rglob("selectors.py"):
        for name in imports_of(path):
            if name.rsplit(".", 1)[-1] == "services":
                offenders.add((module_name(path), name))
    congress = {pair for pair in offenders if pair[0].startswith("daihoi.congress")}
    assert congress == set()
    assert offenders - KNOWN_SELECTORS_ON_SERVICES == set()


def test_proceedings_modules_import_in_no_circle() -> None:
    assert cycles(graph(CONGRESS / "proceedings")) == []


def test_congress_modules_import_in_no_circle() -> None:
    """Also between the congress and its proceedings: the proceedings build on the
    congress's selectors, so the congress reads them only from `reports`, which nothing
    in the proceedings imports."""
    assert cycles(graph(CONGRESS)) == []


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


def test_the_book_is_built_from_reads_only() -> None:
    """The contributions book is a PDF of selectors (the service that publishes it and the
    view that sends it both use it); it changes nothing."""
    used = imports_of(CONGRESS / "proceedings" / "pdfs.py")
    assert "daihoi.congress.proceedings.selectors" in used
    assert not {name for name in used if name.endswith(".services")}
