"""The portal's demo: a dozen articles in the samples' register, categories, a banner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daihoi.portal import demo, selectors
from daihoi.portal.models import Article, Banner, Category, Page

pytestmark = pytest.mark.django_db


def test_demo_builds_the_portal(client) -> None:
    demo.build(seed=2025, log=lambda _m: None)
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 12
    assert Category.objects.count() == 4 and Banner.objects.count() == 1
    assert set(Page.objects.values_list("slug", flat=True)) == {
        "chuc-nang-nhiem-vu",
        "so-do-to-chuc",
        "lien-he",
    }
    assert Article.objects.filter(photos__isnull=False).distinct().count() >= 3
    assert selectors.search("dai hoi")
    html = client.get("/").content.decode()
    assert "Nhiệt liệt chào mừng kỷ niệm 5 năm thành lập" in html
    first = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("publish_at").first()
    assert client.get(reverse("portal:article", args=[first.slug])).status_code == 200
