"""Changes to congresses, delegates, check-ins, guests and bodies.

Each public function is one durable transaction with one permission check and its audit
rows; what two share is a private helper (`_approve_body` is shared with the proceedings,
whose vote on a body is the congress approving it). Reads are in `selectors`."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.congress import selectors
from daihoi.congress.models import (
    Body,
    BodyMember,
    CheckIn,
    Congress,
    CongressSession,
    Delegate,
    Guest,
)
from daihoi.core.audit import audit, audit_create, audit_delete, audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.rules import quorum

MANAGE_ROLES = (Role.SECRETARIAT, Role.OFFICE)

ORDINAL_TAKEN = _("Đảng bộ này đã có Đại hội lần thứ {ordinal}.")
DATES_ORDER = _("Ngày bế mạc phải bằng hoặc sau ngày khai mạc.")
TOO_LONG = _("Một kỳ đại hội kéo dài từ một đến ba ngày (đang là {days} ngày).")
TERM_ORDER = _("Năm cuối nhiệm kỳ phải sau năm đầu nhiệm kỳ.")
SESSION_OUTSIDE = _("Ngày của phiên họp phải nằm trong thời gian đại hội ({start} – {end}).")
MEMBER_ALREADY_DELEGATE = _("Đảng viên «{member}» đã là đại biểu của đại hội này (số {number}).")
MEMBER_NOT_ACTIVE = _("«{member}» không còn là đảng viên đang sinh hoạt.")
NUMBER_TAKEN = _("Số thẻ đại biểu {number} đã cấp cho «{other}».")
REPLACE_ONLY_ALTERNATE = _("Chỉ đại biểu dự khuyết mới được thay thế đại biểu chính thức.")
REPLACE_ONLY_OFFICIAL = _("Chỉ đại biểu chính thức mới được thay thế.")
REPLACE_ALREADY_REPLACED = _("Đại biểu «{delegate}» đã được thay thế bởi «{by}».")
REPLACE_ALREADY_REPLACING = _("Đại biểu dự khuyết «{delegate}» đã thay thế một đại biểu khác.")
REPLACE_EX_OFFICIO = _(
    "Đại biểu đương nhiên (cấp ủy viên khóa đương nhiệm) không được thay thế bằng đại biểu dự khuyết."
)
REPLACE_OTHER_CONGRESS = _("Hai đại biểu không cùng một đại hội.")
REPLACE_REASON_REQUIRED = _("Phải ghi lý do thay thế.")
REPLACE_REJECTED = _("Đại biểu dự khuyết «{delegate}» không đủ tư cách.")
REJECT_REASON_REQUIRED = _("Phải ghi lý do khi kết luận không đủ tư cách.")
NO_SESSION = _("Đại hội chưa có phiên họp nào để điểm danh.")
ALREADY_CHECKED_IN = _("Đại biểu {name} (số {number}) đã điểm danh lúc {at}.")
NOT_CHECKED_IN = _("Đại biểu {name} chưa điểm danh phiên này.")
CHECKIN_ABSENT = _("Đại biểu {name} đã đăng ký vắng mặt cả đại hội: không điểm danh được.")
CHECKIN_REJECTED = _("Đại biểu {name} không đủ tư cách đại biểu: không điểm danh được.")
CHECKIN_REPLACED = _("Đại biểu {name} đã được thay thế bởi đại biểu dự khuyết: không điểm danh được.")
CHECKIN_CLOSED = _("Đại hội đã bế mạc: không điểm danh được nữa.")
CHECKIN_WRONG_CONGRESS = _("Thẻ đại biểu này không thuộc đại hội đang điểm danh.")
COUNTING_NOT_OFFICIAL = _(
    "«{member}» không phải đại biểu chính thức của đại hội: không thể vào Ban Kiểm phiếu."
)
COUNTING_IS_CANDIDATE = _(
    "«{member}» có tên trong danh sách bầu cử của đại hội: không thể vào Ban Kiểm phiếu "
    "(Quy chế bầu cử 190-QĐ/TW, Điều 8)."
)
BODY_MEMBER_TWICE = _("«{member}» đã có trong {body}.")
BODY_ALREADY_APPROVED = _("{body} đã được Đại hội biểu quyết thông qua; không sửa danh sách được nữa.")


def _audit_other(actor: User | None, obj: Any, verb: str, before: dict[str, Any] | None = None) -> None:
    audit(actor=actor, obj=obj, action=AuditLog.Action.OTHER, before=before, after=snapshot(obj), verb=verb)


def _check_dates(starts_on: dt.date, ends_on: dt.date, term_start: int, term_end: int) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": str(DATES_ORDER)})
    days = (ends_on - starts_on).days + 1
    if days > 3:
        raise ValidationError({"ends_on": str(TOO_LONG).format(days=days)})
    if term_end <= term_start:
        raise ValidationError({"term_end": str(TERM_ORDER)})


# --- congress ----------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def congress_create(
    *,
    acting_user: User | None,
    organization: Organization,
    ordinal: int,
    term_start: int,
    term_end: int,
    starts_on: dt.date,
    ends_on: dt.date,
    kind: str = Congress.Kind.DELEGATES,
    theme: str = "",
    venue: str = "",
    status: str = Congress.Status.PLANNED,
    rules: dict[str, Any] | None = None,
) -> Congress:
    require_role(acting_user, *MANAGE_ROLES)
    _check_dates(starts_on, ends_on, term_start, term_end)
    if Congress.objects.filter(organization=organization, ordinal=ordinal).exists():
        raise ValidationError({"ordinal": str(ORDINAL_TAKEN).format(ordinal=ordinal)})
    congress = Congress.objects.create(
        organization=organization,
        ordinal=ordinal,
        term_start=term_start,
        term_end=term_end,
        starts_on=starts_on,
        ends_on=ends_on,
        kind=kind,
        theme=theme,
        venue=venue,
        status=status,
        rules=rules or {"quorum_share": quorum.DEFAULT_QUORUM_TEXT},
    )
    audit_create(actor=acting_user, obj=congress)
    return congress


CONGRESS_FIELDS = (
    "ordinal",
    "term_start",
    "term_end",
    "starts_on",
    "ends_on",
    "kind",
    "theme",
    "venue",
    "status",
)


@transaction.atomic(durable=True)
def congress_update(*, acting_user: User | None, congress: Congress, **changes: Any) -> Congress:
    require_role(acting_user, *MANAGE_ROLES)
    before = snapshot(congress)
    for name, value in changes.items():
        if name not in CONGRESS_FIELDS:
            raise ValueError(name)
        setattr(congress, name, value)
    _check_dates(congress.starts_on, congress.ends_on, congress.term_start, congress.term_end)
    if (
        Congress.objects.filter(organization_id=congress.organization_id, ordinal=congress.ordinal)
        .exclude(pk=congress.pk)
        .exists()
    ):
        raise ValidationError({"ordinal": str(ORDINAL_TAKEN).format(ordinal=congress.ordinal)})
    congress.save()
    audit_update(actor=acting_user, obj=congress, before=before)
    return congress


@transaction.atomic(durable=True)
def congress_confirm_quorum(
    *,
    acting_user: User | None,
    congress: Congress,
    share: str | Fraction,
    note: str = "",
) -> Congress:
    """RULES.md: the quorum share is *open*; the congress confirms it, and who recorded the
    confirmation and when is kept with the congress's rules."""
    require_role(acting_user, *MANAGE_ROLES)
    value = quorum.parse_share(share)
    before = snapshot(congress)
    rules = dict(congress.rules or {})
    rules.update(
        {
            "quorum_share": f"{value.numerator}/{value.denominator}",
            "quorum_confirmed_at": timezone.now().isoformat(),
            "quorum_confirmed_by": str(acting_user) if acting_user else "",
            "quorum_note": note,
        }
    )
    congress.rules = rules
    congress.save(update_fields=["rules"])
    audit_update(actor=acting_user, obj=congress, before=before, verb="confirm_quorum")
    return congress


@transaction.atomic(durable=True)
def session_create(
    *,
    acting_user: User | None,
    congress: Congress,
    name: str,
    date: dt.date,
    starts_at: dt.time | None = None,
    is_preparatory: bool = False,
    order: int | None = None,
) -> CongressSession:
    require_role(acting_user, *MANAGE_ROLES)
    if not congress.starts_on - dt.timedelta(days=1) <= date <= congress.ends_on:
        # The preparatory session may be held the evening before the opening.
        raise ValidationError(
            {
                "date": str(SESSION_OUTSIDE).format(
                    start=f"{congress.starts_on:%d/%m/%Y}", end=f"{congress.ends_on:%d/%m/%Y}"
                )
            }
        )
    if order is None:
        order = congress.sessions.count() + 1
    session = CongressSession.objects.create(
        congress=congress,
        name=name,
        date=date,
        starts_at=starts_at,
        is_preparatory=is_preparatory,
        order=order,
    )
    audit_create(actor=acting_user, obj=session)
    return session


@transaction.atomic(durable=True)
def session_set_current(*, acting_user: User | None, session: CongressSession) -> CongressSession:
    require_role(acting_user, *MANAGE_ROLES)
    for other in CongressSession.objects.filter(congress_id=session.congress_id, is_current=True).exclude(
        pk=session.pk
    ):
        before = snapshot(other)
        other.is_current = False
        other.save(update_fields=["is_current"])
        audit_update(actor=acting_user, obj=other, before=before, verb="set_current")
    before = snapshot(session)
    session.is_current = True
    session.save(update_fields=["is_current"])
    audit_update(actor=acting_user, obj=session, before=before, verb="set_current")
    return session


# --- delegates ---------------------------------------------------------------------------------


def _next_number(congress: Congress) -> int:
    last = (
        Delegate.objects.filter(congress=congress)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


@transaction.atomic(durable=True)
def delegate_add(
    *,
    acting_user: User | None,
    congress: Congress,
    member: Member,
    kind: str = Delegate.Kind.OFFICIAL,
    origin: str = Delegate.Origin.ELECTED,
    represents: Organization | None = None,
    number: int | None = None,
) -> Delegate:
    require_role(acting_user, *MANAGE_ROLES)
    existing = Delegate.objects.filter(congress=congress, member=member).first()
    if existing is not None:
        raise ValidationError(
            {
                "member": str(MEMBER_ALREADY_DELEGATE).format(
                    member=member.full_name, number=existing.number or "–"
                )
            }
        )
    if member.status not in Member.ACTIVE_STATUSES:
        raise ValidationError({"member": str(MEMBER_NOT_ACTIVE).format(member=member.full_name)})
    if number is not None:
        other = Delegate.objects.filter(congress=congress, number=number).select_related("member").first()
        if other is not None:
            raise ValidationError(
                {"number": str(NUMBER_TAKEN).format(number=number, other=other.member.full_name)}
            )
    delegate = Delegate.objects.create(
        congress=congress,
        member=member,
        kind=kind,
        origin=origin,
        represents=represents or member.organization,
        number=number if number is not None else _next_number(congress),
    )
    audit_create(actor=acting_user, obj=delegate)
    return delegate


@transaction.atomic(durable=True)
def delegate_replace(
    *,
    acting_user: User | None,
    official: Delegate,
    alternate: Delegate,
    reason: str,
) -> Delegate:
    """An alternate takes the seat of an official delegate who cannot attend; the official
    becomes absent for the whole congress (the base keeps the seat: 190-QĐ/TW Điều 30 khoản 3)."""
    require_role(acting_user, *MANAGE_ROLES)
    official = Delegate.objects.select_for_update().select_related("member").get(pk=official.pk)
    alternate = Delegate.objects.select_for_update().select_related("member").get(pk=alternate.pk)
    if not reason.strip():
        raise ValidationError({"reason": str(REPLACE_REASON_REQUIRED)})
    if official.congress_id != alternate.congress_id:
        raise ValidationError(str(REPLACE_OTHER_CONGRESS))
    if alternate.kind != Delegate.Kind.ALTERNATE:
        raise ValidationError({"alternate": str(REPLACE_ONLY_ALTERNATE)})
    if official.kind != Delegate.Kind.OFFICIAL:
        raise ValidationError({"official": str(REPLACE_ONLY_OFFICIAL)})
    if official.origin == Delegate.Origin.EX_OFFICIO:
        raise ValidationError({"official": str(REPLACE_EX_OFFICIO)})
    by = Delegate.objects.filter(replaces=official).select_related("member").first()
    if by is not None:
        raise ValidationError(
            {
                "official": str(REPLACE_ALREADY_REPLACED).format(
                    delegate=official.member.full_name, by=by.member.full_name
                )
            }
        )
    if alternate.replaces_id is not None:
        raise ValidationError(
            {"alternate": str(REPLACE_ALREADY_REPLACING).format(delegate=alternate.member.full_name)}
        )
    if alternate.credentials == Delegate.Credentials.REJECTED:
        raise ValidationError(
            {"alternate": str(REPLACE_REJECTED).format(delegate=alternate.member.full_name)}
        )
    before_o, before_a = snapshot(official), snapshot(alternate)
    official.absent_whole_congress = True
    official.save(update_fields=["absent_whole_congress"])
    alternate.replaces = official
    alternate.replacement_reason = reason.strip()
    alternate.save(update_fields=["replaces", "replacement_reason"])
    # The official is off the hall list: close any open presence so the count stays right.
    _close_presence(acting_user, official)
    audit_update(actor=acting_user, obj=official, before=before_o, verb="replaced")
    audit_update(actor=acting_user, obj=alternate, before=before_a, verb="replaces")
    return alternate


@transaction.atomic(durable=True)
def delegate_mark_absent(*, acting_user: User | None, delegate: Delegate, absent: bool) -> Delegate:
    require_role(acting_user, *MANAGE_ROLES)
    before = snapshot(delegate)
    delegate.absent_whole_congress = absent
    delegate.save(update_fields=["absent_whole_congress"])
    audit_update(actor=acting_user, obj=delegate, before=before, verb="absent_whole_congress")
    return delegate


def _close_presence(acting_user: User | None, delegate: Delegate) -> None:
    """A delegate who loses the seat leaves the hall count at once (each close audited)."""
    for row in CheckIn.objects.select_for_update().filter(delegate=delegate, checked_out_at__isnull=True):
        before = snapshot(row)
        row.checked_out_at = timezone.now()
        row.save(update_fields=["checked_out_at"])
        audit_update(actor=acting_user, obj=row, before=before, verb="checkout")


@transaction.atomic(durable=True)
def delegate_review_credentials(
    *,
    acting_user: User | None,
    delegate: Delegate,
    accepted: bool,
    note: str = "",
) -> Delegate:
    """Thẩm tra tư cách đại biểu: by the credentials committee or the secretariat."""
    if not selectors.can_review_credentials(acting_user, delegate.congress):
        raise PermissionDenied
    if not accepted and not note.strip():
        raise ValidationError({"note": str(REJECT_REASON_REQUIRED)})
    before = snapshot(delegate)
    delegate.credentials = Delegate.Credentials.ACCEPTED if accepted else Delegate.Credentials.REJECTED
    delegate.credentials_note = note.strip()
    delegate.save(update_fields=["credentials", "credentials_note"])
    if not accepted:
        _close_presence(acting_user, delegate)
    audit_update(actor=acting_user, obj=delegate, before=before, verb="credentials")
    return delegate


@transaction.atomic(durable=True)
def delegates_accept_pending(*, acting_user: User | None, congress: Congress, note: str = "") -> int:
    """The committee's usual conclusion: every delegate not yet reviewed is accepted at once
    (the doubtful ones are decided one by one before). Each change is audited."""
    if not selectors.can_review_credentials(acting_user, congress):
        raise PermissionDenied
    count = 0
    for delegate in (
        Delegate.objects.select_for_update()
        .select_related("member")
        .filter(congress=congress, credentials=Delegate.Credentials.PENDING)
    ):
        before = snapshot(delegate)
        delegate.credentials = Delegate.Credentials.ACCEPTED
        delegate.credentials_note = note.strip()[:255]
        delegate.save(update_fields=["credentials", "credentials_note"])
        audit_update(actor=acting_user, obj=delegate, before=before, verb="credentials")
        count += 1
    return count


# --- check-in ----------------------------------------------------------------------------------


def _checkin_refusal(delegate: Delegate) -> str | None:
    name = delegate.member.full_name
    if delegate.congress.status == Congress.Status.CLOSED:
        return str(CHECKIN_CLOSED)
    if delegate.credentials == Delegate.Credentials.REJECTED:
        return str(CHECKIN_REJECTED).format(name=name)
    if hasattr(delegate, "replaced_by"):
        return str(CHECKIN_REPLACED).format(name=name)
    if delegate.absent_whole_congress:
        return str(CHECKIN_ABSENT).format(name=name)
    return None


def checkin_record(
    *,
    acting_user: User | None,
    delegate: Delegate,
    session: CongressSession | None = None,
) -> CheckIn:
    """The door: one open presence per delegate and session (a second scan is refused with
    the time of the first). Two stations scanning the same badge at once both pass the
    check below; the partial unique index refuses the second insert, and its transaction
    is rolled back whole, so no savepoint is needed on the common path."""
    try:
        with transaction.atomic(durable=True):
            require_role(acting_user, Role.SECRETARIAT)
            return _checkin_record(acting_user=acting_user, delegate=delegate, session=session)
    except IntegrityError:
        open_row = CheckIn.objects.filter(delegate=delegate, checked_out_at__isnull=True).first()
        raise _already(delegate, open_row) from None


def _already(delegate: Delegate, open_row: CheckIn | None) -> ValidationError:
    at = timezone.localtime(open_row.checked_in_at) if open_row else timezone.localtime()
    return ValidationError(
        str(ALREADY_CHECKED_IN).format(
            name=delegate.member.full_name, number=delegate.number or "–", at=f"{at:%H:%M}"
        )
    )


def _checkin_record(
    *, acting_user: User | None, delegate: Delegate, session: CongressSession | None
) -> CheckIn:
    if session is None:
        session = selectors.current_session(delegate.congress_id)
    if session is None:
        raise ValidationError(str(NO_SESSION))
    if session.congress_id != delegate.congress_id:
        raise ValidationError(str(CHECKIN_WRONG_CONGRESS))
    refusal = _checkin_refusal(delegate)
    if refusal:
        raise ValidationError(refusal)
    open_row = CheckIn.objects.filter(delegate=delegate, session=session, checked_out_at__isnull=True).first()
    if open_row is not None:
        raise _already(delegate, open_row)
    row = CheckIn.objects.create(delegate=delegate, session=session, recorded_by=acting_user)
    audit_create(actor=acting_user, obj=row, verb="checkin")
    return row


@transaction.atomic(durable=True)
def checkout_record(
    *,
    acting_user: User | None,
    delegate: Delegate,
    session: CongressSession | None = None,
) -> CheckIn:
    require_role(acting_user, Role.SECRETARIAT)
    if session is None:
        session = selectors.current_session(delegate.congress_id)
    row = (
        CheckIn.objects.select_for_update()
        .filter(delegate=delegate, session=session, checked_out_at__isnull=True)
        .first()
        if session
        else None
    )
    if row is None:
        raise ValidationError(str(NOT_CHECKED_IN).format(name=delegate.member.full_name))
    before = snapshot(row)
    row.checked_out_at = timezone.now()
    row.save(update_fields=["checked_out_at"])
    audit_update(actor=acting_user, obj=row, before=before, verb="checkout")
    return row


# --- guests ------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def guest_create(
    *,
    acting_user: User | None,
    congress: Congress,
    full_name: str,
    title: str = "",
    group: str = Guest.Group.LEADERS,
    sessions: list[CongressSession] | None = None,
) -> Guest:
    require_role(acting_user, *MANAGE_ROLES)
    order = congress.guests.count() + 1
    guest = Guest.objects.create(
        congress=congress,
        full_name=" ".join(full_name.split()),
        title=title.strip(),
        group=group,
        order=order,
    )
    if sessions:
        guest.sessions.set(sessions)
    audit_create(actor=acting_user, obj=guest)
    return guest


@transaction.atomic(durable=True)
def guest_delete(*, acting_user: User | None, guest: Guest) -> None:
    require_role(acting_user, *MANAGE_ROLES)
    audit_delete(actor=acting_user, obj=guest)
    guest.delete()


# --- bodies ------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def body_get_or_create(*, acting_user: User | None, congress: Congress, kind: str) -> Body:
    require_role(acting_user, *MANAGE_ROLES)
    return _body_for(acting_user, congress, kind)


def _body_for(acting_user: User | None, congress: Congress, kind: str) -> Body:
    body, created = Body.objects.get_or_create(congress=congress, kind=kind)
    if created:
        audit_create(actor=acting_user, obj=body)
    return body


@transaction.atomic(durable=True)
def body_member_add(
    *,
    acting_user: User | None,
    member: Member,
    body: Body | None = None,
    congress: Congress | None = None,
    kind: str = "",
    role: str = BodyMember.Role.MEMBER,
) -> BodyMember:
    """Adds `member` to `body`, or to the body of that `kind` of `congress` (created on
    the first member)."""
    require_role(acting_user, *MANAGE_ROLES)
    if body is None:
        if congress is None or not kind:
            raise TypeError("body_member_add: give body, or congress and kind")
        body = _body_for(acting_user, congress, kind)
    if body.approved:
        raise ValidationError(str(BODY_ALREADY_APPROVED).format(body=body))
    if BodyMember.objects.filter(body=body, member=member).exists():
        raise ValidationError({"member": str(BODY_MEMBER_TWICE).format(member=member.full_name, body=body)})
    if body.kind == Body.Kind.COUNTING:
        # 190-QĐ/TW Điều 8: the counting committee is made of official delegates who are
        # not on the list of candidates.
        seat = Delegate.objects.filter(congress_id=body.congress_id, member=member).first()
        seated = seat is not None and (seat.kind == Delegate.Kind.OFFICIAL or seat.replaces_id is not None)
        if seat is None or not seated or seat.credentials == Delegate.Credentials.REJECTED:
            raise ValidationError({"member": str(COUNTING_NOT_OFFICIAL).format(member=member.full_name)})
        if selectors.counting_candidate_conflict(body.congress, member):
            raise ValidationError({"member": str(COUNTING_IS_CANDIDATE).format(member=member.full_name)})
    order = body.members.count() + 1
    row = BodyMember.objects.create(body=body, member=member, role=role, order=order)
    audit_create(actor=acting_user, obj=row)
    return row


@transaction.atomic(durable=True)
def body_member_remove(*, acting_user: User | None, row: BodyMember) -> None:
    require_role(acting_user, *MANAGE_ROLES)
    if row.body.approved:
        raise ValidationError(str(BODY_ALREADY_APPROVED).format(body=row.body))
    audit_delete(actor=acting_user, obj=row)
    row.delete()


@transaction.atomic(durable=True)
def body_mark_approved(*, acting_user: User | None, body: Body, note: str = "") -> Body:
    """Called by the proceedings app when the congress's show-of-hands vote on the body
    passes, or by the secretariat's "record approval" form."""
    require_role(acting_user, *MANAGE_ROLES)
    return _approve_body(acting_user, body, note=note)


def _approve_body(acting_user: User | None, body: Body, *, note: str = "") -> Body:
    """Also called inside the proceedings' vote closing, which checked its own permission."""
    before = snapshot(body)
    body.approved = True
    body.approved_at = timezone.now()
    body.approval_note = note.strip()[:255]
    body.save(update_fields=["approved", "approved_at", "approval_note"])
    audit_update(actor=acting_user, obj=body, before=before, verb="approved")
    return body
