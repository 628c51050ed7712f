"""The worker's part: read a scan batch page by page, with progress (daihoi.core.jobs)."""

from __future__ import annotations

from typing import Any

import cv2
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from daihoi.core.jobs import JobFailed, Progress, job_drop_file, job_file_copy, job_run
from daihoi.core.models import JobFile
from daihoi.elections.scanning import services
from daihoi.elections.scanning.layout import Layout
from daihoi.elections.scanning.models import ScanBatch
from daihoi.elections.scanning.printing import BallotText

UPLOAD_MISSING = _("Không còn tệp đã tải lên: hãy tải lại.")
NOT_A_SCAN = _("Không đọc được tệp quét: {error}")
READING = _("Đang đọc phiếu")
DONE = _("Đã đọc {n} phiếu: {read} máy đọc chắc chắn, {person} cần người xem.")
SEE_BATCH = _("Xem lượt quét")
JPEG_QUALITY = 80


def read_pages(batch: ScanBatch, pages: list[tuple[str, Any]], progress: Progress | None = None
               ) -> list[dict[str, Any]]:
    """Each page read against the batch's ballot (no database)."""
    from daihoi.elections.scanning import reader

    layouts = [Layout.from_json(x) for x in batch.ballot.get("layouts")
               or [batch.ballot["layout"]]]
    text = BallotText(**batch.ballot["text"])
    templates = [reader.Template.from_layout(x, clean=reader.render_clean(text, x))
                 for x in layouts]
    thresholds = reader.Thresholds(**batch.thresholds)
    line_of = {row.name: row.number for row in layouts[0].rows}
    out = []
    for i, (source, image) in enumerate(pages, 1):
        r = reader.read_ballot(image, templates, thresholds, keep_image=True)
        jpeg = b""
        if r.image is not None:
            ok, data = cv2.imencode(".jpg", r.image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
            jpeg = data.tobytes() if ok else b""
        out.append({"source": source[-300:], "status": r.status,
                    "struck": sorted(line_of[n] for n in r.struck),
                    "doubtful": sorted(line_of[n] for n in r.doubtful), "flags": r.flags,
                    "reason": r.reason or "", "rows": r.details(), "image": jpeg,
                    "sheet": r.sheet})
        if progress is not None:
            progress(i, total=len(pages), message=str(READING))
    return out


@task()
def scan_batch(job_id: int, batch_id: int) -> dict[str, Any]:
    def run(progress: Progress) -> dict[str, Any]:
        from daihoi.elections.scanning import reader

        job = progress.job
        batch = ScanBatch.objects.get(pk=batch_id)
        with job_file_copy(job, JobFile.Purpose.UPLOAD) as path:
            if path is None:
                raise JobFailed(str(UPLOAD_MISSING))
            try:
                pages = reader.load_pages(str(path))
            except reader.ReadError as exc:
                message = str(NOT_A_SCAN).format(error=exc)
                services.batch_store(acting_user=job.created_by, batch=batch, readings=[],
                                     failed=message)
                raise JobFailed(message) from None
        readings = read_pages(batch, [(f"{batch.filename}{s[len(str(path)):]}", im)
                                      for s, im in pages], progress)
        services.batch_store(acting_user=job.created_by, batch=batch, readings=readings)
        job_drop_file(job, JobFile.Purpose.UPLOAD)
        person = sum(r["status"] != "read" for r in readings)
        return {"message": str(DONE).format(n=len(readings), read=len(readings) - person,
                                            person=person),
                "links": [[str(SEE_BATCH), reverse("scanning:batch", args=[batch.pk])]]}

    return job_run(job_id, run)
