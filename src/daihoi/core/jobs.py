"""Long tasks with visible progress (an import, a report build), run by `daihoi worker`.

A job is a `Job` row (kind, title, who started it, status, progress, result, errors) and a
task of Django's task framework (the django-tasks backport) that does the work. The task is
a module-level function taking the job's id and JSON-ready arguments:

    @task()
    def members_import(job_id: int, filename: str) -> dict[str, Any]:
        def run(progress: Progress) -> dict[str, Any]:
            with job_file_copy(progress.job, JobFile.Purpose.UPLOAD) as path:
                for i, row in enumerate(rows, 1):
                    ...
                    progress(i, total=len(rows), message=_("Đang kiểm tra"))
            return {"message": "Đã nhập 120 đảng viên", "links": [["Danh sách", "/members/"]]}

        return job_run(job_id, run)

    job = job_start(acting_user=request.user, kind="members_import", title="Nhập đảng viên",
                    task=members_import, params={"filename": name}, upload=request.FILES["file"])
    return redirect(job_url(job))   # the job page polls and shows a progress bar

`run` gets a `Progress` callable and returns the job's result (a JSON-ready dict). It may
raise `JobFailed(message, errors=[...], result={...})` to end the job as failed with a
list of errors; any other exception fails the job with its text. Conventions the job page
understands in `result`: "message" (a sentence), "links" (a list of [label, url]), and in
`errors`: dicts with "row", "column", "value", "reason" (shown as a table) or plain strings.

Where it runs is the setting TASKS (`DAIHOI_TASKS_BACKEND`): with the database backend
(production, the demo) `job_start` returns at once with the job PENDING and a worker runs
it, on this machine or another sharing the database; with the immediate backend (the
tests) it has already run when `job_start` returns. Files go through the database
(`JobFile`), never the local disk, since the worker may be on another machine.

Progress is in the database, so any server can show it. One case needs care: an
all-or-nothing import writes inside one transaction, and progress written on the same
connection would stay invisible until the commit. Inside the job's own transaction,
progress therefore goes through a second connection on PostgreSQL (committed at once); on
SQLite, where the transaction holds the only write lock, it is not written at all, and the
page shows the phase set just before the transaction ("Đang ghi vào cơ sở dữ liệu") until
the job ends. Reading and validating, the long part of an import, hold no transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task

from daihoi.core.models import Job, JobFile, User
from daihoi.core.permissions import has_role
from daihoi.core.roles import Role

log = logging.getLogger(__name__)

JOB_CRASHED = _("Lỗi không mong đợi: {error}")
JOB_NOT_QUEUED = _("Không đưa được tác vụ vào hàng đợi: {error}")

# Write progress at most this often (seconds): a 100,000-row import calls progress per row.
_THROTTLE = 0.4

# A running job whose progress has not moved for this long has most likely died with its
# worker (a restart): its page says so instead of polling in silence.
STALE_AFTER = dt.timedelta(minutes=10)
# A job nobody has picked up for this long: most likely no `daihoi worker` is running.
UNCLAIMED_AFTER = dt.timedelta(seconds=30)
# Files of a job (an upload kept for its error report, an export) are kept this long.
FILES_KEEP = dt.timedelta(days=7)
# The second connection waits at most this long for a row lock rather than hang the job.
_ASIDE_LOCK_TIMEOUT = "2s"


class JobFailed(Exception):
    """Raise from a job's `run` to end it as failed with its list of errors."""

    def __init__(self, message: str, *, errors: list[Any] | None = None,
                 result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.errors = errors or []
        self.result = result or {}


class Progress:
    """What `run` calls to report progress: `progress(done, total=None, message=None)`.

    Cheap to call for every row: writes are throttled, and a change of message (a new
    phase) is always written."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last = 0.0
        # Transactions open when the job began are the caller's (a test's); one opened
        # after is the job's own, whose writes no one else sees before it commits.
        self._depth = len(connection.atomic_blocks)
        self._aside: BaseDatabaseWrapper | None = None

    def __call__(self, done: int, total: int | None = None, message: str | None = None) -> None:
        job = self.job
        phase_changed = message is not None and str(message)[:255] != job.message
        job.done = done
        if total is not None:
            job.total = total
        if message is not None:
            job.message = str(message)[:255]
        now = time.monotonic()
        finished_phase = job.total and done >= job.total
        if not (phase_changed or finished_phase or now - self._last >= _THROTTLE):
            return
        self._last = now
        self._write()

    def _write(self) -> None:
        job = self.job
        job.updated_at = timezone.now()
        if len(connection.atomic_blocks) <= self._depth:
            Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, message=job.message,
                                                 updated_at=job.updated_at)
        elif connection.vendor == "postgresql":
            self._write_aside()
        # else SQLite inside the job's transaction: no other connection may write now.

    def _write_aside(self) -> None:
        """The progress through a connection of its own, committed at once."""
        job = self.job
        try:
            if self._aside is None:
                own = connections[DEFAULT_DB_ALIAS]
                self._aside = type(own)(dict(own.settings_dict), own.alias)
                with self._aside.cursor() as cursor:
                    cursor.execute(f"SET lock_timeout = '{_ASIDE_LOCK_TIMEOUT}'")
            aside = self._aside
            q = aside.ops.quote_name
            with aside.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {q(Job._meta.db_table)} SET {q('done')} = %s, {q('total')} = %s, "  # noqa: S608 (names are ours, quoted)
                    f"{q('message')} = %s, {q('updated_at')} = %s WHERE {q('id')} = %s",
                    [job.done, job.total, job.message, job.updated_at, job.pk],
                )
        except Exception:  # progress is a courtesy; the job must go on without it
            log.warning("job %s: cannot write progress aside", job.pk, exc_info=True)
            self.close()

    def close(self) -> None:
        if self._aside is not None:
            with contextlib.suppress(Exception):
                self._aside.close()
            self._aside = None


def _json_ready(value: Any) -> Any:
    """Lazy translations, dates, decimals in a result become plain JSON (as text)."""
    return json.loads(json.dumps(value, default=str))


def job_is_stale(job: Job) -> bool:
    """A running job whose progress has not moved for STALE_AFTER."""
    if job.status != Job.Status.RUNNING:
        return False
    return timezone.now() - max(job.updated_at, job.created_at) > STALE_AFTER


def job_is_unclaimed(job: Job) -> bool:
    """A job still waiting for a worker after UNCLAIMED_AFTER."""
    return job.status == Job.Status.PENDING and timezone.now() - job.created_at > UNCLAIMED_AFTER


def _finish(job: Job, *, status: str, result: dict[str, Any], errors: list[Any],
            message: str) -> None:
    job.status = status
    job.result = _json_ready(result)
    job.errors = _json_ready(errors)
    job.message = str(message)[:255]
    if status == Job.Status.DONE and job.total:
        job.done = job.total
    job.finished_at = job.updated_at = timezone.now()
    job.save(update_fields=["status", "result", "errors", "message", "done", "total", "finished_at",
                            "updated_at"])


def _execute(job: Job, run: Callable[[Progress], dict[str, Any]]) -> None:
    progress = Progress(job)
    try:
        result = run(progress)
    except JobFailed as failed:
        _finish(job, status=Job.Status.FAILED, result=failed.result, errors=failed.errors,
                message=failed.message)
    except Exception as exc:
        log.exception("job %s (%s) crashed", job.pk, job.kind)
        _finish(job, status=Job.Status.FAILED, result={}, errors=[],
                message=str(JOB_CRASHED).format(error=exc))
        raise  # the task fails too: its traceback is kept by the task framework
    else:
        result = result or {}
        try:
            _finish(job, status=Job.Status.DONE, result=result, errors=[],
                    message=str(result.get("message", job.message)))
        except Exception as exc:  # a job left "running" would be polled for ever
            log.exception("job %s (%s): cannot record its result", job.pk, job.kind)
            _finish(job, status=Job.Status.FAILED, result={}, errors=[],
                    message=str(JOB_CRASHED).format(error=exc))
            raise
    finally:
        progress.close()


def job_run(job_id: int, run: Callable[[Progress], dict[str, Any]]) -> dict[str, Any]:
    """The body of a job's task: mark the job running, `run(progress)`, record how it
    ended. Returns what the task framework keeps as the task's return value."""
    job = Job.objects.get(pk=job_id)
    if job.status != Job.Status.PENDING:
        # Run twice (a task enqueued again by hand): the first outcome stands.
        log.warning("job %s is %s already: not run again", job.pk, job.status)
        return {"job": job.pk, "status": job.status}
    job.status, job.updated_at = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "updated_at"])
    with translation.override(job.language or settings.LANGUAGE_CODE):
        _execute(job, run)
    return {"job": job.pk, "status": job.status}


def _prune_files() -> None:
    JobFile.objects.filter(created_at__lt=timezone.now() - FILES_KEEP).delete()


def job_attach(job: Job, *, purpose: str, name: str, content: bytes) -> JobFile:
    """Keep a file of the job in the database (one per purpose: a second replaces it)."""
    JobFile.objects.filter(job=job, purpose=purpose).delete()
    return JobFile.objects.create(job=job, purpose=purpose, name=Path(name).name[:255],
                                  content=content, size=len(content))


def job_file(job: Job, purpose: str) -> JobFile | None:
    return JobFile.objects.filter(job=job, purpose=purpose).first()


def job_drop_file(job: Job, purpose: str) -> None:
    JobFile.objects.filter(job=job, purpose=purpose).delete()


@contextlib.contextmanager
def job_file_copy(job: Job, purpose: str) -> Iterator[Path | None]:
    """The job's file as a temporary file on this machine (None if there is none), for
    code that reads a path; removed afterwards. It keeps the original's suffix."""
    stored = job_file(job, purpose)
    if stored is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="daihoi-job-") as folder:
        path = Path(folder) / (Path(stored.name).name or "file")
        path.write_bytes(bytes(stored.content))
        yield path


def job_start(
    *,
    acting_user: User | None,
    kind: str,
    title: str,
    task: Task[..., Any],
    params: dict[str, Any] | None = None,
    upload: UploadedFile | None = None,
    total: int = 0,
) -> Job:
    """Record a job (with its uploaded file, if any) and enqueue `task(job.pk, **params)`.

    Returns the job as it stands after enqueueing: PENDING with the database backend (the
    caller sends the user to `job_url(job)`), finished with the immediate backend.
    Start jobs from a view, not from inside a transaction: a worker cannot see the job
    before it is committed."""
    _prune_files()
    job = Job.objects.create(
        kind=kind, title=str(title)[:255], total=total, status=Job.Status.PENDING,
        created_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if upload is not None:
        content = b"".join(upload.chunks())
        job_attach(job, purpose=JobFile.Purpose.UPLOAD, name=upload.name or "upload", content=content)
    try:
        result = task.enqueue(job.pk, **(params or {}))
    except Exception as exc:
        log.exception("job %s (%s): cannot be enqueued", job.pk, kind)
        _finish(job, status=Job.Status.FAILED, result={}, errors=[],
                message=str(JOB_NOT_QUEUED).format(error=exc))
        raise
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def tasks_in_database() -> bool:
    """Whether tasks wait in the database for `daihoi worker` (TASKS, DAIHOI_TASKS_BACKEND)."""
    return bool(settings.TASKS["default"]["BACKEND"] == settings.TASK_BACKENDS["database"])


def job_url(job: Job) -> str:
    return reverse("jobs:detail", args=[job.pk])


def job_file_url(job: Job) -> str:
    return reverse("jobs:file", args=[job.pk])


def job_visible_to(job: Job, user: Any) -> bool:
    """Who may watch a job: the user who started it, and the system administrator."""
    if not getattr(user, "is_authenticated", False):
        return False
    return job.created_by_id == user.pk or has_role(user, Role.ADMIN)
