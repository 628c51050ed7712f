"""Electronic voting pages: the delegate's ballot (mobile first) and the counting
committee's controls. Views parse and render; services decide. No view logs anything about
a voter or a ballot, and every valid ballot gets the same answer by the same path."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from daihoi.core import confirm
from daihoi.core.middleware import KEEP_SESSION
from daihoi.core.permissions import has_role, login_only
from daihoi.core.roles import Role
from daihoi.elections import next_step
from daihoi.elections import selectors as el_selectors
from daihoi.elections.access import can_see_results, is_counting
from daihoi.elections.electorate import electorate_of
from daihoi.elections.evoting import selectors, services
from daihoi.elections.evoting.forms import VoteForm
from daihoi.elections.evoting.services import BallotInvalid, Outcome, VoteRefused
from daihoi.elections.models import Candidate, Round

MSG_NOT_PUBLISHED = _("Kết quả lần bầu này chưa được công bố.")
MSG_OPENED = _("Đã mở bỏ phiếu điện tử.")
MSG_CLOSED = _("Đã kết thúc bỏ phiếu: {n} phiếu đã được kiểm.")


def _round(pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("election__congress"), pk=pk)


def _voting_round(pk: int) -> Round:
    """The round with its election and its e-vote row (the frozen ballot order) in one
    query: the delegate's pages are the ones 1,600 phones load at once."""
    return get_object_or_404(Round.objects.select_related("election", "evote"), pk=pk)


def _candidates_context(round_: Round, choices: dict[str, list[int]] | None = None,
                        candidates: list[Candidate] | None = None) -> list[dict[str, Any]]:
    choices = choices or {}
    struck = set(choices.get("s", []))
    agree, disagree = set(choices.get("a", [])), set(choices.get("d", []))
    level = {i: lv for lv in services.CONFIDENCE_LEVELS for i in choices.get(lv, [])}
    if candidates is None:
        candidates = services.candidates_of(round_)
    # Numbers as text: the template's number localisation costs more than the rest of a
    # line, on the page 1,600 phones load at once.
    return [{"index": str(i), "number": str(i + 1), "name": c.full_name, "struck": i in struck,
             "agree": i in agree, "disagree": i in disagree, "level": level.get(i, "")}
            for i, c in enumerate(candidates)]


@login_only
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "evoting/home.html", {
        "open_rounds": selectors.open_rounds_for(request.user),
        "published": selectors.published_rounds_for(request.user),
    })


def _refused(request: HttpRequest, round_: Round, message: str, status: int = 403) -> HttpResponse:
    return render(request, "evoting/refused.html", {"round": round_, "message": message},
                  status=status)


@never_cache  # a shared phone's cache must not keep a ballot (or the marks sent back)
@login_only
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    # Neither the ballot page nor the vote writes the session row: its new expiry would be
    # the time the voter opened the ballot or voted, to the microsecond, next to the voter's
    # login (issue 15). The next other page the delegate opens renews it.
    setattr(request, KEEP_SESSION, True)
    round_ = _voting_round(pk)
    if request.method == "POST":
        return _submit(request, round_)
    try:
        delegate = services.voter_for(request.user, round_)
    except VoteRefused as exc:
        return _refused(request, round_, exc.message)
    if not services.is_open(round_):
        return _refused(request, round_, str(services.ERR_NOT_OPEN))
    if services.has_voted(round_, delegate):
        return render(request, "evoting/done.html",
                      {"round": round_, "message": services.ERR_ALREADY_VOTED, "ok": False})
    return _form(request, round_, services.ballot_token(round_, delegate))


def _form(request: HttpRequest, round_: Round, token: str, error: str = "",
          choices: dict[str, list[int]] | None = None, status: int = 200,
          candidates: list[Candidate] | None = None) -> HttpResponse:
    return render(request, "evoting/ballot.html", {
        "round": round_, "election": round_.election, "token": token, "error": error,
        "candidates": _candidates_context(round_, choices, candidates),
        "approve": round_.ballot_format == "approve",
        "confidence": round_.ballot_format == services.CONFIDENCE,
    }, status=status)


def _submit(request: HttpRequest, round_: Round) -> HttpResponse:
    form = VoteForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    fmt = round_.ballot_format
    choices: dict[str, list[int]] | None = None
    candidates = services.candidates_of(round_)  # read once for the form and the service
    try:
        choices = services.choices_from_form(fmt, len(candidates), form.choices())
        outcome = services.vote_cast(acting_user=request.user, round_=round_,  # type: ignore[arg-type]
                                     token=token, choices=choices, candidates=candidates)
    except BallotInvalid as exc:
        return _form(request, round_, token, error=exc.message,
                     choices=choices, status=400, candidates=candidates)
    except VoteRefused as exc:
        return _refused(request, round_, exc.message)
    if outcome == Outcome.ALREADY_VOTED:
        return render(request, "evoting/done.html",
                      {"round": round_, "message": services.ERR_ALREADY_VOTED, "ok": False},
                      status=409)
    message = services.MSG_RECORDED if outcome == Outcome.RECORDED else services.MSG_ALREADY_RECORDED
    return render(request, "evoting/done.html", {"round": round_, "message": message, "ok": True})


@login_only
def results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    if not can_see_results(request.user, round_) or not round_.result:
        return _refused(request, round_, str(MSG_NOT_PUBLISHED))
    data = round_.result
    levels = selectors.confidence_result_of(round_)
    if levels is not None:  # counts only: shares and consequences are the committee's vote's
        rows = [{"n": i + 1, "name": c.full_name, "levels": levels.marks.get(c.pk, (0, 0, 0))}
                for i, c in enumerate(services.candidates_of(round_))]
        return render(request, "evoting/results.html", {"round": round_, "data": data,
                                                        "rows": rows, "confidence": True})
    rows = el_selectors.result_rows(data)
    return render(request, "evoting/results.html", {"round": round_, "data": data, "rows": rows})


# --- the counting committee ----------------------------------------------------------------
def _require_counting(request: HttpRequest, round_: Round) -> None:
    if not is_counting(request.user, round_.election):
        raise PermissionDenied


@login_only
def manage_list(request: HttpRequest) -> HttpResponse:
    rounds = [r for r in selectors.manageable_rounds()[:100]
              if electorate_of(r.election) is not None and is_counting(request.user, r.election)]
    if not rounds and not has_role(request.user, Role.COUNTING):
        raise PermissionDenied
    return render(request, "evoting/manage_list.html", {"rounds": rounds})


@login_only
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    _require_counting(request, round_)
    return render(request, "evoting/manage.html", {
        "round": round_, "election": round_.election, "is_open": services.is_open(round_),
        "p": selectors.participation(round_), "voters": selectors.voters(round_),
        "candidates": services.candidates_of(round_),
        "counting_rules": el_selectors.counting_rules_confirmation(round_.election),
        "next_step": next_step.for_round(round_, request.user),
    })


@login_only
def participation(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    _require_counting(request, round_)
    return render(request, "evoting/_participation.html", {
        "round": round_, "p": selectors.participation(round_), "voters": selectors.voters(round_),
        "is_open": services.is_open(round_),
    })


@require_POST
@login_only
def open_vote(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    _require_counting(request, round_)
    try:
        services.evote_open(acting_user=request.user, round_=round_)  # type: ignore[arg-type]
        messages.success(request, MSG_OPENED)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evoting:manage", pk=pk)


@login_only
def close_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first, with who has voted at this moment ("1 of 232 present have voted"); a POST
    confirmed on those figures closes the vote and counts."""
    round_ = _round(pk)
    _require_counting(request, round_)
    p = selectors.participation(round_)
    figures = confirm.Figures(
        [str(_("Đã bỏ phiếu: {v} / {p} đại biểu có mặt ({pc}%).")).format(
             v=p.voted, p=p.present, pc=p.percent_of_present),
         str(_("Chưa bỏ phiếu: {k} đại biểu có mặt.")).format(k=max(p.present - p.voted, 0)),
         str(_("Được triệu tập: {c}.")).format(c=p.convened)],
        str(_("Sau khi kết thúc, không ai bỏ phiếu được nữa; phiếu được trộn và kiểm ngay.")))
    if not confirm.confirmed(request, figures):
        return confirm.ask(request, title=str(_("Kết thúc bỏ phiếu điện tử: {e} – lần {n}")).format(
                               e=round_.election.title, n=round_.number),
                           figures=figures, button=str(_("Kết thúc bỏ phiếu và kiểm phiếu")),
                           back=reverse("evoting:manage", args=[round_.pk]))
    try:
        report = services.evote_close(acting_user=request.user, round_=round_)  # type: ignore[arg-type]
        messages.success(request, str(MSG_CLOSED).format(n=report.receipts))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evoting:manage", pk=pk)
