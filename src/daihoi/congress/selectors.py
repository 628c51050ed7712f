"""Read queries of the congress: attendance and quorum, delegates, bodies, reports.

Stable entry points used by other apps (keep their signatures):
    current_session(congress_id), delegate_is_present(delegate),
    attendance_summary(congress), delegate_for_user(user, congress),
    is_counting_member(user, congress), is_body_member(user, congress, kind).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet

from daihoi.congress import credentials_report, seats
from daihoi.congress.models import Body, BodyMember, CheckIn, Congress, CongressSession, Delegate
from daihoi.core.permissions import has_role
from daihoi.core.roles import Role
from daihoi.elections.models import Candidate
from daihoi.organizations.models import Member, Organization
from daihoi.rules import base as base_rules
from daihoi.rules import names, quorum
from daihoi.rules.percent import percent


def current_session(congress_id: int) -> CongressSession | None:
    return (
        # An explicit order: the model's default ordering would join the congress table.
        CongressSession.objects.filter(congress_id=congress_id, is_current=True)
        .order_by("order", "id")
        .first()
        or CongressSession.objects.filter(congress_id=congress_id).order_by("order", "date", "id").first()
    )


def delegate_is_present(delegate: Delegate) -> bool:
    """Checked in to the congress's current session and not checked out."""
    session = current_session(delegate.congress_id)
    if session is None:
        return False
    return CheckIn.objects.filter(delegate=delegate, session=session, checked_out_at__isnull=True).exists()


# --- attendance and quorum ------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceSummary:
    """Who is in the hall now, against the convened base (RULES.md, Congress and votes).

    The base is `congress.seats.congress_base` (rules.base for the congress's kind), the
    same the elections prefill and the minutes print. `present` counts those entitled to
    vote who are checked in: official delegates holding their seat, and alternates who
    replaced an official; `alternates_present` counts the alternates who hold no seat (they
    attend, they do not vote). `base` is 0 when the list gives none (`base_error` says why)."""

    congress_id: int
    session_id: int | None
    session_name: str
    convened: int
    present: int
    absent: int
    alternates_present: int
    committee_absent: int
    absent_unreplaced: int
    base: int
    quorum_share: Fraction
    quorum_needed: int
    quorum_met: bool
    quorum_confirmed: bool
    excluded: int = 0
    breakdown: tuple[tuple[str, int], ...] = ()
    base_error: str = ""

    @property
    def quorum_share_label(self) -> str:
        return f"{self.quorum_share.numerator}/{self.quorum_share.denominator}"

    @property
    def percent_of_base(self) -> Decimal:
        return percent(self.present, self.base) if self.base > 0 else Decimal("0.00")

    def as_json(self) -> dict[str, Any]:
        return {
            "session": self.session_name,
            "convened": self.convened,
            "present": self.present,
            "absent": self.absent,
            "alternates_present": self.alternates_present,
            "excluded": self.excluded,
            "base": self.base,
            "quorum_share": self.quorum_share_label,
            "quorum_needed": self.quorum_needed,
            "quorum_met": self.quorum_met,
            "quorum_confirmed": self.quorum_confirmed,
            "percent_of_base": float(self.percent_of_base),
        }


def quorum_share(congress: Congress) -> Fraction:
    return quorum.parse_share((congress.rules or {}).get("quorum_share"))


_OFFICIAL = Q(kind=Delegate.Kind.OFFICIAL) & ~Q(credentials=Delegate.Credentials.REJECTED)


def attendance_summary(congress: Congress, session: CongressSession | None = None) -> AttendanceSummary:
    """Two small queries: the current session, and the delegates' rows with whether each
    was replaced and is checked in to the session (congress/seats.py)."""
    if session is None:
        session = current_session(congress.pk)
    rows = seats.seat_rows(congress.pk, session)
    error = ""
    try:
        base = seats.congress_base(congress.kind, rows)
    except base_rules.BaseError as exc:
        base, error = exc.base, str(exc)
    value = 0 if error else base.value
    present = sum(1 for r in rows if r.present and seats.entitled(r))
    alternates = sum(1 for r in rows if r.present and r.kind == Delegate.Kind.ALTERNATE
                     and r.replaces_id is None and r.credentials != Delegate.Credentials.REJECTED)
    share = quorum_share(congress)
    q = quorum.quorum(present=present, base=value, share=share)
    return AttendanceSummary(
        congress_id=congress.pk,
        session_id=session.pk if session else None,
        session_name=session.name if session else "",
        convened=base.convened,
        present=present,
        absent=max(base.convened - present, 0),
        alternates_present=alternates,
        committee_absent=base.part(base_rules.COMMITTEE_ABSENT),
        absent_unreplaced=base.part(base_rules.ABSENT_UNREPLACED),
        base=value,
        quorum_share=share,
        quorum_needed=q.needed,
        quorum_met=q.met,
        quorum_confirmed=bool((congress.rules or {}).get("quorum_confirmed_at")),
        excluded=base.excluded,
        breakdown=base.breakdown,
        base_error=error,
    )


# --- the user's place in a congress -----------------------------------------------------------


def member_id_of(user: Any) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_member_id_cache", False)
    if cached is False:
        cached = Member.objects.filter(user_id=user.pk).values_list("id", flat=True).first()
        user._member_id_cache = cached
    return cached


def delegate_for_user(user: Any, congress: Congress) -> Delegate | None:
    """The user's seat at `congress` through their member record, or None."""
    member_id = member_id_of(user)
    if member_id is None:
        return None
    return Delegate.objects.filter(congress=congress, member_id=member_id).first()


def is_body_member(user: Any, congress: Congress, kind: str) -> bool:
    """The user's member sits on that body of that congress (approved or not yet)."""
    member_id = member_id_of(user)
    return member_id is not None and member_on_body(member_id, congress.pk, kind)


def member_on_body(member_id: int, congress_id: int, kind: str) -> bool:
    return BodyMember.objects.filter(body__congress_id=congress_id, body__kind=kind,
                                     member_id=member_id).exists()


def is_counting_member(user: Any, congress: Congress) -> bool:
    """The counting role for this congress only (190-QĐ/TW Điều 8)."""
    return is_body_member(user, congress, Body.Kind.COUNTING)


def can_review_credentials(user: Any, congress: Congress) -> bool:
    """The secretariat, or a member of the congress's credentials committee."""
    return has_role(user, Role.SECRETARIAT) or is_body_member(user, congress, Body.Kind.CREDENTIALS)


def counting_candidate_conflict(congress: Congress, member: Member) -> bool:
    """True if the member is on a candidate list of an election of this congress."""
    return Candidate.objects.filter(election__congress=congress, member=member, withdrawn=False).exists()


# --- lists --------------------------------------------------------------------------------------


def congress_list(*, organization_id: int | None = None) -> QuerySet[Congress]:
    qs = Congress.objects.select_related("organization").annotate(
        delegate_count=Count("delegates", filter=Q(delegates__kind=Delegate.Kind.OFFICIAL))
    )
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs.order_by("organization__name", "-ordinal")


def current_congress() -> Congress | None:
    return (
        Congress.objects.filter(status=Congress.Status.IN_SESSION).order_by("-starts_on").first()
        or Congress.objects.filter(status=Congress.Status.PLANNED).order_by("starts_on").first()
    )


def delegate_search(
    *,
    congress: Congress,
    q: str = "",
    kind: str = "",
    origin: str = "",
    represents_id: int | None = None,
    checked_in: str = "",
    credentials: str = "",
    session: CongressSession | None = None,
) -> QuerySet[Delegate]:
    """Delegates filtered; `q` ignores diacritics ("nguyen van a"), digits find the number."""
    qs = Delegate.objects.filter(congress=congress).select_related("member", "represents__parent")
    if kind:
        qs = qs.filter(kind=kind)
    if origin:
        qs = qs.filter(origin=origin)
    if credentials:
        qs = qs.filter(credentials=credentials)
    if represents_id:
        qs = qs.filter(represents_id=represents_id)
    folded = names.fold(q)
    if folded:
        digits = folded.removeprefix("db").strip()
        cond = Q(member__search_name__contains=folded)
        if digits.isdigit():
            cond |= Q(number=int(digits))
        qs = qs.filter(cond)
    if checked_in in ("yes", "no") and session is not None:
        inside = CheckIn.objects.filter(session=session, checked_out_at__isnull=True).values("delegate_id")
        qs = qs.filter(pk__in=inside) if checked_in == "yes" else qs.exclude(pk__in=inside)
    return qs.order_by("number", "member__sort_key", "id")


def present_ids(session: CongressSession | None) -> set[int]:
    if session is None:
        return set()
    return set(
        CheckIn.objects.filter(session=session, checked_out_at__isnull=True).values_list(
            "delegate_id", flat=True
        )
    )


def sessions_of(congress: Congress) -> list[CongressSession]:
    return list(congress.sessions.all())


def guests_of(congress: Congress) -> QuerySet[Any]:
    return congress.guests.prefetch_related("sessions")


def organization_or_none(pk: int | None) -> Organization | None:
    return Organization.objects.filter(pk=pk).first() if pk else None


def organizations_with_congresses() -> QuerySet[Organization]:
    return Organization.objects.filter(congresses__isnull=False).distinct()


@dataclass(frozen=True)
class DelegateCounts:
    official: int
    alternate: int
    guests: int


def delegate_counts(congress: Congress) -> DelegateCounts:
    return DelegateCounts(
        official=congress.delegates.filter(kind=Delegate.Kind.OFFICIAL).count(),
        alternate=congress.delegates.filter(kind=Delegate.Kind.ALTERNATE).count(),
        guests=congress.guests.count(),
    )


def member_candidates(congress: Congress, q: str, *, limit: int = 20) -> list[Member]:
    """Members who may be added as delegates: active, not yet seated, by name (without
    diacritics) or party card number."""
    if not q:
        return []
    folded = names.fold(q)
    taken = congress.delegates.values("member_id")
    return list(
        Member.objects.filter(status__in=Member.ACTIVE_STATUSES)
        .filter(Q(search_name__contains=folded) | Q(party_card_number=q.strip()))
        .exclude(pk__in=taken)
        .select_related("organization")
        .order_by("sort_key")[:limit]
    )


def represented_units(congress: Congress) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=congress.delegates.values("represents_id"))


def delegate_of(congress_id: int, delegate_id: int) -> Delegate | None:
    return (
        Delegate.objects.select_related("member", "represents", "congress", "replaces__member")
        .filter(pk=delegate_id, congress_id=congress_id)
        .first()
    )


def replaced_by(delegate: Delegate) -> Delegate | None:
    return Delegate.objects.filter(replaces=delegate).select_related("member").first()


def free_alternates(congress_id: int) -> QuerySet[Delegate]:
    """Alternates who may still take a seat: not replacing anyone, credentials not rejected."""
    return (
        Delegate.objects.filter(congress_id=congress_id, kind=Delegate.Kind.ALTERNATE, replaces__isnull=True)
        .exclude(credentials=Delegate.Credentials.REJECTED)
        .select_related("member")
    )


def delegate_ids(congress_id: int) -> list[int]:
    return list(Delegate.objects.filter(congress_id=congress_id).values_list("pk", flat=True))


def delegate_checkins(delegate: Delegate) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(delegate=delegate).select_related("session").order_by("-checked_in_at")


def credentials_pending(congress: Congress) -> QuerySet[Delegate]:
    """Delegates whose credentials are not yet accepted (pending or rejected)."""
    return (
        Delegate.objects.filter(congress=congress)
        .exclude(credentials=Delegate.Credentials.ACCEPTED)
        .select_related("member", "represents")
        .order_by("number")
    )


def credentials_chair(congress: Congress) -> str:
    """The name of the chair of the credentials committee, or ""."""
    chair = (
        BodyMember.objects.filter(
            body__congress=congress, body__kind=Body.Kind.CREDENTIALS, role=BodyMember.Role.CHAIR
        )
        .values_list("member__full_name", flat=True)
        .first()
    )
    return chair or ""


def badge_delegates(congress: Congress, kind: str = "") -> QuerySet[Delegate]:
    """The delegates who get a badge (credentials not rejected), officials first."""
    qs = (
        congress.delegates.select_related("member", "represents")
        .exclude(credentials=Delegate.Credentials.REJECTED)
        .order_by("-kind", "number")
    )
    return qs.filter(kind=kind) if kind else qs


def latest_seat(user: Any) -> Delegate | None:
    """The user's seat at the latest congress they sit in."""
    member_id = member_id_of(user)
    if member_id is None:
        return None
    return (
        Delegate.objects.filter(member_id=member_id)
        .select_related("congress")
        .order_by("-congress__starts_on")
        .first()
    )


def recent_checkins(session: CongressSession | None, *, limit: int = 12) -> list[CheckIn]:
    if session is None:
        return []
    return list(
        CheckIn.objects.filter(session=session)
        .select_related("delegate__member")
        .order_by("-checked_in_at")[:limit]
    )


def door_delegate(*, delegate_id: int | None, code: str) -> Delegate | None:
    """The delegate a door scan names (by id from the search, else by the QR content), with
    what the check-in needs in the same query."""
    qs = Delegate.objects.select_related("member", "represents", "congress", "replaced_by")
    if delegate_id is not None:
        return qs.filter(pk=delegate_id).first()
    if code:
        return qs.filter(checkin_code=code).first()
    return None


def seated_delegates(congress: Congress) -> QuerySet[Delegate]:
    """Who holds a seat (officials and the alternates replacing one), credentials not rejected."""
    return (
        congress.delegates.filter(Q(kind=Delegate.Kind.OFFICIAL) | Q(replaces__isnull=False))
        .exclude(credentials=Delegate.Credentials.REJECTED)
        .select_related("member")
        .order_by("number")
    )


def checkin_matches(*, congress: Congress, q: str, limit: int = 8) -> list[dict[str, Any]]:
    """The check-in search: at most `limit` rows as plain dicts (one query, with the
    presence flag of the current session), numbers first, then name order."""
    folded = names.fold(q)
    if not folded:
        return []
    session = current_session(congress.pk)
    digits = folded.removeprefix("db").strip()
    cond = Q(member__search_name__contains=folded)
    if digits.isdigit():
        cond = Q(number=int(digits))
    rows = list(
        Delegate.objects.filter(congress=congress)
        .filter(cond)
        .order_by("member__sort_key", "id")
        .values(
            "id",
            "number",
            "kind",
            "credentials",
            "absent_whole_congress",
            "member__full_name",
            "represents__name",
        )[:limit]
    )
    inside = set()
    if session is not None and rows:
        inside = set(
            CheckIn.objects.filter(
                session=session, checked_out_at__isnull=True, delegate_id__in=[r["id"] for r in rows]
            ).values_list("delegate_id", flat=True)
        )
    return [
        {
            "id": r["id"],
            "number": r["number"],
            "name": r["member__full_name"],
            "organization": r["represents__name"],
            "kind": r["kind"],
            "blocked": r["absent_whole_congress"] or r["credentials"] == Delegate.Credentials.REJECTED,
            "present": r["id"] in inside,
        }
        for r in rows
    ]


BODY_ORDER: list[str] = [
    Body.Kind.PRESIDIUM,
    Body.Kind.SECRETARIAT,
    Body.Kind.CREDENTIALS,
    Body.Kind.COUNTING,
]


def bodies(congress: Congress) -> list[Body]:
    """In the order the congress elects them: presidium, secretariat, credentials, counting."""
    rows = list(Body.objects.filter(congress=congress).prefetch_related("members__member"))
    return sorted(rows, key=lambda b: BODY_ORDER.index(b.kind) if b.kind in BODY_ORDER else 99)


# --- reports ----------------------------------------------------------------------------------


def credentials_counts(congress: Congress) -> credentials_report.CredentialsCounts:
    """The make-up of the seated delegates; present and absent are the one attendance
    figure of the congress (`attendance_summary`: entitled to vote and checked in to the
    current session), the same the overview, the hall's screen and the elections show."""
    rows = []
    for d in (
        Delegate.objects.filter(congress=congress)
        .exclude(credentials=Delegate.Credentials.REJECTED)
        .select_related("member")
        .order_by("number", "id")
    ):
        m = d.member
        seated = (d.kind == Delegate.Kind.OFFICIAL and not d.absent_whole_congress) or (
            d.kind == Delegate.Kind.ALTERNATE and d.replaces_id is not None
        )
        rows.append(
            credentials_report.DelegateRow(
                name=m.full_name,
                kind=d.kind,
                origin=d.origin,
                gender=m.gender,
                date_of_birth=m.date_of_birth,
                admission_date=m.admission_date,
                ethnicity=m.ethnicity,
                education=m.education,
                political_theory=m.political_theory,
                seated=seated,
            )
        )
    counts = credentials_report.count(rows, on=congress.starts_on)
    summary = attendance_summary(congress)
    counts.present = summary.present
    counts.absent = max(counts.seated - summary.present, 0)
    return counts


def grassroots_organizations(root: Organization) -> QuerySet[Organization]:
    """The root's direct children that are grassroots organizations ("77 tổ chức cơ sở đảng")."""
    return Organization.objects.filter(
        parent=root,
        dissolved_on__isnull=True,
        kind__in=[Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL],
    )


def members_represented(root: Organization) -> int:
    from daihoi.organizations.selectors import organization_subtree_ids

    return Member.objects.filter(
        organization_id__in=organization_subtree_ids(root.pk), status__in=Member.ACTIVE_STATUSES
    ).count()
