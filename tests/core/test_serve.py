"""`daihoi serve`: refuses to start without a SECRET_KEY; with one it serves the way
production does (gunicorn, DEBUG off, static files by whitenoise)."""

from __future__ import annotations

import contextlib
import os
import re
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
    env["DAIHOI_HTTPS"] = "0"  # these tests talk plain HTTP to gunicorn, no TLS proxy in front
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is not running either.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    return True


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serve_with_worker_starts_a_worker_that_stops_with_it(tmp_path, stop):
    """Ctrl+C in the terminal (SIGINT to the server's process group) or a plain SIGTERM to
    the server: the worker it started goes too."""
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
            [str(DAIHOI), "serve", "--with-worker", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--threads", "2"],
            env=clean_env(tmp_path, SECRET_KEY="test-" + "k" * 50), stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    worker_pid = None
    try:
        deadline = time.monotonic() + 60
        while worker_pid is None or not log.read_text().count("http://"):
            found = re.search(r"background worker started \(pid (\d+)\)", log.read_text())
            worker_pid = int(found.group(1)) if found else None
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(log.read_text())
            time.sleep(0.2)
        assert _alive(worker_pid)
        time.sleep(1)  # the worker is up and polling, not merely forked
        assert _alive(worker_pid), log.read_text()
        if stop == signal.SIGINT:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=40)
        deadline = time.monotonic() + 40
        while _alive(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(worker_pid), log.read_text()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if worker_pid is not None and _alive(worker_pid):
            os.killpg(worker_pid, signal.SIGKILL)


def test_serve_with_worker_refuses_without_the_database_backend(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(DAIHOI), "serve", "--no-migrate", "--with-worker", "--bind", "127.0.0.1:1"],
        env=clean_env(tmp_path, SECRET_KEY="test-" + "k" * 50, DAIHOI_TASKS_BACKEND="immediate"),
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode != 0 and "--with-worker" in result.stderr
    assert "http://" not in result.stdout


def test_serve_refuses_debug_in_process(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DAIHOI_DEBUG"):
        call_command("serve", "--no-migrate")


def test_serve_refuses_debug(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(DAIHOI), "serve", "--no-migrate", "--bind", "127.0.0.1:1"],
        env=clean_env(tmp_path, SECRET_KEY="test-" + "k" * 50, DAIHOI_DEBUG="1"),
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode != 0
    assert "DAIHOI_DEBUG" in result.stderr
    assert "http://" not in result.stdout  # it never got as far as starting
