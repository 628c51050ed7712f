"""Walkers of the code's syntax tree, shared by the layer tests (tests/test_layers.py and
the congress's own): every import a module makes (also those inside a function, which is
where a circle hides), circles between modules, what a view reads from the request by
hand, and the shape of a services module (durable transaction, permission check, no
public service calling another)."""

from __future__ import annotations

import ast
from pathlib import Path

import daihoi

SRC = Path(daihoi.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(root: Path = SRC) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "migrations" not in p.parts)


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


def imports_with_lines(tree: ast.AST) -> list[tuple[int, str]]:
    """Every absolute import of a syntax tree (of any package, also inside a function) with
    its line: the module, and for `from m import n` also "m.n" (`from daihoi import congress`
    imports an app all the same)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _exists(name: str) -> bool:
    path = SRC.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph(root: Path) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in source_files(root)}
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


def selectors_on_services(root: Path = SRC) -> set[tuple[str, str]]:
    """(selectors module, services module) for every selectors module that imports one."""
    offenders = set()
    for path in root.rglob("selectors.py"):
        for name in imports_of(path):
            if name.rsplit(".", 1)[-1] == "services":
                offenders.add((module_name(path), name))
    return offenders


# --- what a view reads from the request by hand ---------------------------------------------

_PARAMS = {"GET", "POST"}


def _is_request_params(node: ast.expr) -> bool:
    """`request.GET` / `request.POST` (or `self.request.GET`)."""
    if not (isinstance(node, ast.Attribute) and node.attr in _PARAMS):
        return False
    owner = node.value
    return (isinstance(owner, ast.Name) and owner.id == "request") or (
        isinstance(owner, ast.Attribute) and owner.attr == "request")


def hand_parsed_params(source: str) -> list[int]:
    """Lines that read one parameter from `request.GET`/`request.POST` themselves (`.get`,
    `.getlist`, `[...]`) instead of giving the whole of it to a form."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Attribute) and node.attr in {"get", "getlist"}
                and _is_request_params(node.value)) or (
                isinstance(node, ast.Subscript) and _is_request_params(node.value)):
            lines.append(node.lineno)
    return sorted(lines)


def view_modules(root: Path = SRC) -> list[Path]:
    return sorted(p for p in source_files(root) if p.name.startswith("views"))


# --- the shape of a services module ------------------------------------------------------------


def is_durable_atomic(node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "atomic"
            and any(k.arg == "durable" and isinstance(k.value, ast.Constant) and k.value.value is True
                    for k in node.keywords))


def public_functions(path: Path, *, not_services: frozenset[str] = frozenset()) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)
            and not node.name.startswith("_") and node.name not in not_services]


def called_names(fn: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                names.add(node.func.id)
            elif isinstance(node.func, ast.Attribute):
                names.add(node.func.attr)
    return names


def durable_blocks(fn: ast.FunctionDef) -> tuple[int, list[ast.expr]]:
    """How many durable transactions the function opens (as decorator or `with`), and its
    other decorators."""
    decorated = [d for d in fn.decorator_list if is_durable_atomic(d)]
    in_body = [n for n in ast.walk(fn) if isinstance(n, ast.With)
               and any(is_durable_atomic(item.context_expr) for item in n.items)]
    return len(decorated) + len(in_body), [d for d in fn.decorator_list if not is_durable_atomic(d)]
