"""Import and export pages: upload a file (it runs as a job with a progress bar), download
the template, the error report of a rejected file, and exports of the register."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from daihoi.core import selectors as core_selectors
from daihoi.core.jobs import job_file_copy, job_start, job_url, job_visible_to
from daihoi.core.models import Job, JobFile
from daihoi.core.permissions import role_required
from daihoi.core.roles import Role
from daihoi.organizations import exports, forms, imports, selectors, tasks
from daihoi.organizations.models import Member

IMPORT_ROLES = (Role.OFFICE,)  # and the administrator, who holds every role
EXPORT_ROLES = (Role.OFFICE, Role.LEADER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NO_FILE = forms.NO_FILE
TITLE_MEMBERS = _("Nhập đảng viên từ tệp {name}")
TITLE_ORGANIZATIONS = _("Nhập tổ chức đảng từ tệp {name}")

KIND_MEMBERS = "members_import"
KIND_ORGANIZATIONS = "organizations_import"


_TARGETS: dict[str, dict[str, Any]] = {
    "members": {"kind": KIND_MEMBERS, "title": TITLE_MEMBERS, "columns": imports.MEMBER_COLUMNS},
    "organizations": {"kind": KIND_ORGANIZATIONS, "title": TITLE_ORGANIZATIONS,
                      "columns": imports.ORGANIZATION_COLUMNS},
}


def _import_page(request: HttpRequest, target: str) -> HttpResponse:
    spec = _TARGETS[target]
    error = ""
    if request.method == "POST":
        form = forms.UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            error = form.error()
        else:
            upload = form.cleaned_data["file"]
            # The file goes into the database with the job: the worker that imports it may
            # be on another machine.
            job = job_start(
                acting_user=request.user, kind=spec["kind"],  # type: ignore[arg-type]
                title=str(spec["title"]).format(name=upload.name), task=tasks.import_file,
                params={"target": target, "filename": upload.name or "",
                        "today": timezone.localdate().isoformat()},
                upload=upload,
            )
            return redirect(job_url(job))
    recent = core_selectors.recent_jobs(kind=spec["kind"], user=request.user, limit=5)
    return render(request, "organizations/io/import.html", {
        "target": target, "error": error, "recent": recent,
        "columns": spec["columns"],
    })


@require_http_methods(["GET", "POST"])
@role_required(*IMPORT_ROLES)
def members_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "members")


@require_http_methods(["GET", "POST"])
@role_required(*IMPORT_ROLES)
def organizations_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "organizations")


def _xlsx_response(write: Callable[[Any], Any], filename: str) -> HttpResponse:
    # A spooled file: small workbooks stay in memory, 100,000 rows go to disk.
    tmp = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    write(tmp)
    tmp.seek(0)
    response = FileResponse(tmp, as_attachment=True, filename=filename, content_type=XLSX)
    return cast(HttpResponse, response)  # a streamed response; the view decorators want HttpResponse


@role_required(*IMPORT_ROLES)
def members_template(request: HttpRequest) -> HttpResponse:
    return _xlsx_response(exports.members_template, "mau-nhap-dang-vien.xlsx")


@role_required(*IMPORT_ROLES)
def organizations_template(request: HttpRequest) -> HttpResponse:
    return _xlsx_response(exports.organizations_template, "mau-nhap-to-chuc-dang.xlsx")


@role_required(*IMPORT_ROLES)
def error_report(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=job_id, kind__in=[KIND_MEMBERS, KIND_ORGANIZATIONS])
    if not job_visible_to(job, request.user):
        raise PermissionDenied
    if job.status != Job.Status.FAILED or not job.errors:
        raise Http404
    columns = imports.MEMBER_COLUMNS if job.kind == KIND_MEMBERS else imports.ORGANIZATION_COLUMNS
    errors = selectors.import_errors(job)
    filename = job.result.get("filename") or ""

    with job_file_copy(job, JobFile.Purpose.UPLOAD) as source:
        def write(out: Any) -> None:
            exports.error_report(out, errors=errors, source=source, columns=columns, filename=filename)

        return _xlsx_response(write, f"bao-cao-loi-{job.pk}.xlsx")


def _csv_response(lines: Iterator[str], filename: str) -> HttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return cast(HttpResponse, response)


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _members_for(query: dict[str, Any]) -> Any:
    """The member list's own filters (q, org, status), so the export is what the list shows."""
    return selectors.member_search(q=query["q"], organization_id=query["org"], status=query["status"])


@role_required(*EXPORT_ROLES)
def members_export(request: HttpRequest) -> HttpResponse:
    """Without `format`: the import/export page; `format=xlsx|csv`: the file."""
    query = forms.RegisterQuery.read(request.GET)
    fmt = query["format"]
    if fmt not in ("xlsx", "csv"):
        return _io_home(request, query)
    members = _members_for(query)
    if fmt == "csv":
        return _csv_response(exports.members_csv(members), f"dang-vien-{_stamp()}.csv")
    return _xlsx_response(lambda out: exports.members_xlsx(out, members), f"dang-vien-{_stamp()}.xlsx")


@role_required(*EXPORT_ROLES)
def organizations_export(request: HttpRequest) -> HttpResponse:
    query = forms.RegisterQuery.read(request.GET)
    fmt = query["format"]
    if fmt not in ("xlsx", "csv"):
        return _io_home(request, query)
    if fmt == "csv":
        return _csv_response(exports.organizations_csv(), f"to-chuc-dang-{_stamp()}.csv")
    return _xlsx_response(exports.organizations_xlsx, f"to-chuc-dang-{_stamp()}.xlsx")


def _io_home(request: HttpRequest, query: dict[str, Any]) -> HttpResponse:
    """One page for both directions: the export buttons, and for the office the imports."""
    return render(request, "organizations/io/home.html", {
        "org_choices": selectors.organization_choices(),
        "statuses": Member.Status.choices,
        "q": query["q"], "org": query["org"], "status": query["status"],
    })
