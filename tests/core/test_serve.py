"""`daihoi serve`: refuses to start without a SECRET_KEY; with one it serves the way
production does (gunicorn, DEBUG off, static files by whitenoise)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DAIHOI = Path(sys.executable).with_name("daihoi")


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "DAIHOI_DEMO", "DAIHOI_DEBUG", "DATABASE_URL",
                        "DJANGO_SETTINGS_MODULE", "DAIHOI_TASKS_BACKEND"}
           and not k.startswith("PYTEST")}
    env["DAIHOI_VAR"] = str(tmp_path / "var")
    env.update(extra)
    return env


def test_serve_refuses_without_secret_key_in_process(settings):
    settings.SECRET_KEY_CONFIGURED = False
    with pytest.raises(CommandError, match="SECRET_KEY"):
        call_command("serve", "--no-migrate")


def test_serve_refuses_without_secret_key(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(DAIHOI), "serve", "--no-migrate", "--bind", "127.0.0.1:1"],
        env=clean_env(tmp_path), capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "http://" not in result.stdout  # it never got as far as starting


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_serve_answers_with_debug_off_and_static_files(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [str(DAIHOI), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        env=clean_env(tmp_path, SECRET_KEY="test-" + "k" * 50), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _headers, body = _get(base + "/login/")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.stdout.read() if proc.stdout else "") from None
                time.sleep(0.2)
        assert status == 200
        assert 'id="login-form"' in body.decode()

        status, headers, body = _get(base + "/static/core/daihoi.css")
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert b":root" in body

        # DEBUG off: a missing page is a plain 404, not Django's debug page.
        status, _headers, body = _get(base + "/no-such-page-here/")
        assert status == 404
        assert b"URLconf" not in body and b"Traceback" not in body
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
