"""The page of a long task: a progress bar polled every second, then its result or errors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from daihoi.core.jobs import job_is_stale, job_live, job_visible_to
from daihoi.core.models import Job
from daihoi.core.permissions import login_only

# The page lists errors in full up to this many; beyond, the job's own download has them all.
ERRORS_SHOWN = 2000


def _job_for(request: HttpRequest, job_id: int) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if not job_visible_to(job, request.user):
        raise PermissionDenied
    return job_live(job)


def _context(job: Job) -> dict[str, object]:
    errors = job.errors if job.status == Job.Status.FAILED else []
    tabular = bool(errors) and all(isinstance(e, dict) for e in errors)
    return {
        "job": job,
        "finished": job.status in (Job.Status.DONE, Job.Status.FAILED),
        "stale": job_is_stale(job),
        "errors": errors[:ERRORS_SHOWN],
        "errors_total": len(errors),
        "errors_hidden": max(0, len(errors) - ERRORS_SHOWN),
        "errors_tabular": tabular,
        "links": job.result.get("links", []) if isinstance(job.result, dict) else [],
    }


@login_only
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    return render(request, "core/job.html", _context(job))


@login_only
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The part of the page htmx swaps in every second while the job runs."""
    job = _job_for(request, job_id)
    return render(request, "core/job_progress.html", _context(job))
