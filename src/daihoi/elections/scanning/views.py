"""The counting committee's pages: upload a box's scans, follow the reading, review every
doubtful ballot by keyboard, join the box to the count, compare with a keyed recount."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from daihoi.core.jobs import job_start, job_url
from daihoi.core.permissions import login_only
from daihoi.elections.access import is_counting
from daihoi.elections.models import Round
from daihoi.elections.scanning import selectors, services
from daihoi.elections.scanning.forms import DecisionForm, ReviewQuery, UploadForm
from daihoi.elections.scanning.models import ScanBatch, ScannedBallot
from daihoi.elections.scanning.tasks import scan_batch

TITLE_JOB = _("Đọc phiếu quét: {name}")
MSG_JOINED = _("Đã đưa {n} phiếu vào kết quả của {group}.")
MSG_DECIDED = _("Đã ghi quyết định phiếu số {n}.")


def _check(request: HttpRequest, round_: Round) -> None:
    if not is_counting(request.user, round_.election):
        raise PermissionDenied


def _batch(request: HttpRequest, pk: int) -> ScanBatch:
    batch = get_object_or_404(ScanBatch.objects.select_related("group__round__election", "job"),
                              pk=pk)
    _check(request, batch.group.round)
    return batch


@login_only
def scans(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("election"), pk=pk)
    _check(request, round_)
    form = UploadForm(request.POST or None, request.FILES or None, round_id=round_.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.batch_create(acting_user=request.user,  # type: ignore[arg-type]
                                          group=form.cleaned_data["group"],
                                          filename=upload.name or "scan")
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            job = job_start(acting_user=request.user, kind="scan_batch",  # type: ignore[arg-type]
                            title=str(TITLE_JOB).format(name=batch.filename), task=scan_batch,
                            params={"batch_id": batch.pk}, upload=upload)
            ScanBatch.objects.filter(pk=batch.pk).update(job=job)
            return redirect(job_url(job))
    batches = [(b, selectors.batch_counts(b)) for b in selectors.batches_of_round(round_)]
    return render(request, "scanning/scans.html", {"round": round_, "form": form,
                                                   "batches": batches})


@login_only
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    b = _batch(request, pk)
    return render(request, "scanning/batch.html", {
        "batch": b, "round": b.group.round, "counts": selectors.batch_counts(b),
        "ballots": b.ballots.defer("image"), "comparison": selectors.recount_comparison(b),
        "next": selectors.next_to_review(b)})


@login_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    b = _batch(request, pk)
    names = list(b.ballot["text"]["names"])
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            decision = dict(form.cleaned_data)
            ballot = get_object_or_404(ScannedBallot.objects.defer("image"), batch=b,
                                       pk=decision.pop("ballot"))
            try:
                services.ballot_decide(acting_user=request.user,  # type: ignore[arg-type]
                                       ballot=ballot, **decision)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, str(MSG_DECIDED).format(n=ballot.position))
                following = selectors.next_to_review(b, after=ballot.position)
                if following is None:
                    return redirect("scanning:batch", pk=b.pk)
                return redirect(reverse("scanning:review", args=[b.pk]) + f"?ballot={following.pk}")
    query = ReviewQuery(request.GET)
    wanted = query.cleaned_data.get("ballot") if query.is_valid() else None
    found = (get_object_or_404(selectors.to_review(b), pk=wanted) if wanted
             else selectors.next_to_review(b))
    if found is None:
        return redirect("scanning:batch", pk=b.pk)
    ballot = found
    decided = ballot.decision or {}
    marks = set(decided.get("marks", ballot.struck))
    layout = next((x for x in b.ballot.get("layouts", []) if x.get("size") == ballot.sheet),
                  b.ballot["layout"])
    width = round(layout["width"] * 6 / (72 / 25.4))
    height = round(layout["height"] * 6 / (72 / 25.4))
    rows = []
    for line, name in enumerate(names, 1):
        detail = next((r for r in ballot.rows if r["number"] == line), None)
        rows.append({"line": line, "name": name, "marked": line in marks,
                     "doubtful": line in ballot.doubtful,
                     "score": detail["score"] if detail else None,
                     "box": detail["box"] if detail else None})
    return render(request, "scanning/review.html", {
        "batch": b, "round": b.group.round, "ballot": ballot, "rows": rows,
        "width": width, "height": height, "shown_width": width // 2, "decided": decided,
        "flags": set(ballot.flags), "counts": selectors.batch_counts(b)})


@login_only
def image(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = get_object_or_404(ScannedBallot.objects.select_related("batch__group__round__election"),
                               pk=pk)
    _check(request, ballot.batch.group.round)
    response = HttpResponse(bytes(ballot.image), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_only
def join(request: HttpRequest, pk: int) -> HttpResponse:
    b = _batch(request, pk)
    try:
        n = services.batch_join(acting_user=request.user, batch=b)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(MSG_JOINED).format(n=n, group=b.group.name))
    return redirect("scanning:batch", pk=b.pk)
