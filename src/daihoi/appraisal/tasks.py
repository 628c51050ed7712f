"""Background tasks of the classification: an uploaded spreadsheet of results, and closing a
campaign (a national one is millions of rows), run by `daihoi worker` with progress."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from daihoi.appraisal import exports, imports, selectors, services
from daihoi.appraisal.models import Campaign
from daihoi.core.jobs import (
    JobFailed,
    Progress,
    job_attach,
    job_drop_file,
    job_file_copy,
    job_file_url,
    job_run,
)
from daihoi.core.models import JobFile

UPLOAD_MISSING = _("Không còn tệp đã tải lên: hãy nhập lại.")
NO_IMPORTER = _("Tài khoản đã bắt đầu nhập dữ liệu không còn nữa: không ghi gì.")
SEE_CAMPAIGN = _("Xem đợt đánh giá")
CLOSED = _("Đã kết thúc đợt đánh giá, xếp loại năm {year}.")


@task()
def import_appraisals(job_id: int, year: int, filename: str) -> dict[str, Any]:
    def run(progress: Progress) -> dict[str, Any]:
        job = progress.job
        if job.created_by is None:
            raise JobFailed(str(NO_IMPORTER))
        campaign = Campaign.objects.get(year=year)
        with job_file_copy(job, JobFile.Purpose.UPLOAD) as path:
            if path is None:
                raise JobFailed(str(UPLOAD_MISSING))
            try:
                outcome = imports.import_file(acting_user=job.created_by, campaign=campaign, path=path,
                                              filename=filename, progress=progress)
            except imports.ImportRejected as rejected:
                raise JobFailed(str(rejected), errors=[e.as_dict() for e in rejected.errors],
                                result={"filename": filename}) from rejected
        job_drop_file(job, JobFile.Purpose.UPLOAD)
        return {"message": str(imports.IMPORTED).format(count=outcome.created), "created": outcome.created,
                "links": [[str(SEE_CAMPAIGN), reverse("appraisal:campaign", args=[year])]]}

    return job_run(job_id, run)


@task()
def close_campaign(job_id: int, year: int) -> dict[str, Any]:
    def run(progress: Progress) -> dict[str, Any]:
        job = progress.job
        campaign = Campaign.objects.get(year=year)
        try:
            services.campaign_close(acting_user=job.created_by, campaign=campaign, progress=progress)
        except ValidationError as exc:
            raise JobFailed("; ".join(exc.messages)) from exc
        return {"message": str(CLOSED).format(year=year),
                "links": [[str(SEE_CAMPAIGN), reverse("appraisal:campaign", args=[year])]]}

    return job_run(job_id, run)


@task()
def results_export(job_id: int, years: int) -> dict[str, Any]:
    """The results table of every organization, for a committee too big to answer at once."""

    def run(progress: Progress) -> dict[str, Any]:
        progress(0, None, str(_("Đang ghi tệp Excel")))
        writing = str(_("Đang ghi tệp Excel"))
        content = exports.results_xlsx(selectors.results(years, full=True),
                                       progress=lambda done: progress(done, None, writing))
        job_attach(progress.job, purpose=JobFile.Purpose.OUTPUT, name=exports.FILENAME, content=content)
        return {"message": str(_("Đã xuất bảng tổng hợp xếp loại.")),
                "links": [[str(_("Tải tệp Excel")), job_file_url(progress.job)]]}

    return job_run(job_id, run)
