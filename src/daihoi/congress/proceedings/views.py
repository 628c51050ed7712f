"""Pages of the hall: thin views over `services` and `selectors`; permissions in `access`."""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
from decimal import Decimal, InvalidOperation
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
from daihoi.congress.models import Body, Congress
from daihoi.congress.proceedings import access, pdfs, selectors, services, targets_parser
from daihoi.congress.proceedings.models import (
    AgendaItem,
    Contribution,
    DeviceVote,
    Document,
    DocumentVersion,
    Resolution,
    Speech,
    Target,
    Vote,
)
from daihoi.core.models import User
from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.organizations.models import Organization
from daihoi.rules import votes as voting

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


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


# --- entry points from the top bar -------------------------------------------------------------

def _to_current(request: HttpRequest, name: str) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = congress_selectors.current_congress()
    if congress is None:
        messages.info(request, NO_CONGRESS)
        return redirect("congress:list")
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
        kinds=AgendaItem.Kind.choices, sessions=list(congress.sessions.all()),
        tab="agenda",
    ))


def _run(request: HttpRequest, congress_id: int) -> Congress:
    if not request.user.is_authenticated:
        raise PermissionDenied
    congress = _congress(request, congress_id)
    access.require_run(request.user, congress)
    return congress


def _time(value: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


@require_POST
def agenda_add(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    p = request.POST
    try:
        services.agenda_item_create(
            acting_user=_me(request), congress=congress, title=p.get("title", ""),
            kind=p.get("kind") or AgendaItem.Kind.PROCEDURE, presenter=p.get("presenter", ""),
            planned_start=_time(p.get("planned_start", "")),
            duration_minutes=max(_int(p.get("duration_minutes"), 15), 1),
            session_id=_int(p.get("session")) or None,
        )
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
        p = request.POST
        try:
            services.agenda_item_update(
                acting_user=_me(request), item=item, title=p.get("title", item.title) or item.title,
                kind=p.get("kind") or item.kind, presenter=p.get("presenter", item.presenter),
                planned_start=_time(p.get("planned_start", "")),
                duration_minutes=max(_int(p.get("duration_minutes"), item.duration_minutes), 1),
                session_id=_int(p.get("session")) or None,
            )
        except ValidationError as exc:
            _errors(request, exc)
    else:
        raise Http404
    return redirect("proceedings:agenda", congress_id=congress.pk)


@require_POST
def agenda_step(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    step = 1 if request.POST.get("step", "1") != "-1" else -1
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
    p = request.POST
    upload = request.FILES.get("file")
    try:
        doc_id = _int(p.get("document"))
        if doc_id:
            doc = get_object_or_404(Document, pk=doc_id, congress=congress)
            if upload is None:
                raise ValidationError(str(services.FILE_MISSING))
            version = services.document_add_version(acting_user=_me(request), document=doc,
                                                    upload=upload, note=p.get("note", ""))
            messages.success(request, _("Đã tải lên phiên bản %(n)s của «%(t)s».")
                             % {"n": version.number, "t": doc.title})
        else:
            if upload is None:
                raise ValidationError(str(services.FILE_MISSING))
            item_id = _int(p.get("agenda_item"))
            item = AgendaItem.objects.filter(pk=item_id, congress=congress).first() if item_id else None
            doc = services.document_create(
                acting_user=_me(request), congress=congress,
                title=p.get("title", "").strip() or (upload.name or ""),
                kind=p.get("kind") or Document.Kind.OTHER, upload=upload, agenda_item=item,
                note=p.get("note", ""),
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
    mine: dict[int, str] = {}
    delegate = congress_selectors.delegate_for_user(request.user, congress)
    if delegate is not None:
        mine = dict(DeviceVote.objects.filter(vote__congress=congress, delegate=delegate)
                    .values_list("vote_id", "choice"))
    bodies = list(Body.objects.filter(congress=congress))
    hall = selectors.hall_state(congress)
    return render(request, "proceedings/votes.html", _ctx(
        request, congress, current_item_id=hall.current_item_id if hall else None, votes=rows,
        mine=mine, subjects=Vote.Subject.choices,
        modes=Vote.Mode.choices, bodies=bodies, items=selectors.agenda(congress),
        attendance=congress_selectors.attendance_summary(congress), tab="votes",
        choices=DeviceVote.Choice.choices,
    ))


@require_POST
def vote_create(request: HttpRequest, congress_id: int) -> HttpResponse:
    if not has_role(request.user, Role.SECRETARIAT):
        raise PermissionDenied
    congress = _congress(request, congress_id)
    p = request.POST
    body = Body.objects.filter(pk=_int(p.get("body")), congress=congress).first() if p.get("body") else None
    item = AgendaItem.objects.filter(pk=_int(p.get("agenda_item")), congress=congress).first()
    subject = p.get("subject") or Vote.Subject.OTHER
    title = p.get("title", "").strip()
    if not title:
        title = str(Vote.Subject(subject).label) if subject in Vote.Subject.values else "Biểu quyết"
        if body is not None:
            title = f"{title}: {body}"
        if p.get("number"):
            title = f"{title}: {_int(p.get('number'))}"
    try:
        vote = services.vote_create(acting_user=_me(request), congress=congress, subject=subject,
                                    title=title, mode=p.get("mode") or Vote.Mode.HANDS,
                                    agenda_item=item, body=body, number=_int(p.get("number")) or None)
        return redirect("proceedings:vote", congress_id=congress.pk, vote_id=vote.pk)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("proceedings:votes", congress_id=congress.pk)


def vote_detail(request: HttpRequest, congress_id: int, vote_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    vote = get_object_or_404(Vote.objects.select_related("body", "agenda_item", "recorded_by"),
                             pk=vote_id, congress=congress)
    delegate = congress_selectors.delegate_for_user(request.user, congress)
    attendance = congress_selectors.attendance_summary(congress)
    mine = None
    if delegate is not None:
        mine = (DeviceVote.objects.filter(vote=vote, delegate=delegate)
                .values_list("choice", flat=True).first())
    return render(request, "proceedings/vote.html", _ctx(
        request, congress, vote=vote, mine=mine, choices=DeviceVote.Choice.choices,
        attendance=attendance, needed=voting.needed_to_adopt(attendance.base) if attendance.base else None,
        live=selectors.device_counts(vote) if vote.mode == Vote.Mode.DEVICE else None,
        tab="votes",
    ))


def vote_live(request: HttpRequest, congress_id: int, vote_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    vote = get_object_or_404(Vote, pk=vote_id, congress=congress)
    return render(request, "proceedings/_vote_live.html", {
        "vote": vote, "live": selectors.device_counts(vote),
        "attendance": congress_selectors.attendance_summary(congress), "congress": congress,
    })


@require_POST
def vote_hands(request: HttpRequest, congress_id: int, vote_id: int) -> HttpResponse:
    # Only the secretariat (or admin) enters show-of-hands counts.
    if not has_role(request.user, Role.SECRETARIAT):
        raise PermissionDenied
    congress = _congress(request, congress_id)
    vote = get_object_or_404(Vote, pk=vote_id, congress=congress)
    counts = {}
    bad = []
    for field in ("agree", "disagree", "other"):
        raw = request.POST.get(field, "").strip() or "0"
        try:
            counts[field] = int(raw)
        except ValueError:
            bad.append(field)
    if bad:
        labels = {"agree": _("Tán thành"), "disagree": _("Không tán thành"), "other": _("Ý kiến khác")}
        for field in bad:
            messages.error(request, _("Ô «%(f)s»: «%(v)s» không phải là số nguyên.")
                           % {"f": labels[field], "v": request.POST.get(field)})
    else:
        try:
            vote = services.vote_record_hands(acting_user=_me(request), vote=vote, **counts)
            messages.success(request, _("Đã ghi kết quả biểu quyết «%(t)s».") % {"t": vote.title})
        except ValidationError as exc:
            _errors(request, exc)
    return redirect("proceedings:vote", congress_id=congress.pk, vote_id=vote.pk)


@require_POST
def vote_state(request: HttpRequest, congress_id: int, vote_id: int, action: str) -> HttpResponse:
    if not has_role(request.user, Role.SECRETARIAT):
        raise PermissionDenied
    congress = _congress(request, congress_id)
    vote = get_object_or_404(Vote, pk=vote_id, congress=congress)
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
    try:
        services.device_vote_cast(acting_user=_me(request), vote=vote, choice=request.POST.get("choice", ""))
        messages.success(request, _("Đã ghi nhận biểu quyết của đồng chí."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("proceedings:vote", congress_id=congress.pk, vote_id=vote.pk)


# --- resolution ---------------------------------------------------------------------------------

def resolution(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    res = Resolution.objects.filter(congress=congress).select_related("vote", "document").first()
    suggestions: list[targets_parser.TargetSuggestion] = []
    suggest_text = request.GET.get("suggest", "")
    if suggest_text:
        suggestions = targets_parser.suggest_targets(suggest_text)
    return render(request, "proceedings/resolution.html", _ctx(
        request, congress, resolution=res,
        targets=list(res.targets.all()) if res else [],
        votes=list(Vote.objects.filter(congress=congress, subject=Vote.Subject.RESOLUTION)),
        documents=list(Document.objects.filter(congress=congress)),
        suggest_text=suggest_text, suggestions=suggestions,
        metrics=Target.Metric.choices, comparisons=Target.Comparison.choices,
        units=Target.Unit.choices, periods=Target.Period.choices, tab="resolution",
    ))


@require_POST
def resolution_save(request: HttpRequest, congress_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    p = request.POST
    vote = Vote.objects.filter(pk=_int(p.get("vote")), congress=congress).first()
    document = Document.objects.filter(pk=_int(p.get("document")), congress=congress).first()
    upload = request.FILES.get("file")
    if upload is not None:
        # The resolution as a file: a new version of its document, or a new document.
        try:
            if document is not None:
                services.document_add_version(acting_user=_me(request), document=document, upload=upload)
            else:
                document = services.document_create(
                    acting_user=_me(request), congress=congress,
                    title=p.get("title", "") or "Nghị quyết Đại hội",
                    kind=Document.Kind.DRAFT_RESOLUTION, upload=upload)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect("proceedings:resolution", congress_id=congress.pk)
    services.resolution_save(acting_user=_me(request), congress=congress,
                             title=p.get("title", "") or "Nghị quyết Đại hội", text=p.get("text", ""),
                             vote=vote, document=document)
    messages.success(request, _("Đã lưu Nghị quyết."))
    return redirect("proceedings:resolution", congress_id=congress.pk)


@require_POST
def target_add(request: HttpRequest, congress_id: int) -> HttpResponse:
    """Adds one or several targets: the form repeats its fields (suggestions confirmed)."""
    congress = _run(request, congress_id)
    res = Resolution.objects.filter(congress=congress).first()
    if res is None:
        res = services.resolution_save(acting_user=_me(request), congress=congress,
                                       title="Nghị quyết Đại hội", text="")
    p = request.POST
    rows = zip(p.getlist("text"), p.getlist("metric"), p.getlist("comparison"), p.getlist("value"),
               p.getlist("unit"), p.getlist("period"), strict=False)
    added = 0
    for text, metric, comparison, value, unit, period in rows:
        if not text.strip():
            continue
        try:
            Decimal(value.replace(",", "."))
        except InvalidOperation:
            messages.error(request, str(services.TARGET_VALUE).format(number=added + 1, value=value))
            continue
        try:
            services.target_add(acting_user=_me(request), resolution=res, text=text, metric=metric,
                                comparison=comparison, value=value, unit=unit, period=period)
            added += 1
        except ValidationError as exc:
            _errors(request, exc)
    if added:
        messages.success(request, _("Đã thêm %(n)s chỉ tiêu.") % {"n": added})
    return redirect("proceedings:resolution", congress_id=congress.pk)


@require_POST
def target_delete(request: HttpRequest, congress_id: int, target_id: int) -> HttpResponse:
    congress = _run(request, congress_id)
    target = get_object_or_404(Target, pk=target_id, resolution__congress=congress)
    services.target_delete(acting_user=_me(request), target=target)
    return redirect("proceedings:resolution", congress_id=congress.pk)


def targets_json(request: HttpRequest, congress_id: int) -> HttpResponse:
    """The machine-readable targets, for the targets issue and for export."""
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    rows = Target.objects.filter(resolution__congress=congress).order_by("number")
    return JsonResponse({"congress": congress.pk, "targets": [
        {"number": t.number, "text": t.text, "metric": t.metric, "metric_label": t.metric_label,
         "comparison": t.comparison, "value": str(t.value), "unit": t.unit, "period": t.period}
        for t in rows]})


# --- discussion ---------------------------------------------------------------------------------

def discussion(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    from daihoi.congress.selectors import grassroots_organizations

    return render(request, "proceedings/discussion.html", _ctx(
        request, congress, contributions=list(selectors.contributions(congress)),
        queue=selectors.queue(congress), hall=selectors.hall_state(congress),
        organizations=list(grassroots_organizations(congress.organization).order_by("name")),
        tab="discussion", now=timezone.now(),
    ))


@require_POST
def contribution_submit(request: HttpRequest, congress_id: int) -> HttpResponse:
    if (r := _login_needed(request)) is not None:
        return r
    congress = _congress(request, congress_id)
    p = request.POST
    org = None
    if p.get("organization") and access.can_run(request.user, congress):
        org = Organization.objects.filter(pk=_int(p.get("organization"))).first()
    delegate = congress_selectors.delegate_for_user(request.user, congress)
    author = p.get("author", "").strip() or (delegate.member.full_name if delegate else str(request.user))
    try:
        services.contribution_submit(acting_user=_me(request), congress=congress,
                                     title=p.get("title", ""), author=author, text=p.get("text", ""),
                                     organization=org, upload=request.FILES.get("file"))
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
        services.speech_request(acting_user=_me(request), congress=congress,
                                topic=request.POST.get("topic", ""))
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
    p = request.POST
    contribution = Contribution.objects.filter(pk=_int(p.get("contribution")), congress=congress).first()
    speaker = p.get("speaker", "").strip() or (contribution.author if contribution else "")
    if not speaker:
        messages.error(request, _("Phải ghi tên người phát biểu."))
    else:
        services.speech_add(
            acting_user=_me(request), congress=congress, speaker=speaker,
            affiliation=p.get("affiliation", "")
            or (str(contribution.organization or "") if contribution else ""),
            topic=p.get("topic", "") or (contribution.title if contribution else ""),
            minutes=max(_int(p.get("minutes"), 7), 1), contribution=contribution,
        )
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
                               minutes=_int(request.POST.get("minutes")) or None)
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
