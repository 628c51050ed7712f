"""Reads of the extraction part: the review queue, an article with its highlights, and the
comparison of every congress on record (those saved from articles and those held in
daihoi, read through the congress app's selectors)."""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from daihoi.congress import selectors as congress_selectors
from daihoi.extraction import mapping
from daihoi.extraction.models import Article, Batch, CongressRecord, Level
from daihoi.extraction.reader.fields import KEYS
from daihoi.extraction.reader.levels import level_of
from daihoi.organizations import selectors as organization_selectors


def queue(*, status: str = Article.Status.PENDING, batch_id: int | None = None) -> QuerySet[Article]:
    articles = Article.objects.all()
    if status:
        articles = articles.filter(status=status)
    if batch_id:
        articles = articles.filter(batch_id=batch_id)
    return articles.select_related("batch")


def batches(*, limit: int = 10) -> list[Batch]:
    return list(Batch.objects.select_related("job")[:limit])


def article_of(pk: int) -> Article | None:
    return Article.objects.filter(pk=pk).select_related("record").first()


def record_of(pk: int) -> CongressRecord | None:
    return CongressRecord.objects.filter(pk=pk).select_related("article").first()


@dataclass(frozen=True)
class Segment:
    text: str
    keys: tuple[str, ...] = ()


def highlighted(article: Article) -> list[Segment]:
    """The article's text cut where the reader found each field: segments with the keys
    read from them (none for the plain text between)."""
    marks: list[tuple[int, int, str]] = []
    for key, spans in (article.spans or {}).items():
        if key == "kind":
            continue
        for start, end in spans:
            if 0 <= start < end <= len(article.text):
                marks.append((start, end, key))
    cuts = sorted({0, len(article.text), *(s for s, _, _ in marks), *(e for _, e, _ in marks)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        keys = tuple(sorted({k for s, e, k in marks if s <= a and b <= e}))
        out.append(Segment(article.text[a:b], keys))
    return out


def register_matches(article: Article) -> list[tuple[str, bool]]:
    """The persons the reader named (the secretary, the guests), each with whether the
    member register holds a member of that very name (read through the register's own
    search, which folds diacritics; the name must then be equal after NFC)."""
    record = article.proposed or {}
    people = [record["secretary"]["name"]] if record.get("secretary") else []
    people += [g["name"] for g in record.get("guests") or [] if isinstance(g, dict) and g.get("name")]
    out = []
    for name in dict.fromkeys(people):
        found = organization_selectors.member_search(q=name, status="all")[:20]
        out.append((name, any(unicodedata.normalize("NFC", m.full_name) == name for m in found)))
    return out


def proposed_fields(article: Article) -> dict[str, Any]:
    return mapping.fields_of(article.proposed or {})


# --- comparison ----------------------------------------------------------------------------------

TARGET_UNITS = ("%", "members", "count")


@dataclass
class Row:
    organization: str
    level: str
    term: str
    term_start: int | None
    ordinal: int | None
    kind_label: str
    origin: str  # "record" (from an article or typed in) or "held" (held in daihoi)
    delegates: int | None = None
    members: int | None = None
    grassroots: int | None = None
    committee: int | None = None
    standing: int | None = None
    secretary: str = ""
    reelected: bool | None = None
    delegation: int | None = None
    targets: dict[str, int] = field(default_factory=dict)
    url: str = ""

    @property
    def per_100(self) -> float | None:
        """Delegates per 100 members represented."""
        if not self.delegates or not self.members:
            return None
        return round(self.delegates * 100 / self.members, 1)

    @property
    def targets_pct(self) -> int:
        return self.targets.get("%", 0)

    @property
    def targets_members(self) -> int:
        return self.targets.get("members", 0)

    @property
    def targets_count(self) -> int:
        return self.targets.get("count", 0)

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else ""


def _record_row(r: CongressRecord) -> Row:
    counts = dict.fromkeys(TARGET_UNITS, 0)
    for t in r.targets or []:
        if isinstance(t, dict) and t.get("unit") in counts:
            counts[t["unit"]] += 1
    delegation = None
    if r.delegation_official is not None:
        delegation = r.delegation_official + (r.delegation_alternate or 0)
    return Row(
        organization=r.organization_name,
        level=r.level or (level_of(r.organization_name) or ""),
        term=f"{r.term_start}–{r.term_end}" if r.term_start else "",
        term_start=r.term_start,
        ordinal=r.ordinal,
        kind_label=str(r.get_kind_display()),
        origin="record",
        delegates=r.delegates_official,
        members=r.members_represented,
        grassroots=r.grassroots_organizations,
        committee=r.committee_elected,
        standing=r.standing_committee_elected,
        secretary=r.secretary_name,
        reelected=r.secretary_reelected,
        delegation=delegation,
        targets=counts,
        url=reverse("extraction:record_detail", args=[r.pk]),
    )


def _held_rows() -> list[Row]:
    rows = []
    for c in congress_selectors.congress_list():
        counts = congress_selectors.delegate_counts(c)
        org = c.organization
        rows.append(
            Row(
                organization=org.name,
                level=level_of(org.name) or Level.UPPER,
                term=f"{c.term_start}–{c.term_end}",
                term_start=c.term_start,
                ordinal=c.ordinal,
                kind_label=str(c.get_kind_display()),
                origin="held",
                delegates=counts.official,
                members=congress_selectors.members_represented(org),
                grassroots=congress_selectors.grassroots_organizations(org).count(),
                url=reverse("congress:detail", args=[c.pk]),
            )
        )
    return rows


def term_choices() -> list[int]:
    years = set(CongressRecord.objects.exclude(term_start=None).values_list("term_start", flat=True))
    years |= {c.term_start for c in congress_selectors.congress_list()}
    return sorted((y for y in years if y is not None), reverse=True)


def comparison(*, level: str = "", term_start: int | None = None) -> list[Row]:
    """Every congress on record, filtered by level and term, newest term first."""
    rows = [_record_row(r) for r in CongressRecord.objects.filter(kind=CongressRecord.Kind.CONGRESS)]
    rows += _held_rows()
    if level:
        rows = [r for r in rows if r.level == level]
    if term_start:
        rows = [r for r in rows if r.term_start == term_start]
    return sorted(rows, key=lambda r: (-(r.term_start or 0), r.organization))


@dataclass(frozen=True)
class Summary:
    congresses: int
    reelected: int
    secretaries_known: int
    median_per_100: float | None


def summary(rows: list[Row]) -> Summary:
    known = [r for r in rows if r.reelected is not None]
    ratios = sorted(r.per_100 for r in rows if r.per_100 is not None)
    median = None
    if ratios:
        mid = len(ratios) // 2
        median = ratios[mid] if len(ratios) % 2 else round((ratios[mid - 1] + ratios[mid]) / 2, 1)
    return Summary(len(rows), sum(1 for r in known if r.reelected), len(known), median)


def chart(rows: list[Row]) -> list[dict[str, Any]]:
    """Bars of delegates per 100 members, widths relative to the largest."""
    bars = [(r.organization, r.term, r.per_100) for r in rows if r.per_100 is not None]
    top = max((v for _, _, v in bars), default=0) or 1
    return [
        {"label": f"{o} ({t})" if t else o, "value": v, "width": round(v * 100 / top, 1)} for o, t, v in bars
    ]


# The reader's keys shown beside the article (all but the kind, which the form asks).
KEYS_SHOWN = tuple(key for key in KEYS if key != "kind")
