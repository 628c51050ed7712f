"""Background tasks of the register: an uploaded spreadsheet of members or organizations,
imported by `daihoi worker` (see `daihoi.core.jobs`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from daihoi.core.jobs import JobFailed, Progress, job_drop_file, job_file_copy, job_run
from daihoi.core.models import JobFile
from daihoi.organizations import imports

DOWNLOAD_ERRORS = _("Tải báo cáo lỗi (.xlsx)")
IMPORT_AGAIN = _("Nhập tệp khác")
SEE_MEMBERS = _("Xem danh sách đảng viên")
SEE_ORGANIZATIONS = _("Xem cây tổ chức")
UPLOAD_MISSING = _("Không còn tệp đã tải lên: hãy nhập lại.")
NO_IMPORTER = _("Tài khoản đã bắt đầu nhập dữ liệu không còn nữa: không ghi gì.")

# What each import runs, says when done, and links to.
_IMPORTS: dict[str, dict[str, Any]] = {
    "members": {"run": imports.import_members_file, "done": imports.IMPORTED_MEMBERS,
                "see": (SEE_MEMBERS, "organizations:member_list")},
    "organizations": {"run": imports.import_organizations_file, "done": imports.IMPORTED_ORGANIZATIONS,
                      "see": (SEE_ORGANIZATIONS, "organizations:tree")},
}


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@task()
def import_file(job_id: int, target: str, filename: str, today: str) -> dict[str, Any]:
    """Import the job's uploaded file into the register (`target`: members or
    organizations); `today` is the date the upload was made (ISO), against which dates
    in the file are checked."""
    spec = _IMPORTS[target]

    def run(progress: Progress) -> dict[str, Any]:
        job = progress.job
        if job.created_by is None:  # the account was deleted meanwhile: never import as "the system"
            raise JobFailed(str(NO_IMPORTER))
        with job_file_copy(job, JobFile.Purpose.UPLOAD) as path:
            if path is None:
                raise JobFailed(str(UPLOAD_MISSING))
            try:
                outcome = spec["run"](acting_user=job.created_by, path=path, filename=filename,
                                      today=dt.date.fromisoformat(today), progress=progress)
            except imports.ImportRejected as rejected:
                # The upload stays with the job: the error report marks its bad cells.
                report = reverse("io:error_report", args=[job.pk])
                again = reverse(f"io:{target}_import")
                raise JobFailed(
                    str(rejected), errors=[e.as_dict() for e in rejected.errors],
                    result={"filename": filename,
                            "links": [[str(DOWNLOAD_ERRORS), report], [str(IMPORT_AGAIN), again]]},
                ) from rejected
        job_drop_file(job, JobFile.Purpose.UPLOAD)  # kept only while its error report may be asked for
        label, url_name = spec["see"]
        url = _url_or_none(url_name)
        return {
            "message": str(spec["done"]).format(count=number_format(outcome.created, force_grouping=True)),
            "created": outcome.created,
            "links": [[str(label), url]] if url else [],
        }

    return job_run(job_id, run)
