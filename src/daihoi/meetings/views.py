"""Pages of committee conferences: committees, conferences (invitations, attendance,
conclusion), drafts and their comments, confidence votes, inspection. Thin: each view checks
who may see the record, parses with a form and calls one service or selector."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from daihoi.core import confirm
from daihoi.core.models import User
from daihoi.core.permissions import role_required
from daihoi.core.roles import Role
from daihoi.meetings import forms, reports, selectors, services
from daihoi.meetings.electorate import seats_on
from daihoi.meetings.models import (
    Comment,
    Committee,
    Conference,
    ConferenceVote,
    ConferenceVoteAnswer,
    ConfidenceVote,
    Draft,
    DraftVersion,
    Inspection,
    InspectionPlan,
    Invitation,
    Placement,
    Section,
)
from daihoi.organizations.models import Member, Organization
from daihoi.rules import confidence as confidence_rules

READERS = (*selectors.READ_ALL_ROLES, Role.COMMITTEE)
OFFICE = selectors.OFFICE_ROLES
INSPECTION = selectors.INSPECTION_ROLES


def _user(request: HttpRequest) -> User:
    # Every view here is behind a login check: the user is a real User.
    return cast(User, request.user)


def _visible(request: HttpRequest, committee: Committee) -> None:
    """A committee another user's role does not reach answers 404 (gives nothing away)."""
    if not selectors.can_see_committee(request.user, committee):
        raise Http404


def _errors(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _flash_errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)


def _channel(request: HttpRequest) -> str:
    agent = request.headers.get("user-agent", "")
    return Comment.Channel.PHONE if "Mobi" in agent or "Android" in agent else Comment.Channel.LAPTOP


# --- committees and conferences ---------------------------------------------------------------
def _committee_form(data: Any = None) -> forms.CommitteeForm:
    from daihoi.organizations.selectors import organization_choices

    return forms.CommitteeForm(data, organizations=organization_choices(),
                               elections=selectors.committee_elections(),
                               committees=selectors.committee_choices())


@role_required(*READERS)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/index.html", {
        "committees": selectors.committees_visible(request.user).prefetch_related("conferences"),
        "committee_form": _committee_form() if selectors.can_change(request.user) else None})


@require_POST
@role_required(*OFFICE)
def committee_create(request: HttpRequest) -> HttpResponse:
    form = _committee_form(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect("meetings:index")
    data = form.cleaned_data
    from daihoi.elections.models import Election

    election = Election.objects.filter(pk=data["election"]).first() if data["election"] else None
    committee = services.committee_create(
        acting_user=_user(request), organization=get_object_or_404(Organization, pk=data["organization"]),
        kind=data["kind"], name=data["name"], term=data["term"], term_starts_on=data["term_starts_on"],
        previous=Committee.objects.filter(pk=data["previous"]).first() if data["previous"] else None,
        election=election, seats=selectors.seats_from_election(election.pk) if election else ())
    return redirect("meetings:committee", pk=committee.pk)


@require_POST
@role_required(*OFFICE)
def seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    form = forms.SeatForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        member = Member.objects.filter(pk=data.pop("member") or 0).first()
        services.seat_add(acting_user=_user(request), committee=committee, member=member, **data)
    else:
        _flash_errors(request, form)
    return redirect("meetings:committee", pk=committee.pk)


@role_required(*READERS)
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    _visible(request, committee)
    can = selectors.can_change(request.user)
    return render(request, "meetings/committee.html", {
        "committee": committee, "seats": committee.members.all(),
        "conferences": committee.conferences.all(), "can_change": can,
        "seat_form": forms.SeatForm() if can else None,
        "next_number": selectors.next_number(committee),
        "conference_form": forms.ConferenceForm(initial={"kind": Conference.Kind.REGULAR})
        if can else None,
        "decisions": committee.decisions.all() if committee.kind == Committee.Kind.STANDING else None,
        "decision_form": forms.DecisionForm() if can and committee.kind == Committee.Kind.STANDING
        else None,
    })


@require_POST
@role_required(*OFFICE)
def conference_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    form = forms.ConferenceForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect("meetings:committee", pk=committee.pk)
    conference = services.conference_create(acting_user=_user(request), committee=committee,
                                            **form.cleaned_data)
    return redirect("meetings:conference", pk=conference.pk)


@require_POST
@role_required(*OFFICE)
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        services.decision_add(acting_user=_user(request), committee=committee, **form.cleaned_data)
    else:
        _flash_errors(request, form)
    return redirect("meetings:committee", pk=committee.pk)


@role_required(*READERS)
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference.objects.select_related("committee"), pk=pk)
    _visible(request, conference.committee)
    can = selectors.can_change(request.user)
    seat = selectors.seat_for(request.user, conference)
    mine = conference.invitations.filter(seat=seat).first() if seat else None
    return render(request, "meetings/conference.html", {
        "conference": conference, "can_change": can, "seat": seat,
        "attendance": selectors.attendance_summary(conference),
        "invitations": selectors.invitations(conference),
        "invitation_counts": selectors.invitation_counts(conference),
        "my_invitation": mine, "answer_form": forms.AnswerForm() if mine else None,
        "documents": selectors.invitation_documents(conference),
        "drafts": conference.drafts.all(), "work_log": selectors.work_log_for(conference),
        "previous": selectors.previous_conference(conference),
        "votes": conference.confidence_votes.select_related("round"),
        # A confidence vote on device is shown with its vote, not as an election.
        "elections": conference.elections.select_related("election").exclude(
            election__ballot_format="confidence"),
        "hand_votes": selectors.conference_votes(conference, seat),
        "hand_vote_form": forms.VoteForm() if can else None,
        "device_vote_form": forms.DeviceVoteForm() if can else None,
        "present": seat is not None and selectors.is_present(conference, seat),
        "answer_choices": ConferenceVoteAnswer.Choice.choices,
        "link_form": forms.ElectionLinkForm(elections=selectors.linkable_elections(),
                                            seats=list(seats_on(conference))) if can else None,
        "guests_form": forms.GuestsForm() if can else None,
        "conclusion_form": forms.ConclusionForm(initial={
            "conclusion": conference.conclusion,
            "held": conference.status == Conference.Status.HELD}) if can else None,
        "draft_form": forms.DraftForm() if can else None,
        "vote_form": forms.ConfidenceVoteForm(seats=list(seats_on(conference).exclude(
            position="member"))) if can else None,
    })


@require_POST
@role_required(*OFFICE)
def invitations_send(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    form = forms.GuestsForm(request.POST)
    if form.is_valid():
        n = services.invitations_send(acting_user=_user(request), conference=conference,
                                      guests=form.guest_list())
        messages.success(request, _("Đã gửi %(n)d giấy mời.") % {"n": n})
    return redirect("meetings:conference", pk=conference.pk)


@require_POST
@role_required(Role.COMMITTEE, *OFFICE)
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("conference__committee"), pk=pk)
    _visible(request, invitation.conference.committee)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        services.invitation_answer(acting_user=_user(request), invitation=invitation,
                                   **form.cleaned_data)
        messages.success(request, _("Đã ghi trả lời giấy mời."))
    else:
        _flash_errors(request, form)
    return redirect("meetings:conference", pk=invitation.conference_id)


@role_required(Role.COMMITTEE, *OFFICE)
def invitation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The office prints any invitation; a member their own."""
    invitation = get_object_or_404(Invitation.objects.select_related("conference__committee", "seat"),
                                   pk=pk)
    _visible(request, invitation.conference.committee)
    if not selectors.can_change(request.user):
        seat = selectors.seat_for(request.user, invitation.conference)
        if seat is None or invitation.seat_id != seat.pk:
            raise Http404
    response = HttpResponse(reports.invitation_pdf(invitation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-moi-{invitation.pk}.pdf"'
    return response


@role_required(*OFFICE)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    summary = selectors.attendance_summary(conference)
    form = forms.AttendanceForm(request.POST or None, seats=[s for s, _m in summary.rows],
                                initial_marks={s.pk: m for s, m in summary.rows})
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(acting_user=_user(request), conference=conference,
                                       marks=form.marks())
            return redirect("meetings:conference", pk=conference.pk)
        except ValidationError as exc:
            _errors(form, exc)
    return render(request, "meetings/attendance.html", {"conference": conference, "form": form,
                                                        "summary": summary})


@role_required(*READERS)
def conclusion_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference.objects.select_related("committee"), pk=pk)
    _visible(request, conference.committee)
    response = HttpResponse(reports.conclusion_pdf(conference), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ket-luan-hoi-nghi-{conference.number}.pdf"'
    return response


@require_POST
@role_required(*OFFICE)
def conclusion(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    form = forms.ConclusionForm(request.POST)
    if form.is_valid():
        services.conference_update(
            acting_user=_user(request), conference=conference,
            conclusion=form.cleaned_data["conclusion"],
            status=Conference.Status.HELD if form.cleaned_data["held"] else Conference.Status.PREPARING)
    return redirect("meetings:conference", pk=conference.pk)


@require_POST
@role_required(*OFFICE)
def vote_record(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    form = forms.VoteForm(request.POST)
    if form.is_valid():
        try:
            services.vote_record(acting_user=_user(request), conference=conference, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        _flash_errors(request, form)
    return redirect("meetings:conference", pk=conference.pk)


@require_POST
@role_required(*OFFICE)
def vote_open_device(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    form = forms.DeviceVoteForm(request.POST)
    if form.is_valid():
        services.vote_open_device(acting_user=_user(request), conference=conference,
                                  question=form.cleaned_data["question"])
    else:
        _flash_errors(request, form)
    return redirect(f"{_conference_url(conference.pk)}#votes")


@require_POST
@role_required(Role.COMMITTEE, *OFFICE)
def vote_answer(request: HttpRequest, pk: int) -> HttpResponse:
    vote = get_object_or_404(ConferenceVote.objects.select_related("conference__committee"), pk=pk)
    _visible(request, vote.conference.committee)
    form = forms.VoteAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.vote_answer(acting_user=_user(request), vote=vote,
                                 choice=form.cleaned_data["choice"])
            messages.success(request, _("Đã ghi biểu quyết của đồng chí."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        _flash_errors(request, form)
    return redirect(f"{_conference_url(vote.conference_id)}#votes")


@require_POST
@role_required(*OFFICE)
def vote_close_device(request: HttpRequest, pk: int) -> HttpResponse:
    vote = get_object_or_404(ConferenceVote, pk=pk)
    try:
        services.vote_close_device(acting_user=_user(request), vote=vote)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{_conference_url(vote.conference_id)}#votes")


def _conference_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("meetings:conference", args=[pk])


@require_POST
@role_required(*OFFICE)
def election_link(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    seats = list(seats_on(conference))
    form = forms.ElectionLinkForm(request.POST, elections=selectors.linkable_elections(), seats=seats)
    if form.is_valid():
        from daihoi.elections.models import Election

        chosen = set(form.cleaned_data["counting"])
        services.conference_election_link(
            acting_user=_user(request), conference=conference,
            election=Election.objects.get(pk=form.cleaned_data["election"]),
            counting=[s for s in seats if s.pk in chosen])
    else:
        _flash_errors(request, form)
    return redirect("meetings:conference", pk=conference.pk)


# --- drafts -----------------------------------------------------------------------------------
@require_POST
@role_required(*OFFICE)
def draft_create(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    form = forms.DraftForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = services.draft_create(acting_user=_user(request), conference=conference,
                                          title=form.cleaned_data["title"],
                                          filename=upload.name, data=upload.read())
            return redirect("meetings:draft", pk=draft.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        _flash_errors(request, form)
    return redirect("meetings:conference", pk=conference.pk)


def _draft(request: HttpRequest, pk: int) -> Draft:
    draft = get_object_or_404(Draft.objects.select_related("conference__committee"), pk=pk)
    _visible(request, draft.conference.committee)
    return draft


@role_required(*READERS)
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    versions = list(draft.versions.order_by("number"))
    latest = versions[-1] if versions else None
    sections, orphans = selectors.version_view(latest) if latest else ([], [])
    can = selectors.can_change(request.user)
    seat = selectors.seat_for(request.user, draft.conference)
    return render(request, "meetings/draft.html", {
        "draft": draft, "versions": versions, "version": latest, "sections": sections,
        "orphans": orphans, "can_change": can,
        "can_comment": (seat is not None or can) and draft.status == Draft.Status.OPEN,
        "comment_form": forms.CommentForm(), "handle_form": forms.HandleForm() if can else None,
        "version_form": forms.VersionForm() if can else None,
        "uncertain": list(selectors.uncertain_placements(latest)) if can and latest else [],
        "section_choices": [(s.section.pk, s.section.heading) for s in sections],
        "counts": selectors.comment_counts(draft),
    })


@require_POST
@role_required(Role.COMMITTEE, *OFFICE)
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("version__draft"), pk=pk)
    draft = _draft(request, section.version.draft_id)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(acting_user=_user(request), section=section,
                                 text=form.cleaned_data["text"], channel=_channel(request))
            messages.success(request, _("Đã gửi ý kiến."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        _flash_errors(request, form)
    return redirect(f"{draft_url(draft)}#section-{section.pk}")


def draft_url(draft: Draft) -> str:
    from django.urls import reverse

    return reverse("meetings:draft", args=[draft.pk])


@require_POST
@role_required(*OFFICE)
def comment_handle(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=pk)
    form = forms.HandleForm(request.POST)
    if form.is_valid():
        services.comment_handle(acting_user=_user(request), comment=comment, **form.cleaned_data)
    else:
        _flash_errors(request, form)
    return redirect(draft_url(comment.draft))


@require_POST
@role_required(*OFFICE)
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_object_or_404(Draft, pk=pk)
    form = forms.VersionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.version_add(acting_user=_user(request), draft=draft, filename=upload.name,
                                 data=upload.read(), note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        _flash_errors(request, form)
    return redirect(draft_url(draft))


@require_POST
@role_required(*OFFICE)
def placement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(Placement.objects.select_related("version"), pk=pk)
    choices = list(placement.version.sections.values_list("pk", "heading"))
    form = forms.PlacementForm(request.POST, choices=choices)
    if form.is_valid():
        section_id = form.cleaned_data["section"]
        section = placement.version.sections.get(pk=section_id) if section_id else None
        services.placement_confirm(acting_user=_user(request), placement=placement, section=section)
    else:
        _flash_errors(request, form)
    return redirect(draft_url(placement.version.draft))


@role_required(*READERS)
def draft_compare(request: HttpRequest, pk: int, old: int, new: int) -> HttpResponse:
    draft = _draft(request, pk)
    a = get_object_or_404(DraftVersion, draft=draft, number=old)
    b = get_object_or_404(DraftVersion, draft=draft, number=new)
    return render(request, "meetings/compare.html", {"draft": draft, "old": a, "new": b,
                                                     "rows": selectors.compare(a, b)})


@role_required(*READERS)
def version_file(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    draft = _draft(request, pk)
    version = get_object_or_404(DraftVersion, draft=draft, number=number)
    kind = ("application/pdf" if version.filename.lower().endswith(".pdf") else
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response = HttpResponse(bytes(version.content), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="draft-{draft.pk}-v{number}' \
        f'{".pdf" if kind == "application/pdf" else ".docx"}"'
    return response


@role_required(*READERS)
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    response = HttpResponse(reports.report_docx(draft), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f'attachment; filename="tiep-thu-giai-trinh-{draft.pk}.docx"'
    return response


@role_required(*READERS)
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    response = HttpResponse(reports.report_pdf(draft), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tiep-thu-giai-trinh-{draft.pk}.pdf"'
    return response


@role_required(*OFFICE)
def draft_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Asked first: the version adopted and the comments not yet handled at this moment."""
    draft = get_object_or_404(Draft, pk=pk)
    if draft.status != Draft.Status.OPEN:
        return redirect(draft_url(draft))
    latest = selectors.latest_version(draft)
    counts = selectors.comment_counts(draft)
    figures = confirm.Figures([
        _("Phiên bản được thông qua: v%(n)s.") % {"n": latest.number if latest else 0},
        _("Ý kiến: %(taken)s tiếp thu, %(explained)s giải trình, %(set_aside)s không tiếp thu, "
          "%(pending)s chưa xử lý.") % counts],
        _("Sau khi thông qua, dự thảo không nhận thêm phiên bản hay ý kiến nào nữa."))
    if not confirm.confirmed(request, figures):
        return confirm.ask(request, title=_("Thông qua dự thảo: %(t)s") % {"t": draft.title},
                           figures=figures, button=_("Thông qua phiên bản cuối"),
                           back=draft_url(draft))
    services.draft_adopt(acting_user=_user(request), draft=draft)
    return redirect(draft_url(draft))


# --- confidence votes -------------------------------------------------------------------------
@require_POST
@role_required(*OFFICE)
def confidence_create(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    seats = list(seats_on(conference))
    form = forms.ConfidenceVoteForm(request.POST, seats=seats)
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect("meetings:conference", pk=conference.pk)
    chosen = set(form.cleaned_data["subjects"])
    vote = services.confidence_vote_create(acting_user=_user(request), conference=conference,
                                           title=form.cleaned_data["title"],
                                           subjects=[s for s in seats if s.pk in chosen])
    return redirect("meetings:confidence", pk=vote.pk)


@role_required(*READERS)
def confidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vote = get_object_or_404(ConfidenceVote.objects.select_related("conference__committee"), pk=pk)
    _visible(request, vote.conference.committee)
    can = selectors.can_change(request.user)
    subjects = list(vote.subjects.all())
    initial = {"convened": vote.convened, "present": vote.present, "returned": vote.returned}
    if vote.status == ConfidenceVote.Status.PREPARING:
        summary = selectors.attendance_summary(vote.conference)
        initial = {"convened": summary.convened, "present": summary.present,
                   "returned": summary.present}
    form = None
    if can and not vote.on_device:
        form = forms.ConfidenceCountsForm(request.POST or None, subjects=subjects, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.confidence_counts_enter(acting_user=_user(request), vote=vote,
                                                 counts=form.counts(), **form.cleaned_data_base())
                return redirect("meetings:confidence", pk=vote.pk)
            except ValidationError as exc:
                _errors(form, exc)
    elif request.method == "POST":
        raise PermissionDenied
    preparing = vote.status == ConfidenceVote.Status.PREPARING
    device = selectors.confidence_device_state(vote, request.user)
    result = selectors.confidence_result(vote)
    rows = []
    if result is not None:
        for p in result.people:
            rows.append({"p": p, "high": confidence_rules.percent_text(p.high_share),
                         "medium": confidence_rules.percent_text(p.medium_share),
                         "low": confidence_rules.percent_text(p.low_share),
                         "consequence": _(confidence_rules.CONSEQUENCE_TEXT[p.consequence])})
    return render(request, "meetings/confidence.html", {
        "vote": vote, "form": form, "result": result, "rows": rows, "device": device,
        "can_record": can and preparing and device is not None and device.closed,
        "device_form": forms.ConfidenceDeviceForm(seats=list(seats_on(vote.conference)))
        if can and preparing and not vote.on_device else None,
        "citation": confidence_rules.CITATION})


@require_POST
@role_required(*OFFICE)
def confidence_device(request: HttpRequest, pk: int) -> HttpResponse:
    """Hold the vote on device (POST with the counting group) or, once e-voting has closed
    it, record its counts (POST `record`)."""
    vote = get_object_or_404(ConfidenceVote.objects.select_related("conference"), pk=pk)
    try:
        if "record" in request.POST:
            services.confidence_device_record(acting_user=_user(request), vote=vote)
            messages.success(request, _("Đã ghi kết quả bỏ phiếu điện tử."))
        else:
            seats = list(seats_on(vote.conference))
            form = forms.ConfidenceDeviceForm(request.POST, seats=seats)
            if not form.is_valid():
                _flash_errors(request, form)
                return redirect("meetings:confidence", pk=vote.pk)
            chosen = set(form.cleaned_data["counting"])
            services.confidence_device_prepare(acting_user=_user(request), vote=vote,
                                               counting=[s for s in seats if s.pk in chosen])
            messages.success(request, _("Đã chuẩn bị phiếu tín nhiệm điện tử: Tổ kiểm phiếu "
                                        "mở bỏ phiếu trong mục Bỏ phiếu điện tử."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("meetings:confidence", pk=vote.pk)


# --- inspection -------------------------------------------------------------------------------
@role_required(*INSPECTION)
def inspection_index(request: HttpRequest) -> HttpResponse:
    query = forms.YearForm(request.GET)
    year = (query.cleaned_data.get("year") if query.is_valid() else None) or timezone.localdate().year
    return render(request, "meetings/inspection.html", {
        "year": year, "plans": InspectionPlan.objects.filter(year=year),
        "inspections": selectors.inspections_in_year(year),
        "disciplines": selectors.disciplines_listed(year),
        "counts": (counts := selectors.year_counts(year)),
        "summary": reports.year_sentence(counts),
        "plan_form": forms.PlanForm(initial={"year": year}),
        "inspection_form": forms.InspectionForm(), "discipline_form": forms.DisciplineForm(),
    })


@role_required(*INSPECTION)
def inspection_xlsx(request: HttpRequest) -> HttpResponse:
    from daihoi.core import tabular

    query = forms.YearForm(request.GET)
    year = (query.cleaned_data.get("year") if query.is_valid() else None) or timezone.localdate().year
    response = HttpResponse(reports.inspection_xlsx(year), content_type=tabular.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="kiem-tra-giam-sat-{year}.xlsx"'
    return response


@role_required(*READERS)
def confidence_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    vote = get_object_or_404(ConfidenceVote.objects.select_related("conference__committee"), pk=pk)
    _visible(request, vote.conference.committee)
    response = HttpResponse(reports.confidence_pdf(vote), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-tin-nhiem-{vote.pk}.pdf"'
    return response


@require_POST
@role_required(*INSPECTION)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = forms.PlanForm(request.POST)
    root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
    if form.is_valid() and root is not None:
        services.inspection_plan_create(acting_user=_user(request), organization=root,
                                        **form.cleaned_data)
    else:
        _flash_errors(request, form)
    return redirect("meetings:inspection")


@require_POST
@role_required(*INSPECTION)
def inspection_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(InspectionPlan, pk=pk)
    form = forms.InspectionForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        member = Member.objects.filter(pk=data.pop("target_member") or 0).first()
        org = Organization.objects.filter(pk=data.pop("target_organization") or 0).first()
        try:
            services.inspection_add(acting_user=_user(request), plan=plan, target_member=member,
                                    target_organization=org, **data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        _flash_errors(request, form)
    return redirect(f"{_inspection_url()}?year={plan.year}")


def _inspection_url() -> str:
    from django.urls import reverse

    return reverse("meetings:inspection")


@require_POST
@role_required(*INSPECTION)
def discipline_add(request: HttpRequest) -> HttpResponse:
    form = forms.DisciplineForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        member = Member.objects.filter(pk=data.pop("member")).first()
        if member is None:
            messages.error(request, _("Không tìm thấy đảng viên."))
        else:
            services.discipline_record(acting_user=_user(request), member=member, **data)
    else:
        _flash_errors(request, form)
    return redirect("meetings:inspection")


@require_POST
@role_required(*INSPECTION)
def inspection_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(Inspection, pk=pk)
    form = forms.ConclusionForm(request.POST)
    if form.is_valid():
        services.inspection_conclude(acting_user=_user(request), inspection=inspection,
                                     result=form.cleaned_data["conclusion"])
    return redirect("meetings:inspection")
