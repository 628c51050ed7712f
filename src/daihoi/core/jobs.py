"""Long tasks with visible progress: an import, a report build.

    def run(progress: Progress) -> dict:
        for i, row in enumerate(rows, 1):
            ...
            progress(i, total=len(rows), message=_("Đang kiểm tra"))
        return {"message": "Đã nhập 120 đảng viên", "links": [["Danh sách", "/members/"]]}

    job = job_start(acting_user=request.user, kind="members_import", title="Nhập đảng viên",
                    total=len(rows), run=run)
    return redirect(job_url(job))   # the job page polls and shows a progress bar

`run` gets a `Progress` callable and returns the job's result (a JSON-ready dict). It may
raise `JobFailed(message, errors=[...], result={...})` to end the job as failed with a
list of errors; any other exception fails the job with its text. Conventions the job page
understands in `result`: "message" (a sentence), "links" (a list of [label, url]), and in
`errors`: dicts with "row", "column", "value", "reason" (shown as a table) or plain strings.

The task runs in a thread of the web process (`synchronous=False`, the default) with its
own database connection, closed at the end. Pass `synchronous=True` to run it in the
caller's thread (tests, or a caller that wants the result at once); the setting
`DAIHOI_JOBS_SYNCHRONOUS = True` does the same for every job (tests of views set it with
pytest-django's `settings` fixture).

Why a side file for progress: a task that writes in one transaction (an all-or-nothing
import) cannot make its progress visible through the database until it commits (and on
SQLite no other connection may write meanwhile), yet the page polling it may be served by
another worker process. So progress also goes to a small JSON file under
`VAR_DIR/jobs/`, which every worker on the machine reads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from daihoi.core.models import Job, User
from daihoi.core.permissions import has_role
from daihoi.core.roles import Role

log = logging.getLogger(__name__)

JOB_CRASHED = _("Lỗi không mong đợi: {error}")

# Write progress at most this often (seconds): a 100,000-row import calls progress per row.
_THROTTLE = 0.4

_threads: dict[int, threading.Thread] = {}


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

    def __init__(self, job: Job, *, live: bool) -> None:
        self.job = job
        self.live = live
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str | None = None) -> None:
        job = self.job
        phase_changed = message is not None and str(message) != job.message
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
        if self.live:
            _write_live(job)
        # Outside a transaction the row itself can carry the progress; inside one (the
        # write phase of an import) only the side file can.
        if not connection.in_atomic_block:
            Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, message=job.message)


def _live_dir() -> Path:
    return Path(settings.VAR_DIR) / "jobs"


def _live_path(job_id: int) -> Path:
    return _live_dir() / f"{job_id}.json"


def _write_live(job: Job) -> None:
    try:
        folder = _live_dir()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{job.pk}.json.tmp"
        tmp.write_text(json.dumps({"done": job.done, "total": job.total, "message": job.message}))
        os.replace(tmp, _live_path(job.pk))  # atomic: a reader never sees half a file
    except OSError:  # progress is a courtesy; the task must go on without it
        log.warning("job %s: cannot write progress file", job.pk, exc_info=True)


def _drop_live(job_id: int) -> None:
    with contextlib.suppress(OSError):
        _live_path(job_id).unlink(missing_ok=True)


def job_live(job: Job) -> Job:
    """The job with its latest progress (from the side file while it runs)."""
    if job.status in (Job.Status.RUNNING, Job.Status.PENDING):
        try:
            data = json.loads(_live_path(job.pk).read_text())
        except (OSError, ValueError):
            return job
        job.done, job.total, job.message = data["done"], data["total"], data["message"]
    return job


def _json_ready(value: Any) -> Any:
    """Lazy translations, dates, decimals in a result become plain JSON (as text)."""
    return json.loads(json.dumps(value, default=str))


# A running job whose progress has not moved for this long has most likely died with its
# process (a restart of the server): its page says so instead of polling in silence.
STALE_AFTER = dt.timedelta(minutes=10)


def job_is_stale(job: Job) -> bool:
    if job.status not in (Job.Status.RUNNING, Job.Status.PENDING):
        return False
    last = job.created_at
    with contextlib.suppress(OSError):
        mtime = _live_path(job.pk).stat().st_mtime
        last = max(last, dt.datetime.fromtimestamp(mtime, tz=dt.UTC))
    return timezone.now() - last > STALE_AFTER


def _finish(job: Job, *, status: str, result: dict[str, Any], errors: list[Any],
            message: str) -> None:
    job.status = status
    job.result = _json_ready(result)
    job.errors = _json_ready(errors)
    job.message = str(message)[:255]
    if status == Job.Status.DONE and job.total:
        job.done = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "errors", "message", "done", "total", "finished_at"])


def _execute(job: Job, run: Callable[[Progress], dict[str, Any]], *, live: bool) -> None:
    progress = Progress(job, live=live)
    try:
        result = run(progress)
    except JobFailed as failed:
        _finish(job, status=Job.Status.FAILED, result=failed.result, errors=failed.errors,
                message=failed.message)
    except Exception as exc:
        log.exception("job %s (%s) crashed", job.pk, job.kind)
        _finish(job, status=Job.Status.FAILED, result={}, errors=[],
                message=str(JOB_CRASHED).format(error=exc))
    else:
        result = result or {}
        try:
            _finish(job, status=Job.Status.DONE, result=result, errors=[],
                    message=str(result.get("message", job.message)))
        except Exception as exc:  # a job left "running" would be polled for ever
            log.exception("job %s (%s): cannot record its result", job.pk, job.kind)
            _finish(job, status=Job.Status.FAILED, result={}, errors=[],
                    message=str(JOB_CRASHED).format(error=exc))
    finally:
        if live:
            _drop_live(job.pk)


def _thread_main(job_id: int, run: Callable[[Progress], dict[str, Any]], language: str) -> None:
    try:
        job = Job.objects.get(pk=job_id)
        # The active language is per thread: messages follow the user who started the job.
        with translation.override(language):
            _execute(job, run, live=True)
    finally:
        # Connections are per thread: this one would stay open for ever otherwise.
        connections.close_all()
        _threads.pop(job_id, None)


def job_start(
    *,
    acting_user: User | None,
    kind: str,
    title: str,
    run: Callable[[Progress], dict[str, Any]],
    total: int = 0,
    synchronous: bool | None = None,
) -> Job:
    """Record a job and run `run(progress)` (see the module's docstring).

    With `synchronous=False` the job is returned at once, RUNNING; the caller sends the
    user to `job_url(job)`. With `synchronous=True` it is returned finished.
    The job is created outside any transaction of the caller's only if the caller has none:
    start jobs from a view, not from inside a service's transaction.

    `synchronous=None` takes the setting `DAIHOI_JOBS_SYNCHRONOUS` (default False), so
    that a test can run the jobs a view starts in its own thread and transaction."""
    if synchronous is None:
        synchronous = bool(getattr(settings, "DAIHOI_JOBS_SYNCHRONOUS", False))
    job = Job.objects.create(
        kind=kind, title=str(title)[:255], total=total, status=Job.Status.RUNNING,
        created_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
    )
    if synchronous:
        _execute(job, run, live=False)
        return job
    language = translation.get_language() or settings.LANGUAGE_CODE
    thread = threading.Thread(target=_thread_main, args=(job.pk, run, language),
                              name=f"job-{job.pk}", daemon=True)
    _threads[job.pk] = thread
    thread.start()
    return job


def job_wait(job: Job, timeout: float | None = None) -> Job:
    """Wait for a job started in this process to end (for the command line and tests);
    returns it reloaded."""
    thread = _threads.get(job.pk)
    if thread is not None:
        thread.join(timeout)
    job.refresh_from_db()
    return job


def job_url(job: Job) -> str:
    return reverse("jobs:detail", args=[job.pk])


def job_visible_to(job: Job, user: Any) -> bool:
    """Who may watch a job: the user who started it, and the system administrator."""
    if not getattr(user, "is_authenticated", False):
        return False
    return job.created_by_id == user.pk or has_role(user, Role.ADMIN)
