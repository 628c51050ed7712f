"""Import of organizations and members from Excel (.xlsx) and CSV: all or nothing.

The steps, each its own function so that each can be tested alone:

1. `read_table(path)`: the rows of the first sheet (or of the CSV), each with the row
   number the user sees in Excel, and the header row found among the first rows.
2. `match_headers(...)`: which column is which, by header text without diacritics or case
   ("ho va ten", "Họ và tên", "full name" are the same column).
3. `validate_members(...)` / `validate_organizations(...)`: every row checked against
   lookups passed in (organizations, card numbers already taken), no database access;
   every error collected as (row, column, value, reason).
4. `members_write(...)` / `organizations_write(...)`: only when no row has an error, one
   transaction, bulk inserts in batches, one audit row per created record.

`import_members_file` / `import_organizations_file` chain the four and report progress.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from daihoi.core.audit import audit_create_bulk
from daihoi.core.models import User
from daihoi.core.permissions import require_role
from daihoi.core.roles import Role
from daihoi.organizations.models import Member, Organization
from daihoi.rules import membership as lifecycle
from daihoi.rules import names

ProgressFn = Callable[..., None]  # progress(done, total=None, message=None)
RowT = TypeVar("RowT")  # a validated row, as the write step takes it

# --- messages (module constants: tests assert on them) -------------------------------------
REQUIRED = _("Không được để trống.")
BAD_DATE = _("Ngày không hợp lệ (ghi dd/mm/yyyy, ví dụ 02/09/1990).")
FUTURE_DATE = _("Ngày ở trong tương lai.")
FULL_BEFORE_ADMISSION = _("Ngày chính thức trước ngày vào Đảng.")
FULL_BEFORE_PROBATION_END = _(
    "Ngày chính thức sớm hơn 12 tháng dự bị (sớm nhất là {earliest})."
)
ADMISSION_BEFORE_BIRTH = _("Ngày vào Đảng trước ngày sinh.")
LEFT_BEFORE_ADMISSION = _("Ngày chuyển đi / ra khỏi Đảng trước ngày vào Đảng.")
BAD_GENDER = _("Giới tính không hợp lệ (ghi Nam hoặc Nữ).")
BAD_STATUS = _("Trạng thái không hợp lệ (ghi một trong: {choices}).")
BAD_BOOL = _("Giá trị không hợp lệ (ghi Có hoặc để trống).")
FULL_WITHOUT_DATE = _("Đảng viên chính thức phải có ngày chính thức.")
PROBATIONARY_WITH_FULL_DATE = _("Đảng viên dự bị không có ngày chính thức.")
DUPLICATE_CARD_IN_FILE = _("Số thẻ đảng viên trùng với dòng {row}.")
DUPLICATE_CARD_IN_DB = _("Số thẻ đảng viên đã có trong hệ thống.")
UNKNOWN_ORGANIZATION = _("Không có tổ chức đảng có mã hoặc tên này.")
AMBIGUOUS_ORGANIZATION = _("Có nhiều tổ chức cùng tên này: hãy ghi mã tổ chức.")
DISSOLVED_ORGANIZATION = _("Tổ chức đảng này đã giải thể.")
BAD_EMAIL = _("Địa chỉ email không hợp lệ.")
TOO_LONG = _("Dài quá {max} ký tự.")
BAD_KIND = _("Loại hình không hợp lệ (ghi một trong: {choices}).")
DUPLICATE_CODE_IN_FILE = _("Mã tổ chức trùng với dòng {row}.")
DUPLICATE_CODE_IN_DB = _("Mã tổ chức đã có trong hệ thống.")
UNKNOWN_PARENT = _("Không có tổ chức cấp trên này (trong hệ thống hoặc ở các dòng phía trên).")
PARENT_REQUIRED = _("Chỉ đảng bộ cấp trên cơ sở mới được để trống tổ chức cấp trên.")
DUPLICATE_ORG_NAME = _("Đã có tổ chức cùng tên trực thuộc cùng tổ chức cấp trên.")
DISSOLVED_BEFORE_ESTABLISHED = _("Ngày giải thể trước ngày thành lập.")
MISSING_COLUMN = _("Thiếu cột bắt buộc «{column}».")
DUPLICATE_COLUMN = _("Cột «{column}» xuất hiện hai lần.")
NO_HEADER = _("Không tìm thấy dòng tiêu đề (các cột như «{example}») trong 10 dòng đầu.")
EMPTY_FILE = _("Tệp không có dòng dữ liệu nào.")
BAD_FILE = _("Không đọc được tệp: {error}")
BAD_FILE_TYPE = _("Chỉ nhận tệp .xlsx hoặc .csv.")
CHANGED_DURING_IMPORT = _(
    "Dữ liệu trong hệ thống đã thay đổi trong lúc nhập (trùng số thẻ hoặc mã): không ghi gì, "
    "hãy nhập lại."
)
PHASE_READING = _("Đang đọc tệp")
PHASE_VALIDATING = _("Đang kiểm tra các dòng")
PHASE_WRITING = _("Đang ghi vào cơ sở dữ liệu")
IMPORTED_MEMBERS = _("Đã nhập {count} đảng viên.")
IMPORTED_ORGANIZATIONS = _("Đã nhập {count} tổ chức đảng.")
REJECTED = _("Tệp có {count} lỗi: không ghi dòng nào. Sửa các lỗi dưới đây rồi nhập lại.")

BATCH_SIZE = 2000
HEADER_SCAN_ROWS = 10


def header_key(text: Any) -> str:
    """A header as compared: no diacritics, no case, punctuation as spaces."""
    folded = names.fold(str(text or ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # the Vietnamese header (lazy translation)
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_length: int | None = None
    width: int = 16  # in the template and exports

    @property
    def keys(self) -> set[str]:
        return {*(header_key(h) for h in in_every_language(self.header)), header_key(self.key),
                *(header_key(a) for a in self.aliases)}


def in_every_language(text: Any) -> list[str]:
    """A lazy label as each language writes it: a file made from a Vietnamese screen must
    import from an English one, and the other way round."""
    out = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out.append(str(text))
    return out


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
)


# --- errors ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    """One problem: the row as numbered in Excel, the column header as in the file."""

    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        where = f"Dòng {self.row}" if self.row else "Tệp"
        col = f", cột «{self.column}»" if self.column else ""
        val = f" «{self.value}»" if self.value else ""
        return f"{where}{col}:{val} {self.reason}"


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(str(REJECTED).format(count=len(errors)))
        self.errors = errors


# --- reading --------------------------------------------------------------------------------
@dataclass
class Table:
    """The rows of a file: `rows` yields (row number as in Excel, values)."""

    header_row: int
    headers: list[str]
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    estimated_rows: int


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time(0) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _find_header(first_rows: list[tuple[int, tuple[Any, ...]]],
                 columns: Sequence[Column]) -> tuple[int, list[str]] | None:
    known = set().union(*(c.keys for c in columns))
    for number, values in first_rows:
        hits = sum(1 for v in values if header_key(v) in known)
        if hits >= 2:
            return number, [_cell_text(v) for v in values]
    return None


def _sniff_delimiter(first_line: str) -> str:
    # Excel in a Vietnamese (or any comma-decimal) locale saves "CSV" with semicolons.
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(path: Path) -> tuple[Iterator[tuple[int, tuple[Any, ...]]], int]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # with or without the BOM Excel writes
    except UnicodeDecodeError as exc:
        raise ImportRejected([RowError(None, "", "", str(BAD_FILE).format(
            error="tệp CSV phải ở mã UTF-8"))]) from exc
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        start = 1
        for record in reader:
            # line_num counts physical lines: a quoted cell may span several.
            yield start, tuple(record)
            start = reader.line_num + 1

    return rows(), text.count("\n") + 1


def _xlsx_rows(path: Path) -> tuple[Iterator[tuple[int, tuple[Any, ...]]], int]:
    """The first sheet, read by openpyxl in read-only mode (rows streamed; with lxml
    installed its parser is fast enough for 100,000 members)."""
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML or openpyxl errors alike
        raise ImportRejected([RowError(None, "", "", str(BAD_FILE).format(error=exc))]) from exc
    ws = wb.worksheets[0]
    estimate = ws.max_row or _count_rows(wb, ws)
    # The declared size is a hint some writers get wrong; openpyxl would stop reading at
    # it, dropping rows and columns without a word. Read what the sheet holds.
    ws.reset_dimensions()

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        try:
            # read_only yields empty rows too, so the count is Excel's row number.
            yield from enumerate(ws.iter_rows(values_only=True), start=1)
        finally:
            wb.close()

    return rows(), estimate


def _count_rows(wb: Any, ws: Any) -> int:
    """For the progress bar only, when the sheet does not declare its size (streaming
    writers, openpyxl's write-only mode among them, leave <dimension> out): the number of
    row tags in the sheet's XML, a fraction of a second for 100,000 rows."""
    archive, part = getattr(wb, "_archive", None), getattr(ws, "_worksheet_path", None)
    if archive is None or part is None:
        return 0
    count, tail = 0, b""
    with archive.open(part) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<row ") + data.count(b"<row>")
            tail = data[-5:]
            count -= tail.count(b"<row ") + tail.count(b"<row>")
    return count + tail.count(b"<row ") + tail.count(b"<row>")


def read_table(path: Path, columns: Sequence[Column], filename: str | None = None) -> Table:
    """Open an .xlsx or .csv file and find its header row among the first rows."""
    suffix = Path(filename or path.name).suffix.lower()
    if suffix == ".csv":
        rows, estimate = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows, estimate = _xlsx_rows(path)
    else:
        raise ImportRejected([RowError(None, "", "", str(BAD_FILE_TYPE))])
    first: list[tuple[int, tuple[Any, ...]]] = []
    for item in rows:
        first.append(item)
        if len(first) >= HEADER_SCAN_ROWS:
            break
    found = _find_header(first, columns)
    if found is None:
        example = ", ".join(str(c.header) for c in columns[:3])
        raise ImportRejected([RowError(None, "", "", str(NO_HEADER).format(example=example))])
    header_row, headers = found

    def data_rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, values in first:
            if number > header_row:
                yield number, values
        yield from rows

    return Table(header_row, headers, data_rows(), max(0, estimate - header_row))


def match_headers(headers: Sequence[str], columns: Sequence[Column],
                  header_row: int = 1) -> tuple[dict[str, int], list[RowError]]:
    """column key -> index in the row. Unknown headers (STT, notes) are ignored."""
    by_key: dict[str, Column] = {}
    for col in columns:
        for k in col.keys:
            by_key.setdefault(k, col)
    found: dict[str, int] = {}
    errors: list[RowError] = []
    for index, text in enumerate(headers):
        matched = by_key.get(header_key(text))
        if matched is None:
            continue
        if matched.key in found:
            errors.append(RowError(header_row, text, "", str(DUPLICATE_COLUMN).format(column=text)))
            continue
        found[matched.key] = index
    for col in columns:
        if col.required and col.key not in found:
            errors.append(RowError(header_row, str(col.header), "",
                                   str(MISSING_COLUMN).format(column=col.header)))
    return found, errors


# --- value parsing (pure) -------------------------------------------------------------------
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class BadValue(ValueError):
    pass


def parse_date(value: Any) -> dt.date | None:
    """Excel dates, text dd/mm/yyyy (also yyyy-mm-dd), or an Excel day number."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell that lost its format arrives as Excel's day count.
        if 1 <= value < 2_958_466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise BadValue(str(BAD_DATE))
    text = str(value).strip()
    if not text:
        return None
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d\d-\d\d[ T]", text) else text
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise BadValue(str(BAD_DATE))


def _choice_map(choices: Iterable[tuple[str, Any]], extra: dict[str, str]) -> dict[str, str]:
    out = {header_key(value): value for value, _label in choices}
    for value, label in choices:
        for written in in_every_language(label):
            out[header_key(written)] = value
            out[written] = value  # as written: no folding needed
    out.update({header_key(k): v for k, v in extra.items()})
    return out


GENDERS = _choice_map(Member.Gender.choices, {"male": "male", "female": "female", "m": "male",
                                               "f": "female", "nu gioi": "female"})
STATUSES = _choice_map(Member.Status.choices, {
    "chinh thuc": "full", "du bi": "probationary", "chuyen di": "transferred_out",
    "chuyen sinh hoat di": "transferred_out", "tu tran": "deceased",
    "ra khoi dang": "removed", "xoa ten": "removed", "khai tru": "removed",
    "transferred out": "transferred_out", "full member": "full",
})
KINDS = _choice_map(Organization.Kind.choices, {
    "dang bo": "committee", "dang bo cap tren co so": "committee", "chi bo": "cell",
    "chi bo truc thuoc dang uy co so": "cell", "chi bo truc thuoc": "cell",
})
_YES = {"co", "x", "1", "yes", "true", "mien"}
_NO = {"", "khong", "0", "no", "false"}


def _status_labels() -> str:
    return ", ".join(str(label) for _v, label in Member.Status.choices)


def _kind_labels() -> str:
    return ", ".join(str(label) for _v, label in Organization.Kind.choices)


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

    @classmethod
    def build(cls, orgs: Iterable[tuple[int, str, str | None, dt.date | None]],
              existing_cards: Iterable[str], today: dt.date) -> MemberLookups:
        by_code, by_name = _org_maps(orgs)
        return cls(by_code, by_name, {c.strip().casefold() for c in existing_cards}, today)

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
            admission_date=self.admission_date, full_member_date=self.full_member_date,
            status=self.status, organization_id=self.organization_id, position=self.position,
            phone=self.phone, email=self.email, left_on=self.left_on,
            exempt_from_activity=self.exempt_from_activity,
        )
        m.fill_derived_names()
        return m


class _RowCheck:
    """Collects the errors of one row, column by column."""

    def __init__(self, row: int, values: tuple[Any, ...], index: dict[str, int],
                 headers: dict[str, str]) -> None:
        self.row, self.values, self.index, self.headers = row, values, index, headers
        self.errors: list[RowError] = []

    def raw(self, key: str) -> Any:
        i = self.index.get(key)
        if i is None or i >= len(self.values):
            return None
        return self.values[i]

    def error(self, key: str, reason: Any, value: Any = None) -> None:
        shown = _cell_text(self.raw(key) if value is None else value)
        self.errors.append(RowError(self.row, self.headers.get(key, key), shown[:200], str(reason)))

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = _cell_text(self.raw(key))
        value = " ".join(value.split())
        if required and not value:
            self.error(key, REQUIRED)
        elif max_length and len(value) > max_length:
            self.error(key, str(TOO_LONG).format(max=max_length))
        return value

    def date(self, key: str, *, required: bool = False, today: dt.date) -> dt.date | None:
        try:
            value = parse_date(self.raw(key))
        except BadValue as exc:
            self.error(key, exc)
            return None
        if value is None:
            if required:
                self.error(key, REQUIRED)
            return None
        if value > today:
            self.error(key, FUTURE_DATE)
        return value

    def choice(self, key: str, mapping: dict[str, str], bad: Callable[[], str], *,
               default: str = "") -> str:
        text = _cell_text(self.raw(key))
        if not text:
            return default
        value = mapping.get(text) or mapping.get(header_key(text))
        if value is None:
            self.error(key, bad())
            return default
        return value


def _lengths(columns: Sequence[Column]) -> dict[str, int | None]:
    return {c.key: c.max_length for c in columns}


_MEMBER_MAX = _lengths(MEMBER_COLUMNS)


def validate_member_row(values: tuple[Any, ...], *, row: int, index: dict[str, int],
                        headers: dict[str, str], lookups: MemberLookups
                        ) -> tuple[MemberRow | None, list[RowError]]:
    """Check one row (no database: everything it needs is in `lookups`)."""
    c = _RowCheck(row, values, index, headers)
    today = lookups.today
    full_name = c.text("full_name", required=True, max_length=_MEMBER_MAX["full_name"])
    gender = c.choice("gender", GENDERS, lambda: str(BAD_GENDER))
    if not gender and not _cell_text(c.raw("gender")):
        c.error("gender", REQUIRED)
    birth = c.date("date_of_birth", required=True, today=today)
    admission = c.date("admission_date", required=True, today=today)
    full_date = c.date("full_member_date", today=today)
    left_on = c.date("left_on", today=today)
    status = c.choice("status", STATUSES, lambda: str(BAD_STATUS).format(choices=_status_labels()))
    status_given = bool(_cell_text(c.raw("status")))
    if not status and not status_given:
        status = Member.Status.FULL if full_date else Member.Status.PROBATIONARY
    if birth and admission and admission < birth:
        c.error("admission_date", ADMISSION_BEFORE_BIRTH)
    if admission and full_date:
        if full_date < admission:
            c.error("full_member_date", FULL_BEFORE_ADMISSION)
        else:
            # Charter Điều 5: probation lasts 12 months; a member is full from its end.
            earliest = lifecycle.full_member_date(admission)
            if full_date < earliest:
                c.error("full_member_date",
                        str(FULL_BEFORE_PROBATION_END).format(earliest=earliest.strftime("%d/%m/%Y")))
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
    exempt_text = header_key(_cell_text(c.raw("exempt_from_activity")))
    if exempt_text not in _YES and exempt_text not in _NO:
        c.error("exempt_from_activity", BAD_BOOL)

    member = MemberRow(
        row=row, full_name=full_name, gender=gender, date_of_birth=birth or today,
        ethnicity=c.text("ethnicity", max_length=_MEMBER_MAX["ethnicity"]) or "Kinh",
        religion=c.text("religion", max_length=_MEMBER_MAX["religion"]),
        education=c.text("education", max_length=_MEMBER_MAX["education"]),
        political_theory=c.text("political_theory", max_length=_MEMBER_MAX["political_theory"]),
        party_card_number=card or None, admission_date=admission or today,
        full_member_date=full_date, status=status, organization_id=org_id,
        position=c.text("position", max_length=_MEMBER_MAX["position"]),
        phone=c.text("phone", max_length=_MEMBER_MAX["phone"]), email=email, left_on=left_on,
        exempt_from_activity=exempt_text in _YES,
    )
    if c.errors:
        return None, c.errors
    return member, []


def _header_names(index: dict[str, int], headers: Sequence[str],
                  columns: Sequence[Column]) -> dict[str, str]:
    """Column key -> the header as the user wrote it (errors name the column they see)."""
    out = {c.key: str(c.header) for c in columns}
    out.update({key: headers[i] or out[key] for key, i in index.items()})
    return out


def _is_blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def validate_members(rows: Iterable[tuple[int, tuple[Any, ...]]], *, index: dict[str, int],
                     headers: dict[str, str], lookups: MemberLookups,
                     progress: ProgressFn | None = None, total: int = 0
                     ) -> tuple[list[MemberRow], list[RowError]]:
    """Every row checked, every error kept; duplicate card numbers within the file too."""
    good: list[MemberRow] = []
    errors: list[RowError] = []
    seen_cards: dict[str, int] = {}
    done = 0
    for number, values in rows:
        done += 1
        if progress is not None and done % 500 == 0:
            progress(done, max(total, done))
        if _is_blank(values):
            continue
        member, row_errors = validate_member_row(values, row=number, index=index, headers=headers,
                                                 lookups=lookups)
        card_index = index.get("party_card_number")
        card = ""
        if card_index is not None and card_index < len(values):
            card = _cell_text(values[card_index]).replace(" ", "").casefold()
        if card:
            first = seen_cards.setdefault(card, number)
            if first != number:
                row_errors.append(RowError(number, headers.get("party_card_number", ""),
                                           _cell_text(values[card_index or 0]),
                                           str(DUPLICATE_CARD_IN_FILE).format(row=first)))
                member = None
        if row_errors:
            errors.extend(row_errors)
        elif member is not None:
            good.append(member)
    if progress is not None:
        progress(done, max(total, done))
    return good, errors


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
        if _is_blank(values):
            continue
        c = _RowCheck(number, values, index, headers)
        name = c.text("name", required=True, max_length=_ORG_MAX["name"])
        code = c.text("code", max_length=_ORG_MAX["code"])
        kind = c.choice("kind", KINDS, lambda: str(BAD_KIND).format(choices=_kind_labels()))
        if not kind and not _cell_text(c.raw("kind")):
            c.error("kind", REQUIRED)
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
            established_on=established, dissolved_on=dissolved,
            parent_id=parent_id, parent_row=parent_row,
        ))
    if progress is not None:
        progress(done, max(total, done))
    return good, errors


# --- database side --------------------------------------------------------------------------
def member_lookups(today: dt.date) -> MemberLookups:
    orgs = Organization.objects.values_list("id", "name", "code", "dissolved_on")
    cards = Member.objects.exclude(party_card_number=None).values_list("party_card_number", flat=True)
    return MemberLookups.build(orgs, (c for c in cards.iterator(chunk_size=5000) if c), today)


def organization_lookups() -> OrganizationLookups:
    return OrganizationLookups.build(
        Organization.objects.values_list("id", "name", "code", "dissolved_on", "parent_id"))


def _check_importer(acting_user: User | None) -> None:
    # None is the system itself (the command line run by the operator, the benchmark).
    if acting_user is not None:
        require_role(acting_user, Role.OFFICE)


def members_write(*, acting_user: User | None, rows: Sequence[MemberRow],
                  progress: ProgressFn | None = None, batch_size: int = BATCH_SIZE) -> int:
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
    return total


def organizations_write(*, acting_user: User | None, rows: Sequence[OrganizationRow],
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
            )
            created_by_row[r.row] = org
            if progress is not None and i % 50 == 0:
                progress(i, len(rows), PHASE_WRITING)
        audit_create_bulk(actor=acting_user, objs=created_by_row.values(), verb="organization_import")
    if progress is not None:
        progress(len(rows), len(rows), PHASE_WRITING)
    return len(rows)


@dataclass
class ImportResult:
    created: int
    validate_seconds: float = 0.0
    write_seconds: float = 0.0


def _prepare(path: Path, filename: str | None, columns: Sequence[Column]
             ) -> tuple[Table, dict[str, int], dict[str, str]]:
    table = read_table(path, columns, filename)
    index, header_errors = match_headers(table.headers, columns, table.header_row)
    if header_errors:
        raise ImportRejected(header_errors)
    return table, index, _header_names(index, table.headers, columns)


def _noop(*_args: Any, **_kwargs: Any) -> None:
    return None


def _import_file(*, acting_user: User | None, path: Path, filename: str | None,
                 columns: Sequence[Column], progress: ProgressFn | None,
                 validate: Callable[[Table, dict[str, int], dict[str, str], ProgressFn],
                                    tuple[list[RowT], list[RowError]]],
                 write: Callable[[list[RowT], ProgressFn], int]) -> ImportResult:
    """The steps every import runs: read, match the headers, validate every row (`validate`
    reports the validating phase itself), then write all of it or (ImportRejected) nothing."""
    _check_importer(acting_user)
    report = progress or _noop
    report(0, 0, PHASE_READING)
    t0 = time.perf_counter()
    table, index, headers = _prepare(path, filename, columns)
    rows, errors = validate(table, index, headers, report)
    if not errors and not rows:
        errors = [RowError(None, "", "", str(EMPTY_FILE))]
    if errors:
        raise ImportRejected(errors)
    t1 = time.perf_counter()
    report(0, len(rows), PHASE_WRITING)
    try:
        created = write(rows, report)
    except IntegrityError as exc:
        raise ImportRejected([RowError(None, "", "", str(CHANGED_DURING_IMPORT))]) from exc
    return ImportResult(created, t1 - t0, time.perf_counter() - t1)


def import_members_file(*, acting_user: User | None, path: Path, filename: str | None = None,
                        today: dt.date, progress: ProgressFn | None = None) -> ImportResult:
    """Validate every row of the file, then write all of it or (ImportRejected) nothing."""

    def validate(table: Table, index: dict[str, int], headers: dict[str, str], report: ProgressFn
                 ) -> tuple[list[MemberRow], list[RowError]]:
        lookups = member_lookups(today)
        report(0, table.estimated_rows, PHASE_VALIDATING)
        return validate_members(table.rows, index=index, headers=headers, lookups=lookups,
                                progress=report, total=table.estimated_rows)

    def write(rows: list[MemberRow], report: ProgressFn) -> int:
        return members_write(acting_user=acting_user, rows=rows, progress=report)

    return _import_file(acting_user=acting_user, path=path, filename=filename,
                        columns=MEMBER_COLUMNS, progress=progress, validate=validate, write=write)


def import_organizations_file(*, acting_user: User | None, path: Path, filename: str | None = None,
                              today: dt.date, progress: ProgressFn | None = None) -> ImportResult:
    def validate(table: Table, index: dict[str, int], headers: dict[str, str], report: ProgressFn
                 ) -> tuple[list[OrganizationRow], list[RowError]]:
        report(0, table.estimated_rows, PHASE_VALIDATING)
        return validate_organizations(table.rows, index=index, headers=headers,
                                      lookups=organization_lookups(), today=today,
                                      progress=report, total=table.estimated_rows)

    def write(rows: list[OrganizationRow], report: ProgressFn) -> int:
        return organizations_write(acting_user=acting_user, rows=rows, progress=report)

    return _import_file(acting_user=acting_user, path=path, filename=filename,
                        columns=ORGANIZATION_COLUMNS, progress=progress, validate=validate,
                        write=write)
