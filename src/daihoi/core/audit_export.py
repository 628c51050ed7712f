"""The audit log as a workbook: written while the browser waits for a small one, by the
worker (`audit_export`) for a big one, with a progress bar."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from daihoi.core import jobs, selectors, tabular
from daihoi.core.models import AuditLog, JobFile

# An export beyond this is a database job, not a spreadsheet (Excel stops at 1,048,576 rows).
EXPORT_LIMIT = 200_000


def rows_to_export(qs: QuerySet[AuditLog]) -> int:
    """How many rows the export of `qs` writes, counted up to one past the limit only."""
    return qs[:EXPORT_LIMIT + 1].count()


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def write_xlsx(qs: Any, out: Any, progress: Callable[[int], None] | None = None, *,
               user: Any = None) -> int:
    """Write the rows of `qs` (at most EXPORT_LIMIT) as a workbook into the file `out`, as
    `user` may read them (rows withheld from the user name the change, not its content)."""
    labels: dict[int, str] = {}
    cache: dict[tuple[Any, Any], str] = {}
    tz = timezone.get_current_timezone()
    written = 0

    def rows() -> Any:
        nonlocal written
        for row in qs.iterator(chunk_size=2000):
            selectors.attach_types([row])
            if written >= EXPORT_LIMIT:
                yield [_("… dừng ở %(n)s dòng: hãy lọc hẹp hơn.") % {"n": EXPORT_LIMIT}]
                break
            if row.content_type_id not in labels:
                labels[row.content_type_id] = selectors.content_type_label(row.content_type)
            withheld = bool(selectors.audit_withheld(user, [row]))
            changes = str(selectors.WITHHELD) if withheld else "; ".join(
                f"{c.label}: {_cell(c.before)} → {_cell(c.after)}"
                for c in selectors.audit_changes(row, cache)
            )
            yield [
                row.at.astimezone(tz).replace(tzinfo=None), str(row.actor) if row.actor else "",
                selectors.audit_sentence(row, withheld=withheld), labels[row.content_type_id],
                "" if withheld else row.object_repr, row.object_id, changes,
            ]
            written += 1
            if progress is not None and written % 500 == 0:
                progress(written)

    columns = [tabular.Col(_("Thời điểm"), 20, number_format="dd/mm/yyyy hh:mm:ss"),
               tabular.Col(_("Người thực hiện"), 22),
               tabular.Col(_("Thao tác"), 40), tabular.Col(_("Loại bản ghi"), 18),
               tabular.Col(_("Bản ghi"), 36), tabular.Col(_("Mã bản ghi"), 12),
               tabular.Col(_("Thay đổi"), 70)]
    tabular.write_xlsx(out, tabular.Sheet(_("Nhật ký"), columns, rows()))
    return written


def xlsx_bytes(qs: Any, *, user: Any = None) -> bytes:
    with tempfile.TemporaryFile() as out:
        write_xlsx(qs, out, user=user)
        out.seek(0)
        return out.read()


def export_name() -> str:
    return f"nhat-ky-{timezone.localdate():%Y%m%d}.xlsx"


def filter_to_json(flt: selectors.AuditFilter) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in asdict(flt).items()}


def filter_from_json(data: dict[str, Any]) -> selectors.AuditFilter:
    dates = {k: dt.date.fromisoformat(data[k]) for k in ("date_from", "date_to") if data.get(k)}
    return selectors.AuditFilter(**{**data, **dates})


@task()
def audit_export(job_id: int, flt: dict[str, Any]) -> dict[str, Any]:
    """The audit log as a workbook, for the rows the filter `flt` selects."""

    def run(progress: jobs.Progress) -> dict[str, Any]:
        qs = selectors.audit_log_list(flt=filter_from_json(flt))
        target = progress.job.total
        with tempfile.TemporaryFile() as out:
            n = write_xlsx(qs, out, lambda done: progress(done, total=target,
                                                           message=_("Đang ghi tệp Excel")),
                           user=progress.job.created_by)
            out.seek(0)
            jobs.job_attach(progress.job, purpose=JobFile.Purpose.OUTPUT, name=export_name(),
                            content=out.read())
        return {"message": _("Đã xuất %(n)s dòng nhật ký.") % {"n": n},
                "links": [[_("Tải tệp Excel"), jobs.job_file_url(progress.job)]]}

    return jobs.job_run(job_id, run)
