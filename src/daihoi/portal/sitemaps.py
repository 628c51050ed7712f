from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from daihoi.portal import selectors
from daihoi.portal.models import Article, Category, Page


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return selectors.public_articles()[:5000]

    def location(self, item: Article) -> str:
        return reverse("portal:article", args=[item.slug])

    def lastmod(self, item: Article) -> dt.datetime:
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> Any:
        return selectors.categories()

    def location(self, item: Category) -> str:
        return reverse("portal:category", args=[item.slug])


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return selectors.sitemap_pages()

    def location(self, item: Page) -> str:
        return reverse("portal:page", args=[item.slug])


class FrontSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self) -> list[str]:
        return ["portal:front", "portal:events"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "front": FrontSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "pages": PageSitemap,
}
