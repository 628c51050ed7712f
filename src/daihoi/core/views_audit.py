"""The audit log pages (system administrator and committee office)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from daihoi.core import jobs, selectors, tabular
from daihoi.core.forms import AuditFilterForm
from daihoi.core.models import AuditLog, JobFile, User
from daihoi.core.permissions import role_required
from daihoi.core.roles import Role

PER_PAGE = 50
# Up to this many rows the file is made while the browser waits; beyond, as a job with
# a progress bar (about 10,000 rows a second).
SYNC_EXPORT_LIMIT = 5_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An export beyond this is a database job, not a spreadsheet (Excel stops at 1,048,576 rows).
EXPORT_LIMIT = 200_000


def _page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


def _rows_with_changes(rows: list[AuditLog]) -> list[dict[str, Any]]:
    cache: dict[tuple[Any, Any], str] = {}
    return [{"row": row, "changes": selectors.audit_changes(row, cache)} for row in rows]


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
    if request.GET.get("format") == "xlsx":
        return _export_xlsx(request, qs, flt)
    page = _page_number(request)
    rows, has_next = selectors.audit_page(qs, page=page, per_page=PER_PAGE)
    return render(request, "core/audit/list.html", {
        "form": form, "entries": _rows_with_changes(rows), "page": page, "has_next": has_next,
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
    model = ct.model_class()
    obj = None
    if model is not None:
        try:
            obj = model._default_manager.filter(pk=pk).first()
        except (ValueError, ValidationError):  # a pk of the wrong type for this model
            obj = None
    if not rows and obj is None:
        raise Http404
    return render(request, "core/audit/record.html", {
        "entries": _rows_with_changes(rows), "page": page, "has_next": has_next, "query": "",
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
        "target": target, "entries": _rows_with_changes(rows), "page": page,
        "has_next": has_next, "query": "",
    })


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _write_xlsx(qs: Any, out: Any, progress: Callable[[int], None] | None = None) -> int:
    """Write the rows of `qs` (at most EXPORT_LIMIT) as a workbook into the file `out`."""
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
            changes = "; ".join(
                f"{c.label}: {_cell(c.before)} → {_cell(c.after)}"
                for c in selectors.audit_changes(row, cache)
            )
            yield [
                row.at.astimezone(tz).replace(tzinfo=None), str(row.actor) if row.actor else "",
                row.verb or row.get_action_display(), labels[row.content_type_id], row.object_repr,
                row.object_id, changes,
            ]
            written += 1
            if progress is not None and written % 500 == 0:
                progress(written)

    columns = [tabular.Col(_("Thời điểm"), 20, number_format="dd/mm/yyyy hh:mm:ss"),
               tabular.Col(_("Người thực hiện"), 22),
               tabular.Col(_("Loại"), 18), tabular.Col(_("Loại bản ghi"), 18),
               tabular.Col(_("Bản ghi"), 36), tabular.Col(_("Mã bản ghi"), 12),
               tabular.Col(_("Thay đổi"), 70)]
    tabular.write_xlsx(out, tabular.Sheet(_("Nhật ký"), columns, rows()))
    return written


def _export_name() -> str:
    return f"nhat-ky-{timezone.localdate():%Y%m%d}.xlsx"


def _export_xlsx(request: HttpRequest, qs: Any, flt: selectors.AuditFilter) -> HttpResponse:
    total = qs[:EXPORT_LIMIT + 1].count()
    if total <= SYNC_EXPORT_LIMIT:
        with tempfile.TemporaryFile() as out:
            _write_xlsx(qs, out)
            out.seek(0)
            content = out.read()
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{_export_name()}"'
        return response
    # A big export is a job with a progress bar; the worker keeps the file with the job.
    user = request.user
    assert isinstance(user, User)
    job = jobs.job_start(acting_user=user, kind="audit_export", title=_("Xuất nhật ký ra Excel"),
                         total=min(total, EXPORT_LIMIT), task=audit_export,
                         params={"flt": _filter_to_json(flt)})
    return redirect(jobs.job_url(job))


def _filter_to_json(flt: selectors.AuditFilter) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in asdict(flt).items()}


def _filter_from_json(data: dict[str, Any]) -> selectors.AuditFilter:
    dates = {k: dt.date.fromisoformat(data[k]) for k in ("date_from", "date_to") if data.get(k)}
    return selectors.AuditFilter(**{**data, **dates})


@task()
def audit_export(job_id: int, flt: dict[str, Any]) -> dict[str, Any]:
    """The audit log as a workbook, for the rows the filter `flt` selects."""

    def run(progress: jobs.Progress) -> dict[str, Any]:
        qs = selectors.audit_log_list(flt=_filter_from_json(flt))
        target = progress.job.total
        with tempfile.TemporaryFile() as out:
            n = _write_xlsx(qs, out, lambda done: progress(done, total=target,
                                                           message=_("Đang ghi tệp Excel")))
            out.seek(0)
            jobs.job_attach(progress.job, purpose=JobFile.Purpose.OUTPUT, name=_export_name(),
                            content=out.read())
        return {"message": _("Đã xuất %(n)s dòng nhật ký.") % {"n": n},
                "links": [[_("Tải tệp Excel"), jobs.job_file_url(progress.job)]]}

    return jobs.job_run(job_id, run)
