from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from daihoi.core.models import AuditLog
from daihoi.core.roles import Role
from daihoi.portal import selectors, services
from daihoi.portal.models import Article, Comment, Rating

pytestmark = pytest.mark.django_db


def test_each_save_is_a_revision_naming_who_changed_what(make_article, make_user) -> None:
    article = make_article()
    other = make_user(Role.OFFICE, full_name="Lê Thị Thu")
    services.article_save(
        acting_user=other, article=article, data={"title": "Tiêu đề mới", "author": "Thu Hà"}
    )
    first, second = sorted(article.revisions.all(), key=lambda r: r.number)
    assert first.number == 1 and "title" in first.changes
    assert second.user == other
    assert second.changes == {
        "title": ["Khai mạc Đại hội đại biểu Đảng bộ Khối lần thứ I", "Tiêu đề mới"],
        "author": ["Ngọc Ánh", "Thu Hà"],
    }
    assert AuditLog.objects.filter(object_id=str(article.pk), actor=other).count() == 1


def test_only_the_office_edits(make_user, category) -> None:
    for roles in ((), (Role.DELEGATE,), (Role.LEADER,)):
        with pytest.raises(PermissionDenied):
            services.article_save(acting_user=make_user(*roles), data={"category": category, "title": "x"})


def test_scheduled_needs_a_future_time(make_article) -> None:
    with pytest.raises(ValidationError):
        make_article(status=Article.Status.SCHEDULED, publish_at=timezone.now() - dt.timedelta(minutes=1))


def test_scheduled_article_is_published_by_the_worker_task_on_time(make_article) -> None:
    from daihoi.portal import tasks

    when = timezone.now() + dt.timedelta(hours=2)
    article = make_article(status=Article.Status.SCHEDULED, publish_at=when)
    assert selectors.public_article(article.slug) is None
    assert services.articles_publish_due(now=when - dt.timedelta(seconds=1)) == []
    assert services.articles_publish_due(now=when + dt.timedelta(seconds=1)) == [article.pk]
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.revisions.first().note == "Đăng theo lịch" and article.revisions.first().user is None
    # The task itself, as the worker runs it (immediately in the tests).
    later = make_article(
        "Bài thứ hai", status=Article.Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(seconds=3)
    )
    Article.objects.filter(pk=later.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    result = tasks.publish_due.enqueue()
    assert result.return_value == [later.pk]


def test_one_rating_per_visitor(make_article) -> None:
    article = make_article()
    services.rating_submit(article=article, visitor="v1", address="a1", stars=5)
    with pytest.raises(ValidationError) as err:
        services.rating_submit(article=article, visitor="v1", address="a2", stars=1)
    assert services.ALREADY_RATED in err.value.messages
    services.rating_submit(article=article, visitor="v2", address="a1", stars=5)
    s = selectors.rating_summary(article)
    assert (s.total, s.count, s.rounded) == (10, 2, 5)


def test_ratings_limited_per_address(make_article) -> None:
    article = make_article()
    for i in range(services.RATINGS_PER_ADDRESS):
        services.rating_submit(article=article, visitor=f"v{i}", address="same", stars=4)
    with pytest.raises(ValidationError):
        services.rating_submit(article=article, visitor="another", address="same", stars=4)
    assert Rating.objects.count() == services.RATINGS_PER_ADDRESS


def test_rating_range_and_only_public_articles(make_article) -> None:
    article = make_article()
    with pytest.raises(ValidationError):
        services.rating_submit(article=article, visitor="v", address="a", stars=6)
    draft = make_article("Bản nháp", status=Article.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.rating_submit(article=draft, visitor="v", address="a", stars=3)


def test_comments_held_until_the_office_approves(make_article, office) -> None:
    article = make_article()
    c = services.comment_submit(
        article=article, name="Nguyễn Văn An", email="an@example.vn", text="Hay.", address="x"
    )
    assert c.status == Comment.Status.PENDING
    assert list(selectors.approved_comments(article)) == []
    assert list(selectors.moderation_queue()) == [c]
    services.comment_moderate(acting_user=office, comment=c, approve=True)
    assert list(selectors.approved_comments(article)) == [c]
    assert list(selectors.moderation_queue()) == []
    with pytest.raises(ValidationError):
        services.comment_moderate(acting_user=office, comment=c, approve=False)
    rejected = services.comment_submit(
        article=article, name="B", email="b@example.vn", text="Quảng cáo", address="y"
    )
    services.comment_moderate(acting_user=office, comment=rejected, approve=False)
    assert list(selectors.approved_comments(article)) == [c]
    assert AuditLog.objects.filter(verb__in=["approve", "reject"], actor=office).count() == 2


def test_moderation_is_the_offices(make_article, make_user) -> None:
    article = make_article()
    c = services.comment_submit(article=article, name="A", email="a@example.vn", text="t", address="x")
    with pytest.raises(PermissionDenied):
        services.comment_moderate(acting_user=make_user(Role.DELEGATE), comment=c, approve=True)


def test_comments_rate_limited_per_address(make_article) -> None:
    article = make_article()
    for i in range(services.COMMENTS_PER_WINDOW):
        services.comment_submit(article=article, name="A", email="a@example.vn", text=f"t{i}", address="x")
    with pytest.raises(ValidationError):
        services.comment_submit(article=article, name="A", email="a@example.vn", text="again", address="x")
    services.comment_submit(article=article, name="B", email="b@example.vn", text="other", address="y")
    Comment.objects.update(created_at=timezone.now() - services.COMMENT_WINDOW - dt.timedelta(seconds=1))
    services.comment_submit(article=article, name="A", email="a@example.vn", text="later", address="x")
