"""Changes to organizations and members. Each checks the role (office or admin), applies
the rule, and writes its audit row in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit, audit_create, audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.organizations.models import AdmissionPlan, Member, MemberTransfer, Organization
from daihoi.organizations.selectors import organization_subtree_ids
from daihoi.rules import membership as lifecycle
from daihoi.rules import names

CHANGE_ROLES = (Role.OFFICE, Role.ADMIN)

ORG_NAME_REQUIRED = _("Tên tổ chức không được để trống.")
ORG_PARENT_DISSOLVED = _("Tổ chức cấp trên đã giải thể.")
ORG_MOVE_UNDER_ITSELF = _("Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức cấp dưới của nó.")
ORG_ROOT_CANNOT_MOVE = _("Không thể chuyển tổ chức cao nhất.")
ORG_ALREADY_DISSOLVED = _("Tổ chức đã giải thể.")
ORG_DISSOLVE_HAS_MEMBERS = _("Không thể giải thể: tổ chức còn {count} đảng viên đang sinh hoạt.")
ORG_DISSOLVE_HAS_CHILDREN = _("Không thể giải thể: tổ chức còn {count} tổ chức trực thuộc chưa giải thể.")
ORG_DISSOLVED = _("Tổ chức đã giải thể, không thể thay đổi.")

MEMBER_NAME_REQUIRED = _("Họ và tên không được để trống.")
MEMBER_ADMISSION_IN_FUTURE = _("Ngày vào Đảng không được sau ngày hôm nay.")
MEMBER_BIRTH_AFTER_ADMISSION = _("Ngày sinh phải trước ngày vào Đảng.")
MEMBER_BIRTH_REQUIRED = _(
    "Cần ghi ngày sinh: không có ngày sinh thì không kiểm tra được điều kiện đủ {min_age} tuổi "
    "khi kết nạp (Điều lệ Đảng, Điều 1)."
)
MEMBER_UNDER_AGE = _(
    "Chưa đủ {min_age} tuổi: ngày vào Đảng {admission:%d/%m/%Y} người được kết nạp mới {age} tuổi "
    "(sinh ngày {birth:%d/%m/%Y}); đủ {min_age} tuổi từ ngày {eligible:%d/%m/%Y} (Điều lệ Đảng, Điều 1)."
)
MEMBER_CEREMONY_BEFORE_DECISION = _(
    "Ngày lễ kết nạp không được trước ngày quyết định kết nạp ({admission:%d/%m/%Y})."
)
MEMBER_CEREMONY_IN_FUTURE = _("Ngày lễ kết nạp không được sau ngày hôm nay.")
MEMBER_CEREMONY_NOT_PROBATIONARY = _(
    "Chỉ ghi ngày lễ kết nạp cho đảng viên dự bị: ngày chính thức của đảng viên chính thức "
    "đã ghi theo quyết định công nhận."
)
MEMBER_ORG_INACTIVE = _("Tổ chức “{org}” đã giải thể.")
MEMBER_NOT_PROBATIONARY = _("Chỉ công nhận chính thức được đảng viên dự bị.")
MEMBER_PROBATION_NOT_OVER = _(
    "Chưa đủ {months} tháng dự bị kể từ ngày {start:%d/%m/%Y}: đảng viên đến hạn công nhận "
    "chính thức ngày {due:%d/%m/%Y}."
)
MEMBER_DUPLICATE = _(
    "Đã có đảng viên «{name}», sinh ngày {born:%d/%m/%Y}, thuộc {org} (hồ sơ số {id}): có thể "
    "trang đã được gửi hai lần. Nếu đúng là một người khác, hãy đánh dấu ô xác nhận rồi gửi lại."
)
MEMBER_CORRECTION_REASON = _("Cần ghi lý do đính chính (ví dụ: theo quyết định kết nạp số …).")
MEMBER_CORRECTION_NOTHING = _("Không có gì thay đổi: hãy sửa ngày vào Đảng hoặc tổ chức.")
MEMBER_CORRECTION_FULL_TOO_EARLY = _(
    "Với ngày vào Đảng mới, ngày chính thức {full:%d/%m/%Y} sẽ sớm hơn {months} tháng dự bị: "
    "hãy kiểm tra lại."
)
MEMBER_CARD_TAKEN = _("Số thẻ đảng viên {card} đã cấp cho đảng viên khác.")
MEMBER_NOT_ACTIVE = _("Đảng viên không còn sinh hoạt trong Đảng bộ.")
MEMBER_TRANSFER_SAME_ORG = _("Tổ chức chuyển đến trùng với tổ chức đang sinh hoạt.")
MEMBER_DATE_IN_FUTURE = _("Ngày không được sau ngày hôm nay.")
MEMBER_DESTINATION_REQUIRED = _("Cần ghi nơi chuyển đến.")
PLAN_YEAR_INVALID = _("Năm không hợp lệ.")

# Fields the office may edit directly; status, dates of the lifecycle and the
# organization change only through their own operations.
MEMBER_EDITABLE_FIELDS = (
    "full_name", "gender", "date_of_birth", "ethnicity", "religion", "education",
    "political_theory", "position", "phone", "email", "exempt_from_activity",
)


def _today() -> dt.date:
    return timezone.localdate()


def _same_person(full_name: str, date_of_birth: dt.date, organization: Organization, *,
                 exclude: int | None = None) -> Member | None:
    """A member already recorded with this name, date of birth and organization: the same
    person entered twice (a file imported again, a form sent again with the back button)."""
    wanted = names.identity_name(full_name)
    rows = Member.objects.filter(organization=organization, date_of_birth=date_of_birth)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return next((m for m in rows if names.identity_name(m.full_name) == wanted), None)


def _refuse_duplicate(member: Member | None) -> None:
    if member is not None:
        raise ValidationError(MEMBER_DUPLICATE.format(
            name=member.full_name, born=member.date_of_birth, org=member.organization.label,
            id=member.pk), code="duplicate")


def _require_active_org(org: Organization) -> None:
    if not org.is_active:
        raise ValidationError(MEMBER_ORG_INACTIVE.format(org=org.name))


def _require_active_member(member: Member) -> None:
    if member.status not in Member.ACTIVE_STATUSES:
        raise ValidationError(MEMBER_NOT_ACTIVE)


def _check_age(birth: dt.date | None, admission: dt.date) -> dt.date:
    """Charter Điều 1: 18 or more on the admission date. A missing birth date is refused,
    not let through: the condition could not be checked, and the register records a
    birth date for every member anyway (the field is required)."""
    if birth is None:
        raise ValidationError(MEMBER_BIRTH_REQUIRED.format(min_age=lifecycle.MINIMUM_AGE))
    if birth >= admission:
        raise ValidationError(MEMBER_BIRTH_AFTER_ADMISSION)
    error = lifecycle.admission_age_error(birth, admission)
    if error is not None:
        raise ValidationError(MEMBER_UNDER_AGE.format(
            min_age=lifecycle.MINIMUM_AGE, admission=admission, age=error.age, birth=birth,
            eligible=error.eligible_from,
        ))
    return birth


def _check_ceremony(ceremony: dt.date | None, admission: dt.date) -> None:
    """The ceremony follows the decision and has taken place. Its 30 working days
    (Charter Điều 5) are a warning shown by the pages, not a refusal (rules.membership)."""
    if ceremony is None:
        return
    if ceremony < admission:
        raise ValidationError(MEMBER_CEREMONY_BEFORE_DECISION.format(admission=admission))
    if ceremony > _today():
        raise ValidationError(MEMBER_CEREMONY_IN_FUTURE)


def _check_card(card: str | None, member_id: int | None) -> str | None:
    card = (card or "").strip() or None
    others = Member.objects.filter(party_card_number=card)
    if member_id is not None:
        others = others.exclude(pk=member_id)
    if card and others.exists():
        raise ValidationError(MEMBER_CARD_TAKEN.format(card=card))
    return card


# --- organizations ----------------------------------------------------------------------


@transaction.atomic(durable=True)
def organization_create(
    *, acting_user: User | None, name: str, kind: str, parent: Organization | None,
    short_name: str = "", code: str | None = None, established_on: dt.date | None = None,
    host_kind: str = "",
) -> Organization:
    require_role(acting_user, *CHANGE_ROLES)
    name = " ".join(name.split())
    if not name:
        raise ValidationError(ORG_NAME_REQUIRED)
    if parent is not None and not parent.is_active:
        raise ValidationError(ORG_PARENT_DISSOLVED)
    org = Organization(name=name, kind=kind, parent=parent, short_name=short_name,
                       code=code or None, established_on=established_on, host_kind=host_kind)
    org.full_clean()
    org.save()
    audit_create(actor=acting_user, obj=org, verb="organization_create")
    return org


@transaction.atomic(durable=True)
def organization_rename(
    *, acting_user: User | None, organization: Organization, name: str, short_name: str | None = None,
    host_kind: str | None = None, established_on: dt.date | None = None,
) -> Organization:
    """Change the organization's name and what it records of itself (the kind of unit it is
    set up in, its founding date: None keeps what is there)."""
    require_role(acting_user, *CHANGE_ROLES)
    name = " ".join(name.split())
    if not name:
        raise ValidationError(ORG_NAME_REQUIRED)
    before = snapshot(organization)
    organization.name = name
    if short_name is not None:
        organization.short_name = short_name
    if host_kind is not None:
        organization.host_kind = host_kind
    if established_on is not None:
        organization.established_on = established_on
    organization.full_clean()
    organization.save()
    audit_update(actor=acting_user, obj=organization, before=before, verb="organization_rename")
    return organization


@transaction.atomic(durable=True)
def organization_move(
    *, acting_user: User | None, organization: Organization, new_parent: Organization,
) -> Organization:
    """Place an organization under another; never under itself or one of its own
    descendants (that would cut the branch off the tree into a loop)."""
    require_role(acting_user, *CHANGE_ROLES)
    if organization.parent_id is None:
        raise ValidationError(ORG_ROOT_CANNOT_MOVE)
    if not organization.is_active:
        raise ValidationError(ORG_DISSOLVED)
    if not new_parent.is_active:
        raise ValidationError(ORG_PARENT_DISSOLVED)
    if new_parent.pk in organization_subtree_ids(organization.pk):
        raise ValidationError(ORG_MOVE_UNDER_ITSELF)
    before = snapshot(organization)
    organization.parent = new_parent
    organization.save()
    audit_update(actor=acting_user, obj=organization, before=before, verb="organization_move")
    return organization


@transaction.atomic(durable=True)
def organization_dissolve(
    *, acting_user: User | None, organization: Organization, on: dt.date | None = None,
) -> Organization:
    require_role(acting_user, *CHANGE_ROLES)
    if not organization.is_active:
        raise ValidationError(ORG_ALREADY_DISSOLVED)
    members = organization.members.filter(status__in=Member.ACTIVE_STATUSES).count()
    if members:
        raise ValidationError(ORG_DISSOLVE_HAS_MEMBERS.format(count=members))
    children = organization.children.filter(dissolved_on__isnull=True).count()
    if children:
        raise ValidationError(ORG_DISSOLVE_HAS_CHILDREN.format(count=children))
    before = snapshot(organization)
    organization.dissolved_on = on or _today()
    organization.save()
    audit_update(actor=acting_user, obj=organization, before=before, verb="organization_dissolve")
    return organization


# --- members ----------------------------------------------------------------------------


@transaction.atomic(durable=True)
def member_admit(
    *, acting_user: User | None, full_name: str, gender: str, date_of_birth: dt.date | None,
    admission_date: dt.date, organization: Organization, ceremony_date: dt.date | None = None,
    ethnicity: str = "Kinh", religion: str = "", education: str = "", political_theory: str = "",
    position: str = "", phone: str = "", email: str = "", confirmed_distinct: bool = False,
) -> Member:
    """Kết nạp: the admission decision makes a probationary member (dự bị), 18 or more on
    its date (Charter Điều 1). Probation counts from the ceremony (Charter Điều 5), which
    may not have been held yet: it is then recorded later (`member_record_ceremony`).

    A member of the same name, date of birth and organization is refused unless the clerk
    confirms that this is another person (`confirmed_distinct`)."""
    require_role(acting_user, *CHANGE_ROLES)
    if not " ".join(full_name.split()):
        raise ValidationError(MEMBER_NAME_REQUIRED)
    if admission_date > _today():
        raise ValidationError(MEMBER_ADMISSION_IN_FUTURE)
    date_of_birth = _check_age(date_of_birth, admission_date)
    _check_ceremony(ceremony_date, admission_date)
    _require_active_org(organization)
    if not confirmed_distinct:
        _refuse_duplicate(_same_person(full_name, date_of_birth, organization))
    member = Member(
        full_name=full_name, gender=gender, date_of_birth=date_of_birth,
        admission_date=admission_date, ceremony_date=ceremony_date, organization=organization,
        ethnicity=ethnicity or "Kinh",
        religion=religion, education=education, political_theory=political_theory,
        position=position, phone=phone, email=email, status=Member.Status.PROBATIONARY,
    )
    member.save()
    audit_create(actor=acting_user, obj=member, verb="member_admit")
    return member


@transaction.atomic(durable=True)
def member_recognize_full(
    *, acting_user: User | None, member: Member, party_card_number: str | None = None,
    on: dt.date | None = None,
) -> Member:
    """Công nhận đảng viên chính thức. Charter Điều 5: only after the 12 months of
    probation counted from the admission ceremony (from the decision on records without a
    ceremony date); the member is full from the end of those months, however late the
    recognition comes (RULES.md "Membership"), so the date is never the decision's."""
    require_role(acting_user, *CHANGE_ROLES)
    if member.status != Member.Status.PROBATIONARY:
        raise ValidationError(MEMBER_NOT_PROBATIONARY)
    today = on or _today()
    start = member.probation_start
    due = lifecycle.full_member_date(start)
    if not lifecycle.can_recognize(start, today):
        raise ValidationError(MEMBER_PROBATION_NOT_OVER.format(
            months=lifecycle.PROBATION_MONTHS, start=start, due=due))
    card = _check_card(party_card_number, member.pk)
    before = snapshot(member)
    member.status = Member.Status.FULL
    member.full_member_date = due
    if card:
        member.party_card_number = card
    member.save()
    audit_update(actor=acting_user, obj=member, before=before, verb="member_recognize_full")
    return member


@transaction.atomic(durable=True)
def member_record_ceremony(
    *, acting_user: User | None, member: Member, ceremony_date: dt.date,
) -> Member:
    """Ghi ngày tổ chức lễ kết nạp, for a probationary member admitted before the ceremony
    was held (or recorded before the register kept the date): probation then counts from it."""
    require_role(acting_user, *CHANGE_ROLES)
    if member.status != Member.Status.PROBATIONARY:
        raise ValidationError(MEMBER_CEREMONY_NOT_PROBATIONARY)
    _check_ceremony(ceremony_date, member.admission_date)
    before = snapshot(member)
    member.ceremony_date = ceremony_date
    member.save()
    audit_update(actor=acting_user, obj=member, before=before, verb="member_record_ceremony")
    return member


@transaction.atomic(durable=True)
def member_transfer(
    *, acting_user: User | None, member: Member, to_organization: Organization,
    on: dt.date | None = None, note: str = "",
) -> MemberTransfer:
    """Chuyển sinh hoạt đảng between two organizations of the committee."""
    require_role(acting_user, *CHANGE_ROLES)
    _require_active_member(member)
    _require_active_org(to_organization)
    if to_organization.pk == member.organization_id:
        raise ValidationError(MEMBER_TRANSFER_SAME_ORG)
    day = on or _today()
    if day > _today():
        raise ValidationError(MEMBER_DATE_IN_FUTURE)
    before = snapshot(member)
    transfer = MemberTransfer.objects.create(
        member=member, from_organization_id=member.organization_id,
        to_organization=to_organization, on=day, note=note,
    )
    member.organization = to_organization
    member.save()
    audit_update(actor=acting_user, obj=member, before=before, verb="member_transfer")
    audit_create(actor=acting_user, obj=transfer, verb="member_transfer")
    return transfer


def _member_leave(
    *, acting_user: User | None, member: Member, status: str, on: dt.date | None, verb: str,
) -> Member:
    """Shared by the leaving operations, each of which has checked the role."""
    _require_active_member(member)
    day = on or _today()
    if day > _today():
        raise ValidationError(MEMBER_DATE_IN_FUTURE)
    before = snapshot(member)
    member.status = status
    member.left_on = day
    member.save()
    audit_update(actor=acting_user, obj=member, before=before, verb=verb)
    return member


@transaction.atomic(durable=True)
def member_transfer_out(
    *, acting_user: User | None, member: Member, destination: str, on: dt.date | None = None,
    note: str = "",
) -> Member:
    """Chuyển sinh hoạt đảng ra ngoài Đảng bộ: the member leaves the register."""
    require_role(acting_user, *CHANGE_ROLES)
    if not destination.strip():
        raise ValidationError(MEMBER_DESTINATION_REQUIRED)
    from_org = member.organization_id
    member = _member_leave(acting_user=acting_user, member=member,
                           status=Member.Status.TRANSFERRED_OUT, on=on, verb="member_transfer_out")
    transfer = MemberTransfer.objects.create(
        member=member, from_organization_id=from_org, destination=destination.strip(),
        on=member.left_on or _today(), note=note,
    )
    audit_create(actor=acting_user, obj=transfer, verb="member_transfer_out")
    return member


@transaction.atomic(durable=True)
def member_mark_deceased(
    *, acting_user: User | None, member: Member, on: dt.date | None = None,
) -> Member:
    require_role(acting_user, *CHANGE_ROLES)
    return _member_leave(acting_user=acting_user, member=member, status=Member.Status.DECEASED,
                         on=on, verb="member_mark_deceased")


@transaction.atomic(durable=True)
def member_remove(*, acting_user: User | None, member: Member, on: dt.date | None = None) -> Member:
    """Ra khỏi Đảng (xóa tên, khai trừ, xin ra): the record stays, marked removed."""
    require_role(acting_user, *CHANGE_ROLES)
    return _member_leave(acting_user=acting_user, member=member, status=Member.Status.REMOVED,
                         on=on, verb="member_remove")


@transaction.atomic(durable=True)
def member_update(*, acting_user: User | None, member: Member, **changes: Any) -> Member:
    """Edit a member's particulars (not the status, the organization or lifecycle dates:
    those change through their own operations)."""
    require_role(acting_user, *CHANGE_ROLES)
    unknown = set(changes) - set(MEMBER_EDITABLE_FIELDS) - {"party_card_number"}
    if unknown:
        raise ValueError(f"member_update cannot change {sorted(unknown)}")
    if "full_name" in changes and not " ".join(str(changes["full_name"]).split()):
        raise ValidationError(MEMBER_NAME_REQUIRED)
    if "party_card_number" in changes:
        changes["party_card_number"] = _check_card(changes["party_card_number"], member.pk)
    if "date_of_birth" in changes:
        # A corrected birth date must still make the member 18 on the admission date, or
        # the age check at admission could be undone by an edit.
        _check_age(changes["date_of_birth"], member.admission_date)
    before = snapshot(member)
    for field, value in changes.items():
        setattr(member, field, value)
    member.save()
    audit_update(actor=acting_user, obj=member, before=before, verb="member_update")
    return member


@transaction.atomic(durable=True)
def member_correct(*, acting_user: User | None, member: Member, reason: str,
                   admission_date: dt.date | None = None,
                   organization: Organization | None = None) -> Member:
    """Đính chính hồ sơ: the admission date or the organization was recorded wrong (a typing
    error, not a transfer: no transfer is recorded). The same checks as at admission (18 on
    the admission date, the ceremony not before it, an active organization, the same person
    not twice), a probation that still fits a recorded full-membership date, and the reason
    kept in the audit row with the values before and after."""
    require_role(acting_user, *CHANGE_ROLES)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(MEMBER_CORRECTION_REASON)
    new_date = admission_date if admission_date not in (None, member.admission_date) else None
    new_org = organization if organization is not None and organization.pk != member.organization_id \
        else None
    if new_date is None and new_org is None:
        raise ValidationError(MEMBER_CORRECTION_NOTHING)
    if new_date is not None:
        if new_date > _today():
            raise ValidationError(MEMBER_ADMISSION_IN_FUTURE)
        _check_age(member.date_of_birth, new_date)
        _check_ceremony(member.ceremony_date, new_date)
        start = member.ceremony_date or new_date
        if member.full_member_date and member.full_member_date < lifecycle.full_member_date(start):
            raise ValidationError(MEMBER_CORRECTION_FULL_TOO_EARLY.format(
                full=member.full_member_date, months=lifecycle.PROBATION_MONTHS))
    if new_org is not None:
        _require_active_org(new_org)
        _refuse_duplicate(_same_person(member.full_name, member.date_of_birth, new_org,
                                       exclude=member.pk))
    before = snapshot(member)
    if new_date is not None:
        member.admission_date = new_date
    if new_org is not None:
        member.organization = new_org
    member.save()
    audit(actor=acting_user, obj=member, action=AuditLog.Action.UPDATE, before=before,
          after={**snapshot(member), "reason": reason}, verb="member_correct")
    return member


# --- admission plans ---------------------------------------------------------------------


@transaction.atomic(durable=True)
def admission_plan_set(*, acting_user: User | None, year: int, planned: int) -> AdmissionPlan:
    require_role(acting_user, *CHANGE_ROLES)
    if not 1930 <= year <= 2200 or planned < 0:
        raise ValidationError(PLAN_YEAR_INVALID)
    plan = AdmissionPlan.objects.filter(year=year).first()
    if plan is None:
        plan = AdmissionPlan.objects.create(year=year, planned=planned)
        audit_create(actor=acting_user, obj=plan, verb="admission_plan_set")
    else:
        before = snapshot(plan)
        plan.planned = planned
        plan.save()
        audit_update(actor=acting_user, obj=plan, before=before, verb="admission_plan_set")
    return plan
