"""Each field of the record, read from the article's text by rules of the language.

The article is read in parts: the title lines (short lines at the top, or an HTML page's
<h1>), the dateline, the lead (the first paragraph that names the event) and the sentences.
Every field records the span it came from; a field the article does not state is None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from daihoi.extraction.reader import dates
from daihoi.extraction.reader.names import NAME, NAME_AFTER_COMRADE, names_in, persons_in
from daihoi.extraction.reader.numbers import (
    NUMBER,
    QTY,
    ROMAN,
    Quantity,
    ordinal_value,
    parse_number,
    quantity,
)
from daihoi.extraction.reader.places import province_in

CONGRESS, CONFERENCE, OTHER = "congress", "committee_conference", "other"
KEYS = (
    "kind",
    "organization",
    "province",
    "ordinal",
    "term",
    "start_date",
    "end_date",
    "published",
    "source",
    "delegates_official",
    "members_represented",
    "grassroots_organizations",
    "committee_elected",
    "standing_committee_elected",
    "secretary",
    "delegation",
    "admissions_in_term",
    "targets",
    "guests",
)

Span = tuple[int, int]
IC = re.IGNORECASE

# --- sentences ---------------------------------------------------------------------------------

# Abbreviations a full stop does not end a sentence after.
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|TS|ThS|PGS|GS|BS|KS|Th|St|Mr|Mrs|Ms|Dr|v\.v)|\b[A-ZĐ])$")


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """Spans of the sentences of text[start:end]: ended by . ! ? or a line break (a full
    stop after an abbreviation, or inside a number, ends nothing; a semicolon ends a
    clause, not the sentence: see clauses())."""
    end = len(text) if end is None else end
    s = start
    for m in re.finditer(r"[.!?…]+(?=\s|$|[\"”’)])|\n", text[start:end]):
        cut = start + m.start()
        if text[cut] == "." and _ABBREV.search(text[max(s, cut - 6) : cut]):
            continue
        if cut > s and text[s:cut].strip():
            yield _strip(text, s, cut)
        s = start + m.end()
    if text[s:end].strip():
        yield _strip(text, s, end)


def _strip(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def clauses(text: str, start: int, end: int) -> Iterator[Span]:
    """Parts of a sentence between semicolons and dashes that open a list."""
    s = start
    for m in re.finditer(r";|\s-\s(?=[^\W\d_])", text[start:end]):
        yield _strip(text, s, start + m.start())
        s = start + m.end()
    yield _strip(text, s, end)


# --- the event: kind, organization, ordinal, term ------------------------------------------------

ORG_HEAD = r"(?:Đảng bộ|Chi bộ|Đảng ủy|Đảng Bộ)"
# Words that end an organization's name (the verb or complement that follows it).
_ORG_STOP = re.compile(
    r"\s*(?:[,(:;.\n\"“”]|\s-\s*\d|\b(?:lần thứ|lần|nhiệm kỳ|khóa|khoá|tổ chức|thành công|diễn ra|tiến hành|"
    r"long trọng|trọng thể|khai mạc|bế mạc|đã|được|vừa|sẽ|đang|có|gồm|với|là|vào|tại|trong|ngày|"
    r"sáng|chiều|tối|năm|họp|bầu|đề ra|thảo luận|cho|phiên|ra mắt|lãnh đạo|thực hiện|hoàn thành|"
    r"đối với|của|về|nhằm|đến|dự|Đại hội|đại hội|Hội nghị|hội nghị|nhất trí|thông qua|xác định|"
    r"quyết tâm|chủ trì|triệu tập|kỳ|giai đoạn|hằng|hàng|mỗi|luôn|cần|phải|và các|cùng|để|đi|"
    r"sau|trước|theo|tiếp tục)\b|(?<!phường)(?<!quận)(?<!xã)(?<!ấp)(?<!khu)(?<!số)\s+(?=\d)|\s+"
    + ROMAN
    + r")"
)
_EVENT_CONGRESS = re.compile(
    rf"Đại hội(?: điểm)?(?: (?:đại biểu|đảng viên|toàn thể))?(?: (?:lần thứ \S+|{ROMAN}))?(?:,)? "
    rf"(?={ORG_HEAD})"
    r"|Đại hội (?:đại biểu |đảng viên )?lần thứ",
    IC,
)
_EVENT_CONFERENCE = re.compile(
    rf"Hội nghị (?:lần thứ \S+ )?(?:của )?(?:Ban Chấp hành|BCH|Ban chấp hành)(?: {ORG_HEAD})?"
    r"|Hội nghị (?:lần thứ \S+ )?(?:Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy)"
    rf"|(?:Ban Chấp hành|BCH) {ORG_HEAD}[^.;\n]{{0,120}}?(?:tổ chức|tiến hành|họp) Hội nghị(?: lần thứ)?",
    IC,
)
# Words before "Đại hội" that make it not the article's event ("Nghị quyết Đại hội", "chào
# mừng Đại hội", "chuẩn bị Đại hội").
_NOT_THE_EVENT = re.compile(
    r"(?:Nghị quyết|nghị quyết|Văn kiện|văn kiện|thực hiện|chào mừng|Chào mừng|hướng tới|Hướng tới|"
    r"tiến tới|Tiến tới|chuẩn bị|Chuẩn bị|phục vụ|trước thềm|Trước thềm|sau|Sau|mục tiêu|chỉ tiêu|"
    r"kế hoạch|Kế hoạch|từ sau|đến|cấp trên|dự)\s+(?:các\s+)?$"
)
_ORG = re.compile(rf"{ORG_HEAD}\s")
_ORDINAL = re.compile(rf"lần thứ (?P<o>{ROMAN}|\d{{1,3}}(?!\d)|nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)", IC)
_ORDINAL_SHORT = re.compile(rf"Đại hội (?:đại biểu )?(?P<o>{ROMAN})(?= {ORG_HEAD}|,| nhiệm kỳ)")
_TERM = re.compile(
    r"(?:nhiệm kỳ|nhiệm kì|NK)\s*\(?(?P<a>(?:19|20)\d\d)\s*[-/]\s*(?P<b>(?:19|20)\d\d)(?!\d)", IC
)


@dataclass
class Doc:
    text: str
    m: str = ""  # the matchable copy
    title: list[Span] = field(default_factory=list)
    lead: Span | None = None
    kind: str = OTHER
    event: Span | None = None  # the mention that decided the kind
    spans: dict[str, list[Span]] = field(default_factory=dict)
    body: list[Span] | None = None    # the sentences after the title, once cut
    mentions: dict[Span, list[tuple[str, re.Match[str]]]] = field(default_factory=dict)
    low: str = ""                     # the matchable copy in lower case, for cheap tests

    def __post_init__(self) -> None:
        if not self.low:
            low = self.m.lower()
            self.low = low if len(low) == len(self.m) else self.m

    def mark(self, key: str, *spans: Span | None) -> None:
        self.spans.setdefault(key, []).extend(s for s in spans if s is not None)


def _title_lines(text: str) -> list[Span]:
    """Short lines near the top: the page's title and headline (and the site's menu,
    which names no event and so is never used)."""
    out: list[Span] = []
    pos = 0
    for line in text.split("\n")[:40]:
        if 8 <= len(line.strip()) <= 250 and not line.rstrip().endswith((".", ":")):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _event_mentions(doc: Doc, span: Span) -> list[tuple[str, re.Match[str]]]:
    cached = doc.mentions.get(span)
    if cached is None:
        cached = doc.mentions[span] = _find_event_mentions(doc, span)
    return cached


def _find_event_mentions(doc: Doc, span: Span) -> list[tuple[str, re.Match[str]]]:
    found = []
    for kind, pattern in ((CONGRESS, _EVENT_CONGRESS), (CONFERENCE, _EVENT_CONFERENCE)):
        for m in pattern.finditer(doc.m, *span):
            if _NOT_THE_EVENT.search(doc.m[max(span[0], m.start() - 25) : m.start()]):
                continue
            if (
                kind == CONGRESS
                and not re.search(ORG_HEAD, doc.m[m.start() : min(span[1], m.end() + 200)], IC)
                and not re.search(ORG_HEAD, doc.m[max(0, m.start() - 200) : m.start()], IC)
            ):
                continue
            found.append((kind, m))
    return sorted(found, key=lambda km: km[1].start())


def classify(doc: Doc) -> None:
    """The kind of the article: from its title if the title names an event, else from the
    first paragraph that does; the lead is that paragraph."""
    for span in doc.title:
        mentions = _event_mentions(doc, span)
        if mentions:
            doc.kind, m = mentions[0]
            doc.event = m.span()
            break
    fallback: Span | None = None
    for s, e in _paragraphs(doc.text):
        if e - s < 60 or ((s, e) in doc.title and not (e - s > 150 and doc.text[e - 1] == ".")):
            continue
        mentions = [km for km in _event_mentions(doc, (s, e)) if doc.kind == OTHER or km[0] == doc.kind]
        if mentions:
            doc.lead = (s, e)
            if doc.kind == OTHER:
                doc.kind, m = mentions[0]
                doc.event = m.span()
            break
        if doc.kind != OTHER and doc.lead is None and doc.event and s > doc.event[0] and fallback is None \
                and re.search(r"\b(?:Đại hội|Hội nghị)\b", doc.m[s:e]):
            fallback = (s, e)  # "Đại hội diễn ra từ ngày ...": the event named by the title
    if doc.lead is None and fallback is not None:
        doc.lead = fallback


def _paragraphs(text: str) -> Iterator[Span]:
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, pos + len(line)
        pos += len(line) + 1


def _org_at(doc: Doc, pos: int, limit: int) -> Span | None:
    m = _ORG.match(doc.m, pos)
    if not m:
        return None
    stop = _ORG_STOP.search(doc.m, m.end(), min(limit, m.end() + 160))
    end = stop.start() if stop else min(limit, m.end() + 160)
    words = doc.text[pos:end].rstrip(" -–,")
    while words.endswith((" và", " -")):
        words = words[: -3 if words.endswith(" và") else -2].rstrip()
    if len(words.split()) < 3:  # "Đảng bộ" alone, "Đảng bộ tỉnh" may stand, "Đảng bộ" not
        return (pos, pos + len(words)) if len(words.split()) == 3 else None
    return pos, pos + len(words)


_COMMITTEE_OF = re.compile(rf"(?:Tỉnh|Thành) ủy (?P<place>{NAME_AFTER_COMRADE.replace('(?P<name>', '(?:')})")


def organization(doc: Doc) -> tuple[str, Span] | None:
    """The organization holding the event: the longest name written with the event's
    mention in the title or the lead ("Đại hội đại biểu Đảng bộ X lần thứ...", "Đảng bộ X
    tổ chức Đại hội", "Ban Chấp hành Đảng bộ X tổ chức Hội nghị")."""
    candidates: list[Span] = []
    spans = [s for s in doc.title if _event_mentions(doc, s)] + ([doc.lead] if doc.lead else [])
    for s, e in spans:
        for sent in sentences(doc.text, s, e):
            if not _event_mentions(doc, sent):
                continue
            for m in _ORG.finditer(doc.m, *sent):
                before = doc.m[max(sent[0], m.start() - 40) : m.start()]
                # An organization named as the holder: after the event's name, at the start of
                # the sentence or after the date, or before "tổ chức"/"khai mạc".
                after = doc.m[m.start() : min(sent[1], m.start() + 220)]
                holder = (
                    re.search(
                        r"(?:Đại hội|Hội nghị|Ban Chấp hành|BCH)(?: đại biểu| đảng viên| toàn thể)?"
                        rf"(?: lần thứ \S+| {ROMAN})?,? $",
                        before,
                        IC,
                    )
                    or re.search(r"(?:^|[,:]\s*)$", doc.m[sent[0] : m.start()])
                    or re.match(
                        rf"{ORG_HEAD}[^.;]*?(?:tổ chức|khai mạc|tiến hành|long trọng|trọng thể)"
                        r"(?: [^\W\d_]+){0,3}? (?:Đại hội|Hội nghị)",
                        after,
                        IC,
                    )
                )
                if not holder:
                    continue
                if re.search(
                    r"(?:Ủy viên|Bí thư|Phó Bí thư|Thường trực|Nghị quyết|nghị quyết)"
                    r"\s+(?:Ban Chấp hành\s+)?$",
                    before,
                ):
                    continue
                span = _org_at(doc, m.start(), sent[1])
                if span:
                    candidates.append(span)
    if not candidates:
        return None
    # The longest; between equals, "Đảng bộ" (the organization) before "Đảng ủy" (its committee).
    best = max(candidates, key=lambda sp: (sp[1] - sp[0], doc.m.startswith("Đảng bộ", sp[0]), -sp[0]))
    name = doc.text[best[0] : best[1]]
    # "Đảng bộ tỉnh" alone, the province named by its committee ("Tỉnh ủy Hà Tĩnh"):
    # the committee's name says which.
    if re.fullmatch(r"Đảng bộ (?:tỉnh|thành phố)", name):
        for s, e in spans:
            named = _COMMITTEE_OF.search(doc.m, s, e)
            if named:
                place = doc.text[named.start("place") : named.end("place")]
                return f"{name} {place}", (named.start(), named.end())
    return name, best


def province(doc: Doc, org: tuple[str, Span] | None) -> tuple[str, Span] | None:
    """The province named with the organization, else in the title or the lead."""
    places: list[Span] = [org[1]] if org else []
    places += [s for s in doc.title if _event_mentions(doc, s)]
    if doc.lead:
        places.append(next(iter(sentences(doc.text, *doc.lead))))
    for s, e in places:
        found = province_in(doc.text[s:e])
        if found:
            name, (a, b) = found
            return name, (s + a, s + b)
    return None


def _event_sentences(doc: Doc) -> list[Span]:
    out = [s for s in doc.title if _event_mentions(doc, s)]
    if doc.lead:
        out += [s for s in sentences(doc.text, *doc.lead) if _event_mentions(doc, s)]
    return out


def ordinal(doc: Doc) -> tuple[int, Span] | None:
    """The number of the event: "lần thứ XVIII" (or "Đại hội XVIII") written with the
    mention of the event of the article's kind, before any other event's mention."""
    pattern = _EVENT_CONGRESS if doc.kind == CONGRESS else _EVENT_CONFERENCE
    for s, e in _event_sentences(doc):
        for m in pattern.finditer(doc.m, s, e):
            if _NOT_THE_EVENT.search(doc.m[max(s, m.start() - 25) : m.start()]):
                continue
            # up to the next mention of an event, the end of the sentence or a comma
            nxt = re.compile(r"Đại hội|Hội nghị|,", IC).search(doc.m, m.start() + 8, e)
            stop = nxt.start() if nxt else e
            o = _ORDINAL.search(doc.m, m.start(), stop)
            if doc.kind == CONGRESS and not o:
                o = _ORDINAL_SHORT.match(doc.m, m.start())
            if o:
                value = ordinal_value(doc.text[o.start("o") : o.end("o")])
                if value and 0 < value < 100:
                    return value, o.span("o")
    return None


def term(doc: Doc) -> tuple[list[int], Span] | None:
    """ "nhiệm kỳ 2020 - 2025", written with the event (title, lead), else the first in the text."""
    for s, e in [*_event_sentences(doc), (0, len(doc.text))]:
        for m in _TERM.finditer(doc.m, s, e):
            a, b = int(m.group("a")), int(m.group("b"))
            if 1 <= b - a <= 10:
                return [a, b], m.span()
    return None


# --- dates, source ---------------------------------------------------------------------------------

_WEEKDAY = r"(?:Thứ (?:hai|ba|tư|năm|sáu|bảy|Hai|Ba|Tư|Năm|Sáu|Bảy|2|3|4|5|6|7)|Chủ nhật|Chủ Nhật|CN|T[2-7])"
_DATELINE = re.compile(
    rf"(?:{_WEEKDAY}\s*[,-]?\s*(?:ngày\s*)?|(?:Cập nhật|Ngày cập nhật|Ngày đăng|Đăng ngày|Ngày xuất bản|"
    rf"Xuất bản|Đăng lúc|Cập nhật lúc|Thời gian đăng|Ngày|Posted|Published)\s*:?\s*"
    rf"(?:lúc\s*)?(?:\d\d?:\d\d\s*"
    rf"(?:,|-|\|)?\s*)?(?:{_WEEKDAY}\s*[,|-]?\s*)?(?:ngày\s*:?\s*)?|^\(?\s*(?:\d\d?:\d\d\s*(?:,|-|\|)?\s*)?)"
    rf"(?P<d>\d{{1,2}})[/.-](?P<mo>\d{{1,2}})[/.-](?P<y>(?:19|20)\d\d)(?P<rest>.*)$",
    IC | re.M,
)


def published(doc: Doc) -> tuple[dt.date, Span] | None:
    """The article's date: a line near the top (or at the very end) with a weekday, "Cập
    nhật", "Ngày đăng" or nothing but the date and its time; never a date inside prose."""
    lines = list(_paragraphs(doc.text))
    for s, e in lines[:25] + lines[-8:]:
        if e - s > 120:
            continue
        m = _DATELINE.search(doc.m, s, e)
        if (
            m
            and (m.start() == s or doc.m[s : m.start()].strip(" (|-") == "")
            and len(m.group("rest")) < 60
            and not re.search(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", m.group("rest"))
        ):
            date = dates.to_date(int(m.group("d")), int(m.group("mo")), int(m.group("y")))
            if date:
                return date, (m.start("d"), m.end("y"))
    return None


_SOURCE = re.compile(r"^\s*(?:Nguồn tin|Nguồn bài|Nguồn|Theo|Source)\s*:\s*(?P<s>[^\n]+?)[\s:.]*$", IC | re.M)
_SOURCE_BARE = re.compile(
    r"^\s*\(?(?:Nguồn|Theo)\s+(?P<s>(?:[Bb]áo|[Tt]ạp chí|[Cc]ổng|[Tt]rang|TTXVN|VOV|VTV)"
    r"[^\n()]{0,60}?|[\w.-]+\.(?:vn|com|net|org))[\s.)]*$",
    re.M,
)


def source(doc: Doc) -> tuple[str, Span] | None:
    """The source line ("Nguồn tin: baobacgiang.com.vn:", "Theo Báo Bắc Giang"), the text
    after its label; photographs' sources ("Nguồn ảnh") are not the article's."""
    for pattern in (_SOURCE, _SOURCE_BARE):
        for m in pattern.finditer(doc.text):
            value = m.group("s").strip()
            if value and len(value) <= 120 and not value.lower().startswith("ảnh"):
                return value, m.span("s")
    return None


_DAY_PART = (r"(?:(?:Sáng|Chiều|Tối|Trưa|sáng|chiều|tối|trưa)\s+(?:nay\s+)?(?:ngày\s+|hôm\s+)?"
             r"|(?:[Nn]gày|[Hh]ôm)\s+|[Tt]ừ ngày\s+"
             r"|[Tt]rong (?:hai|ba|\d) ngày\s*,?\s*(?:từ ngày\s*|ngày\s*)?\(?|^)")


def event_dates(doc: Doc, dateline: dt.date | None) -> tuple[dt.date | None, dt.date | None, list[Span]]:
    """First and last day of the event, from the first date written in the lead (or the
    title) before the event's verb. A date given with "khai mạc" (opening) is the first day
    only; with "bế mạc" (closing) the last only; "tổ chức"/"diễn ra"/"họp" on one day
    (a morning, an afternoon) is both."""
    year = dateline.year if dateline else None
    where = list(sentences(doc.text, *doc.lead)) if doc.lead else []
    where += [s for s in doc.title if _event_mentions(doc, s)]
    for s, e in where:
        sentence = doc.m[s:e]
        for m in dates.DATE_RANGE.finditer(doc.m, s, e):
            before = doc.m[max(s, m.start() - 40) : m.start()]
            if re.search(r"(?:kỷ niệm|thành lập|\d{4}\s*-\s*|năm|Nghị quyết|số)\s*\(?\s*$", before, IC):
                continue
            if not (re.search(_DAY_PART + r"$", before) or m.start() - s < 30):
                continue
            found = dates.read_range(m)
            days = dates.duration_days(sentence)
            first, last = dates.resolve(found, dateline_year=year, days=days[0] if days else None)
            if first is None:
                continue
            spans: list[Span] = [m.span()] + ([(s + days[1][0], s + days[1][1])] if days else [])
            if last is None:
                after = doc.m[m.end() : e]
                opening = re.search(r"khai mạc", sentence, IC) and not re.search(r"bế mạc", sentence, IC)
                closing = re.search(r"bế mạc", sentence, IC) and not re.search(r"khai mạc", sentence, IC)
                if closing:
                    took = dates.worked_days(sentence)
                    if took and 1 < took[0] <= 10:
                        spans.append((s + took[1][0], s + took[1][1]))
                        return first - dt.timedelta(days=took[0] - 1), first, spans
                    return None, first, spans
                if not opening and re.search(r"(?:tổ chức|diễn ra|họp|tiến hành)", after, IC):
                    last = first
            return first, last, spans
    return None, None, []


# --- figures ---------------------------------------------------------------------------------

_CHANGE_VERBS = re.compile(
    r"(?:thành lập|giải thể|sáp nhập|hợp nhất|kết nạp|chia tách|củng cố|kiện toàn|"
    r"phát triển|chuyển|xếp loại|đạt|hoàn thành)\b[^.;,]{0,25}$",
    IC,
)
_DELEGATION = re.compile(r"Đoàn đại biểu|(?:bầu|chọn)[^.;]{0,80}?(?:đi )?dự Đại hội", IC)


def _first_qty(doc: Doc, pattern: re.Pattern[str], spans: list[Span], *, skip: Any = None,
               needs: tuple[str, ...] = ()) -> Quantity | None:
    """The first quantity the pattern finds in the spans; `needs`: words (lower case) a
    sentence must hold to be searched at all (a cheap test before the pattern)."""
    for s, e in spans:
        if needs and not _has(doc, s, e, needs):
            continue
        for m in _near(doc, pattern, s, e, needs):
            if skip and skip(m, s, e):
                continue
            q = quantity(m, doc.m)
            if q and isinstance(q.value, int) and q.value > 0:
                return q
    return None


def _body(doc: Doc) -> list[Span]:
    """The sentences after the title lines (in order), cut once per article."""
    if doc.body is None:
        start = doc.lead[0] if doc.lead else 0
        doc.body = list(sentences(doc.text, start))
    return doc.body


def _near(doc: Doc, pattern: re.Pattern[str], s: int, e: int,
          needs: tuple[str, ...]) -> Iterator[re.Match[str]]:
    """The pattern's matches in the sentence, searched only around the words it needs
    (a number and its qualifier sit within 60 characters of them): the patterns are costly
    where they are tried at every character of a long sentence."""
    if not needs:
        yield from pattern.finditer(doc.m, s, e)
        return
    starts = sorted({i for w in needs for i in _find_all(doc.low, w, s, e)})
    seen: set[int] = set()
    for i in starts:
        for m in pattern.finditer(doc.m, max(s, i - 60), min(e, i + 60)):
            if m.start() not in seen:
                seen.add(m.start())
                yield m


def _find_all(text: str, word: str, s: int, e: int) -> Iterator[int]:
    i = text.find(word, s, e)
    while i >= 0:
        yield i
        i = text.find(word, i + 1, e)


def _has(doc: Doc, s: int, e: int, words: tuple[str, ...]) -> bool:
    low = doc.low[s:e]
    return any(w in low for w in words)


_DELEGATES = re.compile(
    rf"{QTY} đại biểu(?: chính thức| đại diện| thay mặt| tiêu biểu| ưu tú| về dự| dự| đến dự|,? đại diện| là|"
    r" được triệu tập)",
    IC,
)
# "với sự tham dự của 300 đại biểu." (the sentence says who came, no more)
_DELEGATES_CAME = re.compile(rf"(?<=tham dự của ){QTY} đại biểu(?!\s*[^\W\d_])", IC)


def delegates_official(doc: Doc) -> Quantity | None:
    """The official delegates present or convened: "246 đại biểu chính thức", "với sự tham
    dự của 300 đại biểu đại diện cho ..."; not the delegation elected to the higher congress
    ("Đoàn đại biểu ... gồm 52 đại biểu chính thức"), nor alternates."""

    def skip(m: re.Match[str], s: int, e: int) -> bool:
        clause = _clause_at(doc, m.start(), s, e)
        tail = doc.m[m.end("n") : m.end("n") + 30]
        return bool(
            _DELEGATION.search(doc.m[clause[0] : clause[1]]) or re.match(r" đại biểu dự khuyết", tail, IC)
        )

    spans = _body(doc)
    strict = re.compile(rf"{QTY} đại biểu chính thức", IC)
    return (_first_qty(doc, strict, spans, skip=skip, needs=("đại biểu",))
            or _first_qty(doc, _DELEGATES, spans, skip=skip, needs=("đại biểu",))
            or _first_qty(doc, _DELEGATES_CAME, spans, skip=skip, needs=("đại biểu",)))


def _clause_at(doc: Doc, pos: int, s: int, e: int) -> Span:
    for c in clauses(doc.m, s, e):
        if c[0] <= pos <= c[1]:
            return c
    return s, e


_MEMBERS = re.compile(
    rf"(?:đại diện|thay mặt|thay mặt cho|đại diện cho|trên tổng số|tổng số|hiện có|có tổng cộng|tổng cộng|"
    rf"(?:Đảng bộ|đảng bộ|Chi bộ|chi bộ)(?: [^\W\d_]+){{0,6}} có|sinh hoạt của) (?:cho )?{QTY} đảng viên",
    IC,
)


def members_represented(doc: Doc) -> Quantity | None:
    """Members the congress represents: "đại diện cho hơn 4.500 đảng viên", "Đảng bộ hiện
    có 1.200 đảng viên"."""
    return _first_qty(doc, _MEMBERS, _body(doc), needs=("đảng viên",))


_GRASSROOTS = re.compile(
    rf"{QTY} (?:tổ chức cơ sở đảng|tổ chức cơ sở Đảng|TCCS đảng|TCCSĐ|TCCS Đảng|tổ chức đảng trực thuộc|"
    r"tổ chức đảng cơ sở|chi, đảng bộ (?:cơ sở|trực thuộc)|chi bộ, đảng bộ (?:cơ sở|trực thuộc)|"
    r"đảng bộ, chi bộ (?:cơ sở|trực thuộc)|đảng bộ và chi bộ (?:cơ sở|trực thuộc)|"
    r"chi bộ và đảng bộ (?:cơ sở|trực thuộc)|đảng bộ cơ sở và chi bộ cơ sở|chi bộ trực thuộc|chi bộ)",
    IC,
)


def grassroots_organizations(doc: Doc) -> Quantity | None:
    """The grassroots organizations whose members the congress represents ("thuộc 77 tổ
    chức cơ sở đảng", "của 25 chi bộ trực thuộc"); a number founded or merged is not it."""

    def skip(m: re.Match[str], s: int, e: int) -> bool:
        before = doc.m[max(s, m.start() - 40) : m.start()]
        sentence = doc.m[s:e]
        if _CHANGE_VERBS.search(before) or re.search(r"mới\s*$", before):
            return True
        bare_cell = m.group(0).lower().endswith(" chi bộ") and not m.group(0).lower().endswith("trực thuộc")
        represents = re.search(r"đại diện|thay mặt|đảng viên", sentence, IC)
        linked = re.search(r"(?:thuộc|của|ở|tại|trong|gồm|có|với)\s+(?:[^\W\d_]+\s+)?$", before, IC)
        return not (represents or linked) or (bare_cell and not represents)

    return _first_qty(doc, _GRASSROOTS, _body(doc), skip=skip, needs=("tổ chức", "chi bộ", "tccs", "đảng bộ"))


_COMMITTEE_WORDS = r"(?:đồng chí|ủy viên|người|thành viên|đ/c)"


_BODY_PATTERNS: dict[tuple[str, str], tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = {}


def _body_patterns(body: str, short: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns of one body's count, compiled once: forward ("Ban Chấp hành ... gồm 28
    đồng chí"), backward ("28 đồng chí vào Ban Chấp hành"), and the other bodies whose name
    between them means the number is theirs."""
    key = (body, short)
    if key not in _BODY_PATTERNS:
        others = [o for o in ("Ban Thường vụ", "BTV", "Ủy ban Kiểm tra", "UBKT", "Đoàn đại biểu", "Bí thư",
                              "Ban Chấp hành", "BCH") if o not in (body, short)]
        _BODY_PATTERNS[key] = (
            re.compile(rf"(?:{body}|{short})(?P<gap>[^.;]{{0,160}}?)\b(?:gồm|có|với|là) "
                       rf"{QTY} {_COMMITTEE_WORDS}", IC),
            re.compile(rf"{QTY} {_COMMITTEE_WORDS}(?: [^\W\d_]+){{0,3}} (?:vào|tham gia|làm ủy viên) "
                       rf"(?:{body}|{short})", IC),
            re.compile("|".join(others), IC))
    return _BODY_PATTERNS[key]


def _body_count(doc: Doc, body: str, short: str) -> tuple[int, Span] | None:
    """The number elected to a body: "bầu Ban Chấp hành ... gồm 28 đồng chí", "bầu 28 đồng
    chí vào Ban Chấp hành", "Ban Chấp hành khóa mới gồm 28 đồng chí"; the words between the
    body and the number name no other body."""
    forward, backward, other = _body_patterns(body, short)
    for s, e in _body(doc):
        if not _has(doc, s, e, (body.lower(), short.lower())):
            continue
        sentence = doc.m[s:e]
        if not re.search(r"bầu|ra mắt|trúng cử|gồm|khóa mới|nhiệm kỳ", sentence, IC):
            continue
        for m in forward.finditer(doc.m, s, e):
            gap = m.group("gap")
            if other.search(gap) or re.search(
                r"Ủy viên\s*$|Phó\s*$", doc.m[max(s, m.start() - 10) : m.start()], IC
            ):
                continue
            if not re.search(r"bầu|ra mắt|trúng cử|khóa mới|nhiệm kỳ|khóa [IVXLC]+", doc.m[s : m.end()], IC):
                continue
            value = parse_number(m.group("n"), count=True)
            if isinstance(value, int) and 0 < value < 500:
                return value, m.span("n")
        for m in backward.finditer(doc.m, s, e):
            value = parse_number(m.group("n"), count=True)
            if isinstance(value, int) and 0 < value < 500 and re.search(r"bầu|trúng cử", sentence, IC):
                return value, m.span("n")
    return None


def committee_elected(doc: Doc) -> tuple[int, Span] | None:
    return _body_count(doc, r"Ban Chấp hành", r"BCH")


def standing_committee_elected(doc: Doc) -> tuple[int, Span] | None:
    return _body_count(doc, r"Ban Thường vụ", r"BTV")


_SECRETARY_HOW = (
    r"(?P<how>[^.;]{0,80}?(?:được |đã được )?"
    r"(?:tín nhiệm )?(?:bầu tái đắc cử|tái đắc cử|tái cử|tiếp tục được bầu|tiếp tục được tín nhiệm bầu|"
    r"tiếp tục giữ chức|được bầu|đắc cử|bầu)(?: lại)?(?: giữ| làm| vào)?(?: chức(?: vụ)?)?) (?<!Phó )Bí thư"
)
_SECRETARY_AFTER_NAME = re.compile(rf"(?:[Đđ]ồng chí )?{NAME}{_SECRETARY_HOW}")
_SECRETARY_AFTER_COMRADE = re.compile(rf"[Đđ]ồng chí {NAME_AFTER_COMRADE}{_SECRETARY_HOW}")
_SECRETARY_AFTER_VERB = re.compile(
    rf"(?P<how>(?:tái )?bầu|tiếp tục bầu|tín nhiệm bầu)(?: trực tiếp| lại)? (?:[Đđ]ồng chí )?{NAME}"
    r"(?P<how2>[^.;]{0,30}?"
    r"(?:giữ chức|làm|tái đắc cử|tiếp tục giữ chức|là)(?: chức)?) (?<!Phó )Bí thư"
)


def secretary(doc: Doc) -> tuple[dict[str, Any], list[Span]] | None:
    """Who was elected secretary ("đồng chí X được bầu (tái đắc cử) Bí thư", "bầu đồng
    chí X giữ chức Bí thư"); not a deputy ("Phó Bí thư"). Re-elected when the article says
    so ("tái đắc cử", "tái cử", "tiếp tục") or names the person secretary before."""
    for s, e in _body(doc):
        if not _has(doc, s, e, ("bí thư",)) or not _has(doc, s, e, ("bầu", "tái", "đắc cử", "giữ chức")):
            continue
        for pattern in (_SECRETARY_AFTER_NAME, _SECRETARY_AFTER_COMRADE, _SECRETARY_AFTER_VERB):
            m = pattern.search(doc.m, s, e)
            if not m:
                continue
            name_group = "name"
            name = doc.text[m.start(name_group) : m.end(name_group)]
            how = m.group(0)
            if re.search(r"\bPhó\s*$", doc.m[m.start() : m.end()][: -len("Bí thư")]):
                continue
            reelected = bool(re.search(r"tái|tiếp tục|bầu lại", how, IC))
            if not reelected:
                earlier = re.search(rf"(?<!Phó )Bí thư[^.;,]{{0,60}}?{re.escape(name)}", doc.m[: m.start()])
                reelected = bool(earlier)
            return {"name": name, "reelected": reelected}, [m.span(name_group), m.span()]
    return None


def delegation(doc: Doc) -> tuple[dict[str, Any], list[Span]] | None:
    """The delegation elected to the higher congress: "bầu Đoàn đại biểu dự Đại hội cấp
    trên gồm 52 đại biểu chính thức và 3 dự khuyết"."""
    official = re.compile(rf"{QTY} (?:đại biểu |đồng chí )?chính thức", IC)
    alternate = re.compile(rf"{QTY} (?:đại biểu |đồng chí )?dự khuyết", IC)
    for s, e in _body(doc):
        if not _has(doc, s, e, ("chính thức",)):
            continue
        for c in clauses(doc.m, s, e):
            text = doc.m[c[0] : c[1]]
            d = _DELEGATION.search(text)
            if not d or not re.search(r"bầu|chọn|gồm", text, IC):
                continue
            o = official.search(doc.m, c[0] + d.start(), c[1]) or official.search(doc.m, *c)
            if not o:
                continue
            a = alternate.search(doc.m, o.end(), c[1])
            ov = parse_number(o.group("n"), count=True)
            av = parse_number(a.group("n"), count=True) if a else None
            if not isinstance(ov, int):
                continue
            if re.search(r"không có (?:đại biểu )?dự khuyết", text, IC):
                av = 0
            return (
                {"official": ov, "alternate": av if isinstance(av, int) else None},
                [o.span("n")] + ([a.span("n")] if a else []),
            )
    return None


_ADMISSIONS = re.compile(
    rf"(?:kết nạp|phát triển)(?: được| mới)?(?: mới)? {QTY} (?:đảng viên|quần chúng|người|đồng chí)", IC
)
_PAST_TERM = re.compile(
    r"nhiệm kỳ qua|nhiệm kỳ vừa qua|\b\d+ năm qua|năm năm qua|trong nhiệm kỳ|"
    r"nhiệm kỳ (?:(?:19|20)\d\d\s*-\s*(?:19|20)\d\d)|nhiệm kỳ trước|cả nhiệm kỳ|toàn nhiệm kỳ",
    IC,
)
_SHORT_PERIOD = re.compile(r"tháng|quý|hằng năm|hàng năm|mỗi năm|năm (?:19|20)\d\d(?!\s*-)|phấn đấu", IC)
_SETS_TARGET = re.compile(r"phấn đấu|mục tiêu|chỉ tiêu|đề ra", IC)
_REPORTS = re.compile(r"\bđã\b|\bvượt\b|\bđạt\b|\bqua\b", IC)
# The term that ended, said plainly (not "trong nhiệm kỳ", which a target says too).
_ENDED_TERM = re.compile(
    r"nhiệm kỳ qua|nhiệm kỳ vừa qua|\b\d+ năm qua|năm năm qua|nhiệm kỳ trước|"
    r"nhiệm kỳ (?:(?:19|20)\d\d\s*-\s*(?:19|20)\d\d)",
    IC,
)


def admissions_in_term(doc: Doc, term_years: list[int] | None) -> Quantity | None:
    """New members admitted in the term that ends: "5 năm qua, toàn Đảng bộ đã kết nạp
    được 1.001 đảng viên"; not a half-year's, not a target for the new term."""
    for s, e in _body(doc):
        if not _has(doc, s, e, ("kết nạp", "phát triển")):
            continue
        sentence = doc.m[s:e]
        past = _PAST_TERM.search(sentence)
        if not past:
            continue
        term_m = re.search(r"nhiệm kỳ ((?:19|20)\d\d)", past.group(0))
        if term_m and term_years and int(term_m.group(1)) >= term_years[0]:
            continue  # the new term: a target
        if re.search(r"phấn đấu|nhiệm kỳ tới|nhiệm kỳ mới", sentence, IC) or (
            _SETS_TARGET.search(sentence) and not _REPORTS.search(sentence)
        ):
            continue
        for m in _ADMISSIONS.finditer(doc.m, s, e):
            clause = _clause_at(doc, m.start(), s, e)
            if _SHORT_PERIOD.search(doc.m[clause[0] : clause[1]]):
                continue
            q = quantity(m, doc.m)
            if q and isinstance(q.value, int):
                return q
    return None


_TARGET_SENTENCE = re.compile(
    r"phấn đấu|chỉ tiêu|mục tiêu|đến năm (?:19|20)\d\d|đến cuối nhiệm kỳ|nhiệm kỳ tới|"
    r"nhiệm kỳ mới",
    IC,
)
_PAST = re.compile(r"\bđã\b|\bvượt\b|(?<!thông )\bqua\b|kết quả|đạt được|so với|vừa qua|\bđạt \d", IC)
_TARGET_NUMBER = re.compile(
    rf"(?:(?P<q>trên|hơn|ít nhất|tối thiểu|từ|gần|khoảng) )?(?P<n>{NUMBER})\s*(?P<u>%|phần trăm)?", IC
)


def targets(doc: Doc, term_years: list[int] | None) -> tuple[list[dict[str, Any]], list[Span]] | None:
    """The targets set for the new term, from the sentences that set them ("phấn đấu",
    "chỉ tiêu", "mục tiêu", "đến năm 2025") and do not report the last term ("đã", "vượt",
    "qua"): each number with its phrase and unit ("%", "members" for đảng viên, else "count").
    Years, dates, ordinals and the number of targets ("15 chỉ tiêu") are no target."""
    found: list[dict[str, Any]] = []
    spans: list[Span] = []
    for s, e in _body(doc):
        if not _has(doc, s, e, ("phấn đấu", "chỉ tiêu", "mục tiêu", "đến năm", "đến cuối", "nhiệm kỳ")):
            continue
        sentence = doc.m[s:e]
        if not _TARGET_SENTENCE.search(sentence) or (
            _PAST.search(sentence) and not re.search(r"phấn đấu", sentence, IC)
        ):
            continue
        ended = _ENDED_TERM.search(sentence)
        if ended and not re.search(r"phấn đấu|nhiệm kỳ tới|nhiệm kỳ mới", sentence, IC):
            years = re.search(r"((?:19|20)\d\d)", ended.group(0))
            if not (years and term_years and int(years.group(1)) >= term_years[0]):
                continue
        for c in _target_clauses(doc, s, e):
            skip_to = -1
            for m in _TARGET_NUMBER.finditer(doc.m, *c):
                if m.start() < skip_to:
                    continue
                n = m.group("n")
                before = doc.m[max(s, m.start() - 14) : m.start()]
                after = doc.m[m.end() : m.end() + 30]
                if not n[0].isdigit() and not re.match(r"\s*(?:đảng viên|chi bộ|tổ chức)", after):
                    continue
                if (
                    re.match(r"(?:19|20)\d\d$", n)
                    or re.search(r"(?:lần thứ|khóa|số|năm|ngày|tháng|quý|Điều|khoản)\s*$", before, IC)
                    or re.match(r"\s*(?:chỉ tiêu|mục tiêu|nhóm|[/.-]\d|tháng|năm\b|ngày)", after, IC)
                    or re.search(r"\d[/.-]$", before)
                ):
                    continue
                # A range ("7 - 7,5%"): its lower end, in the unit written after the upper.
                upper = re.match(r"\s*-\s*\d+(?:,\d+)?\s*(%|phần trăm)", after)
                if upper:
                    skip_to = m.end() + upper.end()
                value = parse_number(n, count=not (m.group("u") or upper))
                if value is None:
                    continue
                unit = (
                    "%"
                    if m.group("u") or upper
                    else (
                        "members"
                        if re.match(r"\s*(?:[^\W\d_]+\s+){0,1}(?:đảng viên|quần chúng)", after, IC)
                        else "count"
                    )
                )
                lead_in = doc.m.rfind(":", c[0], m.start())
                phrase = doc.text[(lead_in + 1 if lead_in >= 0 else c[0]) : c[1]].strip(" ,:-")
                found.append({"text": phrase, "value": value, "unit": unit})
                spans.append(m.span("n"))
    if not found:
        return None
    return found, spans


def _target_clauses(doc: Doc, s: int, e: int) -> Iterator[Span]:
    """A target sentence cut at its list separators (";", ", " before a new figure)."""
    for c in clauses(doc.m, s, e):
        start = c[0]
        for m in re.finditer(
            r",\s+(?=(?:[^\W\d_]+\s+){0,8}?(?:trên |hơn |từ |ít nhất )?\d)", doc.m[c[0] : c[1]]
        ):
            cut = c[0] + m.start()
            if re.search(r"\d", re.sub(r"(?:19|20)\d\d", "", doc.m[start:cut])):
                yield _strip(doc.m, start, cut)
                start = c[0] + m.end()
        yield _strip(doc.m, start, c[1])


_GUEST_CUE = re.compile(
    r"(?<![^\W_])(?=[dDcCpPtTđĐvV])(?:"
    r"(?:về |đến |tới |tham )?dự(?: và chỉ đạo)?(?: (?:Đại hội|Hội nghị|phiên|buổi))|[Dd]ự và chỉ đạo|"
    r"[Cc]ùng dự|chủ trì(?: (?:Hội nghị|Đại hội))?|phát biểu chỉ đạo|chỉ đạo (?:Đại hội|Hội nghị)|"
    r"[Tt]ham dự|[Đđ]ến dự|[Vv]ề dự|[Tt]ới dự)"
)


def guests(doc: Doc, exclude: set[str]) -> tuple[list[dict[str, Any]], list[Span]] | None:
    """Leaders named as attending or directing ("Dự và chỉ đạo Đại hội có ...", "... về
    dự Đại hội", "đồng chí X, Tỉnh ủy viên, Bí thư ... chủ trì Hội nghị"), with the position
    written with them; a name without a position is taken only after "đồng chí"."""
    out: dict[str, dict[str, Any]] = {}
    spans: list[Span] = []
    for s, e in _body(doc):
        if not _has(doc, s, e, ("dự", "chủ trì", "chỉ đạo")):
            continue
        for c in [(s, e)]:
            if not _GUEST_CUE.search(doc.m, *c):
                continue
            for person in persons_in(doc.text, *c, match=doc.m):
                if person.name in exclude:
                    continue
                comrade = re.search(r"[Đđ]ồng chí $", doc.m[max(0, person.span[0] - 9) : person.span[0]])
                if person.position is None and not comrade:
                    continue
                current = out.get(person.name)
                if current is None or (current["position"] is None and person.position):
                    out[person.name] = {"name": person.name, "position": person.position}
                    spans.append(person.span)
                    if person.position_span:
                        spans.append(person.position_span)
    if not out:
        return None
    return list(out.values()), spans


__all__ = ["KEYS", "NAME", "Doc", "names_in"]
