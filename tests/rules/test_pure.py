"""The rules are pure: no module of daihoi.rules imports Django or another part of daihoi
(DESIGN.md, "Dependencies point one way"), and `daihoi tally`'s rules load without Django."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import daihoi.rules
from tests.layers import imports_with_lines

RULES_DIR = Path(daihoi.rules.__file__).parent
MODULES = sorted(m.name for m in pkgutil.iter_modules([str(RULES_DIR)]))


def _imports(path: Path) -> list[str]:
    """Absolute imports only: a relative one stays inside daihoi.rules by construction."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [name for _line, name in imports_with_lines(tree)]


def _forbidden(name: str) -> bool:
    top = name.split(".")[0]
    if top == "django":
        return True
    return top == "daihoi" and not (name == "daihoi.rules" or name.startswith("daihoi.rules."))


def test_the_package_has_its_modules() -> None:
    # A walk that finds nothing would pass for nothing.
    assert {"counting", "majority", "percent", "surplus", "nomination", "rulesets", "names", "quorum",
            "votes"} <= set(MODULES)


def test_no_rules_module_imports_django_or_an_app() -> None:
    bad = {path.name: [n for n in _imports(path) if _forbidden(n)]
           for path in sorted(RULES_DIR.rglob("*.py"))}
    assert {name: found for name, found in bad.items() if found} == {}


def test_forbidden_detects_what_it_should() -> None:
    assert _forbidden("django.db") and _forbidden("daihoi.core.audit") and _forbidden("daihoi")
    assert not _forbidden("daihoi.rules.counting") and not _forbidden("fractions")


def test_rules_import_without_django() -> None:
    modules = ", ".join(f"daihoi.rules.{m}" for m in MODULES) + ", daihoi.elections.tally_cli"
    code = (f"import sys, {modules}\n"
            "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
            "print(bad)\n"
            "raise SystemExit(1 if bad else 0)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                          timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "[]"
