"""Reads of the portal: what the public sees (published articles only), what the office
works on, the statistics page, and the records of a closed congress for a drafted article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from daihoi.portal.models import (
    Article,
    ArticleDay,
    Banner,
    Category,
    Comment,
    Event,
    Page,
    Rating,
    VisitDay,
)
from daihoi.rules.names import fold

LATEST_PER_CATEGORY = 5


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def public_articles(now: dt.datetime | None = None) -> QuerySet[Article]:
    """Published, and scheduled ones whose time has come (on time even if the worker that
    flips their status is a minute late)."""
    n = _now(now)
    return (
        Article.objects.filter(
            Q(status=Article.Status.PUBLISHED) | Q(status=Article.Status.SCHEDULED), publish_at__lte=n
        )
        .select_related("category")
        .order_by("-publish_at", "-id")
    )


def public_article(slug: str) -> Article | None:
    return public_articles().filter(slug=slug).prefetch_related("photos").first()


def any_article(pk: int) -> Article | None:
    return Article.objects.select_related("category").prefetch_related("photos").filter(pk=pk).first()


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def category_by_slug(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()


def category_articles(category: Category) -> QuerySet[Article]:
    return public_articles().filter(category=category)


@dataclass
class Front:
    banners: list[Banner]
    latest: list[Article]
    by_category: list[tuple[Category, list[Article]]]
    events: list[Event]


def front_page(now: dt.datetime | None = None) -> Front:
    n = _now(now)
    articles = public_articles(n)
    by_category = []
    for cat in Category.objects.filter(on_front=True):
        items = list(articles.filter(category=cat)[:LATEST_PER_CATEGORY])
        if items:
            by_category.append((cat, items))
    return Front(
        banners=list(Banner.objects.filter(active=True)),
        latest=list(articles.prefetch_related("photos")[:5]),
        by_category=by_category,
        events=list(Event.objects.filter(starts_at__gte=n - dt.timedelta(hours=12))[:5]),
    )


def search(q: str, *, limit: int = 50) -> list[Article]:
    """Every word of the query, folded, in the folded text: "dai hoi" finds "Đại hội"."""
    words = fold(q).split()[:8]
    if not words:
        return []
    qs = public_articles()
    for w in words:
        qs = qs.filter(search_text__contains=w)
    return list(qs[:limit])


def feed_articles(limit: int = 20) -> list[Article]:
    return list(public_articles()[:limit])


@dataclass(frozen=True)
class RatingSummary:
    total: int
    count: int
    average: float

    @property
    def rounded(self) -> int:
        return int(self.average + 0.5) if self.count else 0


def rating_summary(article: Article) -> RatingSummary:
    agg = Rating.objects.filter(article=article).aggregate(
        total=Sum("stars"), count=Count("id"), avg=Avg("stars")
    )
    return RatingSummary(agg["total"] or 0, agg["count"] or 0, float(agg["avg"] or 0))


def my_rating(article: Article, visitor: str) -> int | None:
    return Rating.objects.filter(article=article, visitor=visitor).values_list("stars", flat=True).first()


def approved_comments(article: Article) -> QuerySet[Comment]:
    return article.comments.filter(status=Comment.Status.APPROVED)


def pages() -> QuerySet[Page]:
    return Page.objects.all()


def page_by_slug(slug: str) -> Page | None:
    return Page.objects.prefetch_related("contacts").filter(slug=slug).first()


def upcoming_events(now: dt.datetime | None = None) -> QuerySet[Event]:
    return Event.objects.filter(starts_at__gte=_now(now) - dt.timedelta(hours=12))


# --- the office ---------------------------------------------------------------------------------


def office_articles(*, status: str = "") -> QuerySet[Article]:
    qs = Article.objects.select_related("category").order_by("-updated_at", "-id")
    if status:
        qs = qs.filter(status=status)
    return qs


def moderation_queue() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(status=Comment.Status.PENDING).select_related("article").order_by("created_at")
    )


def comment_of(pk: int) -> Comment | None:
    return Comment.objects.select_related("article").filter(pk=pk).first()


def banners() -> QuerySet[Banner]:
    return Banner.objects.all()


def events() -> QuerySet[Event]:
    return Event.objects.order_by("-starts_at")


@dataclass
class OfficeStats:
    days: list[VisitDay]
    most_read: list[tuple[Article, int]] = field(default_factory=list)


def office_stats(*, days: int = 30, today: dt.date | None = None) -> OfficeStats:
    from daihoi.portal.stats import local_day

    today = today or local_day(timezone.now())
    since = today - dt.timedelta(days=days - 1)
    rows = list(VisitDay.objects.filter(day__gte=since).order_by("day"))
    top = (
        ArticleDay.objects.filter(day__gte=since)
        .values("article")
        .annotate(n=Sum("views"))
        .order_by("-n")[:10]
    )
    by_id = Article.objects.in_bulk([r["article"] for r in top])
    return OfficeStats(rows, [(by_id[r["article"]], r["n"]) for r in top if r["article"] in by_id])


def drafted_from(source: str) -> Article | None:
    return Article.objects.filter(drafted_from=source).first()


def article_for_slug_check(slug: str) -> bool:
    return Article.objects.filter(slug=slug).exists()


def sitemap_pages() -> QuerySet[Page]:
    return Page.objects.all()


def closed_congresses() -> Any:
    from daihoi.congress import selectors as congress_selectors
    from daihoi.congress.models import Congress

    return congress_selectors.congress_list().filter(status=Congress.Status.CLOSED)


def site_name() -> str:
    """The committee's name (the root of the organization tree) for the portal's header."""
    from daihoi.organizations.models import Organization

    root = (
        Organization.objects.filter(parent__isnull=True).order_by("pk").values_list("name", flat=True).first()
    )
    return str(root or "")


def photo_for_public(pk: int) -> Any:
    from daihoi.portal.models import Photo

    return Photo.objects.filter(pk=pk).select_related("article").first()
