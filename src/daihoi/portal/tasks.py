"""The portal's work in the worker: scheduled articles published on time, and the
visitor statistics rolled up every minute. No cron: each task is enqueued for its time
(django-tasks' run_after) and the roll-up enqueues its next run itself."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import default_task_backend, task

log = logging.getLogger(__name__)

ROLL_UP_EVERY = dt.timedelta(seconds=60)


def _deferrable() -> bool:
    return bool(getattr(default_task_backend, "supports_defer", False))


@task()
def publish_due() -> list[int]:
    from daihoi.portal import services

    done = services.articles_publish_due(acting_user=None)
    if done:
        log.info("portal: published %s scheduled article(s)", len(done))
    return done


def schedule_publishing(when: dt.datetime) -> None:
    """Publish at `when`: a task waiting in the database until then (or, where tasks run
    at once, as the tests run them, now: nothing is due yet, so it changes nothing)."""
    if _deferrable():
        publish_due.using(run_after=when).enqueue()
    else:
        publish_due.enqueue()


@task()
def visits_roll_up() -> int:
    from daihoi.portal import stats

    try:
        return stats.roll_up()
    finally:
        if _deferrable():
            visits_roll_up.using(run_after=timezone.now() + ROLL_UP_EVERY).enqueue()


def roll_up_pending() -> bool:
    """Whether a roll-up waits in the queue (the chain is alive)."""
    if not _deferrable():
        return True
    from django_tasks_db.models import DBTaskResult

    path = f"{visits_roll_up.module_path}"
    return DBTaskResult.objects.filter(task_path=path, status__in=["READY", "RUNNING"]).exists()


def ensure_roll_up() -> None:
    """Start the chain of roll-ups if none waits (the demo, the office's pages, and now
    and then the counter endpoint call it)."""
    if _deferrable() and not roll_up_pending():
        visits_roll_up.enqueue()
