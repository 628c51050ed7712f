"""Congress pages: thin views over `services` and `selectors`."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_GET, require_POST

from daihoi.congress import forms, imports, pdfs, reports, selectors, services
from daihoi.congress.models import Body, BodyMember, Congress, CongressSession, Delegate, Guest
from daihoi.core import tabular
from daihoi.core.models import User
from daihoi.core.permissions import has_role, login_only, role_required
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.rules.quorum import DEFAULT_QUORUM_TEXT

XLSX = tabular.XLSX_CONTENT_TYPE
READ_ROLES = (Role.OFFICE, Role.SECRETARIAT, Role.LEADER)
MANAGE_ROLES = services.MANAGE_ROLES
DOOR_ROLES = (Role.SECRETARIAT,)


def _me(request: HttpRequest) -> User:
    # Every view is behind role_required/login_only: the user is a logged-in User.
    return cast(User, request.user)


def _set_choices(form: Any, name: str, choices: list[tuple[Any, str]]) -> None:
    form.fields[name].choices = choices


def _can_manage(request: HttpRequest) -> bool:
    return has_role(request.user, *MANAGE_ROLES)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _congress(pk: int) -> Congress:
    return get_object_or_404(Congress.objects.select_related("organization"), pk=pk)


# --- congresses --------------------------------------------------------------------------------


@role_required(*READ_ROLES)
def congress_list(request: HttpRequest) -> HttpResponse:
    query = forms.CongressFilterForm(request.GET)
    congresses = selectors.congress_list(organization_id=query.organization_id)
    return render(
        request,
        "congress/congress_list.html",
        {
            "congresses": congresses,
            "can_manage": _can_manage(request),
            "organizations": selectors.organizations_with_congresses(),
            "organization_id": query.data.get("organization"),
        },
    )


def _congress_form_save(
    request: HttpRequest, form: forms.CongressForm, congress: Congress | None
) -> Congress | None:
    data = dict(form.cleaned_data)
    org = get_object_or_404(Organization, pk=data.pop("organization"))
    try:
        if congress is None:
            return services.congress_create(acting_user=_me(request), organization=org, **data)
        return services.congress_update(acting_user=_me(request), congress=congress, **data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            form.add_error(None, exc.messages)
        return None


@role_required(*MANAGE_ROLES)
def congress_create(request: HttpRequest) -> HttpResponse:
    form = forms.CongressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        congress = _congress_form_save(request, form, None)
        if congress is not None:
            messages.success(request, gettext("Đã tạo đại hội."))
            return redirect("congress:detail", pk=congress.pk)
    return render(request, "congress/congress_form.html", {"form": form})


@role_required(*MANAGE_ROLES)
def congress_edit(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    initial = {f: getattr(congress, f) for f in services.CONGRESS_FIELDS}
    initial["organization"] = congress.organization_id
    form = forms.CongressForm(request.POST or None, initial=initial)
    form.fields["organization"].disabled = True
    if request.method == "POST" and form.is_valid():
        form.cleaned_data["organization"] = congress.organization_id
        if _congress_form_save(request, form, congress) is not None:
            messages.success(request, gettext("Đã lưu."))
            return redirect("congress:detail", pk=congress.pk)
    return render(request, "congress/congress_form.html", {"form": form, "congress": congress})


@role_required(*READ_ROLES)
def congress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    rules = congress.rules or {}
    return render(
        request,
        "congress/congress_detail.html",
        {
            "congress": congress,
            "title": pdfs.congress_title(congress),
            "sessions": selectors.sessions_of(congress),
            "summary": selectors.attendance_summary(congress),
            "can_manage": _can_manage(request),
            "session_form": forms.SessionForm(),
            "quorum_form": forms.QuorumForm(
                initial={"share": rules.get("quorum_share", DEFAULT_QUORUM_TEXT)}),
            "rules": rules,
            "counts": selectors.delegate_counts(congress),
        },
    )


@role_required(*MANAGE_ROLES)
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    form = forms.SessionForm(request.POST)
    if form.is_valid():
        try:
            services.session_create(acting_user=_me(request), congress=congress, **form.cleaned_data)
            messages.success(request, gettext("Đã thêm phiên họp."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, gettext("Thông tin phiên họp chưa hợp lệ."))
    return redirect("congress:detail", pk=pk)


@role_required(*MANAGE_ROLES)
@require_POST
def session_current(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    session = get_object_or_404(CongressSession, pk=sid, congress_id=pk)
    services.session_set_current(acting_user=_me(request), session=session)
    if forms.NextForm(request.POST).target() == "checkin":
        return redirect("congress:checkin", pk=pk)
    messages.success(request, gettext("Phiên hiện tại: %(name)s") % {"name": session.name})
    return redirect("congress:detail", pk=pk)


@role_required(*MANAGE_ROLES)
@require_POST
def quorum_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    form = forms.QuorumForm(request.POST)
    if form.is_valid():
        try:
            services.congress_confirm_quorum(
                acting_user=_me(request),
                congress=congress,
                share=form.cleaned_data["share"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, gettext("Đã ghi nhận Đại hội xác nhận tỷ lệ tối thiểu có mặt."))
        except ValueError as exc:
            messages.error(request, str(exc))
    return redirect("congress:detail", pk=pk)


# --- delegates ---------------------------------------------------------------------------------


def _delegate_search(g: QueryDict, congress: Congress, session: CongressSession | None) -> QuerySet[Delegate]:
    """The delegates the list's filters (query string) select: the page and its Excel."""
    filters = forms.DelegateFilterForm(g).search()
    return selectors.delegate_search(congress=congress, session=session, **filters)


@role_required(*READ_ROLES)
def delegate_list(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    session = selectors.current_session(congress.pk)
    query = forms.DelegateFilterForm(request.GET)
    qs = _delegate_search(request.GET, congress, session)
    rows = list(qs[:1000])
    inside = selectors.present_ids(session)
    add_q = query.member_query
    candidates = selectors.member_candidates(congress, add_q) if _can_manage(request) else []
    return render(
        request,
        "congress/delegate_list.html",
        {
            "congress": congress,
            "rows": rows,
            "inside": inside,
            "session": session,
            "total": qs.count(),
            "can_manage": _can_manage(request),
            "filters": query.echo(),
            "kinds": Delegate.Kind.choices,
            "origins": Delegate.Origin.choices,
            "credentials_choices": Delegate.Credentials.choices,
            "units": selectors.represented_units(congress),
            "add_q": add_q,
            "candidates": candidates,
            "add_form": forms.DelegateAddForm(),
            "import_form": forms.ImportForm(),
        },
    )


@role_required(*MANAGE_ROLES)
@require_POST
def delegate_add(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    form = forms.DelegateAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Thông tin đại biểu chưa hợp lệ."))
        return redirect("congress:delegates", pk=pk)
    data = form.cleaned_data
    member = get_object_or_404(Member, pk=data["member_id"])
    represents = selectors.organization_or_none(data["represents"])
    try:
        d = services.delegate_add(
            acting_user=_me(request),
            congress=congress,
            member=member,
            kind=data["kind"],
            origin=data["origin"],
            represents=represents,
            number=data["number"],
        )
        messages.success(
            request,
            gettext("Đã thêm đại biểu %(name)s (số %(number)s).")
            % {"name": member.full_name, "number": d.number},
        )
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("congress:delegates", pk=pk)


@role_required(*READ_ROLES)
def delegates_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The delegate list as Excel, with the page's filters."""
    congress = _congress(pk)
    session = selectors.current_session(congress.pk)
    qs = _delegate_search(request.GET, congress, session)
    inside = selectors.present_ids(session)
    columns = [
        tabular.Col(gettext("Số thẻ đại biểu"), 8),
        tabular.Col(gettext("Họ và tên"), 28),
        tabular.Col(gettext("Số thẻ đảng viên"), 14),
        tabular.Col(gettext("Giới tính"), 9),
        tabular.Col(gettext("Năm sinh"), 9),
        tabular.Col(gettext("Loại"), 12),
        tabular.Col(gettext("Hình thức"), 30),
        tabular.Col(gettext("Đơn vị"), 45),
        tabular.Col(gettext("Tư cách"), 16),
        tabular.Col(gettext("Vắng cả đại hội"), 10),
        tabular.Col(gettext("Có mặt phiên hiện tại"), 10),
    ]
    rows = (
        [
            d.number,
            d.member.full_name,
            d.member.party_card_number or "",
            d.member.get_gender_display(),
            d.member.date_of_birth.year,
            d.get_kind_display(),
            d.get_origin_display(),
            d.represents.name,
            d.get_credentials_display(),
            "x" if d.absent_whole_congress else "",
            "x" if d.pk in inside else "",
        ]
        for d in qs
    )
    content = tabular.xlsx_bytes(tabular.Sheet(pgettext("plural", "Đại biểu"), columns, rows))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dai-bieu-{congress.pk}.xlsx"'
    return response


@role_required(*MANAGE_ROLES)
def delegate_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    """An empty sheet with the columns the import reads, and one example row."""
    columns = [tabular.Col(h, w) for h, w in zip(
        ["Họ và tên", "Số thẻ đảng viên", "Loại", "Hình thức", "Đơn vị", "Số thẻ đại biểu"],
        (28, 18, 14, 14, 40, 16), strict=True)]
    content = tabular.xlsx_bytes(tabular.Sheet(
        "Sheet", columns, [["Nguyễn Văn A", "", "Chính thức", "Bầu", "Đảng bộ Sở Tài chính", ""]]))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-dai-bieu.xlsx"'
    return response


@role_required(*MANAGE_ROLES)
def delegate_import(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[imports.RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = imports.delegates_import(
                acting_user=_me(request), congress=congress, data=form.cleaned_data["file"].read()
            )
            messages.success(request, gettext("Đã nhập %(n)s đại biểu.") % {"n": len(created)})
            return redirect("congress:delegates", pk=pk)
        except imports.ImportFailed as exc:
            errors = exc.errors
    return render(
        request, "congress/delegate_import.html", {"congress": congress, "form": form, "errors": errors}
    )


def _delegate(pk: int, did: int) -> Delegate:
    d = selectors.delegate_of(pk, did)
    if d is None:
        raise Http404
    return d


@role_required(*READ_ROLES)
def delegate_detail(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    d = _delegate(pk, did)
    replace_form = forms.ReplaceForm()
    _set_choices(
        replace_form,
        "alternate",
        [(a.pk, f"{a.number or '–'} · {a.member.full_name}") for a in selectors.free_alternates(pk)],
    )
    return render(
        request,
        "congress/delegate_detail.html",
        {
            "congress": d.congress,
            "d": d,
            "replaced_by": selectors.replaced_by(d),
            "replace_form": replace_form,
            "credentials_form": forms.CredentialsForm(),
            "checkins": selectors.delegate_checkins(d),
            "can_manage": _can_manage(request),
            "can_review": selectors.can_review_credentials(request.user, d.congress),
        },
    )


@role_required(*MANAGE_ROLES)
@require_POST
def delegate_replace(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    official = _delegate(pk, did)
    form = forms.ReplaceForm(request.POST)
    _set_choices(form, "alternate", [(a, str(a)) for a in selectors.delegate_ids(pk)])
    if form.is_valid():
        alternate = selectors.delegate_of(pk, form.cleaned_data["alternate"])
        if alternate is None:
            raise Http404
        try:
            services.delegate_replace(
                acting_user=_me(request),
                official=official,
                alternate=alternate,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, gettext("Đã ghi nhận việc thay thế đại biểu."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, gettext("Chọn đại biểu dự khuyết và ghi lý do."))
    return redirect("congress:delegate", pk=pk, did=did)


@login_only
@require_POST
def delegate_credentials(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    d = _delegate(pk, did)
    form = forms.CredentialsForm(request.POST)
    if form.is_valid():
        try:
            services.delegate_review_credentials(
                acting_user=_me(request),
                delegate=d,
                accepted=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
            messages.success(request, gettext("Đã ghi kết luận thẩm tra tư cách."))
        except ValidationError as exc:
            _errors(request, exc)
    if forms.NextForm(request.POST).target() == "credentials":
        return redirect("congress:credentials", pk=pk)
    if not has_role(request.user, *READ_ROLES):
        return redirect("congress:credentials", pk=pk)
    return redirect("congress:delegate", pk=pk, did=did)


@login_only
def credentials(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    can_review = selectors.can_review_credentials(request.user, congress)
    if not (has_role(request.user, *READ_ROLES) or can_review):
        raise PermissionDenied
    counts = selectors.credentials_counts(congress)
    return render(
        request,
        "congress/credentials.html",
        {
            "congress": congress,
            "counts": counts,
            "sections": reports.credentials_sections(counts),
            "notes": reports.credentials_notes(counts),
            "pending": selectors.credentials_pending(congress),
            "can_review": can_review,
            "credentials_form": forms.CredentialsForm(),
        },
    )


@login_only
@require_POST
def credentials_accept_all(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    form = forms.AcceptAllForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    n = services.delegates_accept_pending(acting_user=_me(request), congress=congress, note=note)
    messages.success(request, gettext("Đã kết luận đủ tư cách cho %(n)s đại biểu.") % {"n": n})
    return redirect("congress:credentials", pk=pk)


@login_only
def credentials_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    if not (has_role(request.user, *READ_ROLES) or selectors.can_review_credentials(request.user, congress)):
        raise PermissionDenied
    counts = selectors.credentials_counts(congress)
    data = pdfs.credentials_pdf(
        congress,
        counts,
        reports.credentials_sections(counts),
        reports.credentials_notes(counts),
        chair=selectors.credentials_chair(congress),
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tham-tra-tu-cach-{congress.pk}.pdf"'
    return response


# --- badges ------------------------------------------------------------------------------------


@role_required(*MANAGE_ROLES)
def badges_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    query = forms.BadgesForm(request.GET)
    kind = query.cleaned_data["kind"] if query.is_valid() else ""
    qs = selectors.badge_delegates(congress, kind)
    response = HttpResponse(pdfs.badges_pdf(congress, qs), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="the-dai-bieu-{congress.pk}.pdf"'
    return response


@role_required(*MANAGE_ROLES)
@require_POST
def delegate_absent(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    d = _delegate(pk, did)
    services.delegate_mark_absent(
        acting_user=_me(request), delegate=d, absent=forms.AbsentForm(request.POST).absent_value
    )
    messages.success(request, gettext("Đã ghi nhận."))
    return redirect("congress:delegate", pk=pk, did=did)


@login_only
def my_current(request: HttpRequest) -> HttpResponse:
    """The delegate's way in: their seat at the latest congress they sit in."""
    seat = selectors.latest_seat(request.user)
    if seat is None:
        raise PermissionDenied
    return redirect("congress:me", pk=seat.congress_id)


@login_only
def my_congress(request: HttpRequest, pk: int) -> HttpResponse:
    """A delegate's own page: their seat and badge; nothing about other delegates."""
    congress = _congress(pk)
    d = selectors.delegate_for_user(request.user, congress)
    if d is None:
        raise PermissionDenied
    return render(
        request,
        "congress/my_congress.html",
        {
            "congress": congress,
            "title": pdfs.congress_title(congress),
            "d": d,
            "present": selectors.delegate_is_present(d),
            "reviews_credentials": selectors.is_body_member(request.user, congress, Body.Kind.CREDENTIALS),
            "sessions": selectors.sessions_of(congress),
        },
    )


@login_only
def my_badge(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    d = selectors.delegate_for_user(request.user, congress)
    if d is None:
        raise PermissionDenied
    response = HttpResponse(pdfs.badges_pdf(congress, [d]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="the-dai-bieu-{d.number}.pdf"'
    return response


# --- check-in ----------------------------------------------------------------------------------


@role_required(*DOOR_ROLES)
def checkin_current(request: HttpRequest) -> HttpResponse:
    congress = selectors.current_congress()
    if congress is None:
        messages.error(request, gettext("Chưa có đại hội nào đang diễn ra."))
        return redirect("congress:list")
    return redirect("congress:checkin", pk=congress.pk)


@role_required(*DOOR_ROLES)
def checkin_page(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    session = selectors.current_session(congress.pk)
    return render(
        request,
        "congress/checkin.html",
        {
            "congress": congress,
            "title": pdfs.congress_title(congress),
            "session": session,
            "summary": selectors.attendance_summary(congress, session),
            "recent": selectors.recent_checkins(session),
            "sessions": selectors.sessions_of(congress),
        },
    )


@role_required(*DOOR_ROLES)
@require_GET
def checkin_search(request: HttpRequest, pk: int) -> JsonResponse:
    congress = get_object_or_404(Congress, pk=pk)
    query = forms.CheckinSearchForm(request.GET)
    q = query.cleaned_data["q"] if query.is_valid() else ""
    return JsonResponse({"results": selectors.checkin_matches(congress=congress, q=q)})


def _door_answer(
    ok: bool,
    message: str,
    congress: Congress,
    d: Delegate | None,
    session: CongressSession | None,
    status: int = 200,
) -> JsonResponse:
    summary = selectors.attendance_summary(congress, session)
    body: dict[str, Any] = {"ok": ok, "message": message, "summary": summary.as_json()}
    if d is not None:
        body["delegate"] = {
            "id": d.pk,
            "number": d.number,
            "name": d.member.full_name,
            "organization": d.represents.name,
        }
    return JsonResponse(body, status=status)


@role_required(*DOOR_ROLES)
@require_POST
def checkin_do(request: HttpRequest, pk: int) -> JsonResponse:
    """POST delegate=<id> or code=<QR content>; action=in (default) or out.

    The hot path of the door (target under 50 ms): one query for the delegate with its
    congress and replacement, one for the session, the insert and its audit row, then
    the two aggregates of the attendance summary."""
    door = forms.DoorForm(request.POST)
    d = selectors.door_delegate(delegate_id=door.delegate_id, code=door.checkin_code)
    if d is None or d.congress_id != pk:
        congress = get_object_or_404(Congress, pk=pk)
        session = selectors.current_session(congress.pk)
        if d is None:
            return _door_answer(False, gettext("Không tìm thấy đại biểu."), congress, None, session, 404)
        return _door_answer(False, str(services.CHECKIN_WRONG_CONGRESS), congress, None, session, 400)
    congress = d.congress
    session = selectors.current_session(congress.pk)
    try:
        if door.leaving:
            services.checkout_record(acting_user=_me(request), delegate=d, session=session)
            message = gettext("Đã ghi nhận đại biểu %(name)s ra về.") % {"name": d.member.full_name}
        else:
            services.checkin_record(acting_user=_me(request), delegate=d, session=session)
            message = gettext("Đã điểm danh: %(name)s (số %(number)s).") % {
                "name": d.member.full_name,
                "number": d.number,
            }
    except ValidationError as exc:
        return _door_answer(False, " ".join(exc.messages), congress, d, session, 409)
    return _door_answer(True, message, congress, d, session)


@role_required(Role.SECRETARIAT, Role.OFFICE, Role.LEADER)
@require_GET
def attendance_json(request: HttpRequest, pk: int) -> JsonResponse:
    congress = get_object_or_404(Congress, pk=pk)
    return JsonResponse(selectors.attendance_summary(congress).as_json())


# --- guests ------------------------------------------------------------------------------------


@role_required(*READ_ROLES)
def guest_list(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    form = forms.GuestForm(request.POST or None)
    sessions = selectors.sessions_of(congress)
    _set_choices(form, "sessions", [(s.pk, s.name) for s in sessions])
    if request.method == "POST":
        if not _can_manage(request):
            raise PermissionDenied
        removal = forms.GuestDeleteForm(request.POST)
        if "delete" in removal.data:
            if not removal.is_valid():
                raise Http404
            guest = get_object_or_404(Guest, pk=removal.cleaned_data["delete"], congress=congress)
            services.guest_delete(acting_user=_me(request), guest=guest)
            return redirect("congress:guests", pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            services.guest_create(
                acting_user=_me(request),
                congress=congress,
                full_name=data["full_name"],
                title=data["title"],
                group=data["group"],
                sessions=[s for s in sessions if s.pk in data["sessions"]],
            )
            messages.success(request, gettext("Đã thêm khách mời."))
            return redirect("congress:guests", pk=pk)
    guests = selectors.guests_of(congress)
    return render(
        request,
        "congress/guests.html",
        {"congress": congress, "guests": guests, "form": form, "can_manage": _can_manage(request)},
    )


# --- bodies ------------------------------------------------------------------------------------


@role_required(*READ_ROLES)
def body_list(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    existing = {b.kind: b for b in selectors.bodies(congress)}
    return render(
        request,
        "congress/bodies.html",
        {
            "congress": congress,
            "can_manage": _can_manage(request),
            "bodies": [(kind, label, existing.get(kind)) for kind, label in Body.Kind.choices],
            "delegates": selectors.seated_delegates(congress),
            "role_choices": BodyMember.Role.choices,
            "approve_form": forms.ApproveForm(),
        },
    )


@role_required(*MANAGE_ROLES)
@require_POST
def body_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    form = forms.BodyMemberForm(request.POST)
    if form.is_valid():
        member = get_object_or_404(Member, pk=form.cleaned_data["member_id"])
        try:
            services.body_member_add(
                acting_user=_me(request),
                congress=congress,
                kind=form.cleaned_data["kind"],
                member=member,
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, gettext("Chọn đảng viên."))
    return redirect("congress:bodies", pk=pk)


@role_required(*MANAGE_ROLES)
@require_POST
def body_member_remove(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    row = get_object_or_404(BodyMember.objects.select_related("body"), pk=rid, body__congress_id=pk)
    try:
        services.body_member_remove(acting_user=_me(request), row=row)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("congress:bodies", pk=pk)


@role_required(*MANAGE_ROLES)
@require_POST
def body_approve(request: HttpRequest, pk: int, bid: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=bid, congress_id=pk)
    form = forms.ApproveForm(request.POST)
    if form.is_valid():
        services.body_mark_approved(acting_user=_me(request), body=body, note=form.cleaned_data["note"])
        messages.success(request, gettext("Đã ghi nhận Đại hội thông qua %(body)s.") % {"body": body})
    else:
        messages.error(request, gettext("Ghi kết quả biểu quyết."))
    return redirect("congress:bodies", pk=pk)


# --- the congress report -------------------------------------------------------------------------


@role_required(*READ_ROLES)
def congress_report(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    report = reports.congress_report(congress, today=timezone.localdate(), user=request.user)
    return render(
        request,
        "congress/report.html",
        {
            "congress": congress,
            "r": report,
            "title": pdfs.congress_title(congress),
            "paragraphs": reports.report_paragraphs(report),
            "members_label": reports.thousands(report.members_represented),
        },
    )


@role_required(*READ_ROLES)
def congress_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    r = reports.congress_report(congress, today=timezone.localdate(), user=request.user)
    data = pdfs.report_pdf(congress, reports.report_paragraphs(r), reports.report_tables(r))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-dai-hoi-{congress.pk}.pdf"'
    return response
