"""Pages of the register: organizations tree, members, lifecycle operations, dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from daihoi.core import registry, tabular
from daihoi.core.permissions import has_role, role_required
from daihoi.core.roles import Role
from daihoi.organizations import forms, reports, selectors, services
from daihoi.organizations.models import Member, Organization
from daihoi.rules import membership as lifecycle

READ_ROLES = (Role.OFFICE, Role.ADMIN, Role.LEADER, Role.SECRETARIAT)
CHANGE_ROLES = (Role.OFFICE, Role.ADMIN)
DASHBOARD_ROLES = (Role.OFFICE, Role.ADMIN, Role.LEADER)
PAGE_SIZE = 50


def _can_change(request: HttpRequest) -> bool:
    return has_role(request.user, *CHANGE_ROLES)


def _errors(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


# --- organizations ----------------------------------------------------------------------


@role_required(*READ_ROLES)
def organization_tree(request: HttpRequest) -> HttpResponse:
    show_dissolved = forms.RegisterQuery.read(request.GET)["dissolved"]
    roots = selectors.organization_tree(include_dissolved=show_dissolved)
    nodes = [n for r in roots for n in r.walk()]
    kinds = {k: str(label) for k, label in Organization.Kind.choices}
    for n in nodes:  # resolved once per kind, not once per row (260 rows in the demo)
        n.kind_label = kinds.get(n.org.kind, n.org.kind)
    return render(request, "organizations/tree.html", {
        "roots": roots, "nodes": nodes, "statuses": Member.Status.choices,
        "org_base": reverse("organizations:tree"),
        "can_change": _can_change(request), "show_dissolved": show_dissolved,
        "create_form": forms.OrganizationForm() if _can_change(request) else None,
    })


@role_required(*READ_ROLES)
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization, pk=pk)
    node = selectors.organization_node(org)
    if node is None:
        raise Http404
    query = forms.RegisterQuery.read(request.GET)
    members = selectors.member_search(organization_id=org.pk, status=query["status"])
    page = selectors.RegisterPaginator(members, PAGE_SIZE).get_page(query["page"])
    can = _can_change(request)
    return render(request, "organizations/organization_detail.html", {
        "org": org, "node": node, "path": selectors.organization_path(org), "page": page,
        "member_base": reverse("organizations:member_list"),
        "statuses": Member.Status.choices, "can_change": can,
        "rename_form": forms.RenameForm(initial={"name": org.name, "short_name": org.short_name,
                                                 "host_kind": org.host_kind,
                                                 "established_on": org.established_on})
        if can else None,
        "move_form": forms.MoveForm(initial={"new_parent": org.parent_id}) if can else None,
        "dissolve_form": forms.DissolveForm(initial={"on": timezone.localdate()}) if can else None,
        "child_form": forms.OrganizationForm(initial={"parent": org.pk, "kind": Organization.Kind.CELL})
        if can else None,
    })


@role_required(*CHANGE_ROLES)
def organization_create(request: HttpRequest) -> HttpResponse:
    form = forms.OrganizationForm(request.POST or None,
                                  initial={"parent": forms.RegisterQuery.read(request.GET)["parent"]})
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(
                acting_user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"], short_name=form.cleaned_data["short_name"],
                kind=form.cleaned_data["kind"], parent=forms.org_from(form.cleaned_data["parent"]),
                host_kind=form.cleaned_data["host_kind"], established_on=form.cleaned_data["established_on"],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _t("Đã tạo tổ chức “%s”.") % org.name)
            return redirect("organizations:organization_detail", pk=org.pk)
    return render(request, "organizations/action_form.html", {
        "title": _("Thêm tổ chức đảng"), "form": form, "cancel": reverse("organizations:tree"),
    })


ORG_ACTIONS: dict[str, tuple[type[Any], Any, str]] = {
    "rename": (forms.RenameForm, _("Sửa tên, loại hình đơn vị, ngày thành lập"), "primary"),
    "move": (forms.MoveForm, _("Chuyển tổ chức sang trực thuộc khác"), "primary"),
    "dissolve": (forms.DissolveForm, _("Giải thể tổ chức"), "danger"),
}


@role_required(*CHANGE_ROLES)
def organization_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    org = get_object_or_404(Organization, pk=pk)
    if action not in ORG_ACTIONS:
        raise Http404
    form_class, title, style = ORG_ACTIONS[action]
    initial = {"name": org.name, "short_name": org.short_name, "new_parent": org.parent_id,
               "host_kind": org.host_kind, "established_on": org.established_on,
               "on": timezone.localdate()}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, user = form.cleaned_data, request.user
        try:
            if action == "rename":
                services.organization_rename(acting_user=user, organization=org,  # type: ignore[arg-type]
                                             name=data["name"], short_name=data["short_name"],
                                             host_kind=data["host_kind"],
                                             established_on=data["established_on"])
            elif action == "move":
                services.organization_move(acting_user=user, organization=org,  # type: ignore[arg-type]
                                           new_parent=forms.org_from(data["new_parent"]))
            else:
                services.organization_dissolve(acting_user=user, organization=org,  # type: ignore[arg-type]
                                               on=data["on"])
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _t("Đã lưu thay đổi của “%s”.") % org.name)
            return redirect("organizations:organization_detail", pk=org.pk)
    return render(request, "organizations/action_form.html", {
        "title": title, "subject": org.name, "form": form, "button_class": style,
        "cancel": reverse("organizations:organization_detail", args=[org.pk]),
    }, status=400 if request.method == "POST" else 200)


# --- members ----------------------------------------------------------------------------


@role_required(*READ_ROLES)
def member_list(request: HttpRequest) -> HttpResponse:
    query = forms.RegisterQuery.read(request.GET)
    q, org_id, status = query["q"], query["org"], query["status"]
    members = selectors.member_search(q=q, organization_id=org_id, status=status)
    page = selectors.RegisterPaginator(members, PAGE_SIZE).get_page(query["page"])
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page, "q": q, "org_id": org_id, "status": status, "query": params.urlencode(),
        "member_base": reverse("organizations:member_list"),
        "org_choices": selectors.organization_choices(), "statuses": Member.Status.choices,
        "can_change": _can_change(request),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "member-results":
        return render(request, "organizations/_member_results.html", context)
    return render(request, "organizations/member_list.html", context)


@role_required(*READ_ROLES, Role.INSPECTION)
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("organization"), pk=pk)
    today = timezone.localdate()
    start = member.probation_start
    probationary = member.status == Member.Status.PROBATIONARY
    # No record of time out of party activity is kept yet: seniority runs from the decision
    # to today, or to the day the member left the register.
    seniority = lifecycle.party_seniority(member.admission_date, member.left_on or today)
    return render(request, "organizations/member_detail.html", {
        "m": member, "path": selectors.organization_path(member.organization),
        "history": selectors.member_history(member),
        "transfers": selectors.member_transfers(member),
        "due": lifecycle.full_member_date(start), "months": lifecycle.PROBATION_MONTHS,
        "can_recognize": probationary and lifecycle.can_recognize(start, today),
        "days_overdue": lifecycle.days_overdue(start, today),
        "ceremony_warning": selectors.ceremony_warning(member.admission_date, member.ceremony_date),
        "seniority": seniority,
        "active": member.status in Member.ACTIVE_STATUSES, "can_change": _can_change(request),
        "probationary": probationary,
        # Sections other parts keep (disciplines, for the inspection committee and the office).
        "panels": registry.member_panels(request, member),
    })


@role_required(*CHANGE_ROLES)
def member_admit(request: HttpRequest) -> HttpResponse:
    form = forms.AdmitForm(request.POST or None, initial={
        "admission_date": timezone.localdate(),
        "organization": forms.RegisterQuery.read(request.GET)["org"],
    })
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["organization"] = forms.org_from(data["organization"])
        try:
            member = services.member_admit(acting_user=request.user, **data)  # type: ignore[arg-type]
        except ValidationError as exc:
            _errors(form, exc)
            if any(e.code == "duplicate" for e in exc.error_list):
                form.ask_if_distinct()
        else:
            messages.success(request, _t("Đã kết nạp đảng viên dự bị %s.") % member.full_name)
            warning = selectors.ceremony_warning(member.admission_date, member.ceremony_date)
            if warning:
                messages.warning(request, warning)
            return redirect("organizations:member_detail", pk=member.pk)
    return render(request, "organizations/action_form.html", {
        "title": _("Kết nạp đảng viên"), "form": form, "cancel": reverse("organizations:member_list"),
        "wide": True, "help": _t(
            "Người được kết nạp phải đủ %(age)s tuổi vào ngày quyết định kết nạp (Điều lệ Đảng, "
            "Điều 1). Đảng viên mới được ghi là dự bị; sau %(months)s tháng kể từ ngày tổ chức lễ "
            "kết nạp mới được công nhận chính thức; lễ kết nạp tổ chức trong %(days)s ngày làm việc "
            "kể từ ngày quyết định (Điều lệ Đảng, Điều 5)."
        ) % {"age": lifecycle.MINIMUM_AGE, "months": lifecycle.PROBATION_MONTHS,
             "days": lifecycle.CEREMONY_WORKING_DAYS},
    }, status=400 if request.method == "POST" else 200)


@role_required(*CHANGE_ROLES)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Member, pk=pk)
    fields = forms.MemberEditForm.base_fields
    form = forms.MemberEditForm(request.POST or None,
                                initial={f: getattr(member, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(acting_user=request.user, member=member,  # type: ignore[arg-type]
                                   **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _t("Đã lưu thông tin đảng viên."))
            return redirect("organizations:member_detail", pk=member.pk)
    return render(request, "organizations/action_form.html", {
        "title": _("Sửa thông tin đảng viên"), "subject": member.full_name, "form": form, "wide": True,
        "cancel": reverse("organizations:member_detail", args=[member.pk]),
    }, status=400 if request.method == "POST" else 200)


def _run_ceremony(user: Any, m: Member, d: dict[str, Any]) -> Any:
    return services.member_record_ceremony(acting_user=user, member=m,
                                           ceremony_date=d["ceremony_date"])


def _run_recognize(user: Any, m: Member, d: dict[str, Any]) -> Any:
    return services.member_recognize_full(acting_user=user, member=m,
                                          party_card_number=d["party_card_number"])


def _run_transfer(user: Any, m: Member, d: dict[str, Any]) -> Any:
    return services.member_transfer(acting_user=user, member=m, on=d["on"], note=d["note"],
                                    to_organization=forms.org_from(d["to_organization"]))


def _run_transfer_out(user: Any, m: Member, d: dict[str, Any]) -> Any:
    return services.member_transfer_out(acting_user=user, member=m, destination=d["destination"],
                                        on=d["on"], note=d["note"])


def _run_correct(user: Any, m: Member, d: dict[str, Any]) -> Any:
    org = forms.org_from(d["organization"]) if d["organization"] else None
    return services.member_correct(acting_user=user, member=m, reason=d["reason"],
                                   admission_date=d["admission_date"], organization=org)


def _run_deceased(user: Any, m: Member, d: dict[str, Any]) -> Any:
    return services.member_mark_deceased(acting_user=user, member=m, on=d["on"])


def _run_remove(user: Any, m: Member, d: dict[str, Any]) -> Any:
    return services.member_remove(acting_user=user, member=m, on=d["on"])


MEMBER_ACTIONS: dict[str, tuple[type[Any], Any, str, Callable[..., Any]]] = {
    "recognize": (forms.RecognizeForm, _("Công nhận đảng viên chính thức"), "primary", _run_recognize),
    "ceremony": (forms.CeremonyForm, _("Ghi ngày tổ chức lễ kết nạp"), "primary", _run_ceremony),
    "transfer": (forms.TransferForm, _("Chuyển sinh hoạt đảng (trong Đảng bộ)"), "primary", _run_transfer),
    "transfer-out": (forms.TransferOutForm, _("Chuyển sinh hoạt đảng ra ngoài Đảng bộ"), "danger",
                     _run_transfer_out),
    "correct": (forms.CorrectForm, _("Đính chính ngày vào Đảng hoặc tổ chức"), "primary",
                _run_correct),
    "deceased": (forms.LeaveForm, _("Ghi nhận đảng viên từ trần"), "danger", _run_deceased),
    "remove": (forms.LeaveForm, _("Đưa ra khỏi Đảng"), "danger", _run_remove),
}


@role_required(*CHANGE_ROLES)
def member_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("organization"), pk=pk)
    if action not in MEMBER_ACTIONS:
        raise Http404
    form_class, title, style, run = MEMBER_ACTIONS[action]
    form = form_class(request.POST or None, initial={
        "on": timezone.localdate(), "ceremony_date": member.ceremony_date,
        "admission_date": member.admission_date, "organization": member.organization_id})
    if request.method == "POST" and form.is_valid():
        try:
            run(request.user, member, form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _t("Đã ghi: %(what)s — %(who)s.") % {"what": title,
                                                                        "who": member.full_name})
            warning = selectors.ceremony_warning(member.admission_date, member.ceremony_date)
            if action == "ceremony" and warning:
                messages.warning(request, warning)
            back = forms.RegisterQuery.safe_next(forms.RegisterQuery.read(request.GET)["next"],
                                                 host=request.get_host())
            if back:
                return redirect(back)  # e.g. back to the due list, for the next one
            return redirect("organizations:member_detail", pk=member.pk)
    help_text = None
    if action == "recognize":
        start = member.probation_start
        values = {"due": f"{lifecycle.full_member_date(start):%d/%m/%Y}",
                  "months": lifecycle.PROBATION_MONTHS, "start": f"{start:%d/%m/%Y}"}
        if member.ceremony_date is not None:
            help_text = _t("Ngày chính thức sẽ ghi là %(due)s (đủ %(months)s tháng kể từ ngày lễ "
                           "kết nạp %(start)s).") % values
        else:
            help_text = _t("Ngày chính thức sẽ ghi là %(due)s (đủ %(months)s tháng kể từ ngày quyết "
                           "định kết nạp %(start)s: chưa ghi ngày lễ kết nạp).") % values
    elif action == "correct":
        help_text = _t("Chỉ dùng khi hồ sơ ghi nhầm (không phải chuyển sinh hoạt): giá trị cũ, giá "
                       "trị mới và lý do được ghi vào nhật ký.")
    elif action == "ceremony":
        help_text = _t("Thời gian dự bị %(months)s tháng tính từ ngày tổ chức lễ kết nạp (Điều lệ "
                       "Đảng, Điều 5). Ngày quyết định kết nạp: %(decision)s.") % {
            "months": lifecycle.PROBATION_MONTHS, "decision": f"{member.admission_date:%d/%m/%Y}"}
    return render(request, "organizations/action_form.html", {
        "title": title, "subject": f"{member.full_name} — {member.organization.name}", "form": form,
        "button_class": style, "help": help_text,
        "cancel": reverse("organizations:member_detail", args=[member.pk]),
    }, status=400 if request.method == "POST" else 200)


@role_required(*READ_ROLES)
def members_due_xlsx(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    this_month, overdue = selectors.members_due(today=today)
    content = reports.members_due_xlsx(this_month=this_month, overdue=overdue, today=today)
    response = HttpResponse(content, content_type=tabular.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="den-han-chinh-thuc-{today:%Y%m%d}.xlsx"'
    return response


@role_required(*READ_ROLES)
def members_due(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    this_month, overdue = selectors.members_due(today=today)
    return render(request, "organizations/members_due.html", {
        "this_month": this_month, "overdue": overdue, "today": today,
        "months": lifecycle.PROBATION_MONTHS,
        "can_change": _can_change(request),
    })


# --- dashboard ----------------------------------------------------------------------------


@role_required(*DASHBOARD_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard(today=timezone.localdate())
    chart = {
        "years": [str(r["year"]) for r in data.years],
        "admitted": [r["admitted"] for r in data.years],
        "planned": [r["planned"] for r in data.years],
        "status_labels": [label for _, label, _ in data.by_status],
        "status_counts": [n for _, _, n in data.by_status],
        "admitted_label": _t("Kết nạp"), "planned_label": _t("Chỉ tiêu"),
    }
    return render(request, "organizations/dashboard.html", {
        "d": data, "chart": chart, "can_change": _can_change(request),
        "plan_form": forms.PlanForm(initial={"year": timezone.localdate().year}),
        "plans": selectors.admission_plans(limit=10),
    })


@require_POST
@role_required(*CHANGE_ROLES)
def admission_plan_set(request: HttpRequest) -> HttpResponse:
    form = forms.PlanForm(request.POST)
    if form.is_valid():
        try:
            services.admission_plan_set(acting_user=request.user,  # type: ignore[arg-type]
                                        **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _t("Đã lưu chỉ tiêu kết nạp năm %s.") % form.cleaned_data["year"])
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("organizations:dashboard")


@role_required(*DASHBOARD_ROLES)
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    data = selectors.dashboard(today=today, top=10_000)
    content = reports.dashboard_xlsx(data, today=today)
    response = HttpResponse(content, content_type=tabular.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="so-lieu-dang-vien-{today:%Y%m%d}.xlsx"'
    return response
