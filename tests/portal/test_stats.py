"""Visitor statistics: hits appended to the buffer, rolled up by the worker, days in
Asia/Ho_Chi_Minh time (UTC+7: local midnight is 17:00 UTC)."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.portal import stats
from daihoi.portal.models import Article, VisitDay
from daihoi.portal.visitors import is_bot

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def test_views_across_midnight_in_ho_chi_minh_time(make_article) -> None:
    article = make_article()
    before_midnight = dt.datetime(2025, 3, 9, 16, 59, 30, tzinfo=UTC)  # 23:59:30 on the 9th, local
    after_midnight = dt.datetime(2025, 3, 9, 17, 0, 30, tzinfo=UTC)  # 00:00:30 on the 10th, local
    stats.record_hit(visitor="v1", article_id=article.pk, at=before_midnight)
    stats.record_hit(visitor="v2", article_id=None, at=before_midnight)
    stats.record_hit(visitor="v1", article_id=article.pk, at=after_midnight)
    # The minute under way is not rolled up yet: its file may still grow.
    assert stats.roll_up(now=after_midnight) == 2
    assert stats.roll_up(now=after_midnight + dt.timedelta(minutes=1)) == 1
    days = dict(VisitDay.objects.values_list("day", "visits"))
    assert days == {dt.date(2025, 3, 9): 2, dt.date(2025, 3, 10): 1}
    now = after_midnight + dt.timedelta(minutes=2)
    f = stats.figures(now=now, cached=False)
    assert (f.total, f.today, f.yesterday) == (3, 1, 2)
    # Online now: seen in the last five minutes (v1 at 00:00:30, v2 at 23:59:30).
    assert f.online == 2
    assert stats.figures(now=after_midnight + dt.timedelta(minutes=4, seconds=10), cached=False).online == 1
    # A day later, "today" is empty and "yesterday" the 10th.
    g = stats.figures(now=now + dt.timedelta(days=1), cached=False)
    assert (g.today, g.yesterday, g.total) == (0, 1, 3)
    article.refresh_from_db()
    assert article.views == 2
    assert not list(stats.hits_dir().glob("*.log")) and not list(stats.hits_dir().glob("*.rolling"))


def test_roll_up_twice_counts_once(make_article) -> None:
    at = dt.datetime(2025, 1, 1, 3, 0, tzinfo=UTC)
    for _ in range(5):
        stats.record_hit(visitor="v", article_id=None, at=at)
    later = at + dt.timedelta(minutes=3)
    assert stats.roll_up(now=later) == 5
    assert stats.roll_up(now=later) == 0
    assert VisitDay.objects.get().visits == 5


def test_bots_are_recognized() -> None:
    assert is_bot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    assert is_bot("curl/8.5.0") and is_bot("")
    assert not is_bot(
        "Mozilla/5.0 (Linux; Android 13; SM-A536E) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0 Mobile Safari/537.36"
    )


def test_the_page_view_is_counted_through_the_state_endpoint_and_bots_are_not(client, make_article) -> None:
    article = make_article()
    phone = (
        "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
        "Mobile Safari/537.36"
    )
    r = client.get(f"/trang-thai.json?hit=1&a={article.pk}", headers={"user-agent": phone})
    assert r.status_code == 200 and r.json()["csrf"]
    assert "no-store" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
    client.get(
        "/trang-thai.json?hit=1", headers={"user-agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}
    )
    lines = [line for p in stats.hits_dir().glob("*.log") for line in p.read_text().splitlines()]
    assert len(lines) == 1 and lines[0].endswith(f"\t{article.pk}")
    assert "dh_visitor" in r.cookies
    # Neither the address nor the cookie's token is written in clear.
    token = r.cookies["dh_visitor"].value
    assert token not in lines[0] and "127.0.0.1" not in lines[0]
    assert Article.objects.get(pk=article.pk).views == 0  # not until the roll-up


def test_counting_a_view_writes_nothing_to_the_database(client, make_article) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()
    ua = {
        "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
    }
    client.get(f"/trang-thai.json?hit=1&a={article.pk}", headers=ua)  # the visitor's cookie is set
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(f"/trang-thai.json?hit=1&a={article.pk}", headers=ua).status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert sum(len(p.read_text().splitlines()) for p in stats.hits_dir().glob("*.log")) == 4
