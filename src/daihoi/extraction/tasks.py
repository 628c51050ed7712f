"""The batch import: a zip (or the files of a folder) of articles read by `daihoi worker`
into the review queue, with progress (see `daihoi.core.jobs`)."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from daihoi.core.jobs import JobFailed, Progress, job_drop_file, job_file_copy, job_run
from daihoi.core.models import JobFile
from daihoi.extraction import services

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
# A zip may hold at most this many articles, each at most this big once unpacked (a zip
# bomb is refused by its declared sizes before anything is read).
MAX_ARTICLES = 5000
MAX_ARTICLE_BYTES = 4 * 1024 * 1024

UPLOAD_MISSING = _("Không còn tệp đã tải lên: hãy tải lại.")
NO_IMPORTER = _("Tài khoản đã bắt đầu không còn nữa: không ghi gì.")
NOT_A_ZIP = _("Tệp không phải .zip hợp lệ.")
NO_ARTICLES = _("Không có tệp .txt hoặc .html nào trong tệp tải lên.")
TOO_MANY = _("Quá nhiều bài báo ({count}); tối đa {limit} một lần.")
TOO_BIG = _("Tệp quá lớn khi giải nén (tối đa 4 MB một bài).")
READING = _("Đang đọc bài báo")
DONE = _("Đã đọc {read} bài báo vào hàng chờ duyệt; {failed} tệp không đọc được.")
SEE_QUEUE = _("Xem hàng chờ duyệt")


def _members(data: bytes, name: str) -> list[tuple[str, zipfile.ZipInfo | None]]:
    if not name.lower().endswith(".zip"):
        return [(name, None)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise JobFailed(str(NOT_A_ZIP)) from error
    infos = [
        i
        for i in archive.infolist()
        if not i.is_dir()
        and PurePosixPath(i.filename).suffix.lower() in ARTICLE_SUFFIXES
        and "__MACOSX" not in i.filename
        and not PurePosixPath(i.filename).name.startswith(".")
    ]
    return [(i.filename, i) for i in sorted(infos, key=lambda i: i.filename)]


@task()
def read_batch(job_id: int, filename: str) -> dict[str, Any]:
    """Read every article of the job's upload (a .zip, or one article file) into a new
    batch of the review queue; a file that holds no article is listed, the rest go on."""

    def run(progress: Progress) -> dict[str, Any]:
        job = progress.job
        if job.created_by is None:
            raise JobFailed(str(NO_IMPORTER))
        with job_file_copy(job, JobFile.Purpose.UPLOAD) as path:
            if path is None:
                raise JobFailed(str(UPLOAD_MISSING))
            data = path.read_bytes()
        members = _members(data, filename)
        if not members:
            raise JobFailed(str(NO_ARTICLES))
        if len(members) > MAX_ARTICLES:
            raise JobFailed(str(TOO_MANY).format(count=len(members), limit=MAX_ARTICLES))
        if any(info is not None and info.file_size > MAX_ARTICLE_BYTES for _, info in members):
            raise JobFailed(str(TOO_BIG))
        archive = zipfile.ZipFile(io.BytesIO(data)) if filename.lower().endswith(".zip") else None
        batch = services.batch_create(acting_user=job.created_by, name=filename, job=job)
        errors: list[dict[str, Any]] = []
        read = 0
        for i, (name, info) in enumerate(members, 1):
            content = archive.read(info)[:MAX_ARTICLE_BYTES] if archive and info else data
            try:
                services.article_create(acting_user=job.created_by, data=content, filename=name, batch=batch)
                read += 1
            except ValidationError as error:
                errors.append({"row": name, "reason": "; ".join(error.messages)})
            progress(i, total=len(members), message=str(READING))
        job_drop_file(job, JobFile.Purpose.UPLOAD)
        url = reverse("extraction:index") + f"?batch={batch.pk}"
        return {
            "message": str(DONE).format(read=read, failed=len(errors)),
            "read": read,
            "failed": len(errors),
            "batch": batch.pk,
            "links": [[str(SEE_QUEUE), url]],
            "errors": errors,
        }

    return job_run(job_id, run)
