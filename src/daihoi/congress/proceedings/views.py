"""Pages of the hall: thin views over `services` and `selectors`; permissions in `access`."""

from __future__ import annotations

import json
import mimetypes
from typing import Any, cast
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from daihoi.congress import selectors as congress_selectors
from daihoi.congress.models import Congress
from daihoi.congress.proceedings import access, forms, pdfs, selectors, services, targets_parser
from daihoi.congress.proceedings.models import (
    AgendaItem,
    Contribution,
    DeviceVote,
    Document,
    DocumentVersion,
    Speech,
    Vote,
)
from daihoi.core import confirm
from daihoi.core.models import User
from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.elections.evoting import selectors as evoting_selectors
from daihoi.rules import votes as voting
from daihoi.targets.models import Target

NO_CONGRESS = gettext_lazy("Chưa có đại hội nào đang diễn ra hoặc đang chuẩn bị.")


def _congress(request: HttpRequest, congress_id: int) -> Congress:
    congress = get_object_or_404(Congress.objects.select_related("organization"), pk=congress_id)
    access.require_view(request.user, congress)
    return congress


def _me(request: HttpRequest) -> User:
    """The logged-in user (every view checks login before calling a service)."""
    return cast(User, request.user)


def _login_needed(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        if request.headers.get("HX-Request"):
            # A polled fragment after the session ended: send the whole page to the login
            # form instead of swapping the form into the fragment.
            response = HttpResponse(status=204)
            page = urlsplit(request.headers.get("HX-Current-URL", "")).path or request.get_full_path()
            response["HX-Redirect"] = redirect_to_login(page)["Location"]
            return response
        return redirect_to_login(request.get_full_path())
    return None


def _ctx(request: HttpRequest, congress: Congress, **extra: Any) -> dict[str, Any]:
    title, term = selectors.title_lines(congress)
    return {
        "congress": congress, "congress_title": title, "congress_term": term,
        "can_run": access.can_run(request.user, congress),
        "can_preside": access.can_preside(request.user, congress),
        "my_delegate": congress_selectors.delegate_for_user(request.user, congress),
        **extra,
    }


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for message in forms.form_errors(form):
        messages.error(request, message)


def _valid(form: Any) -> Any:
    """The form's data, or its messages as a ValidationError (the page shows them)."""
    if not form.is_valid():
        raise ValidationError(forms.form_errors(form))
    return form


# --- entry points from the top bar -------------------------------------------------------------

def _to_current(request: HttpRequest, name: str) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = congress_selectors.current_congress()
    if congress is None:
        messages.info(request, NO_CONGRESS)
        return redirect("congress:list")
    # The same check as the page it leads to: a user who may not see the hall is not even
    # told which congress is in session.
    access.require_view(request.user, congress)
    return redirect(name, congress_id=congress.pk)


def home(request: HttpRequest) -> HttpResponse:
    return _to_current(request, "proceedings:agenda")


def screen_current(request: HttpRequest) -> HttpResponse:
    return _to_current(request, "proceedings:screen")


def votes_current(request: HttpRequest) -> HttpResponse:
    return _to_current(request, "proceedings:votes")


# --- agenda -------------------------------------------------------------------------------------

def agenda(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    hall = selectors.hall_state(congress)
    return render(request, "proceedings/agenda.html", _ctx(
        request, congress, items=selectors.agenda(congress), hall=hall,
        kinds=AgendaItem.Kind.choices, sessions=congress_selectors.sessions_of(congress),
        tab="agenda",
    ))


def _run(request: HttpRequest, congress_id: int) -> Congress:
    if not request.user.is_authenticated:
        raise PermissionDenied
    congress = _congress(request, congress_id)
    access.require_run(request.user, congress)
    return congress


@require_POST
def agenda_add(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    try:
        form = _valid(forms.AgendaItemForm(request.POST, congress=congress))
        services.agenda_item_create(acting_user=_me(request), congress=congress, **form.create_kwargs())
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("proceedings:agenda", congress_id=congress.pk)


@require_POST
def agenda_item_action(request: HttpRequest, congress_id: int, item_id: int, action: str) -> HttpResponse:
    congress = _run(request, congress_id)
    item = get_object_or_404(AgendaItem, pk=item_id, congress=congress)
    if action == "current":
        services.agenda_set_current(acting_user=_me(request), congress=congress, item=item)
    elif action in ("up", "down"):
        services.agenda_item_move(acting_user=_me(request), item=item, step=-1 if action == "up" else 1)
    elif action == "delete":
        services.agenda_item_delete(acting_user=_me(request), item=item)
    elif action == "edit":
        try:
            form = _valid(forms.AgendaItemForm(request.POST, congress=congress))
            services.agenda_item_update(acting_user=_me(request), item=item, **form.update_kwargs(item))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        raise Http404
    return redirect("proceedings:agenda", congress_id=congress.pk)


@require_POST
def agenda_step(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    step = forms.StepForm(request.POST).value
    hall = services.agenda_step(acting_user=_me(request), congress=congress, step=step)
    if request.headers.get("HX-Request") or request.headers.get("Accept") == "application/json":
        return JsonResponse({"current_item": hall.current_item_id})
    return redirect("proceedings:agenda", congress_id=congress.pk)


# --- documents ----------------------------------------------------------------------------------

def documents(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    return render(request, "proceedings/documents.html", _ctx(
        request, congress, documents=selectors.documents(congress), kinds=Document.Kind.choices,
        items=selectors.agenda(congress), tab="documents",
    ))


@require_POST
def document_upload(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    try:
        form = _valid(forms.DocumentUploadForm(request.POST, request.FILES, congress=congress))
        data = form.cleaned_data
        upload = data["file"]
        if form.names_a_document:
            doc = data["document"]
            if doc is None:
                raise Http404
            if upload is None:
                raise ValidationError(str(services.FILE_MISSING))
            version = services.document_add_version(acting_user=_me(request), document=doc,
                                                    upload=upload, note=data["note"])
            messages.success(request, _("Đã tải lên phiên bản %(n)s của «%(t)s».")
                             % {"n": version.number, "t": doc.title})
        else:
            if upload is None:
                raise ValidationError(str(services.FILE_MISSING))
            doc = services.document_create(
                acting_user=_me(request), congress=congress, title=data["title"] or (upload.name or ""),
                kind=data["kind"] or Document.Kind.OTHER, upload=upload, agenda_item=data["agenda_item"],
                note=data["note"],
            )
            messages.success(request, _("Đã thêm tài liệu «%(t)s».") % {"t": doc.title})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("proceedings:documents", congress_id=congress.pk)


def document_download(request: HttpRequest, congress_id: int, version_id: int) -> HttpResponseBase:
    """Through this view only (no public media URL): delegates of THIS congress and the
    roles that read everything."""
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=version_id,
                                document__congress=congress)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(version.original_name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=version.original_name,
                                          content_type=content_type)
    return response


# --- votes --------------------------------------------------------------------------------------

def votes(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    rows = list(selectors.votes(congress))
    delegate = congress_selectors.delegate_for_user(request.user, congress)
    mine = selectors.my_choices(congress, delegate)
    bodies = selectors.vote_bodies(congress)
    hall = selectors.hall_state(congress)
    return render(request, "proceedings/votes.html", _ctx(
        request, congress, current_item_id=hall.current_item_id if hall else None, votes=rows,
        mine=mine, subjects=Vote.Subject.choices,
        modes=Vote.Mode.choices, bodies=bodies, items=selectors.agenda(congress),
        attendance=congress_selectors.attendance_summary(congress), tab="votes",
        choices=DeviceVote.Choice.choices, me=selectors.standing(request.user, congress),
    ))


@require_POST
def vote_create(request: HttpRequest, congress_id: int) -> HttpResponse:
    if not has_role(request.user, Role.SECRETARIAT):
        raise PermissionDenied
    congress = _congress(request, congress_id)
    try:
        form = _valid(forms.VoteCreateForm(request.POST, congress=congress))
        vote = services.vote_create(acting_user=_me(request), congress=congress, **form.create_kwargs())
        return redirect("proceedings:vote", congress_id=congress.pk, vote_id=vote.pk)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("proceedings:votes", congress_id=congress.pk)


def vote_detail(request: HttpRequest, congress_id: int, vote_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    vote = selectors.vote_of(congress, vote_id)
    if vote is None:
        raise Http404
    delegate = congress_selectors.delegate_for_user(request.user, congress)
    attendance = congress_selectors.attendance_summary(congress)
    mine = selectors.my_choice(vote, delegate)
    return render(request, "proceedings/vote.html", _ctx(
        request, congress, vote=vote, mine=mine, choices=DeviceVote.Choice.choices,
        attendance=attendance, needed=voting.needed_to_adopt(attendance.base) if attendance.base else None,
        live=selectors.device_counts(vote) if vote.mode == Vote.Mode.DEVICE else None,
        show_tally=selectors.may_see_running_tally(request.user),
        me=selectors.standing(request.user, congress), tab="votes",
    ))


def vote_live(request: HttpRequest, congress_id: int, vote_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    vote = get_object_or_404(Vote, pk=vote_id, congress=congress)
    return render(request, "proceedings/_vote_live.html", {
        "vote": vote, "live": selectors.device_counts(vote),
        "show_tally": selectors.may_see_running_tally(request.user),
        "attendance": congress_selectors.attendance_summary(congress), "congress": congress,
    })


@require_POST
def vote_hands(request: HttpRequest, congress_id: int, vote_id: int) -> HttpResponse:
    # Only the secretariat (or admin) enters show-of-hands counts.
    if not has_role(request.user, Role.SECRETARIAT):
        raise PermissionDenied
    congress = _congress(request, congress_id)
    vote = get_object_or_404(Vote, pk=vote_id, congress=congress)
    form = forms.HandsForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            vote = services.vote_record_hands(acting_user=_me(request), vote=vote, **form.counts())
            messages.success(request, _("Đã ghi kết quả biểu quyết «%(t)s».") % {"t": vote.title})
        except ValidationError as exc:
            _errors(request, exc)
    return redirect("proceedings:vote", congress_id=congress.pk, vote_id=vote.pk)


def vote_state(request: HttpRequest, congress_id: int, vote_id: int, action: str) -> HttpResponse:
    """POST: open or close a vote. Closing is asked first (GET, or a POST not confirmed on the
    figures of this moment: "1 of 232 present have voted")."""
    if not has_role(request.user, Role.SECRETARIAT):
        raise PermissionDenied
    congress = _congress(request, congress_id)
    vote = get_object_or_404(Vote, pk=vote_id, congress=congress)
    if action == "close" and vote.status == Vote.Status.OPEN:
        figures = confirm.Figures(selectors.close_figures(congress, vote), _(
            "Sau khi kết thúc, kết quả được ghi và hiện ngay trên màn hình hội trường."))
        if not confirm.confirmed(request, figures):
            return confirm.ask(request, title=_("Kết thúc biểu quyết: %(t)s") % {"t": vote.title},
                               figures=figures, button=_("Kết thúc và công bố kết quả"),
                               back=reverse("proceedings:vote", args=[congress.pk, vote.pk]))
    if request.method != "POST":
        return redirect("proceedings:vote", congress_id=congress.pk, vote_id=vote.pk)
    try:
        if action == "open":
            services.vote_open(acting_user=_me(request), vote=vote)
        elif action == "close":
            services.vote_close(acting_user=_me(request), vote=vote)
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("proceedings:vote", congress_id=congress.pk, vote_id=vote.pk)


@require_POST
def vote_cast(request: HttpRequest, congress_id: int, vote_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    vote = get_object_or_404(Vote, pk=vote_id, congress=congress)
    form = forms.DeviceVoteForm(request.POST)
    try:
        services.device_vote_cast(acting_user=_me(request), vote=vote, choice=form.value)
        messages.success(request, _("Đã ghi nhận biểu quyết của đồng chí."))
    except ValidationError as exc:
        _errors(request, exc)
    if form.back_to_now:
        return redirect("proceedings:now")
    return redirect("proceedings:vote", congress_id=congress.pk, vote_id=vote.pk)


# --- the delegate's page: what is open now -----------------------------------------------------

def delegate_home(request: HttpRequest) -> HttpResponse:
    """The home page of a delegate: what is open now. A delegate who also works for the
    congress (counting committee, secretariat) keeps the page of links to that work."""
    if has_role(request.user, Role.COUNTING, Role.SECRETARIAT, Role.OFFICE, Role.LEADER):
        return render(request, "core/home.html")
    return now(request)


def now(request: HttpRequest) -> HttpResponse:
    """One page on the delegate's phone: what is under way, the device votes and secret
    ballots open now with the buttons to answer them, or why the delegate may not (not
    checked in, an alternate who replaces nobody), and the last results. Also the
    delegate's home page."""
    if (r := _login_needed(request)) is not None:
        return r
    congress = congress_selectors.current_congress()
    if congress is None:
        if not has_role(request.user, *Role):
            raise PermissionDenied
        return render(request, "proceedings/now.html", {"congress": None})
    access.require_view(request.user, congress)
    me = selectors.standing(request.user, congress)
    mine = selectors.my_choices(congress, me.delegate)
    labels = dict(DeviceVote.Choice.choices)
    open_votes = [(v, labels.get(mine[v.pk], mine[v.pk]) if v.pk in mine else None)
                  for v in selectors.open_votes(congress).order_by("opened_at", "id")]
    return render(request, "proceedings/now.html", {
        "congress": congress, "me": me, "hall": selectors.hall_state(congress),
        "open_votes": open_votes, "choices": DeviceVote.Choice.choices,
        "ballots": evoting_selectors.open_rounds_for(request.user),
        "results": selectors.recent_results(congress),
        "published": evoting_selectors.published_rounds_for(request.user)[:5],
    })


# --- resolution ---------------------------------------------------------------------------------

def resolution(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    res = selectors.resolution(congress)
    suggest_text = forms.SuggestForm(request.GET).text
    suggestions = targets_parser.suggest_targets(suggest_text) if suggest_text else []
    return render(request, "proceedings/resolution.html", _ctx(
        request, congress, resolution=res,
        targets=list(selectors.targets(congress)),
        votes=selectors.resolution_votes(congress),
        documents=selectors.congress_documents(congress),
        suggest_text=suggest_text, suggestions=suggestions,
        metrics=Target.Metric.choices, comparisons=Target.Comparison.choices,
        units=Target.Unit.choices, periods=Target.Period.choices, tab="resolution",
    ))


@require_POST
def resolution_save(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    try:
        form = _valid(forms.ResolutionForm(request.POST, request.FILES, congress=congress))
        # With a file, the resolution's document gets a new version (or is created).
        services.resolution_save(acting_user=_me(request), congress=congress, **form.save_kwargs())
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("proceedings:resolution", congress_id=congress.pk)
    messages.success(request, _("Đã lưu Nghị quyết."))
    return redirect("proceedings:resolution", congress_id=congress.pk)


@require_POST
def target_add(request: HttpRequest, congress_id: int) -> HttpResponse:
    """Adds one or several targets: the form repeats its fields (suggestions confirmed)."""
    congress = _run(request, congress_id)
    rows = forms.TargetsForm(request.POST).rows()
    added, errors = services.targets_add(acting_user=_me(request), congress=congress, rows=rows)
    for message in errors:
        messages.error(request, message)
    if added:
        messages.success(request, _("Đã thêm %(n)s chỉ tiêu.") % {"n": added})
    return redirect("proceedings:resolution", congress_id=congress.pk)


@require_POST
def target_delete(request: HttpRequest, congress_id: int, target_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    target = get_object_or_404(Target, pk=target_id, congress=congress)
    services.target_delete(acting_user=_me(request), target=target)
    return redirect("proceedings:resolution", congress_id=congress.pk)


def targets_json(request: HttpRequest, congress_id: int) -> HttpResponse:
    """The machine-readable targets, for the targets issue and for export."""
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    return JsonResponse(selectors.targets_json(congress))


# --- discussion ---------------------------------------------------------------------------------

def discussion(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    return render(request, "proceedings/discussion.html", _ctx(
        request, congress, contributions=list(selectors.contributions(congress)),
        queue=selectors.queue(congress), hall=selectors.hall_state(congress),
        organizations=list(selectors.contribution_organizations(congress)),
        tab="discussion", now=timezone.now(),
    ))


@require_POST
def contribution_submit(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    try:
        data = _valid(forms.ContributionForm(request.POST, request.FILES, congress=congress)).cleaned_data
        services.contribution_submit(acting_user=_me(request), congress=congress,
                                     title=data["title"], author=data["author"], text=data["text"],
                                     organization=data["organization"], upload=data["file"])
        messages.success(request, _("Đã gửi bài tham luận."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("proceedings:discussion", congress_id=congress.pk)


def contribution_file(request: HttpRequest, congress_id: int, contribution_id: int) -> HttpResponseBase:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    row = get_object_or_404(Contribution, pk=contribution_id, congress=congress)
    if not row.file:
        raise Http404
    name = row.original_name or (row.file.name or "tham-luan").rsplit("/", 1)[-1]
    response = FileResponse(row.file.open("rb"), as_attachment=True, filename=name)
    return response


def contributions_book(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    pdf = pdfs.contributions_book(congress)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tham-luan-dai-hoi-{congress.pk}.pdf"'
    return response


@require_POST
def book_publish(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    version = services.contributions_book_publish(acting_user=_me(request), congress=congress)
    messages.success(request, _("Đã đưa kỷ yếu tham luận vào tài liệu Đại hội (phiên bản %(n)s).")
                     % {"n": version.number})
    return redirect("proceedings:documents", congress_id=congress.pk)


@require_POST
def speech_request(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    try:
        form = forms.SpeechRequestForm(request.POST)
        services.speech_request(acting_user=_me(request), congress=congress,
                                topic=form.cleaned_data["topic"] if form.is_valid() else "")
        messages.success(request, _("Đã gửi đăng ký phát biểu tới Đoàn Chủ tịch."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("proceedings:discussion", congress_id=congress.pk)


def _preside(request: HttpRequest, congress_id: int) -> Congress:
    if not request.user.is_authenticated:
        raise PermissionDenied
    congress = _congress(request, congress_id)
    access.require_preside(request.user, congress)
    return congress


@require_POST
def speech_add(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _preside(request, congress_id)
    form = forms.SpeechAddForm(request.POST, congress=congress)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        services.speech_add(acting_user=_me(request), congress=congress, **form.add_kwargs())
    return redirect("proceedings:discussion", congress_id=congress.pk)


SPEECH_ACTIONS = {"accept", "decline", "up", "down", "start", "finish"}


@require_POST
def speech_action(request: HttpRequest, congress_id: int, speech_id: int, action: str) -> HttpResponse:
    congress = _preside(request, congress_id)
    speech = get_object_or_404(Speech, pk=speech_id, congress=congress)
    if action not in SPEECH_ACTIONS:
        raise Http404
    user = _me(request)
    if action == "accept":
        services.speech_accept(acting_user=user, speech=speech,
                               minutes=forms.SpeechAcceptForm(request.POST).value)
    elif action == "decline":
        services.speech_decline(acting_user=user, speech=speech)
    elif action in ("up", "down"):
        services.speech_move(acting_user=user, speech=speech, step=-1 if action == "up" else 1)
    elif action == "start":
        services.speech_start(acting_user=user, speech=speech)
    else:
        services.speech_finish(acting_user=user, speech=speech)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True})
    return redirect(reverse("proceedings:discussion", kwargs={"congress_id": congress.pk}) + "#queue")


@require_POST
def speech_order(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _preside(request, congress_id)
    try:
        ids = [int(i) for i in json.loads(request.body or b"[]")]
    except (ValueError, TypeError):
        return JsonResponse({"ok": False}, status=400)
    services.speech_set_order(acting_user=_me(request), congress=congress, ids=ids)
    return JsonResponse({"ok": True})


# --- the big screen -----------------------------------------------------------------------------

def screen(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    return render(request, "proceedings/screen.html", _ctx(
        request, congress, s=selectors.screen(congress)))


def screen_fragment(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    return render(request, "proceedings/_screen.html", {"congress": congress,
                                                        "s": selectors.screen(congress)})
