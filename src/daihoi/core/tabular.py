"""Every spreadsheet the application writes: rows -> .xlsx or .csv, in one place.

Each export describes its sheets (title, columns, rows) and this module writes them: header
bold and frozen, column widths, dates as dates, rows streamed through openpyxl's write-only
mode (100,000 members in a few seconds and little memory), CSV in UTF-8 with a BOM (Excel
reads the Vietnamese letters right only with it).

Formula injection: a name such as `=HYPERLINK("http://x","y")` would become a live formula
in Excel (and in LibreOffice from a CSV). Every text cell that begins with one of
`FORMULA_TRIGGERS` is written with `GUARD` in front, as text; numbers stay numbers. The
import engine (`daihoi.core.imports`) takes the guard off again, so that an exported file
imports back to the same records (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
BOM = "\ufeff"

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"

HEADER_FONT = Font(bold=True)


def neutralize(value: Any) -> Any:
    """The value as a cell may safely hold it: text that a spreadsheet would read as a
    formula gets the guard in front; anything else is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return GUARD + value
    return value


def unguard(text: str) -> str:
    """The inverse of `neutralize` for text read back from one of our files."""
    if text.startswith(GUARD) and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


@dataclass(frozen=True)
class Styled:
    """A cell with a look of its own (a sample row in italics, an error in red)."""

    value: Any
    font: Font | None = None
    fill: PatternFill | None = None


@dataclass(frozen=True)
class Col:
    """One column: its header, width, the number format of its cells (a date format, "@"
    for text that keeps leading zeros) and a dropdown (a list validation formula:
    '"Nam,Nữ"' or a range such as "'Danh mục'!$A$2:$A$40")."""

    header: Any
    width: float | None = None
    number_format: str | None = None
    choices: str | None = None


@dataclass
class Sheet:
    title: str
    columns: Sequence[Col | Any]
    rows: Iterable[Sequence[Any]] = ()
    preamble: Sequence[Sequence[Any]] = ()  # lines above the header (a title, a date)
    note: str = ""  # a comment on the first header cell
    header_fill: PatternFill | None = None
    auto_filter: bool = False
    freeze: str | None = None  # default: the first cell under the header
    dropdown_rows: int = 5000  # how far down a column's dropdown reaches
    progress: Callable[[int], None] | None = None  # called every 500 rows with the count
    columns_: list[Col] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.columns_ = [c if isinstance(c, Col) else Col(c) for c in self.columns]

    @property
    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns_]


def sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet name, and more than 31 of them.
    return re.sub(r"[\\/*?:\[\]']", "", str(title))[:31] or "Sheet1"


def _text(value: str) -> str | None:
    # Control characters XML cannot carry (openpyxl would refuse the cell).
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralize(cleaned) if cleaned else None


def _plain(value: Any) -> Any:
    """A value openpyxl writes as data, never as a formula."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value
    if isinstance(value, str):
        return _text(value)
    from decimal import Decimal

    if isinstance(value, Decimal):
        return value
    return _text(str(value))  # lazy translations, enums, model instances


def _cell(ws: Any, value: Any, col: Col | None) -> Any:
    font = fill = None
    if isinstance(value, Styled):
        value, font, fill = value.value, value.font, value.fill
    value = _plain(value)
    number_format = col.number_format if col is not None else None
    if isinstance(value, dt.datetime):
        number_format = number_format or DATETIME_FORMAT
    elif isinstance(value, dt.date):
        number_format = number_format or DATE_FORMAT
    if font is None and fill is None and number_format is None:
        return value
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _write_sheet(wb: Workbook, sheet: Sheet) -> int:
    ws = wb.create_sheet(sheet_title(sheet.title))
    cols = sheet.columns_
    for i, col in enumerate(cols, 1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = col.width or max(10, min(60, len(str(col.header)) + 4))
        if col.number_format:
            dim.number_format = col.number_format  # the cells the user fills in later
    header_row = len(sheet.preamble) + 1
    # Before the first row: the write-only sheet writes its head then.
    ws.freeze_panes = sheet.freeze or f"A{header_row + 1}"
    for line in sheet.preamble:
        ws.append([_cell(ws, Styled(v, font=HEADER_FONT) if i == 0 else v, None)
                   for i, v in enumerate(line)])
    head = []
    for i, col in enumerate(cols):
        cell = WriteOnlyCell(ws, value=_plain(str(col.header)))
        cell.font = HEADER_FONT
        if sheet.header_fill is not None:
            cell.fill = sheet.header_fill
        if i == 0 and sheet.note:
            cell.comment = Comment(sheet.note, "daihoi")
        head.append(cell)
    ws.append(head)
    count = 0
    for row in sheet.rows:
        ws.append([_cell(ws, v, cols[i] if i < len(cols) else None) for i, v in enumerate(row)])
        count += 1
        if sheet.progress is not None and count % 500 == 0:
            sheet.progress(count)
    last = header_row + max(count, sheet.dropdown_rows if any(c.choices for c in cols) else 0)
    for i, col in enumerate(cols, 1):
        if col.choices:
            dv = DataValidation(type="list", formula1=col.choices, allow_blank=True,
                                showDropDown=False)
            letter = get_column_letter(i)
            dv.add(f"{letter}{header_row + 1}:{letter}{max(last, header_row + 1)}")
            ws.data_validations.append(dv)
    if sheet.auto_filter:
        ws.auto_filter.ref = (f"A{header_row}:{get_column_letter(max(len(cols), 1))}"
                              f"{header_row + count}")
    return count


def write_xlsx(out: IO[bytes] | Path | str, *sheets: Sheet) -> list[int]:
    """Write the sheets, in order, into `out`; the number of data rows of each."""
    wb = Workbook(write_only=True)
    counts = [_write_sheet(wb, s) for s in sheets]
    wb.save(out)
    return counts


def xlsx_bytes(*sheets: Sheet) -> bytes:
    out = io.BytesIO()
    write_xlsx(out, *sheets)
    return out.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, Styled):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool | int | float):
        return value
    return neutralize(str(value))


def csv_lines(headers: Sequence[Any], rows: Iterable[Sequence[Any]],
              preamble: Sequence[Sequence[Any]] = ()) -> Iterator[str]:
    """CSV text with a BOM first, in pieces (for a streaming response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    for line in preamble:
        writer.writerow([_csv_value(v) for v in line])
    writer.writerow([_csv_value(h) for h in headers])
    yield BOM + flush()
    for n, row in enumerate(rows, 1):
        writer.writerow([_csv_value(v) for v in row])
        if n % 500 == 0:
            yield flush()
    yield flush()


def csv_text(headers: Sequence[Any], rows: Iterable[Sequence[Any]],
             preamble: Sequence[Sequence[Any]] = ()) -> str:
    return "".join(csv_lines(headers, rows, preamble))
