"""Import and export pages: upload a file (it runs as a job with a progress bar), download
the template, the error report of a rejected file, and exports of the register."""

from __future__ import annotations

import contextlib
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from daihoi.core.jobs import JobFailed, Progress, job_start, job_url, job_visible_to
from daihoi.core.models import Job
from daihoi.core.permissions import role_required
from daihoi.core.roles import Role
from daihoi.organizations import exports, imports, selectors
from daihoi.organizations.models import Member

IMPORT_ROLES = (Role.OFFICE,)  # and the administrator, who holds every role
EXPORT_ROLES = (Role.OFFICE, Role.LEADER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NO_FILE = _("Hãy chọn một tệp .xlsx hoặc .csv.")
DOWNLOAD_ERRORS = _("Tải báo cáo lỗi (.xlsx)")
IMPORT_AGAIN = _("Nhập tệp khác")
SEE_MEMBERS = _("Xem danh sách đảng viên")
SEE_ORGANIZATIONS = _("Xem cây tổ chức")
TITLE_MEMBERS = _("Nhập đảng viên từ tệp {name}")
TITLE_ORGANIZATIONS = _("Nhập tổ chức đảng từ tệp {name}")

KIND_MEMBERS = "members_import"
KIND_ORGANIZATIONS = "organizations_import"


UPLOAD_KEEP_SECONDS = 7 * 86_400  # a rejected file's error report stays available a week


def _uploads_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _prune_uploads(directory: Path) -> None:
    limit = time.time() - UPLOAD_KEEP_SECONDS
    for old in directory.glob("*"):
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < limit:
                old.unlink()


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


_TARGETS: dict[str, dict[str, Any]] = {
    "members": {
        "kind": KIND_MEMBERS, "title": TITLE_MEMBERS, "columns": imports.MEMBER_COLUMNS,
        "run": imports.import_members_file, "done": imports.IMPORTED_MEMBERS,
        "see": (SEE_MEMBERS, "organizations:member_list"),
    },
    "organizations": {
        "kind": KIND_ORGANIZATIONS, "title": TITLE_ORGANIZATIONS,
        "columns": imports.ORGANIZATION_COLUMNS, "run": imports.import_organizations_file,
        "done": imports.IMPORTED_ORGANIZATIONS, "see": (SEE_ORGANIZATIONS, "organizations:tree"),
    },
}


def _make_run(target: str, *, user: Any, stored: Path, filename: str
              ) -> Callable[[Progress], dict[str, Any]]:
    spec = _TARGETS[target]
    today = timezone.localdate()

    def run(progress: Progress) -> dict[str, Any]:
        job = progress.job
        upload = {"upload": stored.name, "filename": filename}
        try:
            outcome = spec["run"](acting_user=user, path=stored, filename=filename, today=today,
                                  progress=progress)
        except imports.ImportRejected as rejected:
            report = reverse("io:error_report", args=[job.pk])
            again = reverse(f"io:{target}_import")
            raise JobFailed(
                str(rejected), errors=[e.as_dict() for e in rejected.errors],
                result={**upload, "links": [[str(DOWNLOAD_ERRORS), report], [str(IMPORT_AGAIN), again]]},
            ) from rejected
        stored.unlink(missing_ok=True)  # kept only while its error report may be asked for
        label, url_name = spec["see"]
        url = _url_or_none(url_name)
        return {
            "message": str(spec["done"]).format(count=number_format(outcome.created, force_grouping=True)),
            "created": outcome.created,
            "links": [[str(label), url]] if url else [],
        }

    return run


def _import_page(request: HttpRequest, target: str) -> HttpResponse:
    spec = _TARGETS[target]
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        suffix = Path(upload.name).suffix.lower() if upload and upload.name else ""
        if upload is None:
            error = str(NO_FILE)
        elif suffix not in (".xlsx", ".xlsm", ".csv"):
            error = str(imports.BAD_FILE_TYPE)
        else:
            folder = _uploads_dir()
            _prune_uploads(folder)
            stored = folder / f"{uuid.uuid4().hex}{suffix}"
            with stored.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            job = job_start(
                acting_user=request.user, kind=spec["kind"],  # type: ignore[arg-type]
                title=str(spec["title"]).format(name=upload.name),
                run=_make_run(target, user=request.user, stored=stored, filename=upload.name or ""),
            )
            return redirect(job_url(job))
    recent = Job.objects.filter(kind=spec["kind"], created_by_id=request.user.pk)[:5]
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
    errors = [imports.RowError(e.get("row"), e.get("column", ""), e.get("value", ""), e.get("reason", ""))
              for e in job.errors if isinstance(e, dict)]
    name = str(job.result.get("upload", ""))
    source = _uploads_dir() / Path(name).name if name else None  # .name: no path tricks

    def write(out: Any) -> None:
        exports.error_report(out, errors=errors, source=source, columns=columns,
                             filename=job.result.get("filename") or name)

    return _xlsx_response(write, f"bao-cao-loi-{job.pk}.xlsx")


def _csv_response(lines: Iterator[str], filename: str) -> HttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return cast(HttpResponse, response)


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _members_for(request: HttpRequest) -> Any:
    """The member list's own filters (q, org, status), so the export is what the list shows."""
    org = request.GET.get("org") or ""
    return selectors.member_search(
        q=request.GET.get("q", "").strip(),
        organization_id=int(org) if org.isdigit() else None,
        status=request.GET.get("status", ""),
    )


@role_required(*EXPORT_ROLES)
def members_export(request: HttpRequest) -> HttpResponse:
    """Without `format`: the import/export page; `format=xlsx|csv`: the file."""
    fmt = request.GET.get("format")
    if fmt not in ("xlsx", "csv"):
        return io_home(request)
    members = _members_for(request)
    if fmt == "csv":
        return _csv_response(exports.members_csv(members), f"dang-vien-{_stamp()}.csv")
    return _xlsx_response(lambda out: exports.members_xlsx(out, members), f"dang-vien-{_stamp()}.xlsx")


@role_required(*EXPORT_ROLES)
def organizations_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format")
    if fmt not in ("xlsx", "csv"):
        return io_home(request)
    if fmt == "csv":
        return _csv_response(exports.organizations_csv(), f"to-chuc-dang-{_stamp()}.csv")
    return _xlsx_response(exports.organizations_xlsx, f"to-chuc-dang-{_stamp()}.xlsx")


def io_home(request: HttpRequest) -> HttpResponse:
    """One page for both directions: the export buttons, and for the office the imports."""
    return render(request, "organizations/io/home.html", {
        "org_choices": selectors.organization_choices(),
        "statuses": Member.Status.choices,
        "q": request.GET.get("q", ""), "org": request.GET.get("org", ""),
        "status": request.GET.get("status", ""),
    })
