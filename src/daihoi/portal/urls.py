"""The portal: public pages at the site's root, the office's pages under app/portal/."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from daihoi.portal import feeds, pagecache, views
from daihoi.portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.front, name="front"),
    path("tin/<slug:slug>/", views.article, name="article"),
    path("tin/<slug:slug>/danh-gia/", views.rate, name="rate"),
    path("tin/<slug:slug>/y-kien/", views.comment, name="comment"),
    path("chuyen-muc/<slug:slug>/", views.category, name="category"),
    path("tim-kiem/", views.search, name="search"),
    path("trang/<slug:slug>/", views.info_page, name="page"),
    path("su-kien/", views.events, name="events"),
    path("anh/<int:pk>/", views.photo, name="photo"),
    path("trang-thai.json", views.state, name="state"),
    path("rss/", pagecache.cached_page(feeds.LatestArticles()), name="rss"),
    path("atom/", pagecache.cached_page(feeds.LatestArticlesAtom()), name="atom"),
    path("sitemap.xml", pagecache.cached_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]

# The office's pages (staff only; not served on the portal's own host name).
office_urlpatterns = [
    path("app/portal/", views.office, name="office"),
    path("app/portal/articles/new/", views.article_edit, name="article_new"),
    path("app/portal/articles/<int:pk>/", views.article_edit, name="article_edit"),
    path("app/portal/articles/<int:pk>/preview/", views.preview, name="preview"),
    path("app/portal/comments/", views.comments, name="comments"),
    path("app/portal/comments/<int:pk>/", views.comment_moderate, name="comment_moderate"),
    path("app/portal/stats/", views.office_stats, name="stats"),
    path("app/portal/draft/", views.draft, name="draft"),
    path("app/portal/<slug:kind>/", views.records, name="records"),
    path("app/portal/<slug:kind>/new/", views.record_edit, name="record_new"),
    path("app/portal/<slug:kind>/<int:pk>/", views.record_edit, name="record_edit"),
]

public_urlpatterns = list(urlpatterns)
urlpatterns += office_urlpatterns

# Open to anyone (tests/core/test_url_permissions.py reads this).
PUBLIC_NAMES = frozenset(f"portal:{p.name}" for p in public_urlpatterns)
