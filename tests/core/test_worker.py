"""`daihoi worker` and the task framework for real: separate processes, a real database.

The last test is the scale-out path of docs/operations.md: two `daihoi serve` and one
`daihoi worker` against one PostgreSQL; a members import is uploaded through server A and
followed to its end through server B. Each process has its own DAIHOI_VAR, so nothing can
pass between them through the disk."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.core.test_serve import _free_port, clean_env

DAIHOI = Path(sys.executable).with_name("daihoi")
PASSWORD = "correct-horse-9"
HEADERS = ["Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ đảng viên", "Ngày vào Đảng",
           "Ngày chính thức", "Trạng thái", "Tổ chức"]
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

SETUP = f"""
from daihoi.core.roles import Role
from daihoi.core.services import user_create
from daihoi.organizations.models import Organization
user_create(acting_user=None, username="vanphong", password={PASSWORD!r}, full_name="Văn phòng",
            roles=[Role.OFFICE])
root = Organization.objects.create(name="Đảng bộ Khối", code="DBK", kind="committee")
org = Organization.objects.create(name="Đảng bộ Sở Y tế", code="DBYT", kind="grassroots_committee",
                                  parent=root)
Organization.objects.create(name="Chi bộ Bệnh viện", code="CBBV", kind="cell", parent=org)
"""

OUTCOME = """
import json
from django_tasks_db.models import DBTaskResult
from daihoi.core.models import Job, JobFile
from daihoi.organizations.models import Member
job = Job.objects.get()
task = DBTaskResult.objects.get(id=job.task_id)
print(json.dumps({"members": sorted(Member.objects.values_list("party_card_number", flat=True)),
                  "task_status": task.status, "workers": task.worker_ids,
                  "files": JobFile.objects.count()}))
"""


def members_xlsx(n: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for i in range(n):
        ws.append([f"Nguyễn Văn Thử {i:03d}", "Nam", dt.datetime(1980, 1, 1 + i % 28), f"77{i:04d}",
                   dt.datetime(2010, 5, 19), dt.datetime(2011, 5, 19), "Chính thức", "CBBV"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(DAIHOI), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def shell(env: dict[str, str], code: str) -> str:
    """Run Python in the application (`daihoi shell`); returns the last line it printed."""
    lines = run(env, "shell", "--no-imports", "-c", code).stdout.strip().splitlines()
    return lines[-1] if lines else ""


class Processes:
    """Processes started by a test, each in its own session, all stopped by `stop_all`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.procs: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, name: str, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
        log = self.folder / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
                [str(DAIHOI), *args], env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        self.procs.append((proc, log))
        return proc

    def logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
                         for _proc, log in self.procs)

    def stop_all(self) -> None:
        for proc, _log in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc, _log in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)


class Browser:
    """A logged-in user of one server, over plain HTTP (urllib, its own cookies)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect())

    def request(self, path: str, data: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(req, timeout=20) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def csrf(self, path: str) -> str:
        status, _headers, body = self.request(path)
        assert status == 200, (path, status)
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert found, path
        return found.group(1).decode()

    def login(self, username: str, password: str) -> None:
        token = self.csrf("/login/")
        form = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": token}).encode()
        status, _headers, _body = self.request(
            "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, "login refused"

    def upload(self, path: str, filename: str, content: bytes) -> str:
        """Post the file through the page's form; returns where the server sends the user."""
        token = self.csrf(path)
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
        status, headers, page = self.request(
            path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 302, page.decode(errors="replace")[-2000:]
        return headers["Location"]

    def json(self, path: str) -> dict[str, Any]:
        status, _headers, body = self.request(path)
        assert status == 200, (path, status)
        data: dict[str, Any] = json.loads(body)
        return data


def wait_until_up(base: str, procs: Processes, proc: subprocess.Popen[bytes],
                  timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/login/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{base} did not start\n{procs.logs()}")
        time.sleep(0.3)


def follow(browser: Browser, job_path: str, *, timeout: float = 120) -> list[dict[str, Any]]:
    """Poll the job's JSON until it has finished; every answer, in order."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen.append(browser.json(job_path + "progress.json"))
        if seen[-1]["finished"]:
            return seen
        time.sleep(0.2)
    raise AssertionError(f"the job did not finish in {timeout} s: last seen {seen[-1:]}")


# --- the command itself -------------------------------------------------------------------

def test_settings_default_to_the_database_backend(tmp_path: Path) -> None:
    code = "import daihoi.settings as s; print(s.TASKS['default']['BACKEND'])"
    env = clean_env(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,  # noqa: S603
                         text=True, timeout=60, check=True).stdout.strip()
    assert out == "django_tasks_db.DatabaseBackend"
    env["DAIHOI_TASKS_BACKEND"] = "immediate"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,  # noqa: S603
                         text=True, timeout=60, check=True).stdout.strip()
    assert out == "django_tasks.backends.immediate.ImmediateBackend"


def test_worker_refuses_when_tasks_do_not_go_through_the_database(tmp_path: Path) -> None:
    from daihoi.core.management.commands.worker import NOT_DATABASE_BACKEND

    result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(DAIHOI), "worker"], env=clean_env(tmp_path, DAIHOI_TASKS_BACKEND="immediate"),
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert NOT_DATABASE_BACKEND.split("{")[0] in result.stderr


def test_worker_runs_what_was_enqueued_then_exits_in_batch_mode(tmp_path: Path) -> None:
    """On SQLite: a job enqueued by one process waits, PENDING, until `daihoi worker`
    (another process) takes it."""
    env = clean_env(tmp_path, SECRET_KEY="test-" + "k" * 50)
    (tmp_path / "var").mkdir()  # where the SQLite file goes
    run(env, "migrate", "--verbosity", "0")
    shell(env, SETUP)
    upload = tmp_path / "dang-vien.xlsx"
    upload.write_bytes(members_xlsx(5))
    enqueue = f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from daihoi.core.jobs import job_start
from daihoi.core.models import User
from daihoi.organizations import tasks
content = open({str(upload)!r}, "rb").read()
job = job_start(acting_user=User.objects.get(username="vanphong"), kind="members_import", title="t",
                task=tasks.import_file, upload=SimpleUploadedFile("dang-vien.xlsx", content),
                params={{"target": "members", "filename": "dang-vien.xlsx", "today": "2025-10-01"}})
print(job.status)
"""
    assert shell(env, enqueue) == "pending"
    run(env, "worker", "--batch", "--no-startup-delay", "--interval", "0")
    outcome = json.loads(shell(env, OUTCOME))
    assert outcome["members"] == [f"77{i:04d}" for i in range(5)]
    assert outcome["task_status"] == "SUCCESSFUL" and len(outcome["workers"]) == 1
    assert outcome["files"] == 0  # the upload went with the job's success


def test_serve_with_worker_runs_an_import_on_one_machine(tmp_path: Path) -> None:
    """`daihoi serve --with-worker` (SQLite): the upload's job is done by the worker the
    server started."""
    env = clean_env(tmp_path, SECRET_KEY="test-" + "k" * 50)
    (tmp_path / "var").mkdir()  # where the SQLite file goes
    run(env, "migrate", "--verbosity", "0")
    shell(env, SETUP)
    procs = Processes(tmp_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    try:
        server = procs.start("serve", env, "serve", "--no-migrate", "--with-worker", "--bind",
                             f"127.0.0.1:{port}", "--workers", "1", "--threads", "2")
        wait_until_up(base, procs, server)
        browser = Browser(base)
        browser.login("vanphong", PASSWORD)
        job_path = browser.upload("/members/import/", "dang-vien.xlsx", members_xlsx(8))
        seen = follow(browser, job_path)
        assert seen[-1]["status"] == "done", procs.logs()
        assert seen[-1]["result"]["created"] == 8
    finally:
        procs.stop_all()
    outcome = json.loads(shell(env, OUTCOME))
    assert len(outcome["members"]) == 8 and outcome["task_status"] == "SUCCESSFUL"


# --- two servers, one worker, one PostgreSQL -----------------------------------------------

@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    """A database of its own on the server of DATABASE_URL, dropped afterwards."""
    import psycopg

    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"daihoi_worker_scratch_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES, reason="needs DATABASE_URL=postgres://...")
def test_an_import_started_on_one_server_is_followed_to_its_end_on_another(
        tmp_path: Path, scratch_postgres: str) -> None:
    def env_for(name: str) -> dict[str, str]:
        folder = tmp_path / name
        folder.mkdir()
        return clean_env(folder, SECRET_KEY="test-" + "k" * 50, DATABASE_URL=scratch_postgres)

    setup_env = env_for("setup")
    run(setup_env, "migrate", "--verbosity", "0")
    shell(setup_env, SETUP)
    procs = Processes(tmp_path)
    port_a, port_b = _free_port(), _free_port()
    while port_b == port_a:
        port_b = _free_port()
    a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    try:
        server_a = procs.start("server-a", env_for("a"), "serve", "--no-migrate", "--bind",
                               f"127.0.0.1:{port_a}", "--workers", "1", "--threads", "2")
        server_b = procs.start("server-b", env_for("b"), "serve", "--no-migrate", "--bind",
                               f"127.0.0.1:{port_b}", "--workers", "1", "--threads", "2")
        wait_until_up(a, procs, server_a)
        wait_until_up(b, procs, server_b)
        on_a, on_b = Browser(a), Browser(b)
        on_a.login("vanphong", PASSWORD)
        on_b.login("vanphong", PASSWORD)

        job_path = on_a.upload("/members/import/", "dang-vien.xlsx", members_xlsx(40))
        assert re.fullmatch(r"/jobs/\d+/", job_path), job_path
        # No worker yet: the servers only enqueued it, and B sees it waiting.
        assert on_b.json(job_path + "progress.json")["status"] == "pending"

        worker = procs.start("worker", env_for("w"), "worker", "--no-startup-delay",
                             "--interval", "0.2")
        seen = follow(on_b, job_path)
        assert worker.poll() is None, procs.logs()
        last = seen[-1]
        assert last["status"] == "done", (last, procs.logs())
        order = ["pending", "running", "done"]
        statuses = [order.index(answer["status"]) for answer in seen]
        assert statuses == sorted(statuses)  # pending, then running (if caught), then done
        assert last["result"]["created"] == 40 and (last["done"], last["total"]) == (40, 40)
        status, _headers, page = on_b.request(job_path)
        assert status == 200 and "Đã nhập 40 đảng viên." in page.decode()
    finally:
        procs.stop_all()
    outcome = json.loads(shell(setup_env, OUTCOME))
    assert outcome["members"] == [f"77{i:04d}" for i in range(40)]
    assert outcome["task_status"] == "SUCCESSFUL" and len(outcome["workers"]) == 1
    # Nothing went through the disk: each process had its own DAIHOI_VAR.
    assert [p for name in ("a", "b", "w") for p in (tmp_path / name).glob("**/*.xlsx")] == []
