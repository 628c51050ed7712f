"""The counting committee's key ceremony and decryption pages (static/evoting/keys.js does
the cryptography on the trustee's phone), and the bulletin board. Views parse and render;
ceremony.py decides. The JSON endpoints answer {"ok": true, ...} or {"error": message}."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from daihoi.core import confirm as confirming
from daihoi.core.permissions import login_only
from daihoi.elections.access import can_see_results, is_counting
from daihoi.elections.evoting import board as board_sel
from daihoi.elections.evoting import ceremony
from daihoi.elections.evoting.forms_keys import CeremonyForm, TrackerForm
from daihoi.elections.evoting.models import EVoteRound, Trustee
from daihoi.elections.models import Round

MSG_STARTED = _("Đã bắt đầu tạo khóa: mỗi thành viên giữ khóa mở trang này trên điện thoại của mình.")
ERR_BODY = _("Dữ liệu gửi lên không phải JSON hợp lệ.")
# A trustee's record or decryption of a 60-name agree ballot is a few tens of kB.
MAX_BODY = 1_000_000


def _round(pk: int) -> Round:
    return get_object_or_404(Round.objects.select_related("election"), pk=pk)


def _require_manage(request: HttpRequest, round_: Round) -> None:
    # The counting committee (the system administrator holds every role).
    if not is_counting(request.user, round_.election):
        raise PermissionDenied


def _state(round_: Round) -> EVoteRound | None:
    return board_sel.encrypted_state(round_)


@never_cache
@login_only
def keys(request: HttpRequest, pk: int) -> HttpResponse:
    """The ceremony's page: its state for the committee, and the trustee's own device panel."""
    round_ = _round(pk)
    _require_manage(request, round_)
    state = _state(round_)
    trustees = ceremony.trustees_of(round_) if state else []
    mine = next((t for t in trustees if t.user_id == request.user.pk), None)
    preparing = round_.status == Round.Status.PREPARING and not round_.electronic
    refused = (state is not None and preparing and not state.public_key
               and ceremony.key_refused(round_))
    return render(request, "evoting/keys.html", {
        "round": round_, "election": round_.election, "state": state, "trustees": trustees,
        "mine": mine, "ready": bool(state) and preparing and ceremony.is_ready(round_),
        "can_start": preparing, "awaiting": ceremony.awaiting_decryption(round_, state),
        "answered": sum(1 for t in trustees if t.decrypted),
        "form": CeremonyForm(candidates=ceremony.trustee_candidates(round_)) if preparing else None,
        "changed": ceremony.manifest_changed(round_) if state else False,
        "complaint": any(t.complaint for t in trustees), "refused": refused,
    })


@login_only
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """POST the choice; the confirmation page follows (core.confirm), and its POST, bound
    to the trustees and k it showed, starts the ceremony."""
    round_ = _round(pk)
    _require_manage(request, round_)
    back = reverse("evoting:keys", args=[round_.pk])
    if request.method != "POST":
        return redirect(back)
    form = CeremonyForm(request.POST, candidates=ceremony.trustee_candidates(round_))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect(back)
    chosen = form.chosen()
    k = form.cleaned_data["threshold"] or ceremony.default_threshold(len(chosen))
    existing = Trustee.objects.filter(round_id=round_.pk).count()
    lines = [str(_("Thành viên giữ khóa: {n} người.")).format(n=len(chosen)),
             str(_("Cần {k} trong {n} người để giải mã kết quả.")).format(k=k, n=len(chosen))]
    if existing:
        lines.append(str(_("Khóa đang tạo dở ({n} thành viên) sẽ bị hủy: mọi người tạo lại "
                           "từ đầu.")).format(n=existing))
    figures = confirming.Figures(
        lines, names=[str(u) for u in chosen],
        consequence=str(_("Danh sách bầu cử của lần bầu được chốt theo thứ tự trên phiếu. "
                          "Mỗi thành viên giữ khóa phải tạo phần khóa trên điện thoại của mình.")))
    if not confirming.confirmed(request, figures):
        return confirming.ask(
            request, title=str(_("Tạo khóa của Ban Kiểm phiếu: {e} – lần {n}")).format(
                e=round_.election.title, n=round_.number),
            figures=figures, button=str(_("Bắt đầu tạo khóa")), back=back,
            fields=[("trustees", u.pk) for u in chosen] + [("threshold", k)])
    try:
        ceremony.ceremony_start(acting_user=request.user,  # type: ignore[arg-type]
                                round_=round_, trustees=chosen, threshold=k)
        messages.success(request, MSG_STARTED)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(back)


# --- the trustee's device (JSON) -----------------------------------------------------------
@never_cache
@require_GET
@login_only
def state_json(request: HttpRequest, pk: int) -> JsonResponse:
    """What the trustee's phone needs at every step: its index, the manifest's hash, the
    published records, the shares relayed to it, and at the close the aggregate."""
    round_ = _round(pk)
    _require_manage(request, round_)
    state = _state(round_)
    trustee = (Trustee.objects.filter(round_id=round_.pk, user_id=request.user.pk).first()
               if request.user.pk else None)
    if state is None or trustee is None:
        return JsonResponse({"error": str(ceremony.ERR_NOT_TRUSTEE)}, status=403)
    trustees = ceremony.trustees_of(round_)
    me = next(t for t in trustees if t.index == trustee.index)
    all_sent = all(t.shares_sent for t in trustees)
    return JsonResponse({
        # A ceremony started again has new trustee rows: the phone keeps its secrets under
        # this, so nothing of an earlier ceremony (with the same manifest) is reused.
        "ceremony": trustee.pk,
        "round": round_.pk, "index": trustee.index, "threshold": state.threshold,
        "trustees": [{"index": t.index, "name": t.name, "published": t.published,
                      "shares_sent": t.shares_sent, "confirmed": t.confirmed,
                      "complaint": bool(t.complaint), "decrypted": t.decrypted}
                     for t in trustees],
        "base_hash": ceremony.base_hash_of(state), "public_key": state.public_key,
        "extended_hash": state.extended_hash,
        "records": ceremony.records(round_),
        "published": me.published, "shares_sent": me.shares_sent, "confirmed": me.confirmed,
        "complaint": me.complaint, "decrypted": me.decrypted,
        "shares": ceremony.shares_to(round_, trustee.index) if all_sent else [],
        "ceremony_open": round_.status == Round.Status.PREPARING and not round_.electronic,
        # The phones stop at a refused joint key: nothing they hold is sent again.
        "key_refused": not state.public_key and ceremony.key_refused(round_),
        "awaiting": ceremony.awaiting_decryption(round_, state),
        "aggregate": state.aggregate if ceremony.awaiting_decryption(round_, state) else None,
        "counted": state.totals is not None,
    })


def _json_post(request: HttpRequest, pk: int,
               act: Callable[[Round, Any], dict[str, Any]]) -> JsonResponse:
    round_ = _round(pk)
    _require_manage(request, round_)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": str(ERR_BODY)}, status=400)
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": str(ERR_BODY)}, status=400)
    try:
        extra = act(round_, data)
    except PermissionDenied as exc:
        return JsonResponse({"error": str(exc) or str(ceremony.ERR_NOT_TRUSTEE)}, status=403)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    return JsonResponse({"ok": True, **extra})


@require_POST
@login_only
def publish(request: HttpRequest, pk: int) -> JsonResponse:
    def act(round_: Round, data: Any) -> dict[str, Any]:
        ceremony.trustee_publish(acting_user=request.user, round_=round_,  # type: ignore[arg-type]
                                 record=data)
        return {}
    return _json_post(request, pk, act)


@require_POST
@login_only
def shares(request: HttpRequest, pk: int) -> JsonResponse:
    def act(round_: Round, data: Any) -> dict[str, Any]:
        sent = ceremony.shares_post(acting_user=request.user,  # type: ignore[arg-type]
                                    round_=round_, payloads=data if isinstance(data, list) else [])
        return {"sent": sent}
    return _json_post(request, pk, act)


@require_POST
@login_only
def confirm(request: HttpRequest, pk: int) -> JsonResponse:
    def act(round_: Round, data: Any) -> dict[str, Any]:
        data = data if isinstance(data, dict) else {}
        against = data.get("complaint")
        ceremony.trustee_confirm(
            acting_user=request.user, round_=round_,  # type: ignore[arg-type]
            complaint_against=against if isinstance(against, int) else None,
            reason=str(data.get("reason", ""))[:200])
        return {}
    return _json_post(request, pk, act)


@require_POST
@login_only
def decrypt(request: HttpRequest, pk: int) -> JsonResponse:
    def act(round_: Round, data: Any) -> dict[str, Any]:
        report = ceremony.decryption_submit(acting_user=request.user,  # type: ignore[arg-type]
                                            round_=round_, share=data)
        return {"decrypted": report.decrypted, "finalized": report.finalized}
    return _json_post(request, pk, act)


# --- the bulletin board --------------------------------------------------------------------
def _board_round(request: HttpRequest, pk: int) -> Round:
    round_ = _round(pk)
    if not board_sel.can_see_board(request.user, round_) or _state(round_) is None:
        raise PermissionDenied
    return round_


@never_cache
@login_only
def board(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _board_round(request, pk)
    state = _state(round_)
    assert state is not None
    cast, spoiled = board_sel.trackers(round_)
    decrypted = can_see_results(request.user, round_) and state.totals is not None
    manifest = json.loads(state.manifest)
    # The board's `result` (the JSON's, protocol §6): votes, or a confidence round's levels.
    result = (ceremony.result_json(manifest, state.totals, len(cast)) if decrypted and state.totals
              is not None else None)
    search = TrackerForm(request.GET)
    query = search.digits()
    found = [tr for tr in cast if tr.startswith(query)] if query else []
    found_spoiled = [tr for tr in spoiled if tr.startswith(query)] if query else []
    return render(request, "evoting/board.html", {
        "round": round_, "election": round_.election, "state": state, "cast": cast,
        "spoiled": spoiled, "trustees": ceremony.trustees_of(round_),
        "candidates": manifest["candidates"], "result": result, "threshold": state.threshold,
        "decryptions": len(ceremony.decryption_shares(round_)) if decrypted else 0,
        "query": search.cleaned_data["t"] if query else "", "found": found,
        "found_spoiled": found_spoiled,
        # A confidence vote (Quy định 96-QĐ/TW) elects nobody: its board says who is rated,
        # not seats and candidates, and names the key holders, not the congress's committee.
        "confidence": manifest.get("format") == "confidence",
    })


@never_cache
@login_only
def board_json(request: HttpRequest, pk: int) -> JsonResponse:
    round_ = _board_round(request, pk)
    response = JsonResponse(board_sel.board_for(request.user, round_),
                            json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="bang-tin-lan-bau-{round_.pk}.json"'
    return response
