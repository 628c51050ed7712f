"""Congress pages: thin views over `services` and `selectors`."""

from __future__ import annotations

import io
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from daihoi.congress import credentials_report, forms, imports, pdfs, selectors, services
from daihoi.congress.models import Body, BodyMember, CheckIn, Congress, CongressSession, Delegate, Guest
from daihoi.core.models import User
from daihoi.core.permissions import has_role, login_only, role_required
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.rules import names

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    org_id = request.GET.get("organization")
    congresses = selectors.congress_list(organization_id=int(org_id) if org_id and org_id.isdigit() else None)
    return render(
        request,
        "congress/congress_list.html",
        {
            "congresses": congresses,
            "can_manage": _can_manage(request),
            "organizations": Organization.objects.filter(congresses__isnull=False).distinct(),
            "organization_id": org_id,
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
            "sessions": congress.sessions.all(),
            "summary": selectors.attendance_summary(congress),
            "can_manage": _can_manage(request),
            "session_form": forms.SessionForm(),
            "quorum_form": forms.QuorumForm(initial={"share": rules.get("quorum_share", "2/3")}),
            "rules": rules,
            "counts": {
                "official": congress.delegates.filter(kind=Delegate.Kind.OFFICIAL).count(),
                "alternate": congress.delegates.filter(kind=Delegate.Kind.ALTERNATE).count(),
                "guests": congress.guests.count(),
            },
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
    if request.POST.get("next") == "checkin":
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
    rep = g.get("represents", "")
    return selectors.delegate_search(
        congress=congress,
        q=g.get("q", ""),
        kind=g.get("kind", ""),
        origin=g.get("origin", ""),
        represents_id=int(rep) if rep.isdigit() else None,
        checked_in=g.get("checked_in", ""),
        credentials=g.get("credentials", ""),
        session=session,
    )


@role_required(*READ_ROLES)
def delegate_list(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    session = selectors.current_session(congress.pk)
    g = request.GET
    qs = _delegate_search(g, congress, session)
    rows = list(qs[:1000])
    inside = selectors.present_ids(session)
    add_q = g.get("member_q", "")
    candidates: list[Member] = []
    if add_q and _can_manage(request):
        folded = names.fold(add_q)
        taken = congress.delegates.values("member_id")
        candidates = list(
            Member.objects.filter(status__in=Member.ACTIVE_STATUSES)
            .filter(Q(search_name__contains=folded) | Q(party_card_number=add_q.strip()))
            .exclude(pk__in=taken)
            .select_related("organization")
            .order_by("sort_key")[:20]
        )
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
            "filters": g,
            "kinds": Delegate.Kind.choices,
            "origins": Delegate.Origin.choices,
            "credentials_choices": Delegate.Credentials.choices,
            "units": Organization.objects.filter(pk__in=congress.delegates.values("represents_id")),
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
    represents = Organization.objects.filter(pk=data["represents"]).first() if data["represents"] else None
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
    import openpyxl

    congress = _congress(pk)
    session = selectors.current_session(congress.pk)
    qs = _delegate_search(request.GET, congress, session)
    inside = selectors.present_ids(session)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = gettext("Đại biểu")[:31]
    sheet.append(
        [
            gettext("Số thẻ đại biểu"),
            gettext("Họ và tên"),
            gettext("Số thẻ đảng viên"),
            gettext("Giới tính"),
            gettext("Năm sinh"),
            gettext("Loại"),
            gettext("Hình thức"),
            gettext("Đơn vị"),
            gettext("Tư cách"),
            gettext("Vắng cả đại hội"),
            gettext("Có mặt phiên hiện tại"),
        ]
    )
    for d in qs:
        m = d.member
        sheet.append(
            [
                d.number,
                m.full_name,
                m.party_card_number or "",
                m.get_gender_display(),
                m.date_of_birth.year,
                d.get_kind_display(),
                d.get_origin_display(),
                d.represents.name,
                d.get_credentials_display(),
                "x" if d.absent_whole_congress else "",
                "x" if d.pk in inside else "",
            ]
        )
    for column, width in zip("ABCDEFGHIJK", (8, 28, 14, 9, 9, 12, 30, 45, 16, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dai-bieu-{congress.pk}.xlsx"'
    return response


@role_required(*MANAGE_ROLES)
def delegate_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    """An empty sheet with the columns the import reads, and one example row."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Số thẻ đảng viên", "Loại", "Hình thức", "Đơn vị", "Số thẻ đại biểu"])
    sheet.append(["Nguyễn Văn A", "", "Chính thức", "Bầu", "Đảng bộ Sở Tài chính", ""])
    for column, width in zip("ABCDEF", (28, 18, 14, 14, 40, 16), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
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
    return get_object_or_404(
        Delegate.objects.select_related("member", "represents", "congress", "replaces__member"),
        pk=did,
        congress_id=pk,
    )


@role_required(*READ_ROLES)
def delegate_detail(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    d = _delegate(pk, did)
    replaced_by = Delegate.objects.filter(replaces=d).select_related("member").first()
    alternates = (
        Delegate.objects.filter(congress_id=pk, kind=Delegate.Kind.ALTERNATE, replaces__isnull=True)
        .exclude(credentials=Delegate.Credentials.REJECTED)
        .select_related("member")
    )
    replace_form = forms.ReplaceForm()
    _set_choices(
        replace_form, "alternate", [(a.pk, f"{a.number or '–'} · {a.member.full_name}") for a in alternates]
    )
    checkins = CheckIn.objects.filter(delegate=d).select_related("session").order_by("-checked_in_at")
    return render(
        request,
        "congress/delegate_detail.html",
        {
            "congress": d.congress,
            "d": d,
            "replaced_by": replaced_by,
            "replace_form": replace_form,
            "credentials_form": forms.CredentialsForm(),
            "checkins": checkins,
            "can_manage": _can_manage(request),
            "can_review": selectors.can_review_credentials(request.user, d.congress),
        },
    )


@role_required(*MANAGE_ROLES)
@require_POST
def delegate_replace(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    official = _delegate(pk, did)
    form = forms.ReplaceForm(request.POST)
    _set_choices(
        form,
        "alternate",
        [(a, str(a)) for a in Delegate.objects.filter(congress_id=pk).values_list("pk", flat=True)],
    )
    if form.is_valid():
        alternate = get_object_or_404(Delegate, pk=form.cleaned_data["alternate"], congress_id=pk)
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
    back = request.POST.get("next", "")
    if back == "credentials":
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
    pending = (
        Delegate.objects.filter(congress=congress)
        .exclude(credentials=Delegate.Credentials.ACCEPTED)
        .select_related("member", "represents")
        .order_by("number")
    )
    return render(
        request,
        "congress/credentials.html",
        {
            "congress": congress,
            "counts": counts,
            "sections": _credential_sections(counts),
            "notes": _credential_notes(congress, counts),
            "pending": pending,
            "can_review": can_review,
            "credentials_form": forms.CredentialsForm(),
        },
    )


@login_only
@require_POST
def credentials_accept_all(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    n = services.delegates_accept_pending(
        acting_user=_me(request), congress=congress, note=request.POST.get("note", "")
    )
    messages.success(request, gettext("Đã kết luận đủ tư cách cho %(n)s đại biểu.") % {"n": n})
    return redirect("congress:credentials", pk=pk)


def _data_labels(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Education and theory levels are the register's own words; only "not stated" is ours."""
    return [(gettext(k) if k == credentials_report.NOT_STATED else k, n) for k, n in rows]


def _credential_sections(counts: Any) -> list[tuple[str, list[tuple[str, int]]]]:
    # Among the seated, an alternate holds the seat of an official it replaced.
    kind = {
        **dict(Delegate.Kind.choices),
        Delegate.Kind.ALTERNATE: gettext("Dự khuyết (thay thế đại biểu chính thức)"),
    }
    origin = dict(Delegate.Origin.choices)
    gender = dict(Member.Gender.choices)
    return [
        (gettext("Hình thức"), [(str(origin.get(k, k)), n) for k, n in counts.by_origin.most_common()]),
        (gettext("Loại đại biểu"), [(str(kind.get(k, k)), n) for k, n in counts.by_kind.most_common()]),
        (gettext("Giới tính"), [(str(gender.get(k, k)), n) for k, n in sorted(counts.by_gender.items())]),
        (gettext("Độ tuổi (tính đến ngày khai mạc)"), [(gettext(k), n) for k, n in counts.by_age]),
        (gettext("Dân tộc"), [(gettext(k), n) for k, n in sorted(counts.by_ethnicity.items())]),
        (gettext("Trình độ chuyên môn"), _data_labels(counts.by_education.most_common())),
        (gettext("Lý luận chính trị"), _data_labels(counts.by_theory.most_common())),
        (gettext("Tuổi đảng"), [(gettext(k), n) for k, n in counts.by_seniority]),
    ]


def _credential_notes(congress: Congress, c: Any) -> list[str]:
    notes = [
        gettext("Tổng số đại biểu chính thức được triệu tập: %(n)s; đại biểu dự khuyết: %(a)s.")
        % {"n": c.convened, "a": c.alternates},
        gettext("Đại biểu giữ tư cách chính thức tại Đại hội: %(s)s; có mặt: %(p)s; vắng mặt: %(ab)s.")
        % {"s": c.seated, "p": c.present, "ab": c.absent},
    ]
    if c.youngest and c.oldest:
        notes.append(
            gettext(
                "Đại biểu trẻ tuổi nhất: %(y)s (%(ya)s tuổi); cao tuổi nhất: %(o)s (%(oa)s tuổi); "
                "tuổi bình quân %(avg)s."
            )
            % {
                "y": c.youngest.name,
                "ya": c.youngest.years,
                "o": c.oldest.name,
                "oa": c.oldest.years,
                "avg": str(c.average_age).replace(".", ","),
            }
        )
        notes.append(
            gettext("Đại biểu có tuổi đảng cao nhất: %(l)s (%(la)s năm); thấp nhất: %(s)s (%(sa)s năm).")
            % {
                "l": c.longest_seniority.name,
                "la": c.longest_seniority.years,
                "s": c.shortest_seniority.name,
                "sa": c.shortest_seniority.years,
            }
        )
    return notes


@login_only
def credentials_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    if not (has_role(request.user, *READ_ROLES) or selectors.can_review_credentials(request.user, congress)):
        raise PermissionDenied
    counts = selectors.credentials_counts(congress)
    chair = (
        BodyMember.objects.filter(
            body__congress=congress, body__kind=Body.Kind.CREDENTIALS, role=BodyMember.Role.CHAIR
        )
        .values_list("member__full_name", flat=True)
        .first()
    )
    data = pdfs.credentials_pdf(
        congress, counts, _credential_sections(counts), _credential_notes(congress, counts), chair=chair or ""
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tham-tra-tu-cach-{congress.pk}.pdf"'
    return response


# --- badges ------------------------------------------------------------------------------------


@role_required(*MANAGE_ROLES)
def badges_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    qs = (
        congress.delegates.select_related("member", "represents")
        .exclude(credentials=Delegate.Credentials.REJECTED)
        .order_by("-kind", "number")
    )
    kind = request.GET.get("kind")
    if kind in Delegate.Kind.values:
        qs = qs.filter(kind=kind)
    response = HttpResponse(pdfs.badges_pdf(congress, qs), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="the-dai-bieu-{congress.pk}.pdf"'
    return response


@role_required(*MANAGE_ROLES)
@require_POST
def delegate_absent(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    d = _delegate(pk, did)
    services.delegate_mark_absent(
        acting_user=_me(request), delegate=d, absent=request.POST.get("absent") == "1"
    )
    messages.success(request, gettext("Đã ghi nhận."))
    return redirect("congress:delegate", pk=pk, did=did)


@login_only
def my_current(request: HttpRequest) -> HttpResponse:
    """The delegate's way in: their seat at the latest congress they sit in."""
    member_id = selectors.member_id_of(request.user)
    seat = (
        Delegate.objects.filter(member_id=member_id)
        .select_related("congress")
        .order_by("-congress__starts_on")
        .first()
        if member_id
        else None
    )
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
            "sessions": congress.sessions.all(),
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
    recent = (
        (
            CheckIn.objects.filter(session=session)
            .select_related("delegate__member")
            .order_by("-checked_in_at")[:12]
        )
        if session
        else []
    )
    return render(
        request,
        "congress/checkin.html",
        {
            "congress": congress,
            "title": pdfs.congress_title(congress),
            "session": session,
            "summary": selectors.attendance_summary(congress, session),
            "recent": recent,
            "sessions": congress.sessions.all(),
        },
    )


@role_required(*DOOR_ROLES)
@require_GET
def checkin_search(request: HttpRequest, pk: int) -> JsonResponse:
    congress = get_object_or_404(Congress, pk=pk)
    return JsonResponse({"results": selectors.checkin_matches(congress=congress, q=request.GET.get("q", ""))})


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
    qs = Delegate.objects.select_related("member", "represents", "congress", "replaced_by")
    did, code = request.POST.get("delegate", ""), request.POST.get("code", "").strip()
    d: Delegate | None = None
    if did.isdigit():
        d = qs.filter(pk=int(did)).first()
    elif code:
        d = qs.filter(checkin_code=code).first()
    if d is None or d.congress_id != pk:
        congress = get_object_or_404(Congress, pk=pk)
        session = selectors.current_session(congress.pk)
        if d is None:
            return _door_answer(False, gettext("Không tìm thấy đại biểu."), congress, None, session, 404)
        return _door_answer(False, str(services.CHECKIN_WRONG_CONGRESS), congress, None, session, 400)
    congress = d.congress
    session = selectors.current_session(congress.pk)
    try:
        if request.POST.get("action") == "out":
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
    _set_choices(form, "sessions", [(s.pk, s.name) for s in congress.sessions.all()])
    if request.method == "POST":
        if not _can_manage(request):
            raise PermissionDenied
        if "delete" in request.POST:
            guest = get_object_or_404(Guest, pk=request.POST["delete"], congress=congress)
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
                sessions=list(congress.sessions.filter(pk__in=data["sessions"])),
            )
            messages.success(request, gettext("Đã thêm khách mời."))
            return redirect("congress:guests", pk=pk)
    guests = congress.guests.prefetch_related("sessions")
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
    delegates = (
        congress.delegates.filter(Q(kind=Delegate.Kind.OFFICIAL) | Q(replaces__isnull=False))
        .exclude(credentials=Delegate.Credentials.REJECTED)
        .select_related("member")
        .order_by("number")
    )
    return render(
        request,
        "congress/bodies.html",
        {
            "congress": congress,
            "can_manage": _can_manage(request),
            "bodies": [(kind, label, existing.get(kind)) for kind, label in Body.Kind.choices],
            "delegates": delegates,
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
        body = services.body_get_or_create(
            acting_user=_me(request), congress=congress, kind=form.cleaned_data["kind"]
        )
        try:
            services.body_member_add(
                acting_user=_me(request), body=body, member=member, role=form.cleaned_data["role"]
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


def _thousands(n: int) -> str:
    """4500 -> "4.500", as Vietnamese writes numbers."""
    return f"{n:,}".replace(",", ".")


def _report_text(r: selectors.CongressReport) -> list[str]:
    c = r.congress
    dates = (
        f"{c.starts_on:%d/%m/%Y}"
        if c.starts_on == c.ends_on
        else f"{c.starts_on:%d/%m/%Y} – {c.ends_on:%d/%m/%Y}"
    )
    out = [
        gettext("Thời gian: %(dates)s. Địa điểm: %(venue)s.") % {"dates": dates, "venue": c.venue or "—"},
        gettext(
            "Tham dự Đại hội có %(att)s/%(conv)s đại biểu chính thức, đại diện cho %(members)s đảng viên "
            "thuộc %(orgs)s tổ chức cơ sở đảng trong toàn Đảng bộ."
        )
        % {
            "att": r.attended,
            "conv": r.convened,
            "members": f"{r.members_represented:,}".replace(",", "."),
            "orgs": r.grassroots,
        },
    ]
    if c.theme:
        out.append(gettext("Chủ đề: %(theme)s") % {"theme": c.theme})
    return out


@role_required(*READ_ROLES)
def congress_report(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    report = selectors.congress_report(congress, today=timezone.localdate())
    return render(
        request,
        "congress/report.html",
        {
            "congress": congress,
            "r": report,
            "title": pdfs.congress_title(congress),
            "paragraphs": _report_text(report),
            "members_label": _thousands(report.members_represented),
        },
    )


@role_required(*READ_ROLES)
def congress_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(pk)
    r = selectors.congress_report(congress, today=timezone.localdate())
    tables: list[tuple[str, list[list[str]]]] = []
    tables.append(
        (
            gettext("Khách mời"),
            [[gettext("Họ và tên"), gettext("Chức vụ")]] + [[g.full_name, g.title] for g in r.guests],
        )
    )
    for body in r.bodies:
        rows = [[gettext("Họ và tên"), gettext("Vai trò")]] + [
            [m.member.full_name, m.get_role_display()] for m in body.members.all()
        ]
        tables.append((str(body), rows))
    if r.votes is not None:
        head = [
            gettext("Nội dung"),
            gettext("Tán thành"),
            gettext("Không tán thành"),
            gettext("Khác"),
            gettext("Số tính tỷ lệ"),
            gettext("Kết quả"),
        ]
        lines = [
            [
                v.title or v.subject_label,
                str(v.agree),
                str(v.disagree),
                str(v.other),
                str(v.base),
                gettext("Thông qua") if v.adopted else gettext("Không thông qua"),
            ]
            for v in r.votes
        ]
        tables.append((gettext("Các nội dung biểu quyết"), [head, *lines]))
    if r.elected is not None:
        rows = [[g.election, ", ".join(g.names)] for g in r.elected]
        tables.append((gettext("Kết quả bầu cử"), [[gettext("Cuộc bầu cử"), gettext("Trúng cử")], *rows]))
    data = pdfs.report_pdf(congress, _report_text(r), tables)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-dai-hoi-{congress.pk}.pdf"'
    return response
