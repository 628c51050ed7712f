"""The cryptography is pure (EVOTE brief, STYLE.md): its modules import only the standard
library (ctypes for libdecaf), pysodium, the rules and each other, so `daihoi verify` runs without Django."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import daihoi.elections.evoting.crypto as crypto
from tests.layers import imports_with_lines

CRYPTO = Path(crypto.__file__).parent
ALLOWED_TOP = {"__future__", "collections", "concurrent", "ctypes", "dataclasses", "functools", "hashlib",
               "itertools", "json", "os", "re", "typing", "pysodium"}


def _allowed(name: str) -> bool:
    return (name.split(".")[0] in ALLOWED_TOP or name.startswith("daihoi.elections.evoting.crypto")
            or name.startswith("daihoi.rules"))


def test_the_crypto_modules_import_nothing_else():
    modules = sorted(CRYPTO.glob("*.py"))
    assert {p.stem for p in modules} >= {"group", "ballots", "ceremony", "tally", "board", "simulate"}
    bad = {p.name: [n for _line, n in imports_with_lines(ast.parse(p.read_text(encoding="utf-8")))
                    if not _allowed(n)] for p in modules}
    assert {name: found for name, found in bad.items() if found} == {}
    assert not _allowed("django.db") and not _allowed("daihoi.elections.evoting.models")


def test_the_crypto_and_the_verifier_load_without_django():
    code = ("import sys\nimport daihoi.elections.evoting.crypto.board\n"
            "import daihoi.elections.evoting.crypto.simulate\nimport daihoi.elections.evoting.verify_cli\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                          check=True, timeout=60, env={**os.environ, "PYTHONPATH": str(CRYPTO.parents[3])})
    assert done.stdout.strip() == "[]"
