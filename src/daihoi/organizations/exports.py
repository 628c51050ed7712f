"""Export of members and organizations to .xlsx and .csv, the import template, and the
error report of a rejected import.

The export's columns are the import's (`imports.MEMBER_COLUMNS`), so an exported file
imports again as it is. The files are written by `daihoi.core.tabular` (rows streamed,
formula-looking text neutralized).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Font, PatternFill

from daihoi.core import tabular
from daihoi.organizations.imports import (
    MEMBER_COLUMNS,
    ORGANIZATION_COLUMNS,
    Column,
    RowError,
    read_table,
)
from daihoi.organizations.models import Member, Organization

DATE_FORMAT = tabular.DATE_FORMAT
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
ERROR_ROW_FILL = PatternFill("solid", fgColor="FFF2CC")
SAMPLE_FONT = Font(italic=True, color="7F7F7F")
ERROR_FONT = Font(color="C00000")

MEMBERS_SHEET = _("Đảng viên")
ORGANIZATIONS_SHEET = _("Tổ chức đảng")
CHOICES_SHEET = _("Danh mục")
ERRORS_SHEET = _("Lỗi")
DATA_SHEET = _("Dữ liệu")
ORGANIZATION_NAME_HEADER = _("Tên tổ chức (tham khảo)")
SAMPLE_NOTE = _("Dòng 2 là dòng mẫu: xóa hoặc ghi đè trước khi nhập.")
ORG_PLACEHOLDER = "MA-TO-CHUC"

_MEMBER_FIELDS = (
    "full_name", "gender", "date_of_birth", "ethnicity", "religion", "education",
    "political_theory", "party_card_number", "admission_date", "ceremony_date", "full_member_date",
    "status",
    "organization__code", "position", "phone", "email", "left_on", "exempt_from_activity",
    "organization__name",
)
_DATE_KEYS = {"date_of_birth", "admission_date", "ceremony_date", "full_member_date", "left_on",
              "established_on", "dissolved_on"}


_GENDER_LABELS = dict(Member.Gender.choices)
_STATUS_LABELS = dict(Member.Status.choices)
_KIND_LABELS = dict(Organization.Kind.choices)
_HOST_KIND_LABELS = dict(Organization.HostKind.choices)
YES = _("Có")


def _headers(columns: Sequence[Column]) -> list[str]:
    return [str(c.header) for c in columns]


def member_rows(members: QuerySet[Member]) -> Iterator[list[Any]]:
    """The members in the order given, as rows of the import's columns (plus the
    organization's name when its code stands in the «Tổ chức» column)."""
    genders = {k: str(v) for k, v in _GENDER_LABELS.items()}
    statuses = {k: str(v) for k, v in _STATUS_LABELS.items()}
    yes = str(YES)
    for (full_name, gender, birth, ethnicity, religion, education, theory, card, admitted, ceremony,
         full, status, org_code, position, phone, email, left_on, exempt, org_name
         ) in members.values_list(*_MEMBER_FIELDS).iterator(chunk_size=2000):
        yield [
            full_name, genders.get(gender, gender), birth, ethnicity, religion, education, theory,
            card or "", admitted, ceremony, full, statuses.get(status, status), org_code or org_name,
            position, phone, email, left_on, yes if exempt else "", org_name,
        ]


def organizations_in_tree_order() -> list[Organization]:
    """Parents before their children, so that the file imports again."""
    orgs = list(Organization.objects.select_related("parent").order_by("name", "id"))
    children: dict[int | None, list[Organization]] = {}
    for o in orgs:
        children.setdefault(o.parent_id, []).append(o)
    out: list[Organization] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        o = stack.pop()
        out.append(o)
        stack.extend(reversed(children.get(o.pk, [])))
    return out


def organization_rows(orgs: Iterable[Organization]) -> Iterator[list[Any]]:
    for o in orgs:
        parent = (o.parent.code or o.parent.name) if o.parent else ""
        yield [o.name, o.code or "", str(_KIND_LABELS.get(o.kind, o.kind)), parent, o.short_name,
               o.address, o.established_on, o.dissolved_on,
               str(_HOST_KIND_LABELS[o.host_kind]) if o.host_kind else ""]


def member_export_headers() -> list[str]:
    return [*_headers(MEMBER_COLUMNS), str(ORGANIZATION_NAME_HEADER)]


def organization_export_headers() -> list[str]:
    return _headers(ORGANIZATION_COLUMNS)


# --- writers (daihoi.core.tabular: formulas neutralized, dates as dates) ------------------
def _widths(columns: Sequence[Column], extra: int = 0) -> list[int]:
    return [c.width for c in columns] + [30] * extra


def write_xlsx(out: IO[bytes] | Path | str, *, sheet_title: str, headers: Sequence[str],
               rows: Iterable[Sequence[Any]], widths: Sequence[int],
               date_columns: set[int] | None = None) -> int:
    """Bold frozen header, auto filter, widths, dates as dates (dd/mm/yyyy); rows stream
    to the file. Returns the number of data rows. `date_columns` is kept for callers that
    name them: every date value is a date."""
    columns = [tabular.Col(h, width=widths[i] if i < len(widths) else None)
               for i, h in enumerate(headers)]
    sheet = tabular.Sheet(sheet_title, columns, rows, header_fill=HEADER_FILL, auto_filter=True)
    return tabular.write_xlsx(out, sheet)[0]


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text with a BOM first, so that Excel reads the Vietnamese letters as UTF-8."""
    return tabular.csv_lines(headers, rows)


def _date_indexes(columns: Sequence[Column]) -> set[int]:
    return {i for i, c in enumerate(columns) if c.key in _DATE_KEYS}


def members_xlsx(out: IO[bytes] | Path | str, members: QuerySet[Member]) -> int:
    return write_xlsx(out, sheet_title=str(MEMBERS_SHEET), headers=member_export_headers(),
                      rows=member_rows(members), widths=_widths(MEMBER_COLUMNS, 1),
                      date_columns=_date_indexes(MEMBER_COLUMNS))


def members_csv(members: QuerySet[Member]) -> Iterator[str]:
    return csv_lines(member_export_headers(), member_rows(members))


def organizations_xlsx(out: IO[bytes] | Path | str) -> int:
    return write_xlsx(out, sheet_title=str(ORGANIZATIONS_SHEET), headers=organization_export_headers(),
                      rows=organization_rows(organizations_in_tree_order()),
                      widths=_widths(ORGANIZATION_COLUMNS), date_columns=_date_indexes(ORGANIZATION_COLUMNS))


def organizations_csv() -> Iterator[str]:
    return csv_lines(organization_export_headers(), organization_rows(organizations_in_tree_order()))


# --- the import templates -------------------------------------------------------------------
def _quoted_list(labels: Iterable[Any]) -> str:
    # A list typed into the validation itself: at most 255 characters, no commas inside.
    return '"' + ",".join(str(x) for x in labels) + '"'


def _template_columns(columns: Sequence[Column], choices: dict[str, str]) -> list[tabular.Col]:
    out = []
    for col in columns:
        fmt = DATE_FORMAT if col.key in _DATE_KEYS else None
        if col.key in ("party_card_number", "phone"):
            fmt = "@"  # text: keeps leading zeros
        out.append(tabular.Col(col.header, width=col.width + 2, number_format=fmt,
                               choices=choices.get(col.key)))
    return out


def _sample_row(columns: Sequence[Column], sample: dict[str, Any]) -> list[Any]:
    return [tabular.Styled(sample.get(c.key), font=SAMPLE_FONT) for c in columns]


def members_template(out: IO[bytes] | Path | str) -> None:
    """The workbook the office fills in: headers, one sample row, dropdowns for gender,
    status and organization, and a sheet listing the valid values."""
    sample: dict[str, Any] = {
        "full_name": "Nguyễn Thị Mẫu", "gender": str(Member.Gender.FEMALE.label),
        "date_of_birth": dt.date(1990, 9, 2), "ethnicity": "Kinh", "religion": "Không",
        "education": "Đại học", "political_theory": "Trung cấp", "party_card_number": "",
        "admission_date": dt.date(2015, 5, 19), "ceremony_date": dt.date(2015, 6, 2),
        "full_member_date": dt.date(2016, 6, 2),
        "status": str(Member.Status.FULL.label), "organization": ORG_PLACEHOLDER,
        "position": "Chuyên viên", "phone": "0912345678", "email": "",
        "left_on": None, "exempt_from_activity": "",
    }
    orgs = list(Organization.objects.filter(dissolved_on=None).order_by("code", "name")
                .values_list("code", "name", "kind"))
    statuses = [str(label) for _v, label in Member.Status.choices]
    genders = [str(label) for _v, label in Member.Gender.choices]
    dropdowns = {"gender": _quoted_list(genders), "status": _quoted_list(statuses)}
    if orgs:
        dropdowns["organization"] = f"'{tabular.sheet_title(str(CHOICES_SHEET))}'!$A$2:$A${len(orgs) + 1}"
    rows = []
    for r in range(max(len(orgs), len(statuses), len(genders))):
        code, name, kind = orgs[r] if r < len(orgs) else ("", "", "")
        rows.append([code or name, name, str(_KIND_LABELS.get(kind, kind)) if kind else "", "",
                     statuses[r] if r < len(statuses) else "",
                     genders[r] if r < len(genders) else ""])
    tabular.write_xlsx(
        out,
        tabular.Sheet(str(MEMBERS_SHEET), _template_columns(MEMBER_COLUMNS, dropdowns),
                      [_sample_row(MEMBER_COLUMNS, sample)], note=str(SAMPLE_NOTE),
                      header_fill=HEADER_FILL),
        tabular.Sheet(str(CHOICES_SHEET), [
            tabular.Col(_("Mã tổ chức"), 16), tabular.Col(_("Tên tổ chức"), 50),
            tabular.Col(_("Loại hình"), 22), tabular.Col("", 3), tabular.Col(_("Trạng thái"), 18),
            tabular.Col(_("Giới tính"), 10)], rows),
    )


def organizations_template(out: IO[bytes] | Path | str) -> None:
    sample = {"name": "Chi bộ Phòng Mẫu", "code": "CB-MAU",
              "kind": str(Organization.Kind.CELL.label), "parent": ORG_PLACEHOLDER}
    orgs = list(Organization.objects.filter(dissolved_on=None).order_by("code", "name")
                .values_list("code", "name"))
    kinds = [str(label) for _v, label in Organization.Kind.choices]
    rows = []
    for r in range(max(len(orgs), len(kinds))):
        code, name = orgs[r] if r < len(orgs) else ("", "")
        rows.append([code or name, name, "", kinds[r] if r < len(kinds) else ""])
    tabular.write_xlsx(
        out,
        tabular.Sheet(str(ORGANIZATIONS_SHEET),
                      _template_columns(ORGANIZATION_COLUMNS, {
                          "kind": _quoted_list(kinds),
                          "host_kind": _quoted_list(label for _v, label in Organization.HostKind.choices)}),
                      [_sample_row(ORGANIZATION_COLUMNS, sample)], note=str(SAMPLE_NOTE),
                      header_fill=HEADER_FILL, dropdown_rows=1000),
        tabular.Sheet(str(CHOICES_SHEET), [
            tabular.Col(_("Mã tổ chức"), 16), tabular.Col(_("Tên tổ chức"), 50), tabular.Col("", 3),
            tabular.Col(_("Loại hình"), 26)], rows),
    )


# --- the error report -----------------------------------------------------------------------
def error_report(out: IO[bytes] | Path | str, *, errors: Sequence[RowError],
                 source: Path | None, columns: Sequence[Column], filename: str | None = None) -> None:
    """A workbook with the list of errors, and the file's rows with the bad cells marked
    (when the uploaded file is still at hand)."""
    sheets = [tabular.Sheet(
        str(ERRORS_SHEET),
        [tabular.Col(_("Dòng"), 8), tabular.Col(_("Cột"), 24), tabular.Col(_("Giá trị"), 30),
         tabular.Col(_("Lỗi"), 70)],
        ([e.row, e.column, e.value, e.reason] for e in errors), header_fill=HEADER_FILL)]
    if source is not None and source.exists():
        by_row: dict[int, dict[str, str]] = {}
        for e in errors:
            if e.row is not None:
                by_row.setdefault(e.row, {})[e.column] = e.reason
        table = read_table(source, columns, filename)

        def marked() -> Iterator[list[Any]]:
            for number, values in table.rows:
                problems = by_row.get(number)
                if not problems:
                    yield [number, *values]
                    continue
                cells: list[Any] = [number]
                for i, v in enumerate(values):
                    header_text = table.headers[i] if i < len(table.headers) else ""
                    cells.append(tabular.Styled(
                        v, fill=ERROR_FILL if header_text in problems else ERROR_ROW_FILL))
                cells.extend([None] * (len(table.headers) + 1 - len(cells)))
                cells.append(tabular.Styled("; ".join(f"{k}: {v}" for k, v in problems.items()),
                                            font=ERROR_FONT))
                yield cells

        sheets.append(tabular.Sheet(
            str(DATA_SHEET), [_("Dòng"), *table.headers, str(ERRORS_SHEET)], marked(),
            header_fill=HEADER_FILL, freeze="B2"))
    tabular.write_xlsx(out, *sheets)
