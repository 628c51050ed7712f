from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from daihoi.core.roles import Role
from daihoi.portal import services
from daihoi.portal.models import Article, Banner, Comment, Event, Rating

pytestmark = pytest.mark.django_db


def test_the_portal_is_at_the_root_and_the_staff_home_under_app(client, make_article, client_as) -> None:
    make_article()
    assert reverse("portal:front") == "/"
    assert reverse("home") == "/app/"
    assert client.get("/").status_code == 200
    r = client.get("/app/")
    assert r.status_code == 302 and reverse("login") in r["Location"]
    # Staff paths are where they were.
    assert reverse("login") == "/login/" and reverse("organizations:member_list") == "/members/"
    office = client_as(Role.OFFICE)
    assert office.get(reverse("home")).status_code == 200


def test_login_lands_on_the_staff_home(client, make_user) -> None:
    from tests.conftest import PASSWORD

    user = make_user(Role.OFFICE)
    r = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == reverse("home")


def test_portal_host_serves_the_portal_at_its_root_and_no_staff_page(client, settings, make_article) -> None:
    settings.DAIHOI_PORTAL_HOST = "tin.example.vn"
    settings.ALLOWED_HOSTS = ["*"]
    a = make_article()
    r = client.get("/", HTTP_HOST="tin.example.vn")
    assert r.status_code == 200 and a.title in r.content.decode()
    assert client.get(f"/tin/{a.slug}/", HTTP_HOST="tin.example.vn").status_code == 200
    assert client.get("/login/", HTTP_HOST="tin.example.vn").status_code == 404
    assert client.get("/app/portal/", HTTP_HOST="tin.example.vn").status_code == 404
    # The staff host: its root goes to the staff home, its pages are as before.
    r = client.get("/", HTTP_HOST="app.example.vn")
    assert r.status_code == 302 and r["Location"] == reverse("home")
    assert client.get("/login/", HTTP_HOST="app.example.vn").status_code == 200


def test_front_page_shows_banner_latest_by_category_and_events(client, make_article, office) -> None:
    a = make_article()
    services.banner_save(
        acting_user=office,
        data={"text": "Nhiệt liệt chào mừng kỷ niệm 5 năm thành lập", "link": "", "active": True, "order": 0},
    )
    services.event_save(
        acting_user=office,
        data={
            "title": "Hội nghị Ban Chấp hành lần thứ 12",
            "starts_at": timezone.now() + dt.timedelta(days=3),
            "place": "Hội trường",
            "description": "",
        },
    )
    html = client.get("/").content.decode()
    assert "Nhiệt liệt chào mừng kỷ niệm 5 năm thành lập" in html
    assert a.title in html and "Tin hoạt động" in html and "Hội nghị Ban Chấp hành lần thứ 12" in html
    assert Banner.objects.count() == 1 and Event.objects.count() == 1


def test_article_page_title_open_graph_and_sample_rating_line(client, make_article) -> None:
    a = make_article(summary="Đại hội có 246 đại biểu chính thức.")
    services.rating_submit(article=a, visitor="v1", address="x", stars=5)
    services.rating_submit(article=a, visitor="v2", address="y", stars=5)
    html = client.get(reverse("portal:article", args=[a.slug])).content.decode()
    assert re.search(r"<title>Khai mạc Đại hội đại biểu Đảng bộ Khối lần thứ I · ", html)
    assert '<meta property="og:title" content="Khai mạc Đại hội đại biểu Đảng bộ Khối lần thứ I">' in html
    assert '<meta property="og:type" content="article">' in html
    assert 'og:description" content="Đại hội có 246 đại biểu chính thức."' in html
    assert "Tổng số điểm của bài viết là: 10 trong 2 đánh giá" in html
    assert "Xếp hạng: 5 - 2 phiếu bầu" in html
    assert "Nguồn: Bentre.gov.vn" in html and "Ngọc Ánh" in html
    assert 'csrfmiddlewaretoken" value=""' in html  # the cached page holds no reader's token


def test_drafts_are_not_public_but_the_office_previews_them(client, make_article, client_as) -> None:
    d = make_article("Bản nháp chưa đăng", status=Article.Status.DRAFT)
    assert client.get(reverse("portal:article", args=[d.slug])).status_code == 404
    assert "Bản nháp chưa đăng" not in client.get("/").content.decode()
    assert client.get(reverse("portal:preview", args=[d.pk])).status_code == 302
    assert client_as(Role.DELEGATE).get(reverse("portal:preview", args=[d.pk])).status_code == 403
    r = client_as(Role.OFFICE).get(reverse("portal:preview", args=[d.pk]))
    assert r.status_code == 200 and "Bản xem trước" in r.content.decode()


@pytest.mark.parametrize("query", ["dai hoi", "Đại hội", "ĐẠI HỘI", "dai  HOI khoi"])
def test_search_with_or_without_diacritics(client, make_article, query) -> None:
    a = make_article("Khai mạc Đại hội đại biểu Đảng bộ Khối lần thứ I")
    make_article("Hội nghị Ban Chấp hành lần thứ 11", body="<p>Sơ kết giữa nhiệm kỳ</p>")
    html = client.get(reverse("portal:search"), {"q": query}).content.decode()
    assert a.title in html and "Hội nghị Ban Chấp hành lần thứ 11" not in html


def test_search_finds_words_of_the_body(client, make_article) -> None:
    a = make_article("Tin", body="<p>Kết nạp <b>227 quần chúng</b> ưu tú vào Đảng</p>")
    assert a.title in client.get(reverse("portal:search"), {"q": "quan chung uu tu"}).content.decode()


def test_feeds_and_sitemap(client, make_article) -> None:
    a = make_article()
    d = make_article("Bản nháp", status=Article.Status.DRAFT)
    rss = client.get(reverse("portal:rss")).content.decode()
    atom = client.get(reverse("portal:atom")).content.decode()
    assert "<rss" in rss and a.title in rss and d.title not in rss
    assert "http://www.w3.org/2005/Atom" in atom and a.title in atom
    sm = client.get(reverse("portal:sitemap")).content.decode()
    assert f"/tin/{a.slug}/" in sm and f"/tin/{d.slug}/" not in sm and "/chuyen-muc/tin-hoat-dong/" in sm


def test_pages_are_cached_per_language_and_rebuilt_on_a_change(client, make_article, office) -> None:
    a = make_article()
    assert client.get("/")["X-Portal-Cache"] == "miss"
    assert client.get("/")["X-Portal-Cache"] == "hit"
    en = client.get("/", headers={"accept-language": "en"}, HTTP_COOKIE="django_language=en")
    assert en["X-Portal-Cache"] == "miss" and 'lang="en"' in en.content.decode()
    services.article_save(acting_user=office, article=a, data={"title": "Tiêu đề đã sửa"})
    r = client.get("/")
    assert r["X-Portal-Cache"] == "miss" and "Tiêu đề đã sửa" in r.content.decode()
    # An approved comment shows at once on the cached article page.
    url = reverse("portal:article", args=[a.slug])
    client.get(url)
    assert client.get(url)["X-Portal-Cache"] == "hit"
    c = services.comment_submit(
        article=a, name="Nguyễn Văn An", email="an@example.vn", text="Rất hay", address="x"
    )
    services.comment_moderate(acting_user=office, comment=c, approve=True)
    assert "Rất hay" in client.get(url).content.decode()


def test_rate_through_the_page_once(client, make_article) -> None:
    a = make_article()
    url = reverse("portal:rate", args=[a.slug])
    r = client.post(url, {"stars": "4"})
    assert r.status_code == 302
    r = client.post(url, {"stars": "5"})
    assert r.status_code == 400 and "Bạn đã đánh giá bài viết này." in r.content.decode()
    assert list(Rating.objects.values_list("stars", flat=True)) == [4]
    client.cookies.clear()  # a new visitor from the same address may still rate
    assert client.post(url, {"stars": "5"}).status_code == 302
    state = client.get(reverse("portal:state"), {"a": a.pk}).json()
    assert state["rated"] == 5


def test_comment_through_the_page_honeypot_and_moderation(client, make_article, client_as) -> None:
    a = make_article()
    url = reverse("portal:comment", args=[a.slug])
    r = client.post(url, {"name": "Trần Thị Bình", "email": "binh@example.vn", "text": "Bài viết đầy đủ."})
    assert r.status_code == 302
    client.post(url, {"name": "bot", "email": "bot@example.vn", "text": "spam", "website": "http://spam"})
    assert list(Comment.objects.values_list("name", flat=True)) == ["Trần Thị Bình"]
    page = reverse("portal:article", args=[a.slug])
    assert "Bài viết đầy đủ." not in client.get(page).content.decode()
    office = client_as(Role.OFFICE)
    queue = office.get(reverse("portal:comments")).content.decode()
    assert "Bài viết đầy đủ." in queue and "binh@example.vn" in queue
    c = Comment.objects.get()
    office.post(reverse("portal:comment_moderate", args=[c.pk]), {"decision": "approve"})
    office.logout()
    html = client.get(page).content.decode()
    assert "Bài viết đầy đủ." in html and "binh@example.vn" not in html


def test_office_pages_for_the_office_only(client, make_user, make_article) -> None:
    a = make_article()
    users = {role: make_user(role) for role in (Role.DELEGATE, Role.LEADER, Role.OFFICE)}
    pages = [
        ("office", []),
        ("article_new", []),
        ("article_edit", [a.pk]),
        ("comments", []),
        ("stats", []),
        ("draft", []),
        ("records", ["banner"]),
        ("record_new", ["event"]),
        ("preview", [a.pk]),
    ]
    for role, expected in ((Role.DELEGATE, 403), (Role.LEADER, 403), (Role.OFFICE, 200)):
        client.force_login(users[role])
        for name, args in pages:
            assert client.get(reverse(f"portal:{name}", args=args)).status_code == expected, (role, name)


def test_office_creates_an_article_through_the_form(client_as, category) -> None:
    office = client_as(Role.OFFICE)
    r = office.post(
        reverse("portal:article_new"),
        {
            "category": category.pk,
            "title": "Hội nghị học tập Nghị quyết",
            "summary": "Tóm tắt",
            "body": "<p>Nội dung <script>x()</script></p>",
            "author": "Thu Hà",
            "source": "",
            "status": "published",
            "publish_at": "",
        },
    )
    assert r.status_code == 302
    a = Article.objects.get()
    assert a.status == "published" and a.publish_at and "<script" not in a.body
    assert office.get(reverse("portal:stats")).status_code == 200


def test_pages_of_a_state_portal_with_named_contacts(client, office) -> None:
    page = services.page_save(
        acting_user=office,
        data={"slug": "lien-he", "title": "Liên hệ", "body": "<p>Văn phòng Đảng ủy Khối</p>", "order": 0},
    )
    services.contact_save(
        acting_user=office,
        data={
            "page": page,
            "full_name": "Trần Văn Minh",
            "title": "Chánh Văn phòng",
            "phone": "0275.3822 251",
            "email": "vp@example.vn",
            "order": 0,
        },
    )
    html = client.get(reverse("portal:page", args=["lien-he"])).content.decode()
    assert "Trần Văn Minh" in html and "Chánh Văn phòng" in html and "0275.3822 251" in html


def test_the_portal_in_english(client, make_article) -> None:
    a = make_article()
    services.rating_submit(article=a, visitor="v", address="x", stars=4)
    client.cookies["django_language"] = "en"
    assert "Latest news" in client.get("/").content.decode()
    html = client.get(reverse("portal:article", args=[a.slug])).content.decode()
    assert "Total score of the article: 4 from 1 ratings" in html and "Readers’ comments" in html


def test_a_change_made_by_another_server_is_seen_within_a_second(client, make_article, monkeypatch) -> None:
    from django.db.models import F

    from daihoi.portal import pagecache
    from daihoi.portal.models import SiteVersion

    make_article()
    client.get("/")
    assert client.get("/")["X-Portal-Cache"] == "hit"
    SiteVersion.objects.filter(pk=1).update(number=F("number") + 1)  # as another server's service would
    assert client.get("/")["X-Portal-Cache"] == "hit"  # this server has not looked again yet
    monkeypatch.setattr(pagecache, "VERSION_SECONDS", 0.0)  # ... a second later
    assert client.get("/")["X-Portal-Cache"] == "miss"


def test_the_dateline_as_the_sample_sites_write_it(client, make_article) -> None:
    from zoneinfo import ZoneInfo

    when = dt.datetime(2020, 8, 24, 0, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # a Monday
    a = make_article(publish_at=when)
    assert (
        "Thứ hai - 24/08/2020 00:08" in client.get(reverse("portal:article", args=[a.slug])).content.decode()
    )


def test_the_edit_page_lists_revisions_by_field_label(client_as, make_article) -> None:
    a = make_article()
    html = client_as(Role.OFFICE).get(reverse("portal:article_edit", args=[a.pk])).content.decode()
    assert "Tiêu đề" in html and "Trạng thái" in html and "category_id" not in html.split("Các lần sửa")[1]


def test_the_leaders_status_page_gets_a_portal_panel(make_article, rf) -> None:
    from django.template.loader import render_to_string

    from daihoi.core import registry

    a = make_article()
    services.comment_submit(article=a, name="A", email="a@example.vn", text="t", address="x")
    panel = next(p for p in registry.status_panels() if p.key == "portal")
    html = render_to_string(panel.template, panel.context(rf.get("/")))
    assert "1 ý kiến bạn đọc chờ duyệt" in html
