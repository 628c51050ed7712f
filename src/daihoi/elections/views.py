"""Elections pages: thin views over `services` and `selectors`.

Who may do what: the office and the congress secretariat prepare elections and lists and
record the presidium's decisions; the counting committee (the role, or membership of the
congress's counting committee) sets up rounds, enters ballots and closes the count; the
secretariat publishes; results are visible before publication only to the counting committee
and the secretariat (403 for anyone else).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from daihoi.core import tabular
from daihoi.core.models import User
from daihoi.core.permissions import has_role, role_required
from daihoi.core.roles import Role
from daihoi.elections import electorate, first_session, pdf, selectors, services
from daihoi.elections.models import Candidate, CountingGroup, Decision, Election, Mandate, Round
from daihoi.organizations.models import Member, Organization
from daihoi.organizations.selectors import member_search
from daihoi.rules import counting as rules
from daihoi.rules.rulesets import DEFAULT, INVALID_REASON_INFO, RuleSet

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
        if not services.is_counting(request.user, election):
            raise PermissionDenied
        return view(request, obj)

    return wrapped


# --- forms ---------------------------------------------------------------------------------
class ElectionForm(forms.Form):
    title = forms.CharField(label=_("Tên cuộc bầu cử"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại bầu cử"), choices=Election.Kind.choices)
    organization = forms.ModelChoiceField(label=_("Cấp ủy triệu tập"),
                                          queryset=Organization.objects.all())
    congress = forms.IntegerField(label=_("Đại hội"), required=False,
                                  widget=forms.Select(choices=[]))
    # Empty: as the kind says (the committee's first session for the standing committee,
    # secretary, deputies, inspection committee and chair; the congress otherwise).
    electorate = forms.ChoiceField(label=_("Hình thức"), required=False,
                                   choices=[("", _("Theo loại bầu cử")), *Election.Electorate.choices])
    seats = forms.IntegerField(label=_("Số lượng bầu"), min_value=1)
    seats_basis = forms.CharField(label=_("Căn cứ biểu quyết số lượng"), required=False,
                                  help_text=_("Ví dụ: Nghị quyết Đại hội biểu quyết số lượng "
                                              "Ban Chấp hành 28 đồng chí"))
    seats_vote_id = forms.TypedChoiceField(label=_("Biểu quyết của Đại hội về số lượng"),
                                           required=False, coerce=int, empty_value=None)
    ballot_format = forms.ChoiceField(label=_("Mẫu phiếu"), choices=Election.BallotFormat.choices)
    term = forms.CharField(label=_("Nhiệm kỳ"), required=False, max_length=40)
    counting_members = forms.CharField(
        label=_("Ban Kiểm phiếu (mỗi dòng một người, trưởng ban trước)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Để trống nếu Đại hội đã có Ban Kiểm phiếu trong hệ thống."))
    surplus_max_share = forms.CharField(label=_("Số dư tối đa"),
                                        initial=DEFAULT.to_dict()["surplus_max_share"])
    proposal_surplus_min_share = forms.CharField(
        label=_("Số dư đề án từ"), initial=DEFAULT.to_dict()["proposal_surplus_min_share"])
    proposal_surplus_max_share = forms.CharField(
        label=_("Số dư đề án đến"), initial=DEFAULT.to_dict()["proposal_surplus_max_share"])
    floor_nomination_min_share = forms.CharField(
        label=_("Đề cử tại đại hội: cần hơn (tỷ lệ số dự đại hội)"),
        initial=DEFAULT.to_dict()["floor_nomination_min_share"])

    RULE_FIELDS = ("surplus_max_share", "proposal_surplus_min_share", "proposal_surplus_max_share",
                   "floor_nomination_min_share")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["congress"].widget.choices = [("", "—")] + [
            (c.pk, str(c)) for c in _congresses().select_related("organization")[:50]]
        vote_field = self.fields["seats_vote_id"]
        assert isinstance(vote_field, forms.ChoiceField)
        vote_field.choices = [("", "—"), *_seat_votes()]

    def rule_overrides(self) -> dict[str, str]:
        defaults = RuleSet().to_dict()
        return {k: self.cleaned_data[k].strip() for k in self.RULE_FIELDS
                if self.cleaned_data[k].strip() and self.cleaned_data[k].strip() != defaults[k]}


def _congresses() -> Any:
    """The congresses an election may belong to, through the model `Election.congress`
    points to (the elections app does not import the congress)."""
    return Election._meta.get_field("congress").related_model._default_manager.all()


def _seat_votes() -> list[tuple[int, str]]:
    """The congresses' votes on the number to elect, newest first, from whichever app
    records them (registered in elections.electorate; the congress's proceedings do)."""
    return electorate.seat_vote_choices()


class FirstSessionForm(forms.Form):
    """Who of the newly elected committee is present at its first session."""

    present = forms.TypedMultipleChoiceField(label=_("Có mặt"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, mandates: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m.pk, m.full_name) for m in mandates]


class CandidateForm(forms.Form):
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=120)
    nomination = forms.ChoiceField(label=_("Nguồn"), choices=Candidate.Nomination.choices)
    opinion_agree = forms.IntegerField(label=_("Số phiếu đồng ý giới thiệu"), required=False,
                                       min_value=0)
    opinion_attending = forms.IntegerField(label=_("Số đại biểu dự đại hội"), required=False,
                                           min_value=0)


class DecisionForm(forms.Form):
    decided_by = forms.CharField(label=_("Cơ quan quyết định"), initial=_("Đoàn Chủ tịch"))
    decided_at = forms.DateTimeField(label=_("Thời điểm"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    text = forms.CharField(label=_("Nội dung quyết định"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút"))
    approved_by = forms.CharField(label=_("Đoàn Chủ tịch chấp thuận"), initial=_("Đoàn Chủ tịch"))


class SetupForm(forms.Form):
    electorate_convened = forms.IntegerField(label=_("Số được triệu tập"), min_value=1)
    excluded = forms.IntegerField(label=_("Số được trừ khi tính tỷ lệ"), min_value=0, initial=0)
    electorate_present = forms.IntegerField(label=_("Số có mặt lúc bỏ phiếu"), min_value=0,
                                            required=False)
    ballots_issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0)
    double_entry = forms.BooleanField(label=_("Nhập mỗi phiếu hai lần (hai người đối chiếu)"),
                                      required=False)


# --- list, create, detail ------------------------------------------------------------------
@role_required(*READ_ROLES)
def election_list(request: HttpRequest) -> HttpResponse:
    return render(request, "elections/list.html", {"elections": selectors.elections_list()})


@role_required(*MANAGE)
def election_create(request: HttpRequest) -> HttpResponse:
    form = ElectionForm(request.POST or None, initial={"organization": Organization.objects.filter(
        parent__isnull=True).first()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        congress = _congresses().filter(pk=d["congress"]).first() if d["congress"] else None
        try:
            election = services.election_create(
                acting_user=_user(request), organization=d["organization"], title=d["title"],
                kind=d["kind"], seats=d["seats"], ballot_format=d["ballot_format"],
                congress=congress, electorate=d["electorate"] or None, seats_basis=d["seats_basis"],
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
    stored = services.ruleset_of(election).to_dict()
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
    ctx = {
        "election": election,
        "candidates": services.list_candidates(election),
        "others": election.candidates.exclude(nomination_status="accepted", withdrawn=False)
        .order_by("sort_key"),
        "surplus": services.surplus_status(election),
        "rounds": election.rounds.all(),
        "decisions": election.decisions.select_related("recorded_by"),
        "mandates": selectors.mandates_of(election),
        "citations": services.ruleset_of(election).citations(),
        "floor_share": services.ruleset_of(election).floor_nomination_text(),
        "can_manage": can_manage,
        "is_counting": services.is_counting(request.user, election),
        "candidate_form": CandidateForm(initial={"opinion_attending": _attending(election)}),
        "decision_form": DecisionForm(),
        "alternates": Election.objects.filter(follows=election).first(),
        "first_round_pending": election.rounds.filter(number=1,
                                                      status=Round.Status.PREPARING).exists(),
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
    members = election.mandates.filter(position=Mandate.Position.COMMITTEE_MEMBER)
    form = FirstSessionForm(request.POST, mandates=members)
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
    q = request.GET.get("q", "")
    found = list(member_search(q=q)[:10]) if len(q.strip()) >= 2 else []
    return render(request, "elections/_member_lookup.html", {"found": found, "q": q})


@require_POST
@role_required(*MANAGE)
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election, pk=pk)
    form = CandidateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        member = Member.objects.filter(pk=d["member"]).first() if d["member"] else None
        try:
            cand = services.candidate_add(
                acting_user=_user(request), election=election, member=member,
                full_name=d["full_name"] or "", nomination=d["nomination"],
                opinion_agree=d["opinion_agree"], opinion_attending=d["opinion_attending"])
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            if cand.nomination_status == "rejected":
                messages.warning(request, _t("{name}: không đủ hơn {share} số đại biểu dự đại hội đồng ý "
                                             "({agree}/{attending}), không đưa vào danh sách.").format(
                    share=services.ruleset_of(election).floor_nomination_text(),
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
        "note": services.surplus_status(election).message, "back": election})


@require_POST
@role_required(*MANAGE)
def round_first(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election, pk=pk)
    try:
        round_ = services.round_create_first(acting_user=_user(request), election=election)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("elections:detail", election.pk)
    return redirect("elections:round", round_.pk)


@role_required(*MANAGE)
def alternates_create(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_object_or_404(Election, pk=pk)

    class AltForm(forms.Form):
        seats = forms.IntegerField(label=_("Số đại biểu dự khuyết"), min_value=1)
        seats_basis = forms.CharField(label=_("Căn cứ biểu quyết số lượng"), required=False)

    form = AltForm(request.POST or None)
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
    return {
        "round": round_, "election": election,
        "candidates": services.ballot_candidates(round_),
        "groups": round_.groups.all(),
        "is_counting": services.is_counting(request.user, election),
        "can_manage": has_role(request.user, *MANAGE),
        "can_see": services.can_see_results(request.user, round_),
        "proposal": services.round_propose_next(round_),
        "next_round": election.rounds.filter(number=round_.number + 1).first(),
        "decisions": round_.decisions.all(),
        "has_electorate": electorate.electorate_of(election) is not None,
    }


@role_required(*READ_ROLES)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("election__organization"), pk=pk)
    ctx = _round_context(request, round_)
    ctx["setup_form"] = SetupForm(initial={
        "electorate_convened": round_.electorate_convened or None, "excluded": round_.excluded,
        "electorate_present": round_.electorate_present,
        "ballots_issued": round_.ballots_issued or None, "double_entry": round_.double_entry})
    return render(request, "elections/round.html", ctx)


@require_POST
@counting_required
def round_setup(request: HttpRequest, round_: Round) -> HttpResponse:
    form = SetupForm(request.POST)
    if form.is_valid():
        try:
            services.round_setup(acting_user=_user(request), round_=round_, **form.cleaned_data)
        except (ValidationError, rules.RulesError) as exc:
            messages.error(request, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _t("Đã lưu số liệu của lần bầu."))
    else:
        messages.error(request, _t("Số liệu không hợp lệ: {e}").format(e=form.errors.as_text()))
    return redirect("elections:round", round_.pk)


@require_POST
@counting_required
def round_step(request: HttpRequest, round_: Round) -> HttpResponse:
    """Open voting, start counting (with N ballot groups and M tally-sheet groups), add a group,
    close the count."""
    action = request.POST.get("action", "")
    try:
        if action == "open":
            services.round_open_voting(acting_user=_user(request), round_=round_)
        elif action == "count":
            services.round_start_counting(
                acting_user=_user(request), round_=round_,
                groups=max(0, int(request.POST.get("groups") or 1)),
                sheet_groups=max(0, int(request.POST.get("sheet_groups") or 0)))
        elif action == "group":
            services.group_create(acting_user=_user(request), round_=round_,
                                  mode=request.POST.get("mode", CountingGroup.Mode.BALLOTS))
        elif action == "finalize":
            services.round_finalize(acting_user=_user(request), round_=round_)
            return redirect("elections:results", round_.pk)
    except (ValidationError, ValueError) as exc:
        messages.error(request, _errors(exc) if isinstance(exc, ValidationError) else str(exc))
    return redirect("elections:round", round_.pk)


@role_required(*READ_ROLES)
def ballots_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("election__organization"), pk=pk)
    if not (has_role(request.user, *MANAGE) or services.is_counting(request.user, round_.election)):
        raise PermissionDenied
    size = request.GET.get("size", "A5")
    copies = request.GET.get("copies", "")
    try:
        data = pdf.ballots_pdf(round_, size=size,
                               copies=int(copies) if copies.isdigit() else None)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("elections:round", round_.pk)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-bau-{round_.pk}-{size}.pdf"'
    return response


# --- the counting screen -------------------------------------------------------------------
def _entry_number(request: HttpRequest, group: CountingGroup) -> int:
    raw = request.GET.get("entry") or request.POST.get("entry") or "1"
    return 2 if raw == "2" and group.round.double_entry else 1


@counting_required
def entry_screen(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    if group.mode == CountingGroup.Mode.SHEET:
        return redirect("elections:sheet", group.pk)
    round_ = group.round
    entry = _entry_number(request, group)
    last = list(group.ballots.filter(entry=entry).order_by("-position")[:8])
    return render(request, "elections/entry.html", {
        "group": group, "round": round_, "election": round_.election,
        "candidates": services.ballot_candidates(round_), "entry": entry,
        "approve": round_.election.ballot_format == Election.BallotFormat.APPROVE,
        "flags": FLAG_KEYS,
        "last": last,
    })


def _entry_from_post(request: HttpRequest) -> int:
    # The service refuses entry 2 when the round has no double entry.
    return 2 if request.POST.get("entry") == "2" else 1


@require_POST
@role_required(*Role)
def ballot_save(request: HttpRequest, group_id: int) -> JsonResponse:
    """One ballot, from the entry screen's fetch call: saved at once, its own transaction.
    The service loads and locks the group and checks the counting committee itself (one
    lookup, not two: this is the hot path of the count)."""
    try:
        saved = services.ballot_enter(
            acting_user=_user(request), group=group_id, marks=request.POST.get("marks", ""),
            void_lines=request.POST.get("void", ""),
            unstamped=request.POST.get("unstamped") == "1",
            identifying_mark=request.POST.get("identifying_mark") == "1",
            write_in=request.POST.get("write_in") == "1",
            entry=_entry_from_post(request),
        )
    except CountingGroup.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": _errors(exc)}, status=400)
    reason = str(saved.reason) if saved.reason else ""
    return JsonResponse({
        "ok": True, "position": saved.position, "reason": reason,
        "reason_label": str(INVALID_REASON_INFO[rules.InvalidReason(reason)].label) if reason else "",
        "marks": saved.ballot.marks, "void": saved.ballot.void_lines,
    })


@require_POST
@role_required(*Role)
def ballot_undo(request: HttpRequest, group_id: int) -> JsonResponse:
    try:
        position = services.ballot_undo(acting_user=_user(request), group=group_id,
                                        entry=_entry_from_post(request))
    except CountingGroup.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": _errors(exc)}, status=400)
    return JsonResponse({"ok": True, "position": position})


@counting_required
def group_totals(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    """The running totals of the group (an HTML fragment the entry screen reloads)."""
    try:
        totals = services.group_totals(group)
    except rules.RulesError as exc:
        return HttpResponse(f'<p class="bad">{exc}</p>')
    return render(request, "elections/_group_totals.html", {
        "group": group, "totals": totals,
        "rows": list(zip(services.ballot_candidates(group.round), totals.votes, strict=True)),
        "reasons": [(str(r), INVALID_REASON_INFO[r].label, totals.invalid_by_reason[r])
                    for r in rules.BY_REASON_OUTPUT_ORDER],
        "entered_2": group.round.double_entry,
    })


@require_POST
@counting_required
def group_done(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    services.group_set_done(acting_user=_user(request), group=group,
                            done=request.POST.get("done") == "1")
    return redirect("elections:round", group.round_id)


@counting_required
def group_sheet(request: HttpRequest, group: CountingGroup) -> HttpResponse:
    """A tally sheet: votes per candidate in ballot order, invalid by reason, collected."""
    round_ = group.round
    cands = services.ballot_candidates(round_)
    totals = group.totals or {}
    error = ""
    if request.method == "POST":
        try:
            votes = [int(request.POST.get(f"v{c.pk}") or 0) for c in cands]
            invalid = {str(r): int(request.POST.get(f"r_{r}") or 0) for r in rules.InvalidReason}
            collected = int(request.POST.get("ballots_collected") or 0)
            services.group_sheet_save(acting_user=_user(request), group=group,
                                      ballots_collected=collected, invalid_by_reason=invalid,
                                      votes=votes)
        except ValueError:
            error = _t("Chỉ nhập số nguyên không âm.")
        except ValidationError as exc:
            error = _errors(exc)
        else:
            messages.success(request, _t("Đã lưu phiếu tổng hợp của {g}.").format(g=group.name))
            return redirect("elections:round", round_.pk)
        totals = {"ballots_collected": request.POST.get("ballots_collected"),
                  "invalid_by_reason": {str(r): request.POST.get(f"r_{r}")
                                        for r in rules.InvalidReason},
                  "votes": [request.POST.get(f"v{c.pk}") for c in cands]}
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
        try:
            take = request.POST.get("take")
            services.ballot_resolve(
                acting_user=_user(request), group=group, position=int(request.POST["position"]),
                take=int(take) if take in ("1", "2") else None,
                marks=request.POST.get("marks", ""), void_lines=request.POST.get("void", ""),
                unstamped=bool(request.POST.get("unstamped")),
                identifying_mark=bool(request.POST.get("identifying_mark")),
                write_in=bool(request.POST.get("write_in")))
        except (ValidationError, KeyError, ValueError) as exc:
            error = _errors(exc) if isinstance(exc, ValidationError) else str(exc)
        else:
            return redirect("elections:mismatches", group.pk)
    _, mismatches = services.effective_ballots(group)
    return render(request, "elections/mismatches.html", {
        "group": group, "round": group.round, "mismatches": mismatches, "error": error})


# --- results -------------------------------------------------------------------------------
def _visible_round(request: HttpRequest, pk: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("election__organization"), pk=pk)
    if not services.can_see_results(request.user, round_):
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
        return services.result_payload(services.round_count(round_)), ""
    except rules.RulesError as exc:
        return None, str(exc)


@role_required(*Role)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _visible_round(request, pk)
    data, error = _results_data(round_)
    rows = []
    if data:
        elected = set(data["elected"])
        tied = set((data.get("tie") or {}).get("candidates", []))
        for i, c in enumerate(data["candidates"], start=1):
            rows.append({**c, "n": i, "elected": c["name"] in elected, "tied": c["name"] in tied})
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
        "mandates": round_.mandates.order_by("order"),
    })


@require_POST
@role_required(*services.PUBLISH_ROLES)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    try:
        services.round_publish(acting_user=_user(request), round_=round_,
                               published=request.POST.get("published", "1") == "1")
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


def _export_rows(round_: Round) -> list[list[Any]]:
    data = round_.result or {}
    rows: list[list[Any]] = [[_t("Số TT"), _t("Họ và tên"), _t("Số phiếu"), _t("Tỷ lệ % (trên cơ sở)"),
                              _t("Quá bán"), _t("Trúng cử")]]
    elected = set(data.get("elected", []))
    for i, c in enumerate(data.get("candidates", []), start=1):
        rows.append([i, c["name"], c["votes"], c["percent"], _t("có") if c["above_threshold"] else "",
                     _t("trúng cử") if c["name"] in elected else ""])
    rows.append([])
    for label, key in ((_t("Cơ sở tính tỷ lệ"), "base"), (_t("Số phiếu cần đạt"), "threshold"),
                       (_t("Phiếu phát ra"), "ballots_issued"), (_t("Phiếu thu vào"), "ballots_collected"),
                       (_t("Phiếu hợp lệ"), "valid")):
        rows.append(["", label, data.get(key)])
    for k, v in (data.get("invalid", {}).get("by_reason", {})).items():
        rows.append(["", str(INVALID_REASON_INFO[rules.InvalidReason(k)].label), v])
    return rows


@role_required(*Role)
def results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    round_ = _visible_round(request, pk)
    if not round_.result:
        raise PermissionDenied
    rows = _export_rows(round_)
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
    round_ = get_object_or_404(Round.objects.select_related("election"), pk=pk)
    proposal = services.round_propose_next(round_)
    if proposal is None:
        messages.error(request, str(services.ERR_NOTHING_TO_PROPOSE))
        return redirect("elections:round", round_.pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if request.POST.get("action") == "stop":
                services.election_stop(acting_user=_user(request), election=round_.election,
                                       decided_by=d["decided_by"], text=d["text"],
                                       decided_at=d["decided_at"])
                return redirect("elections:detail", round_.election_id)
            ids = [int(x) for x in request.POST.getlist("candidate")]
            added = [n for n in request.POST.get("added", "").splitlines() if n.strip()]
            new = services.round_create_next(
                acting_user=_user(request), round_=round_, decided_by=d["decided_by"],
                text=d["text"], decided_at=d["decided_at"], candidate_ids=ids,
                added_names=added if proposal.kind == "unfilled" else [])
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            return redirect("elections:round", new.pk)
    return render(request, "elections/next_round.html", {
        "round": round_, "election": round_.election, "proposal": proposal, "form": form})
