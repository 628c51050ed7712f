"""The audit log pages (system administrator and committee office)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from daihoi.core import audit_export, jobs, selectors
from daihoi.core.forms import AuditFilterForm, PageForm
from daihoi.core.models import AuditLog, User
from daihoi.core.permissions import role_required
from daihoi.core.roles import Role

PER_PAGE = 50
# Up to this many rows the file is made while the browser waits; beyond, as a job with
# a progress bar (about 10,000 rows a second).
SYNC_EXPORT_LIMIT = 5_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page_number(request: HttpRequest) -> int:
    return PageForm(request.GET).page_number()


def _rows_with_changes(request: HttpRequest, rows: list[AuditLog]) -> list[dict[str, Any]]:
    return selectors.audit_entries(rows, user=request.user)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return params.urlencode()


@role_required(Role.ADMIN, Role.OFFICE)
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, type_choices=selectors.audit_content_types())
    flt = selectors.AuditFilter()
    if form.is_valid():
        data = form.cleaned_data
        flt = selectors.AuditFilter(
            actor_id=data["actor"], content_type_id=data["type"], date_from=data["date_from"],
            date_to=data["date_to"], text=data["q"].strip(), action=data["action"],
        )
    qs = selectors.audit_log_list(flt=flt)
    if PageForm(request.GET).file_format() == "xlsx":
        return _export_xlsx(request, qs, flt)
    page = _page_number(request)
    rows, has_next = selectors.audit_page(qs, page=page, per_page=PER_PAGE)
    return render(request, "core/audit/list.html", {
        "form": form, "entries": _rows_with_changes(request, rows), "page": page, "has_next": has_next,
        "query": _query_without_page(request),
    })


@role_required(Role.ADMIN, Role.OFFICE)
def audit_record(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    app_label, _dot, model_name = label.partition(".")
    ct = selectors.audit_object(app_label, model_name)
    if ct is None:
        raise Http404
    qs = selectors.audit_log_list(flt=selectors.AuditFilter(content_type_id=ct.pk, object_id=pk))
    page = _page_number(request)
    rows, has_next = selectors.audit_page(qs, page=page, per_page=PER_PAGE)
    obj = selectors.audit_subject(ct, pk)
    if not rows and obj is None:
        raise Http404
    return render(request, "core/audit/record.html", {
        "entries": _rows_with_changes(request, rows), "page": page, "has_next": has_next, "query": "",
        "type_label": selectors.content_type_label(ct), "obj": obj,
        "title": str(obj) if obj is not None else rows[0].object_repr if rows else pk,
        "deleted": obj is None,
    })


@role_required(Role.ADMIN, Role.OFFICE)
def audit_user(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    qs = selectors.audit_log_list(flt=selectors.AuditFilter(actor_id=target.pk))
    page = _page_number(request)
    rows, has_next = selectors.audit_page(qs, page=page, per_page=PER_PAGE)
    return render(request, "core/audit/user.html", {
        "target": target, "entries": _rows_with_changes(request, rows), "page": page,
        "has_next": has_next, "query": "",
    })


def _export_xlsx(request: HttpRequest, qs: Any, flt: selectors.AuditFilter) -> HttpResponse:
    total = audit_export.rows_to_export(qs)
    if total <= SYNC_EXPORT_LIMIT:
        response = HttpResponse(audit_export.xlsx_bytes(qs, user=request.user), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{audit_export.export_name()}"'
        return response
    # A big export is a job with a progress bar; the worker keeps the file with the job.
    user = request.user
    assert isinstance(user, User)
    job = jobs.job_start(acting_user=user, kind="audit_export", title=_("Xuất nhật ký ra Excel"),
                         total=min(total, audit_export.EXPORT_LIMIT), task=audit_export.audit_export,
                         params={"flt": audit_export.filter_to_json(flt)})
    return redirect(jobs.job_url(job))
