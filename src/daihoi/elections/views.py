"""Elections pages: thin views over `services` and `selectors`.

Who may do what: the office and the congress secretariat prepare elections and lists and
record the presidium's decisions; the counting committee (the role, or membership of the
congress's counting committee) sets up rounds, enters ballots and closes the count; the
secretariat publishes; results are visible before publication only to the counting committee
and the secretariat (403 for anyone else), and that holds for every page that shows part of a
result: the elected on the election page, the further-round proposal and the presidium's
question (`access.can_see_results`, the one rule).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from daihoi.core import confirm, tabular
from daihoi.core.models import User
from daihoi.core.permissions import has_role, role_required
from daihoi.core.roles import Role
from daihoi.elections import (
    confirmations,
    electorate,
    first_session,
    forms,
    next_step,
    pdf,
    selectors,
    services,
)
from daihoi.elections.access import (
    can_see_election_results,
    can_see_results,
    is_counting,
    visible_mandates,
    visible_round_ids,
)
from daihoi.elections.forms import (
    AlternatesForm,
    BallotCorrectForm,
    BallotEntryForm,
    BallotLookupForm,
    BallotsPdfForm,
    CandidateForm,
    CountingRulesForm,
    DecisionForm,
    ElectionForm,
    EntryNumberForm,
    FirstSessionForm,
    GroupDoneForm,
    MemberLookupForm,
    NextRoundForm,
    PublishForm,
    ResolveForm,
    RoundStepForm,
    SetupForm,
    TallySheetForm,
    WithdrawForm,
)
from daihoi.elections.models import Candidate, CountingGroup, Decision, Election, PaperBallot, Round
from daihoi.organizations.selectors import member_search
from daihoi.rules import counting as rules
from daihoi.rules.rulesets import INVALID_REASON_INFO

READ_ROLES = (Role.OFFICE, Role.SECRETARIAT, Role.COUNTING, Role.LEADER)
MANAGE = (Role.OFFICE, Role.SECRETARIAT)

# Single keys for the invalid reasons on the entry screen (the reasons the clerk marks; the
# other two follow from the lines typed). D: không có dấu; K: ký hiệu; V: viết thêm tên.
FLAG_KEYS = [("unstamped", "D", _("Không có dấu")),
             ("identifying_mark", "K", _("Có dấu hiệu nhận biết")),
             ("write_in", "V", _("Ghi thêm tên ngoài danh sách"))]


def _user(request: HttpRequest) -> User:
    # Every view here is behind a login check: the user is a real User.
    return cast(User, request.user)


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def counting_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The counting committee of the object's election (kwargs `group_id` or `round_id`)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if "group_id" in kwargs:
            obj: Any = get_object_or_404(CountingGroup.objects.select_related("round__election"),
                                         pk=kwargs["group_id"])
            election = obj.round.election
        else:
            obj = get_object_or_404(Round.objects.select_related("election"), pk=kwargs["round_id"])
            election = obj.election
        if not is_counting(request.user, election):
            raise PermissionDenied
        return view(request, obj)

    return wrapped


# --- list, create, detail ------------------------------------------------------------------
@role_required(*READ_ROLES)
def election_list(request: HttpRequest) -> HttpResponse:
    return render(request, "elections/list.html", {"elections": selectors.elections_list()})


@role_required(*MANAGE)
def election_create(request: HttpRequest) -> HttpResponse:
    form = ElectionForm(request.POST or None, initial={"organization": selectors.default_organization()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            election = services.election_create(
                acting_user=_user(request), organization=d["organization"], title=d["title"],
                kind=d["kind"], seats=d["seats"], ballot_format=d["ballot_format"],
                congress=d["congress"], electorate=d["electorate"] or None,
                seats_basis=d["seats_basis"],
                seats_vote_id=d["seats_vote_id"],
                term=d["term"], rules_overrides=form.rule_overrides(),
                counting_members=d["counting_members"],
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _t("Đã tạo cuộc bầu cử."))
            return redirect("elections:detail", election.pk)
    return render(request, "elections/form.html", {"form": form})


@role_required(*MANAGE)
def election_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Title, seats and their basis, format, term, counting members and the rule parameters
    (seats, format and rules only while the list is being prepared)."""
    election = get_object_or_404(Election, pk=pk)
    stored = selectors.ruleset_of(election).to_dict()
    initial = {
        "title": election.title, "kind": election.kind, "organization": election.organization_id,
        "congress": election.congress_id, "electorate": election.electorate,
        "seats": election.seats, "seats_basis": election.seats_basis,
        "seats_vote_id": election.seats_vote_id,
        "ballot_format": election.ballot_format, "term": election.term,
        "counting_members": election.counting_members,
        **{k: stored[k] for k in ElectionForm.RULE_FIELDS},
    }
    form = ElectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        rules_dict = {k: v for k, v in (election.rules or {}).items()
                      if k not in ElectionForm.RULE_FIELDS}
        rules_dict.update({k: d[k].strip() for k in ElectionForm.RULE_FIELDS})
        try:
            services.election_update(
                acting_user=_user(request), election=election, title=d["title"],
                seats=d["seats"], seats_basis=d["seats_basis"], seats_vote_id=d["seats_vote_id"],
                ballot_format=d["ballot_format"],
                term=d["term"], counting_members=d["counting_members"], rules=rules_dict)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _t("Đã lưu."))
            return redirect("elections:detail", election.pk)
    for name in ("kind", "organization", "congress", "electorate"):
        form.fields[name].disabled = True
    return render(request, "elections/form.html", {"form": form, "election": election})


def _attending(election: Election) -> int | None:
    """Those attending now (the electorate's presence), to prefill the opinion ballot's base."""
    found = electorate.electorate_of(election)
    return found.present_count(election) if found is not None else None


@role_required(*READ_ROLES)
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election.objects.select_related("organization", "congress"), pk=pk)
    can_manage = has_role(request.user, *MANAGE)
    rounds = election.rounds.all()
    ctx = {
        "election": election,
        "candidates": selectors.list_candidates(election),
        "others": selectors.candidates_not_standing(election),
        "surplus": selectors.surplus_status(election),
        "rounds": rounds,
        "results_visible": visible_round_ids(request.user, rounds),
        "decisions": election.decisions.select_related("recorded_by"),
        "mandates": visible_mandates(request.user, selectors.mandates_of(election)),
        "citations": selectors.rule_lines(election),
        "floor_share": selectors.ruleset_of(election).floor_nomination_text(),
        "can_manage": can_manage,
        "is_counting": is_counting(request.user, election),
        "candidate_form": CandidateForm(initial={"opinion_attending": _attending(election)}),
        "decision_form": DecisionForm(),
        "alternates": selectors.alternates_of(election),
        "first_round_pending": selectors.first_round_pending(election),
        "next_step": next_step.for_election(election, request.user),
        "results_all_visible": can_see_election_results(request.user, election),
    }
    if election.kind == Election.Kind.COMMITTEE and ctx["mandates"]:
        ctx["first_session_present"] = first_session.present_mandate_ids(election.pk)
    return render(request, "elections/detail.html", ctx)


@require_POST
@role_required(*MANAGE)
def first_session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who of the committee this election elected is present at its first session: the
    electorate of the standing committee, secretary, deputies and inspection elections."""
    election = get_object_or_404(Election, pk=pk, kind=Election.Kind.COMMITTEE)
    if not can_see_election_results(request.user, election):  # the roll is the elected
        raise PermissionDenied
    form = FirstSessionForm(request.POST, mandates=selectors.committee_members(election))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("elections:detail", election.pk)
    try:
        rows = services.committee_attendance_set(acting_user=_user(request),
                                                 committee_election=election,
                                                 present=form.cleaned_data["present"])
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _t("Đã ghi có mặt tại kỳ họp thứ nhất: {present}/{total}.").format(
            present=sum(r.present for r in rows), total=len(rows)))
    return redirect("elections:detail", election.pk)


@role_required(*READ_ROLES)
def candidate_list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election.objects.select_related("organization__parent"), pk=pk)
    response = HttpResponse(pdf.candidate_list_pdf(election), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="danh-sach-bau-cu-{election.pk}.pdf"'
    return response


@role_required(*MANAGE)
def member_lookup(request: HttpRequest, pk: int) -> HttpResponse:
    form = MemberLookupForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    found = list(member_search(q=q)[:10]) if len(q.strip()) >= 2 else []
    return render(request, "elections/_member_lookup.html", {"found": found, "q": q})


@require_POST
@role_required(*MANAGE)
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election, pk=pk)
    form = CandidateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            cand = services.candidate_add(
                acting_user=_user(request), election=election, member=d["member"],
                full_name=d["full_name"] or "", nomination=d["nomination"],
                opinion_agree=d["opinion_agree"], opinion_attending=d["opinion_attending"])
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            if cand.nomination_status == "rejected":
                messages.warning(request, _t("{name}: không đủ hơn {share} số đại biểu dự đại hội đồng ý "
                                             "({agree}/{attending}), không đưa vào danh sách.").format(
                    share=selectors.ruleset_of(election).floor_nomination_text(),
                    name=cand.full_name, agree=cand.opinion_agree,
                    attending=cand.opinion_attending))
            else:
                messages.success(request, _t("Đã thêm {name}.").format(name=cand.full_name))
    else:
        messages.error(request, _t("Dữ liệu không hợp lệ."))
    return redirect("elections:detail", election.pk)


@role_required(*MANAGE)
def candidate_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    cand = get_object_or_404(Candidate.objects.select_related("election"), pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_withdraw(acting_user=_user(request), candidate=cand,
                                        **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            return redirect("elections:detail", cand.election_id)
    return render(request, "elections/action.html", {
        "form": form, "title": _t("Rút khỏi danh sách: {name}").format(name=cand.full_name),
        "back": cand.election})


@require_POST
@role_required(*MANAGE)
def candidate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    cand = get_object_or_404(Candidate, pk=pk)
    try:
        services.candidate_remove(acting_user=_user(request), candidate=cand)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("elections:detail", cand.election_id)


@role_required(*MANAGE)
def decision_surplus(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election, pk=pk)
    form = DecisionForm(request.POST or None, initial={"decided_by": _t("Đại hội")})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(acting_user=_user(request), election=election,
                                     kind=Decision.Kind.SURPLUS, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            return redirect("elections:detail", election.pk)
    return render(request, "elections/action.html", {
        "form": form, "title": _t("Quyết định của đại hội về số dư"),
        "note": selectors.surplus_status(election).message, "back": election})


@role_required(*MANAGE)
def round_first(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks what closing the list means, with the list as it stands; a POST confirmed on that
    list closes it."""
    election = get_object_or_404(Election, pk=pk)
    figures = confirmations.list_close(election)
    if not confirm.confirmed(request, figures):
        return confirm.ask(request, title=_t("Chốt danh sách bầu cử: {e}").format(e=election.title),
                           figures=figures, button=_t("Chốt danh sách và mở lần bầu 1"),
                           back=reverse("elections:detail", args=[election.pk]))
    try:
        round_ = services.round_create_first(acting_user=_user(request), election=election)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("elections:detail", election.pk)
    return redirect("elections:round", round_.pk)


@role_required(*MANAGE)
def alternates_create(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election, pk=pk)
    # The alternates' list is the officials' candidates less the elected: a result.
    if not can_see_election_results(request.user, election):
        raise PermissionDenied
    form = AlternatesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alt = services.election_create_alternates(acting_user=_user(request), election=election,
                                                      **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            return redirect("elections:detail", alt.pk)
    return render(request, "elections/action.html", {
        "form": form, "title": _t("Bầu đại biểu dự khuyết"), "back": election,
        "note": _t("Danh sách gồm những người còn lại chưa trúng cử đại biểu chính thức "
                   "(190-QĐ/TW Điều 18).")})


# --- rounds --------------------------------------------------------------------------------
def _round_context(request: HttpRequest, round_: Round) -> dict[str, Any]:
    election = round_.election
    # The proposal names the tied, the question the others above the threshold: results.
    can_see = can_see_results(request.user, round_)
    return {
        "round": round_, "election": election,
        "candidates": selectors.ballot_candidates(round_),
        "groups": round_.groups.all(),
        "is_counting": is_counting(request.user, election),
        "can_manage": has_role(request.user, *MANAGE),
        "can_see": can_see,
        "proposal": selectors.round_propose_next(round_) if can_see else None,
        "question": selectors.pending_question(round_) if can_see else None,
        "next_round": selectors.next_round_of(round_),
        "decisions": round_.decisions.all(),
        "has_electorate": electorate.electorate_of(election) is not None,
        "counting_rules": selectors.counting_rules_confirmation(election),
        "next_step": next_step.for_round(round_, request.user),
    }


@role_required(*READ_ROLES)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("election__organization"), pk=pk)
    ctx = _round_context(request, round_)
    ctx["setup_form"] = SetupForm(initial={
        "electorate_convened": round_.electorate_convened or None, "excluded": round_.excluded,
        "electorate_present": round_.electorate_present,
        "ballots_issued": round_.ballots_issued or None, "double_entry": round_.double_entry})
    ctx["counting_rules_form"] = CountingRulesForm(election=round_.election)
    ctx["question_form"] = DecisionForm()
    return render(request, "elections/round.html", ctx)


@require_POST
@counting_required
def round_setup(request: HttpRequest, round_: Round) -> HttpResponse:
    form = SetupForm(request.POST)
    if form.is_valid():
        try:
            services.round_setup(acting_user=_user(request), round_=round_, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _t("Đã lưu số liệu của lần bầu."))
    else:
        messages.error(request, _t("Số liệu không hợp lệ: {e}").format(e=form.errors.as_text()))
    return redirect("elections:round", round_.pk)


@require_POST
@counting_required
def counting_rules(request: HttpRequest, round_: Round) -> HttpResponse:
    """The counting committee confirms, before counting, the open invalid reasons it applies
    and how a blank agree/disagree ballot counts (RULES.md, open): recorded for the election."""
    form = CountingRulesForm(request.POST, election=round_.election)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.counting_rules_confirm(
                acting_user=_user(request), election=round_.election,
                open_reasons=d["open_reasons"], blank_approve_ballot=d["blank_approve_ballot"],
                confirmed_by=d["confirmed_by"])
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _t("Đã ghi xác nhận của Ban Kiểm phiếu về cách xét phiếu."))
    else:
        messages.error(request, _t("Số liệu không hợp lệ: {e}").format(e=form.errors.as_text()))
    return redirect("elections:round", round_.pk)


@require_POST
@role_required(*MANAGE)
def round_question(request: HttpRequest, pk: int) -> HttpResponse:
    """The presidium's decision on the open case of 190-QĐ/TW Điều 18 (more passed the
    threshold than the official seats): recorded, and the election closes."""
    round_ = _visible_round(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.election_decide_passed(acting_user=_user(request), round_=round_,
                                            **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _t("Đã ghi quyết định của Đoàn Chủ tịch."))
    else:
        messages.error(request, _t("Số liệu không hợp lệ: {e}").format(e=form.errors.as_text()))
    return redirect("elections:round", round_.pk)


@counting_required
def round_step(request: HttpRequest, round_: Round) -> HttpResponse:
    """Open voting, start counting (with N ballot groups and M tally-sheet groups), add a group,
    close the count. The two steps that cannot be undone (ending the vote, finalizing the
    count) are asked first (core.confirm): they act only on a POST confirmed on the figures of
    the moment."""
    form = RoundStepForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, _t("Số liệu không hợp lệ: {e}").format(e=form.errors.as_text()))
        return redirect("elections:round", round_.pk)
    d = form.cleaned_data
    back = reverse("elections:round", args=[round_.pk])
    name = f"{round_.election.title} – {_t('lần')} {round_.number}"
    if d["action"] == "count":
        figures = confirmations.end_voting(round_, groups=d["groups"], sheet_groups=d["sheet_groups"])
        if not confirm.confirmed(request, figures):
            return confirm.ask(request, title=_t("Kết thúc bỏ phiếu: {r}").format(r=name),
                               figures=figures, button=_t("Kết thúc bỏ phiếu, bắt đầu kiểm phiếu"),
                               back=back, fields=[("action", "count"), ("groups", d["groups"]),
                                                  ("sheet_groups", d["sheet_groups"])])
    elif d["action"] == "finalize":
        figures = confirmations.finalize(round_)
        if not confirm.confirmed(request, figures):
            return confirm.ask(request, title=_t("Chốt kết quả kiểm phiếu: {r}").format(r=name),
                               figures=figures, button=_t("Chốt kết quả kiểm phiếu"), back=back,
                               fields=[("action", "finalize")])
    if request.method != "POST":
        return redirect(back)
    user = _user(request)
    try:
        if d["action"] == "open":
            services.round_open_voting(acting_user=user, round_=round_)
        elif d["action"] == "count":
            services.round_start_counting(acting_user=user, round_=round_, groups=d["groups"],
                                          sheet_groups=d["sheet_groups"])
        elif d["action"] == "group":
            services.group_create(acting_user=user, round_=round_, mode=d["mode"])
        else:
            services.round_finalize(acting_user=user, round_=round_)
            return redirect("elections:results", round_.pk)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("elections:round", round_.pk)


@role_required(*READ_ROLES)
def ballots_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("election__organization"), pk=pk)
    if not (has_role(request.user, *MANAGE) or is_counting(request.user, round_.election)):
        raise PermissionDenied
    form = BallotsPdfForm(request.GET)
    form.is_valid()  # every field is lenient: an unknown size is A5, bad copies the default
    size, copies = form.cleaned_data["size"], form.cleaned_data["copies"]
    try:
        data = pdf.ballots_pdf(round_, size=size, copies=copies)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("elections:round", round_.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-bau-{round_.pk}-{size}.pdf"'
    return response


# --- the counting screen -------------------------------------------------------------------
def _entry_number(request: HttpRequest, group: CountingGroup) -> int:
    form = EntryNumberForm(request.GET if request.method == "GET" else request.POST)
    entry = form.cleaned_data["entry"] if form.is_valid() else 1
    return 2 if entry == 2 and group.round.double_entry else 1


@counting_required
def entry_screen(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    if group.mode == CountingGroup.Mode.SHEET:
        return redirect("elections:sheet", group.pk)
    round_ = group.round
    entry = _entry_number(request, group)
    return render(request, "elections/entry.html", {
        "group": group, "round": round_, "election": round_.election,
        "candidates": selectors.ballot_candidates(round_), "entry": entry,
        "approve": round_.ballot_format == Election.BallotFormat.APPROVE,
        "flags": FLAG_KEYS,
        "last": selectors.last_ballots(group, entry),
    })


@require_POST
@role_required(*Role)
def ballot_save(request: HttpRequest, group_id: int) -> JsonResponse:
    """One ballot, from the entry screen's fetch call: saved at once, its own transaction.
    The service loads and locks the group and checks the counting committee itself (one
    lookup, not two: this is the hot path of the count). The service refuses entry 2 when
    the round has no double entry."""
    form = BallotEntryForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"ok": False, "error": form.errors.as_text()}, status=400)
    d = form.cleaned_data
    try:
        saved = services.ballot_enter(
            acting_user=_user(request), group=group_id, marks=d["marks"], void_lines=d["void"],
            unstamped=d["unstamped"], identifying_mark=d["identifying_mark"],
            write_in=d["write_in"], entry=d["entry"], key=d["key"],
        )
    except CountingGroup.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": _errors(exc)}, status=400)
    return JsonResponse({**_ballot_json(saved), "repeated": saved.repeated})


def _ballot_json(saved: services.EnteredBallot) -> dict[str, Any]:
    reason = str(saved.reason) if saved.reason else ""
    return {
        "ok": True, "position": saved.position, "reason": reason,
        "reason_label": str(INVALID_REASON_INFO[rules.InvalidReason(reason)].label) if reason else "",
        "marks": saved.ballot.marks, "void": saved.ballot.void_lines,
        "key": str(saved.ballot.key) if saved.ballot.key else "",
        "voided": saved.ballot.voided,
    }


@counting_required
def ballot_edit(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    """Call up ballot N of the group (its number in the stack, as the entry screen showed it
    when saved) and correct its reading or void it; both audited, and a double entry's
    comparison sees the new reading."""
    round_ = group.round
    lookup = BallotLookupForm(request.GET)
    entry, position = 1, None
    if lookup.is_valid():
        entry = 2 if lookup.cleaned_data["entry"] == 2 and round_.double_entry else 1
        position = lookup.cleaned_data["position"]
    error = ""
    if request.method == "POST" and position is not None:
        form = BallotCorrectForm(request.POST)
        if not form.is_valid():
            error = form.errors.as_text()
        else:
            d = form.cleaned_data
            try:
                services.ballot_correct(
                    acting_user=_user(request), group=group.pk, entry=entry, position=position,
                    action=d["action"], marks=d["marks"], void_lines=d["void"],
                    unstamped=d["unstamped"], identifying_mark=d["identifying_mark"],
                    write_in=d["write_in"])
            except ValidationError as exc:
                error = _errors(exc)
            else:
                messages.success(request, {
                    "correct": _t("Đã sửa phiếu số {n}."), "void": _t("Đã hủy phiếu số {n}."),
                    "restore": _t("Đã khôi phục phiếu số {n}.")}[d["action"]].format(n=position))
                return redirect(f"{request.path}?entry={entry}&position={position}")
    paper = selectors.ballot_at(group, entry, position) if position else None
    if position and paper is None and not error:
        error = str(services.ERR_NO_BALLOT).format(position=position)
    return render(request, "elections/ballot_edit.html", {
        "group": group, "round": round_, "election": round_.election, "entry": entry,
        "position": position, "paper": paper, "error": error,
        "candidates": selectors.ballot_candidates(round_),
        "approve": round_.ballot_format == Election.BallotFormat.APPROVE,
        "entered": group.entered_2 if entry == 2 else group.entered_1,
    })


@require_POST
@role_required(*Role)
def ballot_undo(request: HttpRequest, group_id: int) -> JsonResponse:
    form = EntryNumberForm(request.POST)
    entry = form.cleaned_data["entry"] if form.is_valid() else 1
    try:
        position = services.ballot_undo(acting_user=_user(request), group=group_id, entry=entry)
    except CountingGroup.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": _errors(exc)}, status=400)
    return JsonResponse({"ok": True, "position": position})


@counting_required
def group_totals(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    """The running totals of the group (an HTML fragment the entry screen reloads)."""
    try:
        totals = selectors.group_totals(group)
    except rules.RulesError as exc:
        return render(request, "elections/_group_totals.html", {"error": str(exc)})
    return render(request, "elections/_group_totals.html", {
        "group": group, "totals": totals,
        "rows": list(zip(selectors.ballot_candidates(group.round), totals.votes, strict=True)),
        "reasons": [(str(r), INVALID_REASON_INFO[r].label, totals.invalid_by_reason[r])
                    for r in rules.BY_REASON_OUTPUT_ORDER],
        "entered_2": group.round.double_entry,
    })


@require_POST
@counting_required
def group_done(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    form = GroupDoneForm(request.POST)
    form.is_valid()  # lenient: anything but "1" reopens
    services.group_set_done(acting_user=_user(request), group=group,
                            done=form.cleaned_data["done"])
    return redirect("elections:round", group.round_id)


@counting_required
def group_sheet(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    """A tally sheet: votes per candidate in ballot order, invalid by reason, collected."""
    round_ = group.round
    cands = selectors.ballot_candidates(round_)
    totals = group.totals or {}
    error = ""
    if request.method == "POST":
        form = TallySheetForm(request.POST, candidates=cands)
        if not form.is_valid():
            error = str(forms.ERR_WHOLE_NUMBERS)
        else:
            try:
                t = form.totals()
                services.group_sheet_save(acting_user=_user(request), group=group,
                                          ballots_collected=t["ballots_collected"],
                                          invalid_by_reason=t["invalid_by_reason"],
                                          votes=t["votes"])
            except ValidationError as exc:
                error = _errors(exc)
            else:
                messages.success(request, _t("Đã lưu phiếu tổng hợp của {g}.").format(g=group.name))
                return redirect("elections:round", round_.pk)
        totals = form.raw()
    votes = totals.get("votes") or [""] * len(cands)
    by_reason = totals.get("invalid_by_reason") or {}
    return render(request, "elections/sheet.html", {
        "group": group, "round": round_, "error": error,
        "rows": list(zip(cands, votes, strict=False)),
        "collected": totals.get("ballots_collected", ""),
        "reasons": [(str(r), INVALID_REASON_INFO[r].label, by_reason.get(str(r), ""))
                    for r in rules.BY_REASON_OUTPUT_ORDER],
    })


@counting_required
def group_mismatches(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    error = ""
    if request.method == "POST":
        form = ResolveForm(request.POST)
        if not form.is_valid():
            error = form.errors.as_text()
        else:
            d = form.cleaned_data
            try:
                services.ballot_resolve(
                    acting_user=_user(request), group=group, position=d["position"],
                    take=d["take"], marks=d["marks"], void_lines=d["void"],
                    unstamped=d["unstamped"], identifying_mark=d["identifying_mark"],
                    write_in=d["write_in"])
            except ValidationError as exc:
                error = _errors(exc)
            except PaperBallot.DoesNotExist:
                error = str(services.ERR_NO_READING)
            else:
                return redirect("elections:mismatches", group.pk)
    _, mismatches = selectors.effective_ballots(group)
    return render(request, "elections/mismatches.html", {
        "group": group, "round": group.round, "mismatches": mismatches, "error": error})


# --- results -------------------------------------------------------------------------------
def _visible_round(request: HttpRequest, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("election__organization"), pk=pk)
    if not can_see_results(request.user, round_):
        raise PermissionDenied
    return round_


def _results_data(round_: Round) -> tuple[dict[str, Any] | None, str]:
    """The stored result of a closed round, or the live count of a round being counted."""
    if round_.status == Round.Status.CLOSED and round_.result:
        return round_.result, ""
    if round_.status != Round.Status.COUNTING:
        return None, ""
    if round_.electorate_convened < 1:
        return None, str(services.ERR_SETUP)
    try:
        return selectors.result_payload(selectors.round_count(round_)), ""
    except rules.RulesError as exc:
        return None, str(exc)


@role_required(*Role)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _visible_round(request, pk)
    data, error = _results_data(round_)
    rows = selectors.result_rows(data)
    reasons = []
    if data:
        reasons = [(INVALID_REASON_INFO[rules.InvalidReason(k)].label, v)
                   for k, v in data["invalid"]["by_reason"].items()]
    by_name = {r["name"]: r for r in rows}
    elected_rows = [by_name[n] for n in (data or {}).get("elected", [])]
    chart = json.dumps({"labels": [r["name"] for r in rows], "votes": [r["votes"] for r in rows],
                        "threshold": data["threshold"] if data else 0,
                        "base": data["base"] if data else 0,
                        "elected": [r["elected"] for r in rows]}, ensure_ascii=False)
    return render(request, "elections/results.html", {
        **_round_context(request, round_), "data": data, "rows": rows, "error": error,
        "reasons": reasons, "chart": chart, "elected_rows": elected_rows,
        "can_publish": has_role(request.user, *services.PUBLISH_ROLES),
        "mandates": selectors.mandates_of_round(round_),
        # An e-voting round has no ballots issued and collected: ballots cast and receipts.
        "electronic_only": round_.electronic and not round_.groups.exclude(
            mode=CountingGroup.Mode.ELECTRONIC).exists(),
    })


@role_required(*services.PUBLISH_ROLES)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publishing is asked first, with the result about to be shown; a POST confirmed on it
    publishes. Withdrawing (published=0) is not asked."""
    round_ = get_object_or_404(Round.objects.select_related("election"), pk=pk)
    form = PublishForm(request.POST)
    form.is_valid()  # lenient: anything but "0" publishes
    figures = confirmations.publish(round_)
    # Withdrawing a published result undoes; publishing is asked first.
    if form.cleaned_data["published"] and not confirm.confirmed(request, figures):
        return confirm.ask(request, title=_t("Công bố kết quả: {e}").format(e=round_.election.title),
                           figures=figures, button=_t("Công bố kết quả"),
                           back=reverse("elections:results", args=[round_.pk]),
                           fields=[("published", "1")])
    try:
        services.round_publish(acting_user=_user(request), round_=round_,
                               published=form.cleaned_data["published"])
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("elections:results", round_.pk)


@role_required(*Role)
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _visible_round(request, pk)
    if not round_.result:
        raise PermissionDenied
    response = HttpResponse(pdf.minutes_pdf(round_), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-kiem-phieu-{round_.pk}.pdf"'
    return response


@role_required(*Role)
def results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    round_ = _visible_round(request, pk)
    if not round_.result:
        raise PermissionDenied
    rows = selectors.result_export_rows(round_)
    name = f"ket-qua-bau-cu-{round_.election_id}-lan-{round_.number}"
    headers, body = rows[0], rows[1:]
    if fmt == "csv":
        response = HttpResponse(tabular.csv_text(headers, body),
                                content_type=tabular.CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    title = round_.election.title + (f" – lần {round_.number}" if round_.number > 1 else "")
    columns = [tabular.Col(h, 32 if i == 1 else None) for i, h in enumerate(headers)]
    content = tabular.xlsx_bytes(tabular.Sheet("Kết quả", columns, body, preamble=[[title]]))
    response = HttpResponse(content, content_type=tabular.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@role_required(*MANAGE)
def round_next(request: HttpRequest, pk: int) -> HttpResponse:
    """The presidium confirms (or not) the proposed further round; or the congress stops."""
    round_ = _visible_round(request, pk)
    proposal = selectors.round_propose_next(round_)
    if proposal is None:
        messages.error(request, str(services.ERR_NOTHING_TO_PROPOSE))
        return redirect("elections:round", round_.pk)
    form = NextRoundForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if form.stops:
                services.election_stop(acting_user=_user(request), election=round_.election,
                                       decided_by=d["decided_by"], text=d["text"],
                                       decided_at=d["decided_at"])
                return redirect("elections:detail", round_.election_id)
            new = services.round_create_next(
                acting_user=_user(request), round_=round_, decided_by=d["decided_by"],
                text=d["text"], decided_at=d["decided_at"], candidate_ids=d["candidate"],
                added_names=d["added"] if proposal.kind == "unfilled" else [])
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            return redirect("elections:round", new.pk)
    return render(request, "elections/next_round.html", {
        "round": round_, "election": round_.election, "proposal": proposal, "form": form})
