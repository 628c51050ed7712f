"""The page of a long task: a progress bar polled every second, then its result or errors;
the same as JSON; the file the task made."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from daihoi.core.jobs import job_file, job_is_stale, job_is_unclaimed, job_visible_to
from daihoi.core.models import Job, JobFile
from daihoi.core.permissions import login_only

# The page lists errors in full up to this many; beyond, the job's own download has them all.
ERRORS_SHOWN = 2000


def _job_for(request: HttpRequest, job_id: int) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if not job_visible_to(job, request.user):
        raise PermissionDenied
    return job


def _context(job: Job) -> dict[str, object]:
    errors = job.errors if job.status == Job.Status.FAILED else []
    tabular = bool(errors) and all(isinstance(e, dict) for e in errors)
    return {
        "job": job,
        "finished": job.status in (Job.Status.DONE, Job.Status.FAILED),
        "stale": job_is_stale(job),
        "unclaimed": job_is_unclaimed(job),
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


@login_only
def job_progress_json(request: HttpRequest, job_id: int) -> JsonResponse:
    """What the page shows, for a script: status, progress, result and errors."""
    job = _job_for(request, job_id)
    context = _context(job)
    return JsonResponse({
        "id": job.pk, "kind": job.kind, "title": job.title, "status": job.status,
        "done": job.done, "total": job.total, "percent": job.percent, "message": job.message,
        "finished": context["finished"], "stale": context["stale"],
        "unclaimed": context["unclaimed"],
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "result": job.result, "errors": job.errors[:ERRORS_SHOWN],
        "errors_total": len(job.errors),
    }, json_dumps_params={"ensure_ascii": False})


@login_only
def job_output(request: HttpRequest, job_id: int) -> FileResponse:
    """The file the job made (an export), from the database: any server can hand it out."""
    job = _job_for(request, job_id)
    stored = job_file(job, JobFile.Purpose.OUTPUT)
    if stored is None:
        raise Http404
    return FileResponse(io.BytesIO(bytes(stored.content)), as_attachment=True, filename=stored.name)
