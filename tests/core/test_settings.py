"""The production settings refuse what an operator could get wrong: a short SECRET_KEY,
a deploy check that is not clean."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from daihoi.core.roles import Role

PYTHON = sys.executable


def run_settings(tmp_path: Path, code: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           # The browser tests' fixture sets DJANGO_ALLOW_ASYNC_UNSAFE in this process.
           if k not in {"SECRET_KEY", "DAIHOI_DEMO", "DAIHOI_DEBUG", "DAIHOI_HTTPS",
                        "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
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


DEPLOY = "from django.core.management import call_command; import django; django.setup(); " \
         "call_command('check', deploy=True, fail_level='WARNING')"


def test_the_deploy_check_is_clean_over_https(tmp_path):
    """Production: a key, DEBUG off, served over HTTPS behind the proxy."""
    result = run_settings(tmp_path, DEPLOY, SECRET_KEY="test-" + "k" * 50, DAIHOI_HTTPS="1")
    assert result.returncode == 0, result.stderr
    assert "security.W" not in result.stderr + result.stdout


def test_https_turns_on_hsts_and_secure_cookies(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_SSL_REDIRECT)")
    result = run_settings(tmp_path, code, SECRET_KEY="test-" + "k" * 50, DAIHOI_HTTPS="1")
    assert result.stdout.split() == ["31536000", "True", "True", "True"], result.stderr
    # Production (a key, no demo, no debug) requires HTTPS unless told DAIHOI_HTTPS=0.
    default = run_settings(tmp_path, code, SECRET_KEY="test-" + "k" * 50)
    assert default.stdout.split() == ["31536000", "True", "True", "True"], default.stderr
    plain = run_settings(tmp_path, code, SECRET_KEY="test-" + "k" * 50, DAIHOI_HTTPS="0")
    assert plain.stdout.split() == ["0", "False", "False", "False"], plain.stderr
    # The demo and the tests (no key) serve plain HTTP on localhost.
    for env in ({"DAIHOI_DEMO": "1", "SECRET_KEY": "test-" + "k" * 50}, {}):
        result = run_settings(tmp_path, code, **env)
        assert result.stdout.split() == ["0", "False", "False", "False"], result.stderr


def test_the_deploy_check_is_clean_with_the_production_defaults(tmp_path):
    """Production with DAIHOI_HTTPS unset: HTTPS is required, the check is clean; the
    operator who turns it off is told by the check (four security warnings)."""
    result = run_settings(tmp_path, DEPLOY, SECRET_KEY="test-" + "k" * 50)
    assert result.returncode == 0, result.stderr
    assert "security.W" not in result.stderr + result.stdout
    plain = run_settings(tmp_path, DEPLOY, SECRET_KEY="test-" + "k" * 50, DAIHOI_HTTPS="0")
    assert plain.returncode != 0
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= set(
        re.findall(r"security\.W\d+", plain.stderr + plain.stdout))


@pytest.mark.django_db
def test_every_answer_carries_a_policy_without_inline_script(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    for url in [reverse("login"), reverse("home"), "/no-such-page/"]:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_hsts_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    assert client.get(reverse("login"), secure=True)["Strict-Transport-Security"].startswith(
        "max-age=3600")


SRC = Path(__file__).resolve().parents[2] / "src" / "daihoi"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_inline_script_or_handler():
    """The policy would block them: every script is a static file (json_script data blocks,
    type application/json, are data and allowed)."""
    found = []
    for template in sorted(SRC.rglob("templates/**/*.html")):
        text = template.read_text()
        for match in INLINE_SCRIPT.finditer(text):
            if 'type="application/json"' not in match.group(0):
                found.append(f"{template.relative_to(SRC)}: {match.group(0)}")
        found += [f"{template.relative_to(SRC)}: {m.group(0)[:60]}"
                  for m in INLINE_HANDLER.finditer(text)]
        if re.search(r'hx-trigger="[^"]*\[', text):
            found.append(f"{template.relative_to(SRC)}: hx-trigger filter (htmx evaluates it)")
    assert found == []


@pytest.mark.django_db
def test_a_403_is_one_line_in_the_log(client, make_user, caplog):
    client.force_login(make_user(Role.DELEGATE))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("core:user_list")).status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    console = logging._handlers["console"]  # type: ignore[attr-defined]  # the settings' handler
    assert console.filter(record)
    line = console.format(record)
    assert "\n" not in line and "Traceback" not in line
    assert "Forbidden" in line
