"""Export of members and organizations to .xlsx and .csv, the import template, and the
error report of a rejected import.

The export's columns are the import's (`imports.MEMBER_COLUMNS`), so an exported file
imports again as it is. Workbooks are written with openpyxl's write-only mode (rows go
to disk as they come: 100,000 members in a few seconds and little memory).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from daihoi.organizations.imports import (
    MEMBER_COLUMNS,
    ORGANIZATION_COLUMNS,
    Column,
    RowError,
    read_table,
)
from daihoi.organizations.models import Member, Organization

DATE_FORMAT = "dd/mm/yyyy"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
ERROR_ROW_FILL = PatternFill("solid", fgColor="FFF2CC")
SAMPLE_FONT = Font(italic=True, color="7F7F7F")

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
    "political_theory", "party_card_number", "admission_date", "full_member_date", "status",
    "organization__code", "position", "phone", "email", "left_on", "exempt_from_activity",
    "organization__name",
)
_DATE_KEYS = {"date_of_birth", "admission_date", "full_member_date", "left_on", "established_on",
              "dissolved_on"}
_GENDER_LABELS = dict(Member.Gender.choices)
_STATUS_LABELS = dict(Member.Status.choices)
_KIND_LABELS = dict(Organization.Kind.choices)
YES = _("Có")


def _headers(columns: Sequence[Column]) -> list[str]:
    return [str(c.header) for c in columns]


def member_rows(members: QuerySet[Member]) -> Iterator[list[Any]]:
    """The members in the order given, as rows of the import's columns (plus the
    organization's name when its code stands in the «Tổ chức» column)."""
    genders = {k: str(v) for k, v in _GENDER_LABELS.items()}
    statuses = {k: str(v) for k, v in _STATUS_LABELS.items()}
    yes = str(YES)
    for (full_name, gender, birth, ethnicity, religion, education, theory, card, admitted, full,
         status, org_code, position, phone, email, left_on, exempt, org_name
         ) in members.values_list(*_MEMBER_FIELDS).iterator(chunk_size=2000):
        yield [
            full_name, genders.get(gender, gender), birth, ethnicity, religion, education, theory,
            card or "", admitted, full, statuses.get(status, status), org_code or org_name,
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
               o.address, o.established_on, o.dissolved_on]


def member_export_headers() -> list[str]:
    return [*_headers(MEMBER_COLUMNS), str(ORGANIZATION_NAME_HEADER)]


def organization_export_headers() -> list[str]:
    return _headers(ORGANIZATION_COLUMNS)


# --- writers --------------------------------------------------------------------------------
def _widths(columns: Sequence[Column], extra: int = 0) -> list[int]:
    return [c.width for c in columns] + [30] * extra


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet name, and more than 31 of them.
    return re.sub(r"[\\/*?:\[\]']", "", title)[:31] or "Sheet1"


def write_xlsx(out: IO[bytes] | Path | str, *, sheet_title: str, headers: Sequence[str],
               rows: Iterable[Sequence[Any]], widths: Sequence[int],
               date_columns: set[int] | None = None) -> int:
    """Bold frozen header, auto filter, widths, dates as dates (dd/mm/yyyy); rows stream
    to the file through openpyxl's write-only mode. Returns the number of data rows.
    `date_columns` is kept for callers that name them: every date value is a date."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(sheet_title))
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"  # before the first row: the write-only sheet writes its head then
    head = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=str(h))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        head.append(cell)
    ws.append(head)
    count = 0
    for row in rows:
        values: list[Any] = []
        for value in row:
            if isinstance(value, str):
                # Control characters XML cannot carry (openpyxl would refuse the cell).
                values.append(ILLEGAL_CHARACTERS_RE.sub("", value) or None)
            elif isinstance(value, dt.date):
                values.append(_dated(ws, value))
            else:
                values.append(value)
        ws.append(values)
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{count + 1}"
    wb.save(out)
    return count


def _dated(ws: Any, value: dt.date) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text with a BOM first, so that Excel reads the Vietnamese letters as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(headers)
    yield "\ufeff" + flush()
    for n, row in enumerate(rows, 1):
        writer.writerow([_csv_value(v) for v in row])
        if n % 500 == 0:
            yield flush()
    yield flush()


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else value


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
def _style_header(ws: Worksheet, columns: Sequence[Column]) -> None:
    for i, col in enumerate(columns, 1):
        cell = ws.cell(row=1, column=i, value=str(col.header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = col.width + 2
    ws.freeze_panes = "A2"


def _list_validation(ws: Worksheet, formula: str, column: int, last_row: int = 5000) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    letter = get_column_letter(column)
    dv.add(f"{letter}2:{letter}{last_row}")
    ws.add_data_validation(dv)


def _column_number(columns: Sequence[Column], key: str) -> int:
    return next(i for i, c in enumerate(columns, 1) if c.key == key)


def _quoted_list(labels: Iterable[Any]) -> str:
    # A list typed into the validation itself: at most 255 characters, no commas inside.
    return '"' + ",".join(str(x) for x in labels) + '"'


def members_template(out: IO[bytes] | Path | str) -> None:
    """The workbook the office fills in: headers, one sample row, dropdowns for gender,
    status and organization, and a sheet listing the valid values."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = str(MEMBERS_SHEET)
    _style_header(ws, MEMBER_COLUMNS)
    sample: dict[str, Any] = {
        "full_name": "Nguyễn Thị Mẫu", "gender": str(Member.Gender.FEMALE.label),
        "date_of_birth": dt.date(1990, 9, 2), "ethnicity": "Kinh", "religion": "Không",
        "education": "Đại học", "political_theory": "Trung cấp", "party_card_number": "",
        "admission_date": dt.date(2015, 5, 19), "full_member_date": dt.date(2016, 5, 19),
        "status": str(Member.Status.FULL.label), "organization": ORG_PLACEHOLDER,
        "position": "Chuyên viên", "phone": "0912345678", "email": "",
        "left_on": None, "exempt_from_activity": "",
    }
    for i, col in enumerate(MEMBER_COLUMNS, 1):
        cell = ws.cell(row=2, column=i, value=sample.get(col.key))
        cell.font = SAMPLE_FONT
    for i, col in enumerate(MEMBER_COLUMNS, 1):
        if col.key in _DATE_KEYS:
            for r in range(2, 1002):
                ws.cell(row=r, column=i).number_format = DATE_FORMAT
        if col.key in ("party_card_number", "phone"):
            for r in range(2, 1002):
                ws.cell(row=r, column=i).number_format = "@"  # keep leading zeros
    ws.cell(row=1, column=1).comment = Comment(str(SAMPLE_NOTE), "daihoi")

    choices = wb.create_sheet(str(CHOICES_SHEET))
    choices.append([str(_("Mã tổ chức")), str(_("Tên tổ chức")), str(_("Loại hình")), "",
                    str(_("Trạng thái")), str(_("Giới tính"))])
    for cell in choices[1]:
        cell.font = HEADER_FONT
    orgs = list(Organization.objects.filter(dissolved_on=None).order_by("code", "name")
                .values_list("code", "name", "kind"))
    statuses = [str(label) for _v, label in Member.Status.choices]
    genders = [str(label) for _v, label in Member.Gender.choices]
    for r in range(max(len(orgs), len(statuses), len(genders))):
        code, name, kind = orgs[r] if r < len(orgs) else ("", "", "")
        choices.append([code or name, name, str(_KIND_LABELS.get(kind, kind)) if kind else "", "",
                        statuses[r] if r < len(statuses) else "",
                        genders[r] if r < len(genders) else ""])
    for letter, width in zip("ABCDEF", (16, 50, 22, 3, 18, 10), strict=True):
        choices.column_dimensions[letter].width = width
    choices.freeze_panes = "A2"

    _list_validation(ws, _quoted_list(genders), _column_number(MEMBER_COLUMNS, "gender"))
    _list_validation(ws, _quoted_list(statuses), _column_number(MEMBER_COLUMNS, "status"))
    if orgs:
        sheet = str(CHOICES_SHEET)
        _list_validation(ws, f"'{sheet}'!$A$2:$A${len(orgs) + 1}",
                         _column_number(MEMBER_COLUMNS, "organization"))
    wb.save(out)


def organizations_template(out: IO[bytes] | Path | str) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = str(ORGANIZATIONS_SHEET)
    _style_header(ws, ORGANIZATION_COLUMNS)
    sample = {"name": "Chi bộ Phòng Mẫu", "code": "CB-MAU",
              "kind": str(Organization.Kind.CELL.label), "parent": ORG_PLACEHOLDER}
    for i, col in enumerate(ORGANIZATION_COLUMNS, 1):
        ws.cell(row=2, column=i, value=sample.get(col.key)).font = SAMPLE_FONT
        if col.key in _DATE_KEYS:
            for r in range(2, 502):
                ws.cell(row=r, column=i).number_format = DATE_FORMAT
    ws.cell(row=1, column=1).comment = Comment(str(SAMPLE_NOTE), "daihoi")
    choices = wb.create_sheet(str(CHOICES_SHEET))
    choices.append([str(_("Mã tổ chức")), str(_("Tên tổ chức")), "", str(_("Loại hình"))])
    for cell in choices[1]:
        cell.font = HEADER_FONT
    orgs = list(Organization.objects.filter(dissolved_on=None).order_by("code", "name")
                .values_list("code", "name"))
    kinds = [str(label) for _v, label in Organization.Kind.choices]
    for r in range(max(len(orgs), len(kinds))):
        code, name = orgs[r] if r < len(orgs) else ("", "")
        choices.append([code or name, name, "", kinds[r] if r < len(kinds) else ""])
    for letter, width in zip("ABCD", (16, 50, 3, 26), strict=True):
        choices.column_dimensions[letter].width = width
    _list_validation(ws, _quoted_list(kinds), _column_number(ORGANIZATION_COLUMNS, "kind"), 1000)
    wb.save(out)


# --- the error report -----------------------------------------------------------------------
def error_report(out: IO[bytes] | Path | str, *, errors: Sequence[RowError],
                 source: Path | None, columns: Sequence[Column], filename: str | None = None) -> None:
    """A workbook with the list of errors, and the file's rows with the bad cells marked
    (when the uploaded file is still at hand)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(ERRORS_SHEET))
    for letter, width in zip("ABCD", (8, 24, 30, 70), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    head = []
    for h in (_("Dòng"), _("Cột"), _("Giá trị"), _("Lỗi")):
        cell = WriteOnlyCell(ws, value=str(h))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        head.append(cell)
    ws.append(head)
    for e in errors:
        ws.append([e.row, e.column, e.value, e.reason])

    if source is not None and source.exists():
        by_row: dict[int, dict[str, str]] = {}
        for e in errors:
            if e.row is not None:
                by_row.setdefault(e.row, {})[e.column] = e.reason
        table = read_table(source, columns, filename)
        data = wb.create_sheet(str(DATA_SHEET))
        data.freeze_panes = "B2"
        header = [WriteOnlyCell(data, value=str(_("Dòng")))]
        header += [WriteOnlyCell(data, value=h) for h in table.headers]
        header.append(WriteOnlyCell(data, value=str(ERRORS_SHEET)))
        for cell in header:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
        data.append(header)
        for number, values in table.rows:
            problems = by_row.get(number)
            if not problems:
                data.append([number, *values])
                continue
            cells = [WriteOnlyCell(data, value=number)]
            for i, v in enumerate(values):
                cell = WriteOnlyCell(data, value=v)
                header_text = table.headers[i] if i < len(table.headers) else ""
                cell.fill = ERROR_FILL if header_text in problems else ERROR_ROW_FILL
                cells.append(cell)
            while len(cells) <= len(table.headers):
                cells.append(WriteOnlyCell(data, value=None))
            note = WriteOnlyCell(data, value="; ".join(f"{k}: {v}" for k, v in problems.items()))
            note.font = Font(color="C00000")
            cells.append(note)
            data.append(cells)
    wb.save(out)
