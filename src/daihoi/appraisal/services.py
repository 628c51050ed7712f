"""Changes to the classification. Each public function is one durable transaction with one
permission check and its audit rows; they share the private helpers below (`_derive` applies
the rules of `daihoi.rules.appraisal` to one appraisal), never each other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.appraisal import access, selectors
from daihoi.appraisal.models import (
    Campaign,
    EntryGrant,
    LevelTally,
    MemberAppraisal,
    OrganizationAppraisal,
)
from daihoi.core.audit import audit, audit_create, audit_create_bulk, audit_update, snapshot
from daihoi.core.models import AuditLog, User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.rules import appraisal as rules
from daihoi.rules.appraisal import AppraisalRules, CapFacts, Level
from daihoi.rules.errors import RulesError

CHANGE_ROLES = (Role.OFFICE,)  # and the administrator

CAMPAIGN_EXISTS = _("Đã có đợt đánh giá, xếp loại năm {year}.")
CAMPAIGN_CLOSED = _("Đợt đánh giá, xếp loại năm {year} đã kết thúc: không sửa được.")
CAMPAIGN_DATE_YEAR = _("Ngày đánh giá phải trong năm {year} hoặc đầu năm sau.")
CLOSE_QUOTA = _("Chưa kết thúc được: {unit} có {excellent} đảng viên xếp loại hoàn thành xuất sắc "
                "nhiệm vụ, vượt {over} so với tỷ lệ cho phép (tối đa {allowed}, tức {share} của "
                "{good} đảng viên hoàn thành tốt nhiệm vụ).")
CLOSE_PENDING = _("Chưa kết thúc được: còn {count} đảng viên chưa được xếp loại.")
CLOSE_UNENTERED = _("Chưa kết thúc được: còn {count} đảng viên chưa có trong danh sách của chi bộ "
                    "(danh sách chưa lưu).")
ROW_SCORE = _("Dòng {row} ({name}): {error}")
ROW_LEVEL = _("Dòng {row} ({name}): mức xếp loại «{value}» không có.")
ROW_MONTHS = _("Dòng {row} ({name}): số tháng nghỉ ốm «{value}» không hợp lệ.")
ROW_NOT_HERE = _("Đảng viên số {member} không sinh hoạt ở {organization}.")
ORG_NOT_CHILD = _("«{name}» không trực thuộc {parent}.")
RULES_BAD = _("Quy tắc không hợp lệ: {error}")
GRANT_UNKNOWN_USER = _("Không có tài khoản «{username}».")
GRANT_EXISTS = _("Tài khoản «{username}» đã được giao nhập kết quả của {organization}.")

LEVEL_VALUES = {str(lv) for lv in rules.LEVELS}


def _check_open(campaign: Campaign) -> None:
    if not campaign.is_open:
        raise ValidationError(str(CAMPAIGN_CLOSED).format(year=campaign.year))


# --- deriving a row's level from the rules ------------------------------------------------------


def _derive(row: MemberAppraisal, member: Member, rs: AppraisalRules, on: dt.date,
            from_records: bool = False) -> None:
    """Sets not_rated, level, caps and step from what was entered (the rules decide, here only)."""
    reason = rules.not_rated(admission_date=member.admission_date, appraisal_date=on,
                             exempt=member.exempt_from_activity, suspended=row.suspended, rules=rs)
    if reason is not None:
        row.not_rated, row.not_rated_note = str(reason.reason), reason.message(rs)[:200]
        row.level, row.caps = "", ""
        row.step = MemberAppraisal.Step.DECIDED if row.decided else row.step
        return
    row.not_rated = row.not_rated_note = ""
    base: Level | None = None
    if row.decided:
        base, row.step = Level(row.decided), MemberAppraisal.Step.DECIDED
    elif row.proposed:
        base, row.step = Level(row.proposed), MemberAppraisal.Step.CELL
    elif row.score is not None:
        base = rules.level_by_score(row.score, rs, excellent_conditions=row.excellent_conditions)
        row.step = MemberAppraisal.Step.SELF
    else:
        row.step = MemberAppraisal.Step.PENDING
    if base is None:
        row.level = row.caps = ""
        return
    capped = rules.apply_caps(base, CapFacts(disciplined=row.disciplined or from_records,
                                             self_corrected=row.self_corrected,
                                             sick_leave_months=row.sick_leave_months), rs)
    row.level = str(capped.level)
    row.caps = ",".join(str(c) for c in capped.caps)


def _level_or_blank(value: str, row: int, name: str) -> str:
    value = (value or "").strip()
    if value and value not in LEVEL_VALUES:
        raise ValidationError(str(ROW_LEVEL).format(row=row, name=name, value=value))
    return value


def _decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


@dataclass(frozen=True)
class EntryRow:
    """One member's line as the entry page or an import gives it."""

    member_id: int
    score: str = ""
    proposed: str = ""
    decided: str = ""
    disciplined: bool = False
    self_corrected: bool = False
    sick_leave_months: str = ""
    suspended: bool = False
    excellent_conditions: bool = True
    role_group: str = ""


def _apply_rows(campaign: Campaign, rows: Sequence[EntryRow], members: Mapping[int, Member],
                grassroots_of: Callable[[int], int]
                ) -> tuple[list[MemberAppraisal], list[tuple[MemberAppraisal, dict[str, Any]]], list[str]]:
    """Validate every row and build the changed appraisals, nothing written: (new, changed with
    their snapshot before), errors."""
    rs = campaign.rule_set
    existing = {a.member_id: a for a in MemberAppraisal.objects.filter(
        campaign=campaign, member_id__in=[r.member_id for r in rows])}
    records = selectors.discipline_facts([r.member_id for r in rows], campaign.year)
    new: list[MemberAppraisal] = []
    changed: list[tuple[MemberAppraisal, dict[str, Any]]] = []
    errors: list[str] = []
    for number, entry in enumerate(rows, start=1):
        member = members[entry.member_id]
        name = member.full_name
        row = existing.get(entry.member_id)
        before = snapshot(row) if row is not None else None
        if row is None:
            row = MemberAppraisal(campaign=campaign, member=member, organization_id=member.organization_id,
                                  grassroots_id=grassroots_of(member.organization_id))
        try:
            score = _decimal(entry.score)
            if score is not None:
                rules.check_score(score, rs)
                score = score.quantize(Decimal("0.01"))
            row.score = score
        except (ValueError, RulesError) as exc:
            message = exc.message() if isinstance(exc, RulesError) else str(
                rules.ERR_SCORE_TYPE).format(value=entry.score)
            errors.append(str(ROW_SCORE).format(row=number, name=name, error=message))
            continue
        try:
            row.proposed = _level_or_blank(entry.proposed, number, name)
            row.decided = _level_or_blank(entry.decided, number, name)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        try:
            months = _decimal(entry.sick_leave_months) or Decimal(0)
            if not 0 <= months <= 12:
                raise ValueError(months)
        except ValueError:
            errors.append(str(ROW_MONTHS).format(row=number, name=name, value=entry.sick_leave_months))
            continue
        row.sick_leave_months = months
        row.disciplined, row.self_corrected = entry.disciplined, entry.self_corrected
        row.suspended, row.excellent_conditions = entry.suspended, entry.excellent_conditions
        row.role_group = entry.role_group.strip()[:80]
        _derive(row, member, rs, campaign.appraisal_date, records.get(member.pk, False))
        if before is None:
            new.append(row)
        elif snapshot(row) != before:
            changed.append((row, before))
    return new, changed, errors


def _write_rows(acting_user: User | None, new: list[MemberAppraisal],
                changed: list[tuple[MemberAppraisal, dict[str, Any]]]) -> int:
    MemberAppraisal.objects.bulk_create(new, batch_size=2000)
    audit_create_bulk(actor=acting_user, objs=new)
    fields = ["score", "proposed", "decided", "disciplined", "self_corrected", "sick_leave_months",
              "suspended", "excellent_conditions", "role_group", "not_rated", "not_rated_note",
              "level", "caps", "step"]
    MemberAppraisal.objects.bulk_update([r for r, _b in changed], fields, batch_size=2000)
    for row, before in changed:
        audit_update(actor=acting_user, obj=row, before=before)
    return len(new) + len(changed)


# --- campaigns ---------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def campaign_open(*, acting_user: User | None, year: int, appraisal_date: dt.date,
                  rule_changes: Mapping[str, Any] | None = None) -> Campaign:
    """Opens the year's campaign under the default rules with the committee's changes to the
    open ones (quota share and unit ...), stored with it."""
    require_role(acting_user, *CHANGE_ROLES)
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError(str(CAMPAIGN_EXISTS).format(year=year))
    if not (appraisal_date.year == year or (appraisal_date.year == year + 1 and appraisal_date.month <= 3)):
        raise ValidationError(str(CAMPAIGN_DATE_YEAR).format(year=year))
    try:
        rs = rules.DEFAULT_RULES.with_changes(**dict(rule_changes or {}))
    except (RulesError, TypeError) as exc:
        raise ValidationError(str(RULES_BAD).format(
            error=exc.message() if isinstance(exc, RulesError) else exc)) from exc
    campaign = Campaign.objects.create(year=year, appraisal_date=appraisal_date, rules=rs.to_dict())
    audit_create(actor=acting_user, obj=campaign)
    return campaign


@transaction.atomic(durable=True)
def member_appraisals_save(*, acting_user: User | None, campaign: Campaign, organization: Organization,
                           rows: Sequence[EntryRow]) -> int:
    """A cell's list as entered, all or nothing: every row valid, or ValidationError with
    every row's message and nothing written. Returns how many appraisals changed. The office,
    or the login granted this organization (or one above it)."""
    access.require_enter(acting_user, organization)
    _check_open(campaign)
    members = {m.pk: m for m in Member.objects.filter(pk__in=[r.member_id for r in rows])}
    appraised_here = set(MemberAppraisal.objects.filter(campaign=campaign, organization=organization)
                         .values_list("member_id", flat=True))
    for r in rows:
        m = members.get(r.member_id)
        if m is None or (m.organization_id != organization.pk and r.member_id not in appraised_here):
            raise ValidationError(str(ROW_NOT_HERE).format(member=r.member_id, organization=organization))
    # one list is one organization's: its ancestors, not the whole tree
    cache: dict[int, int] = {}

    def grassroots(org_id: int) -> int:
        if org_id not in cache:
            cache[org_id] = selectors.grassroots_of(org_id)
        return cache[org_id]

    new, changed, errors = _apply_rows(campaign, rows, members, grassroots)
    if errors:
        raise ValidationError(errors)
    return _write_rows(acting_user, new, changed)


def _import_write(acting_user: User | None, campaign: Campaign, rows: Sequence[EntryRow]) -> int:
    members = {m.pk: m for m in Member.objects.filter(pk__in=[r.member_id for r in rows])}
    t = selectors.tree()
    new, changed, errors = _apply_rows(campaign, rows, members, t.grassroots_of)
    if errors:
        raise ValidationError(errors)
    return _write_rows(acting_user, new, changed)


@transaction.atomic(durable=True)
def member_appraisals_import(*, acting_user: User | None, campaign: Campaign,
                             rows: Sequence[EntryRow]) -> int:
    """The rows of a checked spreadsheet (appraisal.imports has matched each to a member)."""
    require_role(acting_user, *CHANGE_ROLES)
    _check_open(campaign)
    return _import_write(acting_user, campaign, rows)


@dataclass(frozen=True)
class OrganizationRow:
    organization_id: int
    score: str = ""
    proposed: str = ""
    decided: str = ""
    disciplined: bool = False


@transaction.atomic(durable=True)
def organization_appraisals_save(*, acting_user: User | None, campaign: Campaign, parent: Organization,
                                 rows: Sequence[OrganizationRow]) -> int:
    """The organizations under `parent`, rated by it: all or nothing."""
    access.require_enter(acting_user, parent)
    _check_open(campaign)
    rs = campaign.rule_set
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=[r.organization_id for r in rows])}
    existing = {a.organization_id: a for a in OrganizationAppraisal.objects.filter(
        campaign=campaign, organization_id__in=list(orgs))}
    errors: list[str] = []
    todo: list[tuple[OrganizationAppraisal, dict[str, Any] | None]] = []
    for number, entry in enumerate(rows, start=1):
        org = orgs.get(entry.organization_id)
        if org is None or org.parent_id != parent.pk:
            errors.append(str(ORG_NOT_CHILD).format(name=org or entry.organization_id, parent=parent))
            continue
        row = existing.get(org.pk) or OrganizationAppraisal(campaign=campaign, organization=org,
                                                            rated_by=parent)
        before = snapshot(row) if row.pk else None
        try:
            score = _decimal(entry.score)
            if score is not None:
                rules.check_score(score, rs)
            row.score = score
            row.proposed = _level_or_blank(entry.proposed, number, org.name)
            row.decided = _level_or_blank(entry.decided, number, org.name)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        except (ValueError, RulesError) as exc:
            message = exc.message() if isinstance(exc, RulesError) else str(
                rules.ERR_SCORE_TYPE).format(value=entry.score)
            errors.append(str(ROW_SCORE).format(row=number, name=org.name, error=message))
            continue
        row.disciplined = entry.disciplined
        level: Level | None = None
        if row.decided:
            level = Level(row.decided)
        elif row.proposed:
            level = Level(row.proposed)
        elif row.score is not None:
            level = rules.level_by_score(row.score, rs, excellent_conditions=not row.disciplined)
        # 366 Điều 11: a collective with a disciplined unit or leader is not excellent.
        if level is Level.EXCELLENT and row.disciplined:
            level = Level.GOOD
        row.level = str(level) if level else ""
        todo.append((row, before))
    if errors:
        raise ValidationError(errors)
    count = 0
    for row, before in todo:
        if before is None:
            row.save()
            audit_create(actor=acting_user, obj=row)
            count += 1
        elif snapshot(row) != before:
            row.save()
            audit_update(actor=acting_user, obj=row, before=before)
            count += 1
    return count


def _quota_message(campaign: Campaign, breach: selectors.QuotaRow) -> str:
    return str(CLOSE_QUOTA).format(unit=breach.unit, excellent=breach.excellent, over=breach.over,
                                   allowed=breach.allowed, good=breach.good,
                                   share=rules.share_text(campaign.rule_set.excellent_quota_share))


@transaction.atomic(durable=True)
def campaign_close(*, acting_user: User | None, campaign: Campaign,
                   progress: Callable[..., None] | None = None) -> Campaign:
    """Closes the campaign: refused while a member is not yet classified or a unit breaks the
    quota on excellent (each named, with how many over); else the figures are frozen in
    LevelTally, per grassroots organization and for the whole committee."""
    require_role(acting_user, *CHANGE_ROLES)
    report = progress or (lambda *a, **k: None)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_open(campaign)
    report(0, 4, str(_("Kiểm tra các đảng viên chưa xếp loại")))
    left = selectors.pending(campaign)
    if left:
        raise ValidationError(str(CLOSE_PENDING).format(count=left))
    missing = selectors.unentered(campaign)
    if missing:
        raise ValidationError(str(CLOSE_UNENTERED).format(count=missing))
    report(1, 4, str(_("Kiểm tra tỷ lệ hoàn thành xuất sắc nhiệm vụ")))
    breaches = selectors.quota_breaches(campaign)
    if breaches:
        raise ValidationError([_quota_message(campaign, b) for b in breaches])
    report(2, 4, str(_("Ghi số liệu tổng hợp")))
    LevelTally.objects.filter(campaign=campaign).delete()
    tallies = []
    for subject, per in ((LevelTally.Subject.MEMBERS, selectors.member_counts_live(campaign)),
                         (LevelTally.Subject.ORGANIZATIONS, selectors.organization_counts_live(campaign))):
        for org_id, c in per.items():
            tallies.append(LevelTally(campaign=campaign, organization_id=org_id, subject=subject,
                                      excellent=c.excellent, good=c.good, satisfactory=c.satisfactory,
                                      not_completed=c.not_completed, not_rated=c.not_rated))
    LevelTally.objects.bulk_create(tallies, batch_size=2000)
    report(3, 4, str(_("Kết thúc đợt đánh giá")))
    before = snapshot(campaign)
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_at = timezone.now()
    campaign.closed_by = acting_user if acting_user is not None and acting_user.is_authenticated else None
    campaign.save()
    audit_update(actor=acting_user, obj=campaign, before=before, verb="close")
    report(4, 4)
    return campaign


@transaction.atomic(durable=True)
def campaign_reopen(*, acting_user: User | None, campaign: Campaign) -> Campaign:
    """Opens a closed campaign again (a correction): its frozen figures are dropped."""
    require_role(acting_user, *CHANGE_ROLES)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = snapshot(campaign)
    LevelTally.objects.filter(campaign=campaign).delete()
    campaign.status, campaign.closed_at, campaign.closed_by = Campaign.Status.OPEN, None, None
    campaign.save()
    audit(actor=acting_user, obj=campaign, action=AuditLog.Action.UPDATE, before=before,
          after=snapshot(campaign), verb="reopen")
    return campaign



@transaction.atomic(durable=True)
def entry_grant(*, acting_user: User | None, username: str, organization: Organization) -> EntryGrant:
    """Charges a login (the organization's secretary) with entering its lists."""
    require_role(acting_user, *CHANGE_ROLES)
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(str(GRANT_UNKNOWN_USER).format(username=username.strip()))
    if EntryGrant.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(str(GRANT_EXISTS).format(username=user.username, organization=organization))
    grant = EntryGrant.objects.create(user=user, organization=organization)
    audit_create(actor=acting_user, obj=grant)
    return grant


@transaction.atomic(durable=True)
def entry_revoke(*, acting_user: User | None, grant: EntryGrant) -> None:
    require_role(acting_user, *CHANGE_ROLES)
    audit(actor=acting_user, obj=grant, action=AuditLog.Action.DELETE, before=snapshot(grant))
    grant.delete()
