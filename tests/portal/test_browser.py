"""A reader searches "dai hoi" without diacritics, opens the article, rates it and comments;
the office approves the comment, and it appears. axe-core (vendored from npm in
tests/portal/vendor/, version in its first line) finds no serious or critical violation
on the front page and the article page. Screenshots in test-artifacts/portal-*.png."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from daihoi.core.roles import Role
from daihoi.portal import services
from daihoi.portal.models import Category, Comment, Rating
from tests.conftest import PASSWORD, screenshot

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def _axe_serious(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_searches_rates_comments_and_the_office_approves(
    browser: Any, live_server: Any, make_user: Any
) -> None:
    office = make_user(Role.OFFICE)
    cat = Category.objects.create(name="Đại hội Đảng các cấp", slug="dai-hoi-dang-cac-cap")
    article = services.article_save(
        acting_user=office,
        data={
            "category": cat,
            "title": "Khai mạc Đại hội đại biểu Đảng bộ Khối lần thứ I",
            "summary": "246 đại biểu chính thức dự Đại hội.",
            "body": "<p>Sáng ngày 20/8/2020, Đại hội khai mạc.</p>",
            "author": "Ngọc Ánh",
            "source": "Bentre.gov.vn",
            "status": "published",
            "publish_at": timezone.now() - dt.timedelta(hours=2),
        },
    )
    services.article_save(
        acting_user=office,
        data={
            "category": cat,
            "title": "Hội nghị Ban Chấp hành lần thứ 11",
            "summary": "Sơ kết giữa nhiệm kỳ.",
            "body": "<p>Chiều 6/7.</p>",
            "author": "",
            "source": "",
            "status": "published",
            "publish_at": timezone.now() - dt.timedelta(hours=3),
        },
    )
    services.banner_save(
        acting_user=office,
        data={"text": "Nhiệt liệt chào mừng kỷ niệm 5 năm thành lập", "link": "", "active": True, "order": 0},
    )

    reader = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        bypass_csp=True,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = reader.new_page()
    page.set_default_timeout(15_000)
    staff = browser.new_context(base_url=live_server.url, locale="vi-VN")
    desk = staff.new_page()
    desk.set_default_timeout(15_000)
    try:
        page.goto("/")
        page.wait_for_selector("body[data-state-ready]")
        screenshot(page, "portal-front")
        assert _axe_serious(page) == []

        page.fill("#q-top", "dai hoi")
        page.press("#q-top", "Enter")
        page.wait_for_url("**/tim-kiem/?q=dai+hoi")
        results = page.locator(".list .card h3 a")
        assert results.count() == 1
        results.first.click()
        page.wait_for_url(f"**/tin/{article.slug}/")
        page.wait_for_selector("body[data-state-ready]")
        assert page.title().startswith("Khai mạc Đại hội đại biểu Đảng bộ Khối lần thứ I")
        assert _axe_serious(page) == []

        page.check("input[name=stars][value='5']")
        page.click("[data-rate-form] button[type=submit]")
        page.wait_for_url("**?da-danh-gia=1#danh-gia")
        assert "Tổng số điểm của bài viết là: 5 trong 1 đánh giá" in page.content()
        page.wait_for_selector("[data-rated]:not([hidden])")  # the form gives way to "you rated 5/5"
        assert Rating.objects.get().stars == 5

        page.fill("#id_name", "Trần Thị Bình")
        page.fill("#id_email", "binh@example.vn")
        page.fill("#id_text", "Đại hội thành công tốt đẹp.")
        page.click(".comment-form button[type=submit]")
        page.wait_for_url("**?da-gui=1#y-kien")
        assert "sẽ hiện sau khi được duyệt" in page.content()
        assert (
            "Đại hội thành công tốt đẹp." not in page.locator(".comments").inner_text().split("Gửi ý kiến")[0]
        )
        screenshot(page, "portal-article")

        desk.goto("/login/")
        desk.fill("#id_username", office.username)
        desk.fill("#id_password", PASSWORD)
        desk.press("#id_password", "Enter")
        desk.wait_for_url(lambda url: "/login/" not in url)
        desk.goto("/app/portal/comments/")
        row = desk.locator("tr", has_text="Đại hội thành công tốt đẹp.")
        row.locator("button[value=approve]").click()
        desk.wait_for_selector("text=Không có ý kiến nào chờ duyệt.")
        assert Comment.objects.get().status == Comment.Status.APPROVED

        page.goto(f"/tin/{article.slug}/")
        assert page.locator(".comment", has_text="Đại hội thành công tốt đẹp.").count() == 1
        assert "binh@example.vn" not in page.content()
        screenshot(page, "portal-article-approved")
    finally:
        reader.close()
        staff.close()
