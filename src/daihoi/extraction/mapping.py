"""Between the reader's record (the keys of issue 19) and the fields of a CongressRecord:
the form starts from `fields_of(proposed)`, and what the office changed is
`corrections(proposed, saved)`, kept with the record. Plain Python (no Django)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from daihoi.extraction.reader.levels import level_of

# Reader key -> (field, qualifier field or None) for the figures with a qualifier.
QUANTITIES = {
    "delegates_official": ("delegates_official", "delegates_qualifier"),
    "members_represented": ("members_represented", "members_qualifier"),
    "grassroots_organizations": ("grassroots_organizations", "grassroots_qualifier"),
    "admissions_in_term": ("admissions_in_term", "admissions_qualifier"),
}
PLAIN = ("kind", "province", "ordinal", "committee_elected", "standing_committee_elected", "source")
DATES = ("start_date", "end_date", "published")
FIELDS = (
    "kind",
    "organization_name",
    "level",
    "province",
    "ordinal",
    "term_start",
    "term_end",
    "start_date",
    "end_date",
    "published",
    "source",
    "delegates_official",
    "delegates_qualifier",
    "members_represented",
    "members_qualifier",
    "grassroots_organizations",
    "grassroots_qualifier",
    "committee_elected",
    "standing_committee_elected",
    "secretary_name",
    "secretary_reelected",
    "delegation_official",
    "delegation_alternate",
    "admissions_in_term",
    "admissions_qualifier",
    "targets",
    "guests",
)
# Which reader key each field came from (for the highlights beside the form).
SOURCE_KEY = {
    "organization_name": "organization",
    "level": "organization",
    "term_start": "term",
    "term_end": "term",
    "secretary_name": "secretary",
    "secretary_reelected": "secretary",
    "delegation_official": "delegation",
    "delegation_alternate": "delegation",
}
for _key, (_f, _q) in QUANTITIES.items():
    SOURCE_KEY[_f] = SOURCE_KEY[_q] = _key


def fields_of(record: dict[str, Any]) -> dict[str, Any]:
    """The CongressRecord fields a reader's record proposes (None / "" where it says nothing)."""
    out: dict[str, Any] = dict.fromkeys(FIELDS)
    for key in PLAIN:
        out[key] = record.get(key)
    for key in DATES:
        value = record.get(key)
        out[key] = dt.date.fromisoformat(value) if value else None
    out["organization_name"] = record.get("organization")
    out["level"] = level_of(record.get("organization"))
    if record.get("term"):
        out["term_start"], out["term_end"] = record["term"]
    for key, (field, qualifier) in QUANTITIES.items():
        q = record.get(key)
        out[field] = q["value"] if q else None
        out[qualifier] = q["qualifier"] if q else "exact"
    sec = record.get("secretary")
    out["secretary_name"] = sec["name"] if sec else None
    out["secretary_reelected"] = sec["reelected"] if sec else None
    deleg = record.get("delegation")
    out["delegation_official"] = deleg["official"] if deleg else None
    out["delegation_alternate"] = deleg["alternate"] if deleg else None
    out["targets"] = record.get("targets") or []
    out["guests"] = record.get("guests") or []
    return out


def _same(a: Any, b: Any) -> bool:
    empty: tuple[Any, ...] = (None, "", [], {})
    return (a in empty and b in empty) or a == b


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def corrections(proposed: dict[str, Any], saved: dict[str, Any]) -> dict[str, list[Any]]:
    """field -> [proposed, saved] for every field the office changed."""
    fields = fields_of(proposed) if "organization" in proposed or "kind" in proposed else proposed
    return {
        name: [_plain(fields.get(name)), _plain(saved.get(name))]
        for name in FIELDS
        if name in saved and not _same(fields.get(name), saved.get(name))
    }
