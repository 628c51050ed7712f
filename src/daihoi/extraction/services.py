"""The changes of the extraction part: an article read into the review queue, dismissed, or
saved as a congress on record (with what the office corrected)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit_create, audit_update, snapshot
from daihoi.core.models import Job, User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.extraction import mapping
from daihoi.extraction.models import Article, Batch, CongressRecord
from daihoi.extraction.reader import ReadError, read_bytes, read_text

CHANGE_ROLES = (Role.OFFICE,)  # and the administrator, who holds every role
ARTICLE_NOT_PENDING = _("Bài báo này đã được xử lý.")
NOTHING_TO_READ = _("Hãy dán nội dung bài báo hoặc chọn một tệp.")
ORGANIZATION_REQUIRED = _("Cần tên tổ chức đảng.")


def _title_of(text: str) -> str:
    for line in text.split("\n"):
        if ("Đại hội" in line or "Hội nghị" in line) and 8 <= len(line) <= 300:
            return line.strip()
    return next((line.strip() for line in text.split("\n") if line.strip()), "")[:300]


@transaction.atomic(durable=True)
def article_create(
    *,
    acting_user: User | None,
    text: str = "",
    data: bytes | None = None,
    filename: str = "",
    batch: Batch | None = None,
) -> Article:
    """Read an article (pasted text, or a file's bytes) and put it in the review queue with
    the record the reader proposes. ValidationError when it holds no text to read."""
    require_role(acting_user, *CHANGE_ROLES)
    try:
        if data is not None:
            reading = read_bytes(data, filename)
        elif text.strip():
            reading = read_text(text)
        else:
            raise ValidationError(str(NOTHING_TO_READ))
    except ReadError as error:
        raise ValidationError(str(error)) from error
    spans = {key: [list(s) for s in found] for key, found in reading.spans.items()}
    article = Article.objects.create(
        title=_title_of(reading.text)[:300],
        filename=filename[:255],
        text=reading.text,
        proposed=reading.record,
        spans=spans,
        batch=batch,
        created_by=acting_user,
    )
    audit_create(actor=acting_user, obj=article, verb="extraction.article_create")
    return article


@transaction.atomic(durable=True)
def article_dismiss(*, acting_user: User | None, article: Article) -> Article:
    require_role(acting_user, *CHANGE_ROLES)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status != Article.Status.PENDING:
        raise ValidationError(str(ARTICLE_NOT_PENDING))
    before = snapshot(article)
    article.status = Article.Status.DISMISSED
    article.save(update_fields=["status"])
    audit_update(actor=acting_user, obj=article, before=before, verb="extraction.article_dismiss")
    return article


@transaction.atomic(durable=True)
def record_save(
    *, acting_user: User | None, values: dict[str, Any], article: Article | None = None, note: str = ""
) -> CongressRecord:
    """Save a congress on record from the reviewed values, linked to its article, with the
    fields the office changed from the reader's proposal and the office's note."""
    require_role(acting_user, *CHANGE_ROLES)
    if not (values.get("organization_name") or "").strip():
        raise ValidationError(str(ORGANIZATION_REQUIRED))
    fields = {name: values.get(name) for name in mapping.FIELDS if name in values}
    for name in ("province", "source", "secretary_name", "level"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    fields["targets"] = fields.get("targets") or []
    fields["guests"] = fields.get("guests") or []
    corrected: dict[str, list[Any]] = {}
    if article is not None:
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.status != Article.Status.PENDING:
            raise ValidationError(str(ARTICLE_NOT_PENDING))
        corrected = mapping.corrections(article.proposed, fields)
    record = CongressRecord.objects.create(
        **fields, article=article, corrections=corrected, correction_note=note.strip(), created_by=acting_user
    )
    audit_create(actor=acting_user, obj=record, verb="extraction.record_save")
    if article is not None:
        before = snapshot(article)
        article.status = Article.Status.SAVED
        article.save(update_fields=["status"])
        audit_update(actor=acting_user, obj=article, before=before, verb="extraction.record_save")
    return record


@transaction.atomic(durable=True)
def batch_create(*, acting_user: User | None, name: str, job: Job | None = None) -> Batch:
    require_role(acting_user, *CHANGE_ROLES)
    batch = Batch.objects.create(name=name[:255], job=job, created_by=acting_user)
    audit_create(actor=acting_user, obj=batch, verb="extraction.batch_create")
    return batch
