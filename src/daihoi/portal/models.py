"""The public portal: news articles and their categories, photos, revisions; banners, the
pages a state portal must carry, events; readers' ratings and comments; visitor statistics.

Search: every article keeps `search_text`, its title, summary and body folded to lower case
without diacritics (rules.names.fold), so "dai hoi" finds "Đại hội" on SQLite and
PostgreSQL alike with one `LIKE` and no database extension.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.Model):
    name = models.CharField(_("Tên chuyên mục"), max_length=120)
    slug = models.SlugField(_("Đường dẫn"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    on_front = models.BooleanField(_("Hiện trên trang chủ"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Chuyên mục")

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SCHEDULED = "scheduled", _("Hẹn giờ đăng")
        PUBLISHED = "published", _("Đã đăng")
        WITHDRAWN = "withdrawn", _("Đã gỡ")

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("Chuyên mục")
    )
    title = models.CharField(_("Tiêu đề"), max_length=300)
    slug = models.SlugField(_("Đường dẫn"), max_length=120, unique=True)
    summary = models.TextField(_("Tóm tắt"), blank=True)
    body = models.TextField(_("Nội dung"), blank=True)  # HTML, sanitized on save (nh3)
    author = models.CharField(_("Tác giả"), max_length=120, blank=True)
    source = models.CharField(pgettext_lazy("bài viết", "Nguồn"), max_length=200, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("Ngày đăng"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    # Set by the statistics roll-up (the worker), never on the request path.
    views = models.PositiveIntegerField(_("Lượt xem"), default=0, editable=False)
    # Where a drafted article came from ("congress:12"): one draft per record.
    drafted_from = models.CharField(max_length=60, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("Bài viết")
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self) -> str:
        return self.title


class Photo(models.Model):
    """A photo of an article, kept resized (the longest side at most PHOTO_MAX_SIDE) and
    re-encoded without its EXIF block; the bytes live in the database like a job's files,
    so any application server can serve them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    caption = models.CharField(_("Chú thích ảnh"), max_length=300)
    data = models.BinaryField(editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    content_type = models.CharField(max_length=40, default="image/jpeg", editable=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.caption


class Revision(models.Model):
    """One save of an article: who, when, which fields changed (before and after)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(default=dict)  # {field: [before, after]}
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="portal_revision_number")]

    def __str__(self) -> str:
        return f"{self.article_id}#{self.number}"


class Banner(models.Model):
    text = models.TextField(_("Nội dung băng rôn"))
    link = models.CharField(_("Liên kết"), max_length=300, blank=True)
    active = models.BooleanField(_("Đang hiện"), default=True)
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)

    class Meta:
        ordering = ["order", "-id"]
        verbose_name = _("Băng rôn")

    def __str__(self) -> str:
        return self.text[:80]


class Page(models.Model):
    """An editable page a state portal carries: functions and tasks, the organization chart,
    contact details with the named officials who answer."""

    slug = models.SlugField(_("Đường dẫn"), max_length=80, unique=True)
    title = models.CharField(_("Tiêu đề"), max_length=200)
    body = models.TextField(_("Nội dung"), blank=True)  # sanitized HTML
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("Trang thông tin")

    def __str__(self) -> str:
        return self.title


class Contact(models.Model):
    """A named official on the contact page."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(_("Họ và tên"), max_length=120)
    title = models.CharField(_("Chức vụ"), max_length=200)
    phone = models.CharField(_("Điện thoại"), max_length=60, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.full_name


class Event(models.Model):
    title = models.CharField(_("Sự kiện"), max_length=300)
    starts_at = models.DateTimeField(_("Thời gian"))
    place = models.CharField(_("Địa điểm"), max_length=300, blank=True)
    description = models.TextField(_("Mô tả"), blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("Sự kiện")

    def __str__(self) -> str:
        return self.title


class Rating(models.Model):
    """One reader's stars for one article. The reader is their cookie's token, the address
    is kept only as a keyed hash (HMAC with the secret key), for the per-address limit."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="ratings")
    visitor = models.CharField(max_length=64)
    address = models.CharField(max_length=64)
    stars = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "visitor"], name="portal_rating_one_per_visitor"),
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="portal_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.stars}"


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không duyệt")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("Họ và tên"), max_length=120)
    email = models.EmailField(_("Thư điện tử"))  # never shown
    text = models.TextField(_("Ý kiến"))  # plain text, shown escaped
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    address = models.CharField(max_length=64)  # keyed hash
    created_at = models.DateTimeField(default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"


class SiteVersion(models.Model):
    """One row: bumped on every change a public page shows. Cached pages carry it in their
    key, so a change on any server is seen by every server at its next request."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.number)


class VisitDay(models.Model):
    """Page views and distinct visitors per day in Asia/Ho_Chi_Minh, rolled up by the
    worker from the hit buffer."""

    day = models.DateField(unique=True)
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.visits}"


class ArticleDay(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="portal_article_day")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.views}"


class OnlineVisitor(models.Model):
    """Who was seen in the last minutes (a keyed hash of the visitor's cookie)."""

    visitor = models.CharField(max_length=64, unique=True)
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.visitor[:8]
