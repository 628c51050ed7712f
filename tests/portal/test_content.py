"""What is stored is harmless: nh3 on article bodies and pages, plain text for comments;
photos resized and re-encoded without EXIF."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from daihoi.portal import content, services
from daihoi.portal.models import Comment

HOSTILE = (
    '<p onclick="steal()">Chào <b>mừng</b></p><script>alert(1)</script>'
    '<img src="x" onerror="alert(2)" alt="ảnh"><a href="javascript:alert(3)">bấm</a>'
    '<a href="https://bentre.gov.vn/">nguồn</a><iframe src="https://evil.example"></iframe>'
    '<style>body{display:none}</style><svg onload="alert(4)"></svg>'
    '<a href="JaVaScRiPt:alert(5)">x</a><a href="data:text/html,<script>alert(6)</script>">y</a>'
)


def _harmless(html: str) -> None:
    low = html.lower()
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "<style",
        "<svg",
        "data:",
    ):
        assert bad not in low, (bad, html)


def test_sanitize_keeps_the_text_and_drops_what_runs() -> None:
    out = content.sanitize(HOSTILE)
    _harmless(out)
    assert "<b>mừng</b>" in out
    assert 'href="https://bentre.gov.vn/"' in out and 'rel="noopener noreferrer"' in out
    assert 'alt="ảnh"' in out


@pytest.mark.django_db
def test_an_article_with_script_is_stored_harmless(make_article) -> None:
    article = make_article(body=HOSTILE, summary='<script>alert(1)</script>Tóm <b onmouseover="x()">tắt</b>')
    article.refresh_from_db()
    _harmless(article.body)
    _harmless(article.summary)
    assert article.summary == "Tóm tắt"


@pytest.mark.django_db
def test_a_comment_with_script_is_stored_as_plain_text(make_article) -> None:
    article = make_article()
    c = services.comment_submit(
        article=article,
        name='<img src=x onerror="a()">Bình',
        email="b@example.vn",
        text=HOSTILE,
        address="h1",
    )
    c = Comment.objects.get(pk=c.pk)
    _harmless(c.text)
    assert "<" not in c.text and "<" not in c.name
    assert "Chào mừng" in c.text and c.name == "Bình"


@pytest.mark.django_db
def test_a_page_body_is_sanitized(office) -> None:
    page = services.page_save(
        acting_user=office, data={"slug": "lien-he", "title": "Liên hệ", "body": HOSTILE, "order": 0}
    )
    _harmless(page.body)


def _jpeg_with_exif(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh"  # Make
    exif[0x0132] = "2020:08:20 08:00:00"  # DateTime
    exif[0x0112] = 1
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_photo_resized_and_exif_stripped() -> None:
    raw = _jpeg_with_exif(4000, 3000)
    assert Image.open(io.BytesIO(raw)).getexif()  # the original carries EXIF
    done = content.process_photo(raw, name="a.jpg")
    image = Image.open(io.BytesIO(done.data))
    assert max(image.size) == content.PHOTO_MAX_SIDE and (done.width, done.height) == (1600, 1200)
    assert not image.getexif() and "exif" not in image.info
    assert len(done.data) < len(raw)


def test_a_small_photo_is_not_enlarged_and_a_non_image_is_refused() -> None:
    done = content.process_photo(_jpeg_with_exif(640, 480))
    assert (done.width, done.height) == (640, 480)
    with pytest.raises(ValidationError):
        content.process_photo(b"<html>not an image</html>", name="x.jpg")


@pytest.mark.django_db
def test_photos_saved_with_the_article_and_served_resized(make_article, client) -> None:
    article = make_article()
    services.article_save(
        acting_user=article.created_by,
        article=article,
        data={},
        photos=[services.NewPhoto(_jpeg_with_exif(3200, 1800), "a.jpg", "Quang cảnh Đại hội.")],
    )
    photo = article.photos.get()
    assert (photo.width, photo.height) == (1600, 900)
    response = client.get(f"/anh/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert not Image.open(io.BytesIO(response.content)).getexif()
    assert article.revisions.first().changes["photos"] == [None, ["Quang cảnh Đại hội."]]


def test_a_banner_link_is_a_web_address_or_a_page_of_the_portal() -> None:
    from daihoi.portal.forms import BannerForm

    for bad in ("javascript:alert(1)", "//evil.example/x", "data:text/html,x"):
        assert not BannerForm({"text": "t", "link": bad, "active": True, "order": 0}).is_valid(), bad
    for good in ("https://bentre.gov.vn/", "/tin/abc/", ""):
        assert BannerForm({"text": "t", "link": good, "active": True, "order": 0}).is_valid(), good
