"""From a file's bytes to the article's text: decoding, Unicode NFC, HTML boilerplate.

Everything the reader finds is a span of the text this module returns, so the text is
fixed before any field is read: NFC (a file typed with combining marks, NFD, reads the same
as one with precomposed letters), no-break and other odd spaces made plain, runs of spaces
collapsed, lines stripped. `matchable()` returns a copy of the same length for the patterns
to run on: the old tone placement of "hoà", "uỷ" (tone on the second vowel of an open
oa/oe/uy) moved to the first vowel as in "hòa", "ủy", and dashes made "-", so one pattern
reads both spellings and the offsets stay those of the text.
"""

from __future__ import annotations

import re
import unicodedata

# Text at most this long is read (a news article is a few thousand characters; a 10 MB file
# is not an article and would only make the patterns slow).
MAX_CHARS = 400_000

ERR_EMPTY = "tệp rỗng: không có bài viết nào để đọc"
ERR_BINARY = "tệp không phải văn bản (có byte NUL hoặc không phải UTF-8)"
ERR_NO_TEXT = "không tìm thấy nội dung bài viết trong tệp"


class ReadError(ValueError):
    """A file that holds no article text: a one-line message for the user."""


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean(text: str) -> str:
    """NFC, plain spaces, stripped lines, at most one empty line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    # Control and format characters (Unicode category C) go, but the line break, the tab and
    # the zero-width space (a space to _SPACES); looked up once per distinct character.
    drop = [ord(ch) for ch in set(text) if unicodedata.category(ch)[0] == "C" and ch not in "\n\t\u200b"]
    if drop:
        text = text.translate(dict.fromkeys(drop))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()[:MAX_CHARS]


# Old tone placement (on the second vowel of an open oa, oe, uy) and the new (on the first).
_OLD_TONE = {}
for _pair, _forms in {
    "oa": ("oà", "oá", "oả", "oã", "oạ"),
    "oe": ("oè", "oé", "oẻ", "oẽ", "oẹ"),
    "uy": ("uỳ", "uý", "uỷ", "uỹ", "uỵ"),
}.items():
    _new = {
        "oa": ("òa", "óa", "ỏa", "õa", "ọa"),
        "oe": ("òe", "óe", "ỏe", "õe", "ọe"),
        "uy": ("ùy", "úy", "ủy", "ũy", "ụy"),
    }[_pair]
    for _o, _n in zip(_forms, _new, strict=True):
        _OLD_TONE[_o] = _n
        _OLD_TONE[_o[0].upper() + _o[1]] = _n[0].upper() + _n[1]
_OLD_TONE_RE = re.compile("(" + "|".join(_OLD_TONE) + r")(?![^\W\d_])")
_DASHES = re.compile("[\u2010-\u2015\u2212]")


def matchable(text: str) -> str:
    """The text with one spelling of tone placement and dashes, offsets unchanged."""
    out = _OLD_TONE_RE.sub(lambda m: _OLD_TONE[m.group(1)], text)
    out = _DASHES.sub("-", out)
    assert len(out) == len(text)
    return out


def decode(data: bytes) -> str:
    if not data.strip():
        raise ReadError(ERR_EMPTY)
    if b"\x00" in data[:65536]:
        raise ReadError(ERR_BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(ERR_BINARY) from error


def looks_like_html(text: str, name: str = "") -> bool:
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(html|body|article|div|p)\b[^>]*>", head)
    )


# --- HTML ------------------------------------------------------------------------------------

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "object",
    "embed",
    "figcaption",
)
# Class or id of the parts of a news page that are not the article.
_BOILERPLATE = re.compile(
    r"(^|[\s_-])(menu|nav|navbar|footer|header|sidebar|side-bar|widget|comment|comments|share|social|"
    r"breadcrumbs?|related|relate|tin-lien-quan|tinlienquan|other-news|banner|advert|ads|ad|qc|"
    r"quangcao|rating|vote|tags?|login|search|popup|modal|cookie|copyright|thong-ke|statistic)"
    r"($|[\s_-])",
    re.IGNORECASE,
)
_ARTICLE_HINT = re.compile(
    r"(article|content|detail|chi-tiet|chitiet|noi-dung|noidung|news-body|post|entry|story|"
    r"main-text|body-text|fulltext)",
    re.IGNORECASE,
)
# Class or id of the lead paragraph (sapo) that sites set apart from the body.
_LEAD = re.compile(r"(^|[\s_-])(sapo|chapeau|lead|summary|tom-tat|tomtat|description|desc)($|[\s_-])",
                   re.IGNORECASE)
_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "ul",
    "ol",
    "dd",
    "dt",
    "figure",
    "time",
    "header",
    "main",
}
_DATE_TEXT = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_META_DATES = (
    "article:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "og:published_time",
    "article:modified_time",
)


def _text_of(el: object) -> str:
    """The text of an element with a line break at every block."""
    parts: list[str] = []

    def walk(node: object) -> None:
        tag = getattr(node, "tag", None)
        if not isinstance(tag, str):
            return
        block = tag.lower() in _BLOCKS
        if block:
            parts.append("\n")
        if node.text:  # type: ignore[attr-defined]
            parts.append(node.text)  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(el)
    return "".join(parts)


def _boilerplate(el: object) -> bool:
    get = el.get  # type: ignore[attr-defined]
    attrs = " ".join(filter(None, (get("class"), get("id"), get("role"))))
    hinted = _ARTICLE_HINT.search(get("itemprop") or "")
    return bool(attrs) and bool(_BOILERPLATE.search(attrs)) and not hinted


def html_to_text(source: str | bytes) -> str:
    """The article of an HTML page: its title, its date line, its body; without the page's
    menus, footers, comments and the like. ReadError when no article text is there."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(source)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ReadError(ERR_NO_TEXT) from error
    title = ""
    for xp in ("//h1", "//meta[@property='og:title']/@content", "//title"):
        found = root.xpath(xp)
        if found:
            first = found[0]
            title = first if isinstance(first, str) else first.text_content()
            title = " ".join(str(title).split())
            if title:
                break
    published = ""
    for name in _META_DATES:
        found = root.xpath(f"//meta[@property='{name}' or @name='{name}' or @itemprop='{name}']/@content")
        if found and re.match(r"\d{4}-\d{2}-\d{2}", str(found[0]).strip()):
            y, m, d = str(found[0]).strip()[:10].split("-")
            published = f"Ngày đăng: {int(d):02d}/{int(m):02d}/{y}"
            break
    if not published:
        for t in root.xpath("//time"):
            value = (t.get("datetime") or "").strip()
            if re.match(r"\d{4}-\d{2}-\d{2}", value):
                y, m, d = value[:10].split("-")
                published = f"Ngày đăng: {int(d):02d}/{int(m):02d}/{y}"
                break
            if _DATE_TEXT.search(t.text_content()):
                published = " ".join(t.text_content().split())
                break
    for bad in root.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        if bad.getparent() is not None and not (bad.tag == "header" and bad.xpath(".//h1")):
            bad.drop_tree()
    for bad in [el for el in root.iter() if isinstance(el.tag, str) and _boilerplate(el)]:
        if bad.getparent() is not None:
            bad.drop_tree()
    body = _article_element(root)
    if body is None:
        raise ReadError(ERR_NO_TEXT)
    if not published:
        # A date line near the title (a span of its own above the body).
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag not in ("html", "body") and len(el) <= 3:
                line = " ".join(el.text_content().split())
                if len(line) < 80 and _DATE_TEXT.search(line):
                    published = line
                    break
    text = clean(_text_of(body))
    lead = _lead_of(root, text)
    if lead:
        text = lead + "\n\n" + text
    if title and not text.startswith(title):
        text = title + "\n\n" + (published + "\n\n" if published else "") + text
    elif published:
        text = published + "\n\n" + text
    if len(re.findall(r"[^\W\d_]{2,}", text)) < 20:
        raise ReadError(ERR_NO_TEXT)
    return clean(text)


def _lead_of(root: object, text: str) -> str:
    """The lead (sapo) many sites set apart from the body, above it: it often holds the
    date and the figures. Else the page's description, when it names the event and the
    body does not hold it already."""
    for el in root.iter():  # type: ignore[attr-defined]
        if isinstance(el.tag, str) and _LEAD.search(" ".join(filter(None, (el.get("class"), el.get("id"))))):
            candidate = clean(el.text_content())
            if 40 <= len(candidate) <= 1500 and candidate[:60] not in text:
                return candidate
            break
    found = root.xpath("//meta[@property='og:description' or @name='description']/@content")  # type: ignore[attr-defined]
    candidate = clean(str(found[0])) if found else ""
    if len(candidate) >= 80 and candidate[:60] not in text and re.search("Đại hội|Hội nghị", candidate):
        return candidate
    return ""


def _article_element(root: object) -> object | None:
    """The element holding the article: <article> or itemprop=articleBody, else the element
    whose paragraphs hold the most text."""
    for xp in ("//*[@itemprop='articleBody']", "//article"):
        found = [el for el in root.xpath(xp) if len(el.text_content().strip()) > 200]  # type: ignore[attr-defined]
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    best, best_score = None, 0
    for el in root.iter():  # type: ignore[attr-defined]
        if not isinstance(el.tag, str) or el.tag in ("html", "head"):
            continue
        score = sum(len((p.text_content() or "").strip()) for p in el.findall("p"))
        score += sum(len((c.tail or "").strip()) for c in el)
        score += len((el.text or "").strip())
        if _ARTICLE_HINT.search(" ".join(filter(None, (el.get("class"), el.get("id"))))):
            score = int(score * 1.5)
        if score > best_score:
            best, best_score = el, score
    if best is None or best_score < 80:
        body = root.find("body")  # type: ignore[attr-defined]
        return body if body is not None and len(body.text_content().strip()) > 200 else None
    return best
