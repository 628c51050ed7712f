"""core knows no domain app (DESIGN.md: "Never ... core → a domain app").

Every module under src/daihoi/core, its migrations included, is read as a syntax tree:
no import of a domain app (at the top or inside a function), no `apps.get_model` of one,
no `importlib` to reach one by name; and a migration imports nothing of the application
at all (it runs against the models as they were, so what it needs is written in it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import daihoi.core
from tests.layers import imports_with_lines

CORE = Path(daihoi.core.__file__).parent
DOMAIN_APPS = ("organizations", "congress", "elections", "meetings", "targets", "appraisal",
               "portal", "extraction")
MODULES = sorted(CORE.rglob("*.py"))


def _is_domain(module: str) -> bool:
    parts = module.split(".")
    return len(parts) >= 2 and parts[0] == "daihoi" and parts[1] in DOMAIN_APPS


def _string_calls(tree: ast.AST, names: set[str]) -> list[tuple[int, str, list[str]]]:
    """Calls of `get_model`, `import_module`, `__import__`... with their string arguments."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in names:
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            out.append((node.lineno, name, args))
    return out


def _dotted_paths(tree: ast.AST) -> list[tuple[int, str]]:
    """String constants that name a module ("daihoi.congress.demo"), docstrings aside: a
    list of such names handed to importlib is an import all the same."""
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and " " not in node.value.strip()
            and _is_domain(node.value.strip())]


def violations(path: Path, root: Path = CORE) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(root)
    bad = [f"{where}:{line} imports {name}" for line, name in imports_with_lines(tree) if _is_domain(name)]
    for line, name, args in _string_calls(tree, {"get_model", "import_module", "__import__",
                                                 "import_string", "get_app_config"}):
        if not args:
            continue
        first = args[0]
        if name in ("get_model", "get_app_config"):
            label = first.split(".")[0]
            if label in DOMAIN_APPS:
                bad.append(f"{where}:{line} {name}({first!r})")
        elif _is_domain(first):
            bad.append(f"{where}:{line} {name}({first!r})")
    bad += [f"{where}:{line} names the module {name!r}" for line, name in _dotted_paths(tree)]
    if "migrations" in where.parts:
        bad += [f"{where}:{line} a migration imports application code ({name})"
                for line, name in imports_with_lines(tree) if name.split(".")[0] == "daihoi"]
    return sorted(bad, key=lambda text: int(text.split(":")[1].split(" ")[0]))


def test_core_has_modules_and_migrations_to_check() -> None:
    names = {p.name for p in MODULES}
    assert {"services.py", "selectors.py", "forms.py", "views.py", "tabular.py"} <= names
    assert any("migrations" in p.parts and p.name.startswith("0006") for p in MODULES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CORE)))
def test_core_imports_no_domain_app(path: Path) -> None:
    assert violations(path) == []


def test_the_check_finds_each_kind_of_violation(tmp_path: Path) -> None:
    # The walker itself, on a module that does each forbidden thing once.
    module = tmp_path / "views.py"
    module.write_text(
        "import daihoi.elections.models\n"
        "from daihoi import congress\n"
        "from django.apps import apps\n"
        "def f():\n"
        "    from daihoi.organizations.views import dashboard\n"
        "    apps.get_model('organizations', 'Member')\n"
        "    apps.get_model('core', 'AuditLog')\n"
        "    importlib.import_module('daihoi.portal.demo')\n"
        "BUILDERS = ['daihoi.core.demo', 'daihoi.meetings.demo']\n", encoding="utf-8")
    assert violations(module, root=tmp_path) == [
        "views.py:1 imports daihoi.elections.models",
        "views.py:2 imports daihoi.congress",
        "views.py:5 imports daihoi.organizations.views",
        "views.py:5 imports daihoi.organizations.views.dashboard",
        "views.py:6 get_model('organizations')",
        "views.py:8 import_module('daihoi.portal.demo')",
        "views.py:8 names the module 'daihoi.portal.demo'",
        "views.py:9 names the module 'daihoi.meetings.demo'",
    ]
    migration = tmp_path / "migrations" / "0001_x.py"
    migration.parent.mkdir()
    migration.write_text("from daihoi.rules.names import fold\n", encoding="utf-8")
    assert violations(migration, root=tmp_path) == [
        "migrations/0001_x.py:1 a migration imports application code (daihoi.rules.names)",
        "migrations/0001_x.py:1 a migration imports application code (daihoi.rules.names.fold)",
    ]
