"""Changes to the portal. The office (or the administrator) edits articles, banners, pages,
events and moderates comments; readers rate and comment. Each change is one durable
transaction with its check and its audit row, and bumps the site version so cached pages
are rebuilt (pagecache)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit_create, audit_update, snapshot
from daihoi.core.models import User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.portal import content, drafting, pagecache
from daihoi.portal.models import (
    Article,
    Banner,
    Category,
    Comment,
    Contact,
    Event,
    Page,
    Photo,
    Rating,
    Revision,
)
from daihoi.rules.names import fold

EDIT_ROLES = (Role.OFFICE, Role.ADMIN)

SCHEDULE_NEEDS_TIME = _("Hẹn giờ đăng cần ngày giờ đăng ở tương lai.")
NOT_PUBLIC = _("Bài viết không có trên cổng thông tin.")
ALREADY_RATED = _("Bạn đã đánh giá bài viết này.")
ADDRESS_LIMIT = _("Đã có quá nhiều lượt đánh giá bài viết này từ cùng một địa chỉ.")
STARS_RANGE = _("Điểm đánh giá từ 1 đến 5.")
COMMENT_TOO_MANY = _("Bạn gửi ý kiến quá nhanh, xin thử lại sau ít phút.")
COMMENT_NOT_PENDING = _("Ý kiến này đã được xử lý.")

# Readers behind one address (a household, an office's NAT) may each rate once; past this
# many ratings of one article from one address, the rest are refused.
RATINGS_PER_ADDRESS = 5
# At most this many comments from one address in COMMENT_WINDOW.
COMMENTS_PER_WINDOW = 3
COMMENT_WINDOW = dt.timedelta(minutes=10)

ARTICLE_FIELDS = ("category_id", "title", "summary", "body", "author", "source", "status", "publish_at")


@dataclass(frozen=True)
class NewPhoto:
    data: bytes
    name: str
    caption: str


def _unique_slug(title: str, pk: Any) -> str:
    base = slugify(fold(title))[:100] or "bai-viet"
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exclude(pk=pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply(article: Article, data: dict[str, Any], now: dt.datetime) -> None:
    for name in ("title", "summary", "author", "source", "status", "publish_at"):
        if name in data:
            setattr(article, name, data[name])
    if "category" in data:
        article.category = data["category"]
    if "body" in data:
        article.body = content.sanitize(data["body"])
    article.summary = " ".join(content.plain_text(article.summary).split())
    if article.status == Article.Status.SCHEDULED:
        if article.publish_at is None or article.publish_at <= now:
            raise ValidationError({"publish_at": SCHEDULE_NEEDS_TIME})
    elif article.status == Article.Status.PUBLISHED and article.publish_at is None:
        article.publish_at = now
    article.search_text = content.search_text(article.title, article.summary, article.body)
    article.updated_at = now


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in ARTICLE_FIELDS if before.get(k) != after.get(k)}


def _add_photos(article: Article, photos: list[NewPhoto]) -> list[str]:
    start = article.photos.count()
    names = []
    for i, p in enumerate(photos):
        done = content.process_photo(p.data, name=p.name)
        Photo.objects.create(
            article=article,
            caption=p.caption,
            data=done.data,
            width=done.width,
            height=done.height,
            content_type=done.content_type,
            order=start + i,
        )
        names.append(p.caption)
    return names


def _schedule(article: Article) -> None:
    if article.status == Article.Status.SCHEDULED and article.publish_at:
        from daihoi.portal import tasks

        when = article.publish_at
        transaction.on_commit(lambda: tasks.schedule_publishing(when))


@transaction.atomic(durable=True)
def article_save(
    *,
    acting_user: User,
    article: Article | None = None,
    data: dict[str, Any],
    photos: Sequence[NewPhoto] = (),
    note: str = "",
) -> Article:
    """Create (article=None) or change an article; a revision names who changed what."""
    require_role(acting_user, *EDIT_ROLES)
    now = timezone.now()
    creating = article is None
    if article is None:
        article = Article(created_by=acting_user, created_at=now)
        before: dict[str, Any] = {}
    else:
        article = Article.objects.select_for_update().get(pk=article.pk)
        before = snapshot(article)
    _apply(article, data, now)
    if creating or not article.slug:
        article.slug = _unique_slug(article.title, article.pk)
    article.save()
    changes = _changes(before, snapshot(article))
    added = _add_photos(article, list(photos))
    if added:
        changes["photos"] = [None, added]
    number = (article.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    Revision.objects.create(
        article=article, number=number, user=acting_user, changes=changes, note=note[:200]
    )
    if creating:
        audit_create(actor=acting_user, obj=article)
    else:
        audit_update(actor=acting_user, obj=article, before=before)
    _schedule(article)
    pagecache.bump()
    return article


@transaction.atomic(durable=True)
def articles_publish_due(*, acting_user: User | None = None, now: dt.datetime | None = None) -> list[int]:
    """The worker's part of scheduled publishing: every scheduled article whose time has
    come becomes published, with its revision (by the system) and audit row."""
    if acting_user is not None:
        require_role(acting_user, *EDIT_ROLES)
    now = now or timezone.now()
    done = []
    for article in Article.objects.select_for_update().filter(
        status=Article.Status.SCHEDULED, publish_at__lte=now
    ):
        before = snapshot(article)
        article.status = Article.Status.PUBLISHED
        article.updated_at = now
        article.save(update_fields=["status", "updated_at"])
        number = (article.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        Revision.objects.create(
            article=article,
            number=number,
            user=acting_user,
            changes={"status": [Article.Status.SCHEDULED, Article.Status.PUBLISHED]},
            note="Đăng theo lịch",
        )
        audit_update(actor=acting_user, obj=article, before=before, verb="publish_scheduled")
        done.append(article.pk)
    if done:
        pagecache.bump()
    return done


@transaction.atomic(durable=True)
def article_draft_from_congress(*, acting_user: User, congress: Any, category: Category) -> Article:
    """The news article of a closed congress, drafted from its records (drafting.py); the
    office edits and publishes it. A second call returns the draft already made."""
    require_role(acting_user, *EDIT_ROLES)
    if congress.status != congress.Status.CLOSED:
        raise ValidationError(drafting.NOT_CLOSED)
    source = drafting.DRAFT_SOURCE.format(pk=congress.pk)
    existing = Article.objects.filter(drafted_from=source).first()
    if existing is not None:
        return existing
    text = drafting.draft(drafting.congress_records(congress))
    now = timezone.now()
    article = Article(
        created_by=acting_user,
        created_at=now,
        drafted_from=source,
        author=acting_user.get_full_name() or acting_user.get_username(),
    )
    _apply(article, {**text, "category": category, "status": Article.Status.DRAFT}, now)
    article.slug = _unique_slug(article.title, None)
    article.save()
    Revision.objects.create(
        article=article,
        number=1,
        user=acting_user,
        changes=_changes({}, snapshot(article)),
        note="Soạn từ hồ sơ đại hội",
    )
    audit_create(actor=acting_user, obj=article, verb="draft_from_congress")
    return article


def _save_simple(
    acting_user: User, obj: Any, fields: dict[str, Any], html_fields: tuple[str, ...] = ()
) -> Any:
    before = snapshot(obj) if obj.pk else None
    for k, v in fields.items():
        setattr(obj, k, content.sanitize(v) if k in html_fields else v)
    if hasattr(obj, "updated_at"):
        obj.updated_at = timezone.now()
    obj.save()
    if before is None:
        audit_create(actor=acting_user, obj=obj)
    else:
        audit_update(actor=acting_user, obj=obj, before=before)
    pagecache.bump()
    return obj


@transaction.atomic(durable=True)
def banner_save(*, acting_user: User, banner: Banner | None = None, data: dict[str, Any]) -> Banner:
    require_role(acting_user, *EDIT_ROLES)
    return _save_simple(acting_user, banner or Banner(), data)


@transaction.atomic(durable=True)
def page_save(*, acting_user: User, page: Page | None = None, data: dict[str, Any]) -> Page:
    require_role(acting_user, *EDIT_ROLES)
    return _save_simple(acting_user, page or Page(), data, html_fields=("body",))


@transaction.atomic(durable=True)
def contact_save(*, acting_user: User, contact: Contact | None = None, data: dict[str, Any]) -> Contact:
    require_role(acting_user, *EDIT_ROLES)
    return _save_simple(acting_user, contact or Contact(), data)


@transaction.atomic(durable=True)
def event_save(*, acting_user: User, event: Event | None = None, data: dict[str, Any]) -> Event:
    require_role(acting_user, *EDIT_ROLES)
    return _save_simple(acting_user, event or Event(), data, html_fields=("description",))


@transaction.atomic(durable=True)
def category_save(*, acting_user: User, category: Category | None = None, data: dict[str, Any]) -> Category:
    require_role(acting_user, *EDIT_ROLES)
    return _save_simple(acting_user, category or Category(), data)


# --- readers ------------------------------------------------------------------------------------


def _require_public(article: Article) -> None:
    """What a reader may act on: an article the public sees (the readers' check)."""
    now = timezone.now()
    if (
        article.status not in (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
        or not article.publish_at
        or article.publish_at > now
    ):
        raise PermissionDenied(NOT_PUBLIC)


@transaction.atomic(durable=True)
def rating_submit(
    *, acting_user: Any = None, article: Article, visitor: str, address: str, stars: int
) -> Rating:
    """One rating per reader (their cookie), at most RATINGS_PER_ADDRESS per article from
    one address (kept as a keyed hash). Readers are anonymous: no audit row."""
    _require_public(article)
    if not 1 <= stars <= 5:
        raise ValidationError(STARS_RANGE)
    if Rating.objects.filter(article=article, visitor=visitor).exists():
        raise ValidationError(ALREADY_RATED)
    if Rating.objects.filter(article=article, address=address).count() >= RATINGS_PER_ADDRESS:
        raise ValidationError(ADDRESS_LIMIT)
    try:
        with transaction.atomic():
            rating = Rating.objects.create(article=article, visitor=visitor, address=address, stars=stars)
    except IntegrityError as exc:  # the same reader twice at once
        raise ValidationError(ALREADY_RATED) from exc
    pagecache.bump()
    return rating


@transaction.atomic(durable=True)
def comment_submit(
    *, acting_user: Any = None, article: Article, name: str, email: str, text: str, address: str
) -> Comment:
    """A reader's comment, held for the office's moderation; a few per address at most."""
    _require_public(article)
    since = timezone.now() - COMMENT_WINDOW
    if Comment.objects.filter(address=address, created_at__gte=since).count() >= COMMENTS_PER_WINDOW:
        raise ValidationError(COMMENT_TOO_MANY)
    # Stored as plain text and shown escaped; any markup is dropped here as well.
    clean = content.plain_text(content.sanitize(text))
    return Comment.objects.create(
        article=article, name=content.plain_text(name)[:120], email=email, text=clean, address=address
    )


@transaction.atomic(durable=True)
def comment_moderate(*, acting_user: User, comment: Comment, approve: bool) -> Comment:
    require_role(acting_user, *EDIT_ROLES)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != Comment.Status.PENDING:
        raise ValidationError(COMMENT_NOT_PENDING)
    before = snapshot(comment)
    comment.status = Comment.Status.APPROVED if approve else Comment.Status.REJECTED
    comment.moderated_by = acting_user
    comment.moderated_at = timezone.now()
    comment.save()
    audit_update(actor=acting_user, obj=comment, before=before, verb="approve" if approve else "reject")
    pagecache.bump()
    return comment
