"""The article reader: a news article about a congress or a committee conference in, the
proposed record out. Pure Python (lxml for HTML); nothing of Django, so `daihoi extract`
starts without it and anyone can run it on a folder of articles.

    reading = read_bytes(data, name="bai-viet.html")
    reading.record            # the keys of issue 19, None where the article does not say
    reading.spans             # key -> [(start, end), ...] into reading.text
    reading.text              # the article's text (NFC), what the spans index

The rules are rules of the language (numbers, dates, titles, qualifiers: see the modules
numbers, dates, names, places, fields), not of particular texts. An article about anything
else is kind "other" with every other key None. A file that holds no text raises ReadError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from daihoi.extraction.reader import fields as f
from daihoi.extraction.reader.text import (
    ERR_EMPTY,
    ReadError,
    clean,
    decode,
    html_to_text,
    looks_like_html,
    matchable,
)

KEYS = f.KEYS
__all__ = ["KEYS", "ReadError", "Reading", "read_bytes", "read_file", "read_text"]


@dataclass
class Reading:
    text: str
    record: dict[str, Any]
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def as_json(self, *, with_spans: bool = False) -> dict[str, Any]:
        out = dict(self.record)
        if with_spans:
            out["spans"] = {
                key: [{"start": s, "end": e, "text": self.text[s:e]} for s, e in spans]
                for key, spans in self.spans.items()
                if spans
            }
        return out


def empty_record() -> dict[str, Any]:
    record: dict[str, Any] = dict.fromkeys(KEYS)
    record["kind"] = f.OTHER
    return record


def read_text(text: str) -> Reading:
    """Read an article given as plain text (any Unicode normalization)."""
    text = clean(text)
    doc = f.Doc(text=text, m=matchable(text), title=f._title_lines(text))
    record = empty_record()
    f.classify(doc)
    if doc.kind == f.OTHER:
        return Reading(text, record, {})
    record["kind"] = doc.kind
    doc.mark("kind", doc.event)

    org = f.organization(doc)
    if org:
        record["organization"], span = org
        doc.mark("organization", span)
    prov = f.province(doc, org)
    if prov:
        record["province"], span = prov
        doc.mark("province", span)
    ordinal = f.ordinal(doc)
    if ordinal:
        record["ordinal"], span = ordinal
        doc.mark("ordinal", span)
    term = f.term(doc)
    if term:
        record["term"], span = term
        doc.mark("term", span)
    pub = f.published(doc)
    if pub:
        record["published"] = pub[0].isoformat()
        doc.mark("published", pub[1])
    src = f.source(doc)
    if src:
        record["source"], span = src
        doc.mark("source", span)
    start, end, spans = f.event_dates(doc, pub[0] if pub else None)
    if start:
        record["start_date"] = start.isoformat()
        doc.mark("start_date", *spans)
    if end:
        record["end_date"] = end.isoformat()
        doc.mark("end_date", *spans)

    years = record["term"]
    for key, quantity in (
        ("members_represented", f.members_represented(doc)),
        ("grassroots_organizations", f.grassroots_organizations(doc)),
    ):
        if quantity:
            record[key] = quantity.as_json()
            doc.mark(key, (quantity.start, quantity.end))
    if doc.kind == f.CONGRESS:
        delegates = f.delegates_official(doc)
        if delegates:
            record["delegates_official"] = delegates.as_json()
            doc.mark("delegates_official", (delegates.start, delegates.end))
        admissions = f.admissions_in_term(doc, years)
        if admissions:
            record["admissions_in_term"] = admissions.as_json()
            doc.mark("admissions_in_term", (admissions.start, admissions.end))
        found_targets = f.targets(doc, years)
        if found_targets:
            record["targets"], spans = found_targets
            doc.mark("targets", *spans)
        deleg = f.delegation(doc)
        if deleg:
            record["delegation"], spans = deleg
            doc.mark("delegation", *spans)
    for key, count in (
        ("committee_elected", f.committee_elected(doc)),
        ("standing_committee_elected", f.standing_committee_elected(doc)),
    ):
        if count:
            record[key], span = count
            doc.mark(key, span)
    sec = f.secretary(doc)
    if sec:
        record["secretary"], spans = sec
        doc.mark("secretary", *spans)
    exclude = {record["secretary"]["name"]} if record["secretary"] else set()
    found_guests = f.guests(doc, exclude)
    if found_guests:
        record["guests"], spans = found_guests
        doc.mark("guests", *spans)
    return Reading(text, record, doc.spans)


def read_bytes(data: bytes, name: str = "") -> Reading:
    """Read an article file's content (.txt or .html, UTF-8). ReadError when it holds no text."""
    if not data or not data.strip():
        raise ReadError(ERR_EMPTY)
    if b"\x00" in data[:65536]:
        decode(data)  # raises the binary message
    try:
        text = decode(data)
    except ReadError:
        if not looks_like_html(data[:4000].decode("latin-1"), name):
            raise
        return read_text(html_to_text(data))  # lxml reads the page's declared charset
    if looks_like_html(text, name):
        return read_text(html_to_text(text))
    if not text.strip():
        raise ReadError(ERR_EMPTY)
    return read_text(text)


def read_file(path: str | Path) -> Reading:
    path = Path(path)
    return read_bytes(path.read_bytes(), path.name)
