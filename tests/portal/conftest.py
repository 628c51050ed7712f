from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from daihoi.core.roles import Role
from daihoi.portal import pagecache, services
from daihoi.portal.models import Article, Category


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any, tmp_path: Any) -> None:
    cache.clear()
    pagecache._forget()
    settings.PORTAL_HITS_DIR = str(tmp_path / "hits")


@pytest.fixture
def office(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.OFFICE, full_name="Trần Văn Minh")


@pytest.fixture
def category(db: None) -> Category:
    return Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")


@pytest.fixture
def make_article(office: Any, category: Category) -> Callable[..., Article]:
    def make(
        title: str = "Khai mạc Đại hội đại biểu Đảng bộ Khối lần thứ I",
        *,
        body: str = "<p>Nội dung</p>",
        status: str = Article.Status.PUBLISHED,
        publish_at: dt.datetime | None = None,
        **extra: Any,
    ) -> Article:
        data = {
            "category": category,
            "title": title,
            "summary": extra.pop("summary", "Tóm tắt"),
            "body": body,
            "author": "Ngọc Ánh",
            "source": "Bentre.gov.vn",
            "status": status,
            "publish_at": publish_at
            or (timezone.now() - dt.timedelta(hours=1) if status == Article.Status.PUBLISHED else None),
        }
        data.update(extra)
        return services.article_save(acting_user=office, data=data)

    return make
