"""Import of organizations and members from Excel (.xlsx) and CSV: all or nothing.

The file is read and its headers matched by the import engine of core
(`daihoi.core.imports`: `read_table`, `match_headers`, `RowCheck`, `run_import`); what is
the register's own is here:

1. `MEMBER_COLUMNS` / `ORGANIZATION_COLUMNS`: the columns and the ways files name them.
2. `validate_members(...)` / `validate_organizations(...)`: every row checked against
   lookups passed in (organizations, card numbers already taken), no database access;
   every error collected as (row, column, value, reason).
3. `members_write(...)` / `organizations_write(...)`: only when no row has an error, one
   transaction, bulk inserts in batches, one audit row per created record.

`import_members_file` / `import_organizations_file` chain the steps and report progress.
The engine's names used by the views, the command and the tests are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit, audit_create_bulk
from daihoi.core.imports import BAD_DATE as BAD_DATE
from daihoi.core.imports import BAD_FILE as BAD_FILE
from daihoi.core.imports import BAD_FILE_TYPE as BAD_FILE_TYPE
from daihoi.core.imports import CHANGED_DURING_IMPORT as CHANGED_DURING_IMPORT
from daihoi.core.imports import DUPLICATE_COLUMN as DUPLICATE_COLUMN
from daihoi.core.imports import EMPTY_FILE as EMPTY_FILE
from daihoi.core.imports import FUTURE_DATE as FUTURE_DATE
from daihoi.core.imports import MISSING_COLUMN as MISSING_COLUMN
from daihoi.core.imports import NO_HEADER as NO_HEADER
from daihoi.core.imports import PHASE_READING as PHASE_READING
from daihoi.core.imports import PHASE_VALIDATING as PHASE_VALIDATING
from daihoi.core.imports import PHASE_WRITING as PHASE_WRITING
from daihoi.core.imports import REJECTED as REJECTED
from daihoi.core.imports import REQUIRED as REQUIRED
from daihoi.core.imports import TOO_LONG as TOO_LONG
from daihoi.core.imports import BadValue as BadValue
from daihoi.core.imports import Column as Column
from daihoi.core.imports import ImportRejected as ImportRejected
from daihoi.core.imports import ImportResult as ImportResult
from daihoi.core.imports import Prepared, ProgressFn, RowCheck, cell_text, choice_map, is_blank, run_import
from daihoi.core.imports import RowError as RowError
from daihoi.core.imports import Table as Table
from daihoi.core.imports import header_key as header_key
from daihoi.core.imports import header_names as header_names
from daihoi.core.imports import in_every_language as in_every_language
from daihoi.core.imports import match_headers as match_headers
from daihoi.core.imports import parse_date as parse_date
from daihoi.core.imports import read_table as read_table
from daihoi.core.models import AuditLog, User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.organizations.services import MEMBER_UNDER_AGE
from daihoi.rules import membership as lifecycle
from daihoi.rules import names

# --- messages (module constants: tests assert on them) -------------------------------------
FULL_BEFORE_ADMISSION = _("Ngày chính thức trước ngày vào Đảng.")
FULL_BEFORE_PROBATION_END = _(
    "Ngày chính thức sớm hơn {months} tháng dự bị (sớm nhất là {earliest})."
)
CEREMONY_BEFORE_ADMISSION = _("Ngày tổ chức lễ kết nạp trước ngày vào Đảng (ngày quyết định kết nạp).")
ADMISSION_BEFORE_BIRTH = _("Ngày vào Đảng trước ngày sinh.")
LEFT_BEFORE_ADMISSION = _("Ngày chuyển đi / ra khỏi Đảng trước ngày vào Đảng.")
BAD_GENDER = _("Giới tính không hợp lệ (ghi Nam hoặc Nữ).")
BAD_STATUS = _("Trạng thái không hợp lệ (ghi một trong: {choices}).")
BAD_BOOL = _("Giá trị không hợp lệ (ghi Có hoặc để trống).")
FULL_WITHOUT_DATE = _("Đảng viên chính thức phải có ngày chính thức.")
PROBATIONARY_WITH_FULL_DATE = _("Đảng viên dự bị không có ngày chính thức.")
DUPLICATE_CARD_IN_FILE = _("Số thẻ đảng viên trùng với dòng {row}.")
# The same person twice: the same name, date of birth and organization (issue 14: importing
# the same file again created every member a second time).
DUPLICATE_MEMBER = _("Đảng viên này đã có trong danh sách (cùng họ tên, ngày sinh và tổ chức: "
                     "hồ sơ số {id}): hãy bỏ dòng này khỏi tệp. Nếu đúng là một người khác, "
                     "hãy nhập người đó ở trang Kết nạp đảng viên.")
DUPLICATE_MEMBER_IN_FILE = _("Trùng họ tên, ngày sinh và tổ chức với dòng {row}.")
DUPLICATE_CARD_IN_DB = _("Số thẻ đảng viên đã có trong hệ thống.")
UNKNOWN_ORGANIZATION = _("Không có tổ chức đảng có mã hoặc tên này.")
AMBIGUOUS_ORGANIZATION = _("Có nhiều tổ chức cùng tên này: hãy ghi mã tổ chức.")
DISSOLVED_ORGANIZATION = _("Tổ chức đảng này đã giải thể.")
BAD_EMAIL = _("Địa chỉ email không hợp lệ.")
BAD_KIND = _("Loại hình không hợp lệ (ghi một trong: {choices}).")
BAD_HOST_KIND = _("Loại hình đơn vị không hợp lệ (ghi một trong: {choices}).")
DUPLICATE_CODE_IN_FILE = _("Mã tổ chức trùng với dòng {row}.")
DUPLICATE_CODE_IN_DB = _("Mã tổ chức đã có trong hệ thống.")
UNKNOWN_PARENT = _("Không có tổ chức cấp trên này (trong hệ thống hoặc ở các dòng phía trên).")
PARENT_REQUIRED = _("Chỉ đảng bộ cấp trên cơ sở mới được để trống tổ chức cấp trên.")
DUPLICATE_ORG_NAME = _("Đã có tổ chức cùng tên trực thuộc cùng tổ chức cấp trên.")
DISSOLVED_BEFORE_ESTABLISHED = _("Ngày giải thể trước ngày thành lập.")
IMPORTED_MEMBERS = _("Đã nhập {count} đảng viên.")
IMPORTED_ORGANIZATIONS = _("Đã nhập {count} tổ chức đảng.")

BATCH_SIZE = 2000


def _max(model: type[Any], name: str) -> int | None:
    length: int | None = model._meta.get_field(name).max_length
    return length


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("full_name", _("Họ và tên"), ("ho ten", "ten", "name", "full name"), True,
           _max(Member, "full_name"), 28),
    Column("gender", _("Giới tính"), ("gioi", "gender", "sex"), True, None, 10),
    Column("date_of_birth", _("Ngày sinh"), ("ngay thang nam sinh", "date of birth", "birth date", "dob"),
           True, None, 12),
    Column("ethnicity", _("Dân tộc"), ("ethnicity",), False, _max(Member, "ethnicity"), 10),
    Column("religion", _("Tôn giáo"), ("religion",), False, _max(Member, "religion"), 10),
    Column("education", _("Trình độ chuyên môn"), ("trinh do", "chuyen mon", "education"), False,
           _max(Member, "education"), 18),
    Column("political_theory", _("Lý luận chính trị"), ("llct", "political theory"), False,
           _max(Member, "political_theory"), 14),
    Column("party_card_number", _("Số thẻ đảng viên"), ("so the", "so the dang", "the dang vien",
                                                         "party card number", "card number"),
           False, _max(Member, "party_card_number"), 14),
    Column("admission_date", _("Ngày vào Đảng"), ("ngay ket nap", "admission date", "admitted"), True,
           None, 13),
    Column("ceremony_date", _("Ngày tổ chức lễ kết nạp"), ("ngay le ket nap", "le ket nap",
                                                            "ceremony date", "admission ceremony date"),
           False, None, 13),
    Column("full_member_date", _("Ngày chính thức"), ("ngay cong nhan chinh thuc", "full member date"),
           False, None, 13),
    Column("status", _("Trạng thái"), ("tinh trang", "status"), False, None, 14),
    Column("organization", _("Tổ chức"), ("to chuc dang", "chi bo", "ma to chuc", "don vi",
                                          "organization", "organization code"), True, None, 18),
    Column("position", _("Chức vụ"), ("chuc danh", "position"), False, _max(Member, "position"), 22),
    Column("phone", _("Điện thoại"), ("so dien thoai", "dien thoai di dong", "phone"), False,
           _max(Member, "phone"), 13),
    Column("email", _("Email"), ("thu dien tu", "e mail"), False, _max(Member, "email"), 24),
    Column("left_on", _("Ngày chuyển đi / ra khỏi Đảng"), ("ngay chuyen di", "ngay ra khoi dang",
                                                            "left on"), False, None, 14),
    Column("exempt_from_activity", _("Miễn sinh hoạt"), ("mien cong tac va sinh hoat dang",
                                                          "exempt"), False, None, 10),
)

ORGANIZATION_COLUMNS: tuple[Column, ...] = (
    Column("name", _("Tên tổ chức"), ("ten", "name", "ten to chuc dang"), True,
           _max(Organization, "name"), 40),
    Column("code", _("Mã"), ("ma to chuc", "code"), False, _max(Organization, "code"), 12),
    Column("kind", _("Loại hình"), ("loai", "kind", "type"), True, None, 22),
    Column("parent", _("Trực thuộc"), ("to chuc cap tren", "cap tren", "parent"), False, None, 30),
    Column("short_name", _("Tên viết tắt"), ("viet tat", "short name"), False,
           _max(Organization, "short_name"), 14),
    Column("address", _("Địa chỉ"), ("address",), False, _max(Organization, "address"), 30),
    Column("established_on", _("Ngày thành lập"), ("thanh lap", "established"), False, None, 14),
    Column("dissolved_on", _("Ngày giải thể"), ("giai the", "dissolved"), False, None, 14),
    Column("host_kind", _("Loại hình đơn vị"), ("loai hinh don vi", "khu vuc", "host kind", "sector"),
           False, None, 26),
)


# --- value parsing (pure) -------------------------------------------------------------------
GENDERS = choice_map(Member.Gender.choices, {"male": "male", "female": "female", "m": "male",
                                               "f": "female", "nu gioi": "female"})
STATUSES = choice_map(Member.Status.choices, {
    "chinh thuc": "full", "du bi": "probationary", "chuyen di": "transferred_out",
    "chuyen sinh hoat di": "transferred_out", "tu tran": "deceased",
    "ra khoi dang": "removed", "xoa ten": "removed", "khai tru": "removed",
    "transferred out": "transferred_out", "full member": "full",
})
KINDS = choice_map(Organization.Kind.choices, {
    "dang bo": "committee", "dang bo cap tren co so": "committee", "chi bo": "cell",
    "chi bo truc thuoc dang uy co so": "cell", "chi bo truc thuoc": "cell",
})
HOST_KINDS = choice_map(Organization.HostKind.choices, {
    "co quan nha nuoc": "state_agency", "co quan hanh chinh": "state_agency",
    "don vi su nghiep": "public_service", "dnnn": "state_enterprise",
    "doanh nghiep tu nhan": "private_enterprise", "ngoai khu vuc nha nuoc": "private_enterprise",
    "doanh nghiep ngoai nha nuoc": "private_enterprise", "khac": "other",
})
_YES = {"co", "x", "1", "yes", "true", "mien"}
_NO = {"", "khong", "0", "no", "false"}


def _status_labels() -> str:
    return ", ".join(str(label) for _v, label in Member.Status.choices)


def _kind_labels() -> str:
    return ", ".join(str(label) for _v, label in Organization.Kind.choices)


def _host_kind_labels() -> str:
    return ", ".join(str(label) for _v, label in Organization.HostKind.choices)


# --- member rows ----------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgRef:
    id: int
    name: str
    dissolved: bool


@dataclass
class MemberLookups:
    """What the validation needs from the database, fetched once (see `member_lookups`)."""

    by_code: dict[str, OrgRef]
    by_name: dict[str, OrgRef | None]  # None: two organizations share the name
    existing_cards: set[str]
    today: dt.date
    # (identity name, date of birth, organization id) -> (the member's id, card number)
    existing_people: dict[tuple[str, dt.date, int], tuple[int, str]] = field(default_factory=dict)

    @classmethod
    def build(cls, orgs: Iterable[tuple[int, str, str | None, dt.date | None]],
              existing_cards: Iterable[str], today: dt.date,
              people: Iterable[tuple[int, str, dt.date, int, str | None]] = ()
              ) -> MemberLookups:
        by_code, by_name = _org_maps(orgs)
        existing = {(names.identity_name(name), born, org): (pk, card or "")
                    for pk, name, born, org, card in people}
        return cls(by_code, by_name, {c.strip().casefold() for c in existing_cards}, today,
                   existing)

    def organization(self, text: str) -> OrgRef | None:
        """Raises BadValue when the text names no organization or several."""
        ref = self.by_code.get(text.strip().casefold())
        if ref is not None:
            return ref
        key = org_name_key(text)
        if key in self.by_name:
            found = self.by_name[key]
            if found is None:
                raise BadValue(str(AMBIGUOUS_ORGANIZATION))
            return found
        raise BadValue(str(UNKNOWN_ORGANIZATION))


def _org_maps(orgs: Iterable[tuple[int, str, str | None, dt.date | None]]
              ) -> tuple[dict[str, OrgRef], dict[str, OrgRef | None]]:
    by_code: dict[str, OrgRef] = {}
    by_name: dict[str, OrgRef | None] = {}
    for org_id, name, code, dissolved_on in orgs:
        ref = OrgRef(org_id, name, dissolved_on is not None)
        if code:
            by_code[code.strip().casefold()] = ref
        key = org_name_key(name)
        by_name[key] = None if key in by_name else ref
    return by_code, by_name


def org_name_key(name: str) -> str:
    """Names match exactly as written, except for case and spacing."""
    return names.normalize_spaces(name).casefold()


@dataclass(slots=True)
class MemberRow:
    """A valid row, kept compact until written (100,000 of them wait in memory)."""

    row: int
    full_name: str
    gender: str
    date_of_birth: dt.date
    ethnicity: str
    religion: str
    education: str
    political_theory: str
    party_card_number: str | None
    admission_date: dt.date
    ceremony_date: dt.date | None
    full_member_date: dt.date | None
    status: str
    organization_id: int
    position: str
    phone: str
    email: str
    left_on: dt.date | None
    exempt_from_activity: bool

    def to_member(self) -> Member:
        m = Member(
            full_name=self.full_name, gender=self.gender, date_of_birth=self.date_of_birth,
            ethnicity=self.ethnicity, religion=self.religion, education=self.education,
            political_theory=self.political_theory, party_card_number=self.party_card_number,
            admission_date=self.admission_date, ceremony_date=self.ceremony_date,
            full_member_date=self.full_member_date,
            status=self.status, organization_id=self.organization_id, position=self.position,
            phone=self.phone, email=self.email, left_on=self.left_on,
            exempt_from_activity=self.exempt_from_activity,
        )
        m.fill_derived_names()
        return m


def _lengths(columns: Sequence[Column]) -> dict[str, int | None]:
    return {c.key: c.max_length for c in columns}


_MEMBER_MAX = _lengths(MEMBER_COLUMNS)


def validate_member_row(values: tuple[Any, ...], *, row: int, index: dict[str, int],
                        headers: dict[str, str], lookups: MemberLookups
                        ) -> tuple[MemberRow | None, list[RowError]]:
    """Check one row (no database: everything it needs is in `lookups`)."""
    c = RowCheck(row, values, index, headers)
    today = lookups.today
    full_name = c.text("full_name", required=True, max_length=_MEMBER_MAX["full_name"])
    gender = c.choice("gender", GENDERS, lambda: str(BAD_GENDER))
    if not gender and not cell_text(c.raw("gender")):
        c.error("gender", REQUIRED)
    birth = c.date("date_of_birth", required=True, today=today)
    admission = c.date("admission_date", required=True, today=today)
    ceremony = c.date("ceremony_date", today=today)
    full_date = c.date("full_member_date", today=today)
    left_on = c.date("left_on", today=today)
    status = c.choice("status", STATUSES, lambda: str(BAD_STATUS).format(choices=_status_labels()))
    status_given = bool(cell_text(c.raw("status")))
    if not status and not status_given:
        status = Member.Status.FULL if full_date else Member.Status.PROBATIONARY
    if birth and admission and admission < birth:
        c.error("admission_date", ADMISSION_BEFORE_BIRTH)
    elif birth and admission and (too_young := lifecycle.admission_age_error(birth, admission)):
        # Charter Điều 1: admitted at 18 or more, as the admission service requires.
        c.error("admission_date", str(MEMBER_UNDER_AGE).format(
            min_age=lifecycle.MINIMUM_AGE, admission=admission, age=too_young.age, birth=birth,
            eligible=too_young.eligible_from))
    if admission and ceremony and ceremony < admission:
        c.error("ceremony_date", CEREMONY_BEFORE_ADMISSION)
    if admission and full_date:
        if full_date < admission:
            c.error("full_member_date", FULL_BEFORE_ADMISSION)
        else:
            # Charter Điều 5: probation runs from the ceremony (the decision where none is
            # recorded); a member is full from its end.
            earliest = lifecycle.full_member_date(lifecycle.probation_start(admission, ceremony))
            if full_date < earliest:
                c.error("full_member_date", str(FULL_BEFORE_PROBATION_END).format(
                    months=lifecycle.PROBATION_MONTHS, earliest=earliest.strftime("%d/%m/%Y")))
    if admission and left_on and left_on < admission:
        c.error("left_on", LEFT_BEFORE_ADMISSION)
    if status == Member.Status.FULL and not full_date and admission:
        c.error("full_member_date", FULL_WITHOUT_DATE, value="")
    if status == Member.Status.PROBATIONARY and full_date:
        c.error("full_member_date", PROBATIONARY_WITH_FULL_DATE)

    card = c.text("party_card_number", max_length=_MEMBER_MAX["party_card_number"]).replace(" ", "")
    if card and card.casefold() in lookups.existing_cards:
        c.error("party_card_number", DUPLICATE_CARD_IN_DB)

    org_text = c.text("organization", required=True)
    org_id = 0
    if org_text:
        try:
            ref = lookups.organization(org_text)
        except BadValue as exc:
            c.error("organization", exc)
        else:
            if ref is not None:
                # A dissolved organization keeps its former members' records (transferred
                # out, deceased...), but no one active can belong to it.
                if ref.dissolved and status in Member.ACTIVE_STATUSES:
                    c.error("organization", DISSOLVED_ORGANIZATION)
                org_id = ref.id

    email = c.text("email", max_length=_MEMBER_MAX["email"])
    if email:
        try:
            validate_email(email)
        except ValidationError:
            c.error("email", BAD_EMAIL)
    exempt_text = header_key(cell_text(c.raw("exempt_from_activity")))
    if exempt_text not in _YES and exempt_text not in _NO:
        c.error("exempt_from_activity", BAD_BOOL)

    member = MemberRow(
        row=row, full_name=full_name, gender=gender, date_of_birth=birth or today,
        ethnicity=c.text("ethnicity", max_length=_MEMBER_MAX["ethnicity"]) or "Kinh",
        religion=c.text("religion", max_length=_MEMBER_MAX["religion"]),
        education=c.text("education", max_length=_MEMBER_MAX["education"]),
        political_theory=c.text("political_theory", max_length=_MEMBER_MAX["political_theory"]),
        party_card_number=card or None, admission_date=admission or today, ceremony_date=ceremony,
        full_member_date=full_date, status=status, organization_id=org_id,
        position=c.text("position", max_length=_MEMBER_MAX["position"]),
        phone=c.text("phone", max_length=_MEMBER_MAX["phone"]), email=email, left_on=left_on,
        exempt_from_activity=exempt_text in _YES,
    )
    if c.errors:
        return None, c.errors
    return member, []


def validate_members(rows: Iterable[tuple[int, tuple[Any, ...]]], *, index: dict[str, int],
                     headers: dict[str, str], lookups: MemberLookups,
                     progress: ProgressFn | None = None, total: int = 0
                     ) -> tuple[list[MemberRow], list[RowError]]:
    """Every row checked, every error kept; duplicate card numbers within the file too."""
    good: list[MemberRow] = []
    errors: list[RowError] = []
    seen_cards: dict[str, int] = {}
    seen_people: dict[tuple[str, dt.date, int], tuple[int, str]] = {}
    done = 0
    for number, values in rows:
        done += 1
        if progress is not None and done % 500 == 0:
            progress(done, max(total, done))
        if is_blank(values):
            continue
        member, row_errors = validate_member_row(values, row=number, index=index, headers=headers,
                                                 lookups=lookups)
        card_index = index.get("party_card_number")
        card = ""
        if card_index is not None and card_index < len(values):
            card = cell_text(values[card_index]).replace(" ", "").casefold()
        if card:
            first = seen_cards.setdefault(card, number)
            if first != number:
                row_errors.append(RowError(number, headers.get("party_card_number", ""),
                                           cell_text(values[card_index or 0]),
                                           str(DUPLICATE_CARD_IN_FILE).format(row=first)))
                member = None
        if member is not None and not row_errors:
            row_errors += _duplicate_person(member, number, values, index=index,
                                            headers=headers, lookups=lookups, seen=seen_people)
        if row_errors:
            errors.extend(row_errors)
        elif member is not None:
            good.append(member)
    if progress is not None:
        progress(done, max(total, done))
    return good, errors


def _duplicate_person(member: MemberRow, number: int, values: tuple[Any, ...], *,
                      index: dict[str, int], headers: dict[str, str], lookups: MemberLookups,
                      seen: dict[tuple[str, dt.date, int], tuple[int, str]]) -> list[RowError]:
    """The row names a person already in the register, or one an earlier row names: the
    same name, date of birth and organization, and no two different card numbers to tell
    them apart (equal card numbers are refused by their own check)."""
    key = (names.identity_name(member.full_name), member.date_of_birth, member.organization_id)
    card = (member.party_card_number or "").casefold()
    column = headers.get("full_name", "")
    name_index = index.get("full_name", 0)
    typed = cell_text(values[name_index]) if name_index < len(values) else member.full_name
    existing = lookups.existing_people.get(key)
    if existing is not None and not (card and existing[1] and card != existing[1].casefold()):
        return [RowError(number, column, typed, str(DUPLICATE_MEMBER).format(id=existing[0]))]
    first = seen.setdefault(key, (number, card))
    if first[0] != number and not (card and first[1] and card != first[1]):
        return [RowError(number, column, typed,
                         str(DUPLICATE_MEMBER_IN_FILE).format(row=first[0]))]
    return []


# --- organization rows ----------------------------------------------------------------------
@dataclass
class OrganizationLookups:
    by_code: dict[str, OrgRef]
    by_name: dict[str, OrgRef | None]
    names_by_parent: set[tuple[int | None, str]]  # (parent id, name key) already taken

    @classmethod
    def build(cls, orgs: Iterable[tuple[int, str, str | None, dt.date | None, int | None]]
              ) -> OrganizationLookups:
        rows = list(orgs)
        by_code, by_name = _org_maps((i, n, c, d) for i, n, c, d, _p in rows)
        taken = {(parent, org_name_key(name)) for _i, name, _c, _d, parent in rows}
        return cls(by_code, by_name, taken)


@dataclass(slots=True)
class OrganizationRow:
    row: int
    name: str
    code: str | None
    kind: str
    short_name: str
    address: str
    established_on: dt.date | None
    dissolved_on: dt.date | None
    host_kind: str = ""
    parent_id: int | None = None  # an organization already in the database...
    parent_row: int | None = None  # ...or one defined above in the same file (its row)


_ORG_MAX = _lengths(ORGANIZATION_COLUMNS)


@dataclass
class _FileOrgs:
    """Organizations defined so far in the file, for parents named further down."""

    by_code: dict[str, int] = field(default_factory=dict)  # code -> row
    by_name: dict[str, int | None] = field(default_factory=dict)  # name key -> row, None if twice


def validate_organizations(rows: Iterable[tuple[int, tuple[Any, ...]]], *, index: dict[str, int],
                           headers: dict[str, str], lookups: OrganizationLookups, today: dt.date,
                           progress: ProgressFn | None = None, total: int = 0,
                           ) -> tuple[list[OrganizationRow], list[RowError]]:
    good: list[OrganizationRow] = []
    errors: list[RowError] = []
    seen = _FileOrgs()
    taken_in_file: set[tuple[Any, str]] = set()
    done = 0
    for number, values in rows:
        done += 1
        if progress is not None and done % 100 == 0:
            progress(done, max(total, done))
        if is_blank(values):
            continue
        c = RowCheck(number, values, index, headers)
        name = c.text("name", required=True, max_length=_ORG_MAX["name"])
        code = c.text("code", max_length=_ORG_MAX["code"])
        kind = c.choice("kind", KINDS, lambda: str(BAD_KIND).format(choices=_kind_labels()))
        if not kind and not cell_text(c.raw("kind")):
            c.error("kind", REQUIRED)
        host_kind = c.choice("host_kind", HOST_KINDS,
                             lambda: str(BAD_HOST_KIND).format(choices=_host_kind_labels()))
        established = c.date("established_on", today=today)
        dissolved = c.date("dissolved_on", today=today)
        if established and dissolved and dissolved < established:
            c.error("dissolved_on", DISSOLVED_BEFORE_ESTABLISHED)
        code_key = code.casefold()
        if code:
            if code_key in lookups.by_code:
                c.error("code", DUPLICATE_CODE_IN_DB)
            elif code_key in seen.by_code:
                c.error("code", str(DUPLICATE_CODE_IN_FILE).format(row=seen.by_code[code_key]))
        parent_text = c.text("parent")
        parent_id: int | None = None
        parent_row: int | None = None
        if parent_text:
            key = parent_text.strip().casefold()
            name_key = org_name_key(parent_text)
            if key in seen.by_code:
                parent_row = seen.by_code[key]
            elif key in lookups.by_code:
                ref = lookups.by_code[key]
                parent_id = ref.id
                if ref.dissolved and not dissolved:
                    c.error("parent", DISSOLVED_ORGANIZATION)
            elif name_key in seen.by_name or name_key in lookups.by_name:
                in_file = seen.by_name.get(name_key)
                in_db = lookups.by_name.get(name_key)
                if (name_key in seen.by_name and name_key in lookups.by_name) or (
                        name_key in seen.by_name and in_file is None) or (
                        name_key in lookups.by_name and in_db is None):
                    c.error("parent", AMBIGUOUS_ORGANIZATION)
                elif in_file is not None:
                    parent_row = in_file
                elif in_db is not None:
                    parent_id = in_db.id
                    if in_db.dissolved and not dissolved:
                        c.error("parent", DISSOLVED_ORGANIZATION)
            else:
                c.error("parent", UNKNOWN_PARENT)
        elif kind and kind != Organization.Kind.COMMITTEE:
            c.error("parent", PARENT_REQUIRED, value="")
        if name:
            parent_ref: Any = parent_id if parent_row is None else ("row", parent_row)
            sibling = (parent_ref, org_name_key(name))
            if (parent_row is None and (parent_id, org_name_key(name)) in lookups.names_by_parent) or (
                    sibling in taken_in_file):
                c.error("name", DUPLICATE_ORG_NAME)
            taken_in_file.add(sibling)
        # Rows with errors still define a parent for the rows below, so that one bad
        # row does not bury its children under "unknown parent" errors.
        if code and code_key not in seen.by_code and code_key not in lookups.by_code:
            seen.by_code[code_key] = number
        if name:
            nk = org_name_key(name)
            seen.by_name[nk] = None if nk in seen.by_name else number
        if c.errors:
            errors.extend(c.errors)
            continue
        good.append(OrganizationRow(
            row=number, name=name, code=code or None, kind=kind,
            short_name=c.text("short_name", max_length=_ORG_MAX["short_name"]),
            address=c.text("address", max_length=_ORG_MAX["address"]),
            established_on=established, dissolved_on=dissolved, host_kind=host_kind,
            parent_id=parent_id, parent_row=parent_row,
        ))
    if progress is not None:
        progress(done, max(total, done))
    return good, errors


# --- database side --------------------------------------------------------------------------
def member_lookups(today: dt.date) -> MemberLookups:
    orgs = Organization.objects.values_list("id", "name", "code", "dissolved_on")
    cards = Member.objects.exclude(party_card_number=None).values_list("party_card_number", flat=True)
    people = Member.objects.values_list("id", "full_name", "date_of_birth", "organization_id",
                                        "party_card_number")
    return MemberLookups.build(orgs, (c for c in cards.iterator(chunk_size=5000) if c), today,
                               people.iterator(chunk_size=5000))


def organization_lookups() -> OrganizationLookups:
    return OrganizationLookups.build(
        Organization.objects.values_list("id", "name", "code", "dissolved_on", "parent_id"))


def _check_importer(acting_user: User | None) -> None:
    # None is the system itself (the command line run by the operator, the benchmark).
    if acting_user is not None:
        require_role(acting_user, Role.OFFICE)


def _audit_file(acting_user: User | None, *, progress: Any, verb: str, count: int,
                filename: str | None) -> None:
    """One row that says what the import did as a whole ("Nhập 120 đảng viên từ tệp
    ds.xlsx"), on the job that ran it (an import from the command line has none)."""
    job = getattr(progress, "job", None)
    if job is not None:
        audit(actor=acting_user, obj=job, action=AuditLog.Action.OTHER, verb=verb,
              after={"count": count, "file": filename or ""})


def members_write(*, acting_user: User | None, rows: Sequence[MemberRow],
                  progress: ProgressFn | None = None, batch_size: int = BATCH_SIZE,
                  filename: str | None = None) -> int:
    """Insert validated rows in one transaction, with one audit row per member written by
    `daihoi.core.audit.audit_create_bulk` (bulk_create sets the new ids on both
    PostgreSQL and SQLite 3.35+, through RETURNING)."""
    _check_importer(acting_user)
    total = len(rows)
    with transaction.atomic():
        for start in range(0, total, batch_size):
            batch = [r.to_member() for r in rows[start:start + batch_size]]
            Member.objects.bulk_create(batch, batch_size=batch_size)
            audit_create_bulk(actor=acting_user, objs=batch, verb="member_import",
                              batch_size=batch_size)
            if progress is not None:
                progress(min(start + batch_size, total), total, PHASE_WRITING)
        _audit_file(acting_user, progress=progress, verb="member_import_file", count=total,
                    filename=filename)
    return total


def organizations_write(*, acting_user: User | None, rows: Sequence[OrganizationRow],
                        filename: str | None = None,
                        progress: ProgressFn | None = None) -> int:
    _check_importer(acting_user)
    created_by_row: dict[int, Organization] = {}
    with transaction.atomic():
        # One at a time, in file order: a row's parent may be a row above it.
        for i, r in enumerate(rows, 1):
            parent_id = r.parent_id
            if r.parent_row is not None:
                parent_id = created_by_row[r.parent_row].pk
            org = Organization.objects.create(
                name=r.name, code=r.code, kind=r.kind, parent_id=parent_id, short_name=r.short_name,
                address=r.address, established_on=r.established_on, dissolved_on=r.dissolved_on,
                host_kind=r.host_kind,
            )
            created_by_row[r.row] = org
            if progress is not None and i % 50 == 0:
                progress(i, len(rows), PHASE_WRITING)
        audit_create_bulk(actor=acting_user, objs=created_by_row.values(), verb="organization_import")
        _audit_file(acting_user, progress=progress, verb="organization_import_file",
                    count=len(created_by_row), filename=filename)
    if progress is not None:
        progress(len(rows), len(rows), PHASE_WRITING)
    return len(rows)


def import_members_file(*, acting_user: User | None, path: Path, filename: str | None = None,
                        today: dt.date, progress: ProgressFn | None = None) -> ImportResult:
    """Validate every row of the file, then write all of it or (ImportRejected) nothing."""
    _check_importer(acting_user)

    def validate(file: Prepared, report: ProgressFn) -> tuple[list[MemberRow], list[RowError]]:
        lookups = member_lookups(today)
        total = file.table.estimated_rows
        report(0, total, PHASE_VALIDATING)
        return validate_members(file.table.rows, index=file.index, headers=file.headers,
                                lookups=lookups, progress=report, total=total)

    def write(rows: list[MemberRow], report: ProgressFn) -> int:
        return members_write(acting_user=acting_user, rows=rows, progress=report,
                             filename=filename)

    return run_import(source=path, filename=filename, columns=MEMBER_COLUMNS, progress=progress,
                      validate=validate, write=write)


def import_organizations_file(*, acting_user: User | None, path: Path, filename: str | None = None,
                              today: dt.date, progress: ProgressFn | None = None) -> ImportResult:
    _check_importer(acting_user)

    def validate(file: Prepared, report: ProgressFn
                 ) -> tuple[list[OrganizationRow], list[RowError]]:
        total = file.table.estimated_rows
        report(0, total, PHASE_VALIDATING)
        return validate_organizations(file.table.rows, index=file.index, headers=file.headers,
                                      lookups=organization_lookups(), today=today,
                                      progress=report, total=total)

    def write(rows: list[OrganizationRow], report: ProgressFn) -> int:
        return organizations_write(acting_user=acting_user, rows=rows, progress=report,
                                   filename=filename)

    return run_import(source=path, filename=filename, columns=ORGANIZATION_COLUMNS,
                      progress=progress, validate=validate, write=write)
