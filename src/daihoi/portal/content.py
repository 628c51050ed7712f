"""What an article's text and photos become when saved: HTML sanitized by nh3 (Ammonia),
the folded search text, photos resized and re-encoded by Pillow without their EXIF."""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from daihoi.rules.names import fold

# What an article body may hold: text structure, links, the article's own images, tables.
# No script, style, iframe, form; no event attribute; no javascript: or data: URL.
ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "q",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

PHOTO_MAX_SIDE = 1600
PHOTO_MAX_PIXELS = 60_000_000  # a camera's largest frames; past this a file is refused unread
PHOTO_QUALITY = 85
PHOTO_NOT_IMAGE = _("Tệp “{name}” không phải là ảnh (JPEG, PNG, WebP).")
PHOTO_TOO_LARGE = _("Ảnh “{name}” quá lớn ({pixels} điểm ảnh).")


def sanitize(text: str) -> str:
    """The body as stored and shown: nh3 keeps the tags above and drops the rest."""
    return nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(text: str) -> str:
    """The words of an HTML fragment (for search and the Open Graph description)."""
    words = nh3.clean(re.sub(r"<(br|/p|/li|/h\d)\b[^>]*>", " ", text or "", flags=re.I), tags=set())
    return " ".join(html.unescape(words).split())


def search_text(*parts: str) -> str:
    return fold(" ".join(plain_text(p) for p in parts))


@dataclass(frozen=True)
class ProcessedPhoto:
    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"


def process_photo(raw: bytes, *, name: str = "") -> ProcessedPhoto:
    """Turned the right way up, at most PHOTO_MAX_SIDE on its longest side, re-encoded as
    JPEG with no metadata (EXIF holds the camera, the time and often the place)."""
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise ValidationError(
                    str(PHOTO_TOO_LARGE).format(name=name, pixels=probe.width * probe.height)
                )
            probe.load()
            image = ImageOps.exif_transpose(probe)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(str(PHOTO_NOT_IMAGE).format(name=name)) from exc
    image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)  # no exif= : none written
    return ProcessedPhoto(out.getvalue(), image.width, image.height)
