"""Electronic voting pages: the delegate's ballot (mobile first) and the counting
committee's controls. Views parse and render; services decide. No view logs anything about
a voter or a ballot, and every valid ballot gets the same answer by the same path."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
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
from daihoi.elections.evoting import ceremony, selectors, services
from daihoi.elections.evoting.forms import EncryptedVoteForm, OpenVoteForm, VoteForm
from daihoi.elections.evoting.models import EVoteRound
from daihoi.elections.evoting.services import BallotInvalid, ChallengeLimit, Outcome, VoteRefused
from daihoi.elections.models import Candidate, Round

MSG_NOT_PUBLISHED = _("Kết quả lần bầu này chưa được công bố.")
MSG_OPENED = _("Đã mở bỏ phiếu điện tử.")
MSG_OPENED_ENCRYPTED = _("Đã mở bỏ phiếu điện tử mã hóa: phiếu được mã hóa trên máy của đại biểu.")
MSG_CLOSED_ENCRYPTED = _("Đã kết thúc bỏ phiếu: {n} phiếu mã hóa đã được cộng lại. Các thành viên "
                         "giữ khóa giải mã kết quả trên máy của mình.")
MSG_CLOSED = _("Đã kết thúc bỏ phiếu: {n} phiếu đã được kiểm.")
MSG_SPOILED = _("Phiếu này đã được mở ra để kiểm tra: nó được công bố trên bảng tin và không "
                "được tính. Hãy bầu lại.")


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
                      {"round": round_, "message": services.ERR_ALREADY_VOTED, "ok": False,
                       "encrypted": selectors.is_encrypted(round_), "board_url": _board_url(round_)})
    return _form(request, round_, services.ballot_token(round_, delegate))


def _form(request: HttpRequest, round_: Round, token: str, error: str = "",
          choices: dict[str, list[int]] | None = None, status: int = 200,
          candidates: list[Candidate] | None = None) -> HttpResponse:
    context = {
        "round": round_, "election": round_.election, "token": token, "error": error,
        "candidates": _candidates_context(round_, choices, candidates),
        "approve": round_.ballot_format == "approve",
        "blank_valid": round_.ballot_format == "approve" and selectors.blank_agree_valid(round_),
        "confidence": round_.ballot_format == services.CONFIDENCE,
    }
    if selectors.is_encrypted(round_):
        context.update(keys=services.keys_of(round_), board_url=_board_url(round_))
    return render(request, "evoting/ballot.html", context, status=status)


def _board_url(round_: Round) -> str:
    return reverse("evoting:board", args=[round_.pk])


def _submit(request: HttpRequest, round_: Round) -> HttpResponse:
    if selectors.is_encrypted(round_):
        return _submit_encrypted(request, round_)
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


def _answer(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"message": message, **extra}, status=status)


def _submit_encrypted(request: HttpRequest, round_: Round) -> JsonResponse:
    """The encrypted ballot, posted by the page's script (never the clear marks): the answer
    is JSON, so the phone knows whether to keep the ballot to resend it (a lost answer) or
    to forget it (any answer the server gave)."""
    form = EncryptedVoteForm(request.POST)
    if not form.is_valid():
        return _answer(str(services.ERR_MALFORMED), 400, outcome="refused")
    try:
        cast = services.vote_cast_encrypted(
            acting_user=request.user, round_=round_,  # type: ignore[arg-type]
            token=form.cleaned_data["token"], ballot=form.cleaned_data["ballot"])
    except BallotInvalid as exc:
        return _answer(exc.message, 400, outcome="invalid")
    except VoteRefused as exc:
        return _answer(exc.message, 403, outcome="refused")
    if cast.outcome == Outcome.ALREADY_VOTED:
        return _answer(str(services.ERR_ALREADY_VOTED), 409, outcome=cast.outcome)
    message = (services.MSG_RECORDED if cast.outcome == Outcome.RECORDED
               else services.MSG_ALREADY_RECORDED)
    return _answer(str(message), 200, outcome=cast.outcome, tracker=cast.tracker)


@never_cache
@require_POST
@login_only
def spoil(request: HttpRequest, pk: int) -> JsonResponse:
    """A challenged ballot (protocol §4): checked, published as spoiled, never counted. The
    answer is the choices its nonces open, which the page shows beside the delegate's."""
    setattr(request, KEEP_SESSION, True)  # as the vote: no time of the challenge in the session
    round_ = _voting_round(pk)
    form = EncryptedVoteForm(request.POST)
    if not form.is_valid():
        return _answer(str(services.ERR_MALFORMED), 400, outcome="refused")
    try:
        choices = services.ballot_spoil(
            acting_user=request.user, round_=round_,  # type: ignore[arg-type]
            token=form.cleaned_data["token"], ballot=form.cleaned_data["ballot"],
            reveal=form.cleaned_data["reveal"] or {})
    except BallotInvalid as exc:
        return _answer(exc.message, 400, outcome="invalid")
    except ChallengeLimit as exc:  # the page goes back to the ballot, to send it
        return _answer(exc.message, 403, outcome="challenge_limit")
    except VoteRefused as exc:
        return _answer(exc.message, 403, outcome="refused")
    return _answer(str(MSG_SPOILED), 200, outcome="spoiled", choices=choices)


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
        # Issue 21: the encrypted scheme is the one offered once the committee's key is made.
        "ceremony_ready": round_.status == Round.Status.PREPARING and ceremony.is_ready(round_),
        "encrypted": selectors.is_encrypted(round_),
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
    form = OpenVoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("evoting:manage", pk=pk)
    scheme = form.cleaned_data["scheme"]
    try:
        services.evote_open(acting_user=request.user, round_=round_,  # type: ignore[arg-type]
                            scheme=scheme)
        messages.success(request, MSG_OPENED_ENCRYPTED if scheme == EVoteRound.Scheme.ENCRYPTED
                         else MSG_OPENED)
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
        str(_("Sau khi kết thúc, không ai bỏ phiếu được nữa; các phiếu mã hóa được cộng lại, "
              "rồi các thành viên giữ khóa giải mã tổng số trên điện thoại của mình.")
            if selectors.is_encrypted(round_) else
            _("Sau khi kết thúc, không ai bỏ phiếu được nữa; phiếu được trộn và kiểm ngay.")))
    if not confirm.confirmed(request, figures):
        return confirm.ask(request, title=str(_("Kết thúc bỏ phiếu điện tử: {e} – lần {n}")).format(
                               e=round_.election.title, n=round_.number),
                           figures=figures, button=str(_("Kết thúc bỏ phiếu và kiểm phiếu")),
                           back=reverse("evoting:manage", args=[round_.pk]))
    try:
        if selectors.is_encrypted(round_):
            counted = services.evote_close_encrypted(acting_user=request.user,  # type: ignore[arg-type]
                                                     round_=round_)
            messages.success(request, str(MSG_CLOSED if counted.decrypted else MSG_CLOSED_ENCRYPTED
                                          ).format(n=counted.receipts))
        else:
            report = services.evote_close(acting_user=request.user, round_=round_)  # type: ignore[arg-type]
            messages.success(request, str(MSG_CLOSED).format(n=report.receipts))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("evoting:manage", pk=pk)
