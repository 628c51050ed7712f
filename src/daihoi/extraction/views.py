"""The extraction pages: paste or upload an article, review the proposed record beside
the highlighted text and save it, the batch import, and the comparison of congresses."""

from __future__ import annotations

import io
import zipfile
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.core.jobs import job_start, job_url
from daihoi.core.models import User
from daihoi.core.permissions import has_role, role_required
from daihoi.core.roles import READ_ALL_ROLES, Role
from daihoi.extraction import exports, forms, mapping, selectors, services, tasks
from daihoi.extraction.models import Article

OFFICE = (Role.OFFICE,)
# Form fields named as the reader's key they come from (the others: mapping.SOURCE_KEY).
PLAIN_KEYS = ("province", "ordinal", "start_date", "end_date", "published", "source", "committee_elected",
              "standing_committee_elected", "targets", "guests")


def _user(request: HttpRequest) -> User:
    """The logged-in user (every view here is behind role_required)."""
    return cast(User, request.user)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SAVED = _("Đã lưu hồ sơ đại hội.")
DISMISSED = _("Đã bỏ qua bài báo.")
BATCH_TITLE = _("Đọc các bài báo từ {name}")
FIELD_LABELS = {
    "kind": _("Loại"),
    "organization": _("Tổ chức đảng"),
    "province": _("Tỉnh, thành phố"),
    "ordinal": _("Lần thứ"),
    "term": _("Nhiệm kỳ"),
    "start_date": _("Từ ngày"),
    "end_date": _("Đến ngày"),
    "published": _("Ngày đăng bài"),
    "source": _("Nguồn"),
    "delegates_official": _("Đại biểu chính thức"),
    "members_represented": _("Đảng viên đại diện"),
    "grassroots_organizations": _("Tổ chức cơ sở đảng"),
    "committee_elected": _("Ban Chấp hành"),
    "standing_committee_elected": _("Ban Thường vụ"),
    "secretary": _("Bí thư"),
    "delegation": _("Đoàn đại biểu"),
    "admissions_in_term": _("Kết nạp trong nhiệm kỳ"),
    "targets": _("Chỉ tiêu"),
    "guests": _("Khách mời"),
}


@role_required(*OFFICE)
def index(request: HttpRequest) -> HttpResponse:
    form = forms.QueueForm(request.GET or None, initial={"status": Article.Status.PENDING.value})
    status, batch = Article.Status.PENDING.value, None
    if form.is_valid():
        status = form.cleaned_data["status"] if "status" in request.GET else status
        batch = form.cleaned_data["batch"]
    return render(
        request,
        "extraction/index.html",
        {
            "articles": selectors.queue(status=status, batch_id=batch)[:200],
            "queue_form": form,
            "status": status,
            "article_form": forms.ArticleForm(),
            "batch_form": forms.BatchForm(),
            "batches": selectors.batches(),
        },
    )


@role_required(*OFFICE)
@require_POST
def article_new(request: HttpRequest) -> HttpResponse:
    form = forms.ArticleForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            article = services.article_create(
                acting_user=_user(request),
                text=form.cleaned_data["text"],
                data=b"".join(upload.chunks()) if upload else None,
                filename=upload.name if upload else "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("extraction:review", pk=article.pk)
    return render(
        request,
        "extraction/index.html",
        {
            "articles": selectors.queue()[:200],
            "queue_form": forms.QueueForm(),
            "status": "pending",
            "article_form": form,
            "batch_form": forms.BatchForm(),
            "batches": selectors.batches(),
        },
        status=400,
    )


def _one_upload(files: list[Any]) -> Any:
    """One zip as it came; several article files zipped together (the files of a folder)."""
    if len(files) == 1 and (files[0].name or "").lower().endswith(".zip"):
        return files[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for upload in files:
            if (upload.name or "").lower().endswith(".zip"):
                continue
            archive.writestr(upload.name or "bai.txt", b"".join(upload.chunks()))
    return SimpleUploadedFile(f"{len(files)}-bai-bao.zip", buffer.getvalue(), content_type="application/zip")


@role_required(*OFFICE)
@require_POST
def batch_new(request: HttpRequest) -> HttpResponse:
    form = forms.BatchForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "extraction/index.html",
            {
                "articles": selectors.queue()[:200],
                "queue_form": forms.QueueForm(),
                "status": "pending",
                "article_form": forms.ArticleForm(),
                "batch_form": form,
                "batches": selectors.batches(),
            },
            status=400,
        )
    upload = _one_upload(form.cleaned_data["articles"])
    job = job_start(
        acting_user=_user(request),
        kind="extraction_batch",
        title=str(BATCH_TITLE).format(name=upload.name),
        task=tasks.read_batch,
        params={"filename": upload.name or ""},
        upload=upload,
    )
    return redirect(job_url(job))


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_of(pk)
    if article is None:
        raise Http404
    proposed = selectors.proposed_fields(article)
    pending = article.status == Article.Status.PENDING
    form = forms.RecordForm(request.POST if request.method == "POST" and pending else None, initial=proposed)
    if request.method == "POST" and pending and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k in mapping.FIELDS}
        try:
            record = services.record_save(
                acting_user=_user(request),
                values=values,
                article=article,
                note=form.cleaned_data["correction_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(SAVED))
            return redirect("extraction:record_detail", pk=record.pk)
    found = [(key, FIELD_LABELS[key]) for key in selectors.KEYS_SHOWN if (article.spans or {}).get(key)]
    return render(
        request,
        "extraction/review.html",
        {
            "article": article,
            "segments": selectors.highlighted(article),
            "form": form,
            "pending": pending,
            "found": found,
            "people": selectors.register_matches(article),
            "plain_keys": PLAIN_KEYS,
            "source_key": mapping.SOURCE_KEY,
            "labels": FIELD_LABELS,
        },
    )


@role_required(*OFFICE)
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_of(pk)
    if article is None:
        raise Http404
    try:
        services.article_dismiss(acting_user=_user(request), article=article)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, str(DISMISSED))
    return redirect("extraction:index")


@role_required(*READ_ALL_ROLES)
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_of(pk)
    if record is None:
        raise Http404
    return render(
        request,
        "extraction/record_detail.html",
        {
            "r": record,
            "can_read_article": has_role(request.user, *OFFICE),
            "corrections": sorted(record.corrections.items()),
        },
    )


@role_required(*READ_ALL_ROLES)
def compare(request: HttpRequest) -> HttpResponse:
    form = forms.CompareForm(request.GET or None)
    level, term = "", None
    if form.is_valid():
        level, term = form.cleaned_data["level"], form.cleaned_data["term"]
    rows = selectors.comparison(level=level, term_start=term)
    summary = selectors.summary(rows)
    if form.is_valid() and form.cleaned_data["format"] == "xlsx":
        response = HttpResponse(exports.comparison_xlsx(rows, summary), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="so-sanh-dai-hoi.xlsx"'
        return response
    return render(
        request,
        "extraction/compare.html",
        {
            "form": form,
            "rows": rows,
            "summary": summary,
            "bars": selectors.chart(rows),
            "terms": selectors.term_choices(),
            "query": request.GET.urlencode(),
        },
    )


@role_required(*OFFICE)
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest) -> HttpResponse:
    """A congress on record typed in (one known from minutes or memory, with no article)."""
    form = forms.RecordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k in mapping.FIELDS}
        try:
            record = services.record_save(acting_user=_user(request), values=values,
                                          note=form.cleaned_data["correction_note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(SAVED))
            return redirect("extraction:record_detail", pk=record.pk)
    return render(request, "extraction/record_new.html", {"form": form})
