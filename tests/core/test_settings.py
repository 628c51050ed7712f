"""The production settings refuse what an operator could get wrong: a short SECRET_KEY,
a deploy check that is not clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PYTHON = sys.executable


def run_settings(tmp_path: Path, code: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "DAIHOI_DEMO", "DAIHOI_DEBUG", "DAIHOI_HTTPS",
                        "DJANGO_SETTINGS_MODULE"}
           and not k.startswith("PYTEST")}
    env["DAIHOI_VAR"] = str(tmp_path / "var")
    env["DJANGO_SETTINGS_MODULE"] = "daihoi.settings"
    env.update(extra)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [PYTHON, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False,
    )


IMPORT = "import django; django.setup(); from django.conf import settings; print(len(settings.SECRET_KEY))"


@pytest.mark.parametrize("key", ["short", "x" * 49, "ab" * 40])
def test_a_weak_secret_key_is_refused(tmp_path, key):
    result = run_settings(tmp_path, IMPORT, SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_a_long_secret_key_is_accepted(tmp_path):
    key = "test-" + "k" * 50
    result = run_settings(tmp_path, IMPORT, SECRET_KEY=key)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(key))


def test_no_secret_key_and_the_demo_still_start(tmp_path):
    # The tests and `daihoi demo` set no key: one is made for them.
    assert run_settings(tmp_path, IMPORT).returncode == 0
    demo = run_settings(tmp_path, IMPORT, DAIHOI_DEMO="1", SECRET_KEY="short")
    assert demo.returncode == 0, demo.stderr
