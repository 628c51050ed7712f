"""The congress's seats as the base and the roll need them: one read of the delegates' rows,
and the base over them (rules.base for the congress's kind). The congress page, the hall
screen (`selectors.attendance_summary`) and the electorate (`electorate.py`) all read here,
so they agree; this module imports neither of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from daihoi.congress.models import CheckIn, Congress, CongressSession, Delegate
from daihoi.rules import base as base_rules

_SUSPENDED = (Delegate.Standing.SUSPENDED, Delegate.Standing.PROSECUTED,
              Delegate.Standing.DETAINED)


@dataclass(frozen=True)
class SeatRow:
    """What the base and the roll need of one delegate row."""

    id: int
    kind: str
    origin: str
    credentials: str
    standing: str
    absent_whole: bool
    absence_accepted: bool
    exempt: bool
    replaced: bool
    replaces_id: int | None
    present: bool = False
    member_id: int | None = None
    user_id: int | None = None
    name: str = ""


def is_entitled(*, kind: str, credentials: str, standing: str, replaced: bool,
                replaces_id: int | None) -> bool:
    """Holds a vote: an official not replaced, or an alternate who replaced an official;
    credentials not rejected; standing normal (the not convened do not vote)."""
    if credentials == Delegate.Credentials.REJECTED or standing != Delegate.Standing.NORMAL:
        return False
    if kind == Delegate.Kind.OFFICIAL:
        return not replaced
    return replaces_id is not None


def seat_rows(congress_id: int, session: CongressSession | None, *,
              at: dt.datetime | None = None, with_names: bool = False) -> list[SeatRow]:
    """Every delegate of the congress in one query, with whether an alternate replaced it
    and whether it is in the hall (checked in to `session` at `at`, or now)."""
    inside = CheckIn.objects.filter(delegate_id=OuterRef("pk"))
    if session is None:
        inside = inside.none()
    else:
        inside = inside.filter(session_id=session.pk)
        if at is None:
            inside = inside.filter(checked_out_at__isnull=True)
        else:
            inside = inside.filter(Q(checked_out_at__isnull=True) | Q(checked_out_at__gt=at),
                                   checked_in_at__lte=at)
    fields = ["id", "kind", "origin", "credentials", "standing", "absent_whole_congress",
              "absence_accepted", "member__exempt_from_activity", "replaces_id"]
    if with_names:
        fields += ["member_id", "member__user_id", "member__full_name"]
    rows = (Delegate.objects.filter(congress_id=congress_id)
            .annotate(is_replaced=Exists(Delegate.objects.filter(replaces_id=OuterRef("pk"))),
                      is_present=Exists(inside))
            .order_by("member__sort_key", "id")
            .values(*fields, "is_replaced", "is_present"))
    return [SeatRow(id=r["id"], kind=r["kind"], origin=r["origin"], credentials=r["credentials"],
                    standing=r["standing"], absent_whole=r["absent_whole_congress"],
                    absence_accepted=r["absence_accepted"],
                    exempt=r["member__exempt_from_activity"], replaced=bool(r["is_replaced"]),
                    replaces_id=r["replaces_id"], present=bool(r["is_present"]),
                    member_id=r.get("member_id"), user_id=r.get("member__user_id"),
                    name=r.get("member__full_name", ""))
            for r in rows]


def entitled(row: SeatRow) -> bool:
    return is_entitled(kind=row.kind, credentials=row.credentials, standing=row.standing,
                       replaced=row.replaced, replaces_id=row.replaces_id)


def congress_base(congress_kind: str, rows: Iterable[SeatRow]) -> base_rules.Base:
    """The congress's base by its kind (rules.base). Only official rows are on the list: an
    alternate who took a seat stands for the official it replaced."""
    officials = [r for r in rows if r.kind == Delegate.Kind.OFFICIAL]
    if congress_kind == Congress.Kind.MEMBERS:
        return base_rules.members_congress(
            base_rules.MemberSeat(
                transferred=r.standing == Delegate.Standing.TRANSFERRED, exempt=r.exempt,
                suspended=r.standing in _SUSPENDED, absent_whole=r.absent_whole,
                absence_accepted=r.absence_accepted)
            for r in officials)
    return base_rules.delegates_congress(
        base_rules.DelegateSeat(
            committee_member=r.origin == Delegate.Origin.EX_OFFICIO, absent_whole=r.absent_whole,
            replaced=r.replaced,
            not_convened=(r.credentials == Delegate.Credentials.REJECTED
                          or r.standing != Delegate.Standing.NORMAL))
        for r in officials)
