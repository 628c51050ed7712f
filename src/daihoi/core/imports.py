"""The one engine that reads spreadsheets in: .xlsx and .csv, all or nothing.

An import of members, organizations or delegates runs the same steps; only the
validation of a row is the app's own:

1. `read_table(source, columns)`: the rows of the first sheet (or of the CSV), each with
   the row number the user sees in Excel, and the header row found among the first rows.
   Workbooks are read by openpyxl in read-only mode (rows streamed), CSV as UTF-8 with or
   without a BOM, with `;`, `,` or tab between cells.
   A file is a stranger's: its size is checked before anything reads it (`check_size`,
   `settings.DAIHOI_IMPORT_MAX_BYTES`), a workbook's parts before openpyxl opens them
   (`check_workbook`: no part inflates past a bound, no DTD, which a real workbook never
   has), and openpyxl parses the sheets with core.safexml (the C parser on parts whose
   prolog expat found free of any DTD; defusedxml for the small parts). Whatever the file
   holds, the answer is ImportRejected naming the file, row and reason, never another
   exception.
2. `match_headers(headers, columns)`: which column is which, by header text in Vietnamese
   or English, with or without diacritics, case and spacing ("ho va ten", "Họ và tên",
   "full name" are the same column).
3. the app validates each row (`RowCheck` collects its errors: row, column as the file
   writes it, value, reason) without writing anything;
4. `run_import(...)` writes only when no row has an error, else raises `ImportRejected`
   with every error; progress is reported at each step (`progress(done, total, message)`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from daihoi.core import safexml
from daihoi.core.tabular import unguard
from daihoi.rules import names

# openpyxl streams sheets and shared strings through the C parser after a check of the
# part's prolog (no DTD, so no entity of any kind), not defusedxml's pure-Python parser:
# as safe, a fifth cheaper (core/safexml.py, bench/xml_parsers.py).
safexml.install()

ProgressFn = Callable[..., None]  # progress(done, total=None, message=None)
RowT = TypeVar("RowT")  # a validated row, as the write step takes it

# --- messages (module constants: tests assert on them) -------------------------------------
REQUIRED = _("Không được để trống.")
BAD_DATE = _("Ngày không hợp lệ (ghi dd/mm/yyyy, ví dụ 02/09/1990).")
FUTURE_DATE = _("Ngày ở trong tương lai.")
TOO_LONG = _("Dài quá {max} ký tự.")
CONTROL_CHARACTER = _("Có ký tự điều khiển (không in được) trong ô.")
MISSING_COLUMN = _("Thiếu cột bắt buộc «{column}».")
DUPLICATE_COLUMN = _("Cột «{column}» xuất hiện hai lần.")
NO_HEADER = _("Không tìm thấy dòng tiêu đề (các cột như «{example}») trong 10 dòng đầu.")
EMPTY_FILE = _("Tệp không có dòng dữ liệu nào.")
BAD_FILE = _("Không đọc được tệp: {error}")
BAD_FILE_TYPE = _("Chỉ nhận tệp .xlsx hoặc .csv.")
BAD_CSV_ROW = _("Không đọc được dòng này của tệp CSV: {error}")
CHANGED_DURING_IMPORT = _(
    "Dữ liệu trong hệ thống đã thay đổi trong lúc nhập (trùng số thẻ hoặc mã): không ghi gì, "
    "hãy nhập lại."
)
PHASE_READING = _("Đang đọc tệp")
PHASE_VALIDATING = _("Đang kiểm tra các dòng")
PHASE_WRITING = _("Đang ghi vào cơ sở dữ liệu")
REJECTED = _("Tệp có {count} lỗi: không ghi dòng nào. Sửa các lỗi dưới đây rồi nhập lại.")
TOO_LARGE = _("Tệp «{name}» nặng {size}, quá giới hạn {limit} của một lần nhập.")
TOO_MANY_ROWS = _("Tệp «{name}» có hơn {limit} dòng, quá giới hạn của một lần nhập.")
PART_TOO_LARGE = _("Tệp «{name}»: phần «{part}» giải nén ra hơn {limit}, quá giới hạn của "
                   "một bảng tính.")
OVERCOMPRESSED = _("Tệp «{name}»: phần «{part}» nén {ratio}:1, không phải một bảng tính thật "
                   "(tối đa {limit}:1).")
XML_DTD = _("Tệp «{name}»: phần «{part}» có khai báo DTD hoặc thực thể XML (<!DOCTYPE, <!ENTITY), "
            "điều bảng tính Excel không có: không đọc.")
NOT_A_WORKBOOK = _("«{name}» không phải bảng tính .xlsx (không mở được như tệp nén ZIP)")

HEADER_SCAN_ROWS = 10

# Bounds of a workbook's parts, uncompressed. openpyxl holds the shared strings in memory
# (a 300 MB string in a 311 KB file took 675 MB): 32 MB is three times those of 100,000
# members saved by Excel. The sheets are streamed, but a part that inflates more than a
# real one is a zip bomb (real sheets compress 5 to 30 times; an empty-row filler more).
SHARED_STRINGS_MAX_BYTES = 32 << 20
PART_MAX_BYTES = 1 << 30
WORKBOOK_MAX_BYTES = 2 << 30
MAX_RATIO = 200
RATIO_FROM_BYTES = 1 << 20  # small parts (styles, an empty sheet) may compress more
# A DTD may only stand before the root element: the head of each part is enough to find
# one (defusedxml refuses the rest, with a less clear message).
_PROLOG_BYTES = 4096


def header_key(text: Any) -> str:
    """A header as compared: no diacritics, no case, punctuation as spaces."""
    folded = names.fold(str(text or ""))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


def in_every_language(text: Any) -> list[str]:
    """A lazy label as each language writes it: a file made from a Vietnamese screen must
    import from an English one, and the other way round."""
    out = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out.append(str(text))
    return out


@dataclass(frozen=True)
class Column:
    """A column an import reads: its key, its header (a lazy Vietnamese label, known in
    every language) and the other ways files write it (`aliases`, compared folded)."""

    key: str
    header: Any
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_length: int | None = None
    width: int = 16  # in the template and exports

    @property
    def keys(self) -> set[str]:
        return {*(header_key(h) for h in in_every_language(self.header)), header_key(self.key),
                *(header_key(a) for a in self.aliases)}


# --- errors ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    """One problem: the row as numbered in Excel (None: the whole file), the column header
    as in the file, the value found and the reason."""

    row: int | None
    column: str
    value: str
    reason: str

    @property
    def message(self) -> str:
        return self.reason

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


class UnreadableFile(ImportRejected):
    """The file is not a workbook (or not a CSV) at all."""


def file_error(reason: Any) -> RowError:
    return RowError(None, "", "", str(reason))


def max_bytes() -> int:
    return int(settings.DAIHOI_IMPORT_MAX_BYTES)


def max_rows() -> int:
    return int(settings.DAIHOI_IMPORT_MAX_ROWS)


def _mb(size: int) -> str:
    """A size as people read it: 1,5 MB, 980 KB, 12 byte (the decimal comma: a message)."""
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"
    return f"{size} byte"


def size_error(size: int, name: str) -> str | None:
    """The message refusing a file of `size` bytes, or None when it is under the cap."""
    limit = max_bytes()
    if size <= limit:
        return None
    return str(TOO_LARGE).format(name=name, size=_mb(size), limit=_mb(limit))


def check_size(size: int, name: str) -> None:
    message = size_error(size, name)
    if message is not None:
        raise ImportRejected([file_error(message)])


def validate_upload_size(upload: Any) -> None:
    """A form field's validator: an uploaded import over the cap is refused by its size
    (Django has streamed it to a temporary file; nothing has read it yet)."""
    message = size_error(int(getattr(upload, "size", 0) or 0), Path(upload.name or "").name)
    if message is not None:
        raise ValidationError(message, code="too_large")


def check_workbook(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a workbook whose parts would inflate past the bounds, or that declares a
    DTD, before any XML parser sees it."""
    total = 0
    for info in archive.infolist():
        part, size = info.filename, info.file_size
        total += size
        limit = SHARED_STRINGS_MAX_BYTES if part.lower().endswith("sharedstrings.xml") else PART_MAX_BYTES
        if size > limit or total > WORKBOOK_MAX_BYTES:
            raise ImportRejected([file_error(str(PART_TOO_LARGE).format(
                name=name, part=part, limit=_mb(min(limit, WORKBOOK_MAX_BYTES))))])
        if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRejected([file_error(str(OVERCOMPRESSED).format(
                name=name, part=part, ratio=size // max(info.compress_size, 1), limit=MAX_RATIO))])
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(info) as fh:
                head = fh.read(_PROLOG_BYTES)
        except Exception as exc:  # a broken member: zlib, CRC, encryption
            raise ImportRejected([file_error(str(BAD_FILE).format(error=f"«{name}»: {exc}"))]) from exc
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise ImportRejected([file_error(str(XML_DTD).format(name=name, part=info.filename))])


# --- reading --------------------------------------------------------------------------------
@dataclass
class Table:
    """The rows of a file: `rows` yields (row number as in Excel, values)."""

    header_row: int
    headers: list[str]
    rows: Iterator[tuple[int, tuple[Any, ...]]]
    estimated_rows: int


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as dd/mm/yyyy, our exports' guard
    against formulas taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time(0) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return unguard(str(value).strip())


def find_header(first_rows: list[tuple[int, tuple[Any, ...]]], columns: Sequence[Column],
                min_hits: int = 2) -> tuple[int, list[str]] | None:
    """The first row where at least `min_hits` cells are known headers (a title line or
    two above the header is common)."""
    known = set().union(*(c.keys for c in columns))
    for number, values in first_rows:
        hits = sum(1 for v in values if header_key(v) in known)
        if hits >= min_hits:
            return number, [cell_text(v) for v in values]
    return None


def _sniff_delimiter(first_line: str) -> str:
    # Excel in a Vietnamese (or any comma-decimal) locale saves "CSV" with semicolons.
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


NOT_UTF8 = "tệp CSV phải ở mã UTF-8"


def _count_lines(source: Path | bytes) -> int:
    if isinstance(source, bytes):
        return source.count(b"\n") + 1
    count = 1
    with source.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def _csv_rows(source: Path | bytes) -> tuple[Iterator[tuple[int, tuple[Any, ...]]], int]:
    # Decoded as read, a line at a time: the whole text in memory (and io.StringIO's copy
    # of it at four bytes a character) took 255 MB for a 40 MB file.
    estimate = _count_lines(source)
    raw = source.open("rb") if isinstance(source, Path) else io.BytesIO(source)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")  # with or without Excel's BOM
    try:
        first_line = text.readline()
    except UnicodeDecodeError as exc:
        text.close()
        raise UnreadableFile([file_error(str(BAD_FILE).format(error=NOT_UTF8))]) from exc
    reader = csv.reader(itertools.chain([first_line], text), delimiter=_sniff_delimiter(first_line))

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        start = 1
        try:
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:  # a cell over the field size limit, a broken quote
                    raise ImportRejected([RowError(start, "", "", str(BAD_CSV_ROW).format(
                        error=exc))]) from exc
                except UnicodeDecodeError as exc:
                    raise ImportRejected([RowError(start, "", "", str(BAD_FILE).format(
                        error=NOT_UTF8))]) from exc
                # line_num counts physical lines: a quoted cell may span several.
                yield start, tuple(record)
                start = reader.line_num + 1
        finally:
            text.close()

    return rows(), estimate


def _xlsx_rows(source: Path | io.BytesIO, name: str = ""
               ) -> tuple[Iterator[tuple[int, tuple[Any, ...]]], int]:
    """The first sheet, read by openpyxl in read-only mode (rows streamed; with lxml
    installed its parser is fast enough for 100,000 members)."""
    try:
        with zipfile.ZipFile(source) as archive:
            check_workbook(archive, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise UnreadableFile([file_error(str(BAD_FILE).format(
            error=str(NOT_A_WORKBOOK).format(name=name)))]) from exc
    if isinstance(source, io.BytesIO):
        source.seek(0)
    try:
        wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
        if not wb.worksheets:
            raise ValueError("no worksheet")
        ws = wb.worksheets[0]
        estimate = ws.max_row or _count_rows(wb, ws)
    except Exception as exc:  # zipfile, XML or openpyxl errors alike
        raise UnreadableFile([file_error(_parse_error(exc, name))]) from exc
    # The declared size is a hint some writers get wrong; openpyxl would stop reading at
    # it, dropping rows and columns without a word. Read what the sheet holds.
    ws.reset_dimensions()

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        number = 0
        try:
            # read_only yields empty rows too, so the count is Excel's row number.
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                yield number, values
        except ImportRejected:
            raise
        except Exception as exc:  # broken XML or cell values further down the sheet
            raise ImportRejected([RowError(number + 1, "", "", _parse_error(exc, name))]) from exc
        finally:
            wb.close()

    return rows(), estimate


def _parse_error(exc: BaseException, name: str) -> str:
    """What openpyxl raised, as the reason: a DTD the parser check found (core.safexml) is
    named as check_workbook names one; anything else in its first line."""
    dtd = safexml.dtd_refused(exc)
    if dtd is not None:
        return str(XML_DTD).format(name=name, part=dtd.part or "?")
    return str(BAD_FILE).format(error=_first_line(exc))


def _first_line(exc: BaseException) -> str:
    """An exception as one short line (openpyxl's own run to a paragraph)."""
    text = str(exc).strip().split("\n", 1)[0] or type(exc).__name__
    return _CONTROL.sub("", text)[:300]


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


def read_table(source: Path | bytes, columns: Sequence[Column], filename: str | None = None,
               *, min_hits: int = 2) -> Table:
    """Open an .xlsx or .csv file (a path, or the bytes of an upload with its `filename`)
    and find its header row among the first rows."""
    name = filename or (source.name if isinstance(source, Path) else "")
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise UnreadableFile([file_error(BAD_FILE_TYPE)])
    shown = Path(name).name
    try:
        size = source.stat().st_size if isinstance(source, Path) else len(source)
    except OSError as exc:
        raise UnreadableFile([file_error(str(BAD_FILE).format(error=_first_line(exc)))]) from exc
    check_size(size, shown)  # before anything reads it
    if suffix == ".csv":
        rows, estimate = _csv_rows(source)
    else:
        rows, estimate = _xlsx_rows(source if isinstance(source, Path) else io.BytesIO(source), shown)
    rows = _bounded(rows, shown)
    first: list[tuple[int, tuple[Any, ...]]] = []
    for item in rows:
        first.append(item)
        if len(first) >= HEADER_SCAN_ROWS:
            break
    found = find_header(first, columns, min_hits)
    if found is None:
        example = ", ".join(str(c.header) for c in columns[:3])
        raise ImportRejected([file_error(str(NO_HEADER).format(example=example))])
    header_row, headers = found

    def data_rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, values in first:
            if number > header_row:
                yield number, values
        yield from rows

    return Table(header_row, headers, data_rows(), max(0, estimate - header_row))


def _bounded(rows: Iterator[tuple[int, tuple[Any, ...]]], name: str
             ) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows, refused past `settings.DAIHOI_IMPORT_MAX_ROWS`: the validated rows and
    their errors stay in memory, so a file of tiny rows must not hold millions."""
    limit = max_rows() + HEADER_SCAN_ROWS
    for count, item in enumerate(rows, start=1):
        if count > limit:
            raise ImportRejected([file_error(str(TOO_MANY_ROWS).format(name=name, limit=max_rows()))])
        yield item


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


def header_names(index: dict[str, int], headers: Sequence[str],
                 columns: Sequence[Column]) -> dict[str, str]:
    """Column key -> the header as the user wrote it (errors name the column they see)."""
    out = {c.key: str(c.header) for c in columns}
    out.update({key: headers[i] or out[key] for key, i in index.items()})
    return out


def is_blank(values: tuple[Any, ...], index: dict[str, int] | None = None) -> bool:
    """No value in the row (or, given `index`, in the columns the import reads)."""
    cells = values if index is None else tuple(values[i] for i in index.values() if i < len(values))
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


@dataclass
class Prepared:
    table: Table
    index: dict[str, int]  # column key -> position in the row
    headers: dict[str, str]  # column key -> header as written


def prepare(source: Path | bytes, columns: Sequence[Column], filename: str | None = None,
            *, min_hits: int = 2) -> Prepared:
    """Read the file and match its headers, or reject it (missing or doubled columns)."""
    table = read_table(source, columns, filename, min_hits=min_hits)
    index, errors = match_headers(table.headers, columns, table.header_row)
    if errors:
        raise ImportRejected(errors)
    return Prepared(table, index, header_names(index, table.headers, columns))


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


def choice_map(choices: Iterable[tuple[str, Any]], extra: dict[str, str]) -> dict[str, str]:
    """Text as written (or folded) -> the value: each choice's value and its label in
    every language, and the `extra` words files use."""
    out = {header_key(value): value for value, _label in choices}
    for value, label in choices:
        for written in in_every_language(label):
            out[header_key(written)] = value
            out[written] = value  # as written: no folding needed
    out.update({header_key(k): v for k, v in extra.items()})
    return out


# Unicode's control characters (category Cc): C0, DEL and C1.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class RowCheck:
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
        shown = cell_text(self.raw(key) if value is None else value)
        shown = _CONTROL.sub("", shown)
        self.errors.append(RowError(self.row, self.headers.get(key, key), shown[:200], str(reason)))

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = " ".join(cell_text(self.raw(key)).split())
        if _CONTROL.search(value):
            # A NUL byte or the like: PostgreSQL refuses it, and nobody typed it on purpose.
            self.error(key, CONTROL_CHARACTER)
        elif required and not value:
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
        text = cell_text(self.raw(key))
        if not text:
            return default
        value = mapping.get(text) or mapping.get(header_key(text))
        if value is None:
            self.error(key, bad())
            return default
        return value


# --- the whole import -----------------------------------------------------------------------
@dataclass
class ImportResult:
    created: int
    validate_seconds: float = 0.0
    write_seconds: float = 0.0


def _noop(*_args: Any, **_kwargs: Any) -> None:
    return None


def run_import(*, source: Path | bytes, filename: str | None, columns: Sequence[Column],
               progress: ProgressFn | None,
               validate: Callable[[Prepared, ProgressFn], tuple[list[RowT], list[RowError]]],
               write: Callable[[list[RowT], ProgressFn], int], min_hits: int = 2) -> ImportResult:
    """The steps every import runs: read, match the headers, validate every row (`validate`
    reports the validating phase itself), then write all of it or (ImportRejected) nothing.
    An IntegrityError while writing (someone took a card number meanwhile) rejects the
    file too; `write` runs in the caller's transaction, so nothing of it stays."""
    report = progress or _noop
    report(0, 0, PHASE_READING)
    t0 = time.perf_counter()
    prepared = prepare(source, columns, filename, min_hits=min_hits)
    rows, errors = validate(prepared, report)
    if not errors and not rows:
        errors = [file_error(EMPTY_FILE)]
    if errors:
        raise ImportRejected(errors)
    t1 = time.perf_counter()
    report(0, len(rows), PHASE_WRITING)
    try:
        created = write(rows, report)
    except IntegrityError as exc:
        raise ImportRejected([file_error(CHANGED_DURING_IMPORT)]) from exc
    return ImportResult(created, t1 - t0, time.perf_counter() - t1)
