"""Where everything lies on a printed ballot: the one geometry the PDF draws and the reader reads.

Pure (no Django): `daihoi ballots`, `daihoi scan` and the bench use it without the
application. Coordinates are PDF points, origin at the ballot's bottom left, as reportlab
draws them; the reader turns them into pixels of its canonical image.

A ballot made to be read carries (issue 20 item 1):
- four ArUco markers (OpenCV's 4×4 dictionary, ids 0–3) in its corners, so the reader finds
  the sheet, and corrects rotation, skew, scale and a sheet fed upside down;
- two more ArUco markers between the bottom ones whose ids spell the *round code*, a number
  taken from the election and round (title, list of names, form), the same on every ballot of
  the round: it tells the reader which layout to apply and refuses a ballot of another
  election or round, and nothing on it tells one ballot from another (190-QĐ/TW Điều 15: the
  vote is secret). The code is also printed in digits beside them.
The names stay text in the PDF (searchable, accessible).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import getRegisteredFontNames, stringWidth

from daihoi.core.pdf import register_fonts

MM = 72 / 25.4
MIN_FONT = 6.5
# Fonts are named as daihoi.core.pdf registers them (DejaVu, embedded).
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"

MARKER_SIZE = 7 * MM  # 6 × 6 cells of 4×4 ArUco with its border: about 1.2 mm a cell
MARKER_INSET = 3 * MM  # from the ballot's edge (inside any printer's unprintable margin)
CORNER_IDS = (0, 1, 2, 3)  # top left, top right, bottom right, bottom left (reading order)
# Code markers use ids 4..999 of DICT_4X4_1000: 996 × 996 codes.
CODE_BASE = 996
CODE_FIRST_ID = 4
CODE_COUNT = CODE_BASE * CODE_BASE

STRIKE = "strike"
APPROVE = "approve"

ERR_TOO_MANY = "Danh sách {count} người quá dài cho phiếu khổ này: hãy in khổ A4."
# A row lower than this is hard to strike through one name only: the list takes a larger
# sheet, or two columns (measured: a ballpoint's stroke 0.3–0.55 mm, a slip of ±2 mm).
MIN_ROW = 6 * MM
COLUMN_GAP = 6 * MM
TWO_COLUMNS_FROM = 180 * MM  # a sheet this wide (A4) may take its list in two columns


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def round_code(identity: str, names: list[str], ballot_format: str, size: str = "A5") -> int:
    """The round's code: a number in [0, CODE_COUNT) from what identifies the round.

    `identity` names the election and round (the application: its id and the round's
    number; the command line: title, organization and the list); a change of list, form or
    sheet size changes the code, so a ballot never meets a layout it was not printed with
    (an A4 ballot is an A5 one scaled by √2: read with the other's layout it would fit the
    markers and put every row in the wrong place).
    """
    text = "\n".join([_nfc(identity), ballot_format, *(_nfc(n) for n in names)])
    if size != "A5":  # the A5 code as it was before sizes entered it
        text += f"\nsize {size}"
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % CODE_COUNT


def code_ids(code: int) -> tuple[int, int]:
    """The two marker ids that spell `code` (left, right)."""
    return CODE_FIRST_ID + code // CODE_BASE, CODE_FIRST_ID + code % CODE_BASE


def code_from_ids(left: int, right: int) -> int | None:
    a, b = left - CODE_FIRST_ID, right - CODE_FIRST_ID
    if not (0 <= a < CODE_BASE and 0 <= b < CODE_BASE):
        return None
    return a * CODE_BASE + b


def code_text(code: int) -> str:
    """The code in digits as printed on the ballot: 123-456."""
    return f"{code // 1000:03d}-{code % 1000:03d}"


Rect = tuple[float, float, float, float]  # x, y (bottom left), width, height


@dataclass(frozen=True)
class Row:
    number: int
    name: str
    box: Rect  # the whole table row
    name_box: Rect  # the printed name (its text extent within the row)
    font_size: float
    agree: Rect | None = None  # approve form: the two boxes
    disagree: Rect | None = None


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    ballot_format: str
    code: int
    markers: dict[int, Rect]  # marker id -> its square
    stamp: Rect
    title_y: float
    subtitle_y: float
    header: Rect
    rows: list[Row]
    table: Rect  # header and rows
    note_y: float
    code_text_at: tuple[float, float]
    org_lines_y: list[float] = field(default_factory=list)
    term_y: float | None = None  # the congress and term the ballot elects for, when printed
    size: str = "A5"  # the sheet: "A5" | "A4"
    columns: int = 1  # a long list on A4 runs down two columns, rows numbered down the first
    column_w: float = 0.0  # one column's width (the header and table span all columns)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Layout:
        rows = [Row(**{k: (tuple(v) if isinstance(v, list) else v)  # type: ignore[arg-type]
                       for k, v in r.items()}) for r in data["rows"]]
        keep = {k: v for k, v in data.items() if k not in ("rows", "markers")}
        for key in ("stamp", "header", "table", "code_text_at"):
            keep[key] = tuple(keep[key])
        markers = {int(k): tuple(v) for k, v in data["markers"].items()}
        return cls(rows=rows, markers=markers, **keep)


@cache
def _fonts() -> None:
    if FONT_BOLD not in getRegisteredFontNames():
        register_fonts()


def fit(text: str, font: str, size: float, width: float) -> float:
    while size > MIN_FONT and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def ballot_layout(width: float, height: float, names: list[str], *, ballot_format: str,
                  code: int, org_line_count: int = 2, term_line: bool = False,
                  size: str = "A5") -> Layout:
    """The layout of one ballot of `width` × `height` points listing `names`: one column,
    or two when a row of one column would be lower than MIN_ROW and the sheet is wide."""
    _fonts()
    w, h = width, height
    margin = 10 * MM
    top = h - margin
    approve = ballot_format == APPROVE
    stamp_w, stamp_h = 34 * MM, 24 * MM
    stamp = (margin + 3 * MM, top - stamp_h, stamp_w, stamp_h)
    org_y = []
    y = top - 4 * MM
    for _ in range(org_line_count):
        org_y.append(y)
        y -= 8.5 + 3
    title_y = top - stamp_h - 9 * MM
    subtitle_y = title_y - 6 * MM
    term_y = subtitle_y - 5 * MM if term_line else None
    y = (term_y if term_y is not None else subtitle_y) - 6 * MM
    # Room at the bottom for the note, the code markers and the corner markers.
    bottom = margin + 12 * MM
    n = len(names)
    header_h = 7 * MM
    room = y - bottom - header_h
    columns = 2 if room / max(n, 1) < MIN_ROW and w >= TWO_COLUMNS_FROM and n > 1 else 1
    per_column = -(-n // columns)
    row_h = min(7.5 * MM, room / max(per_column, 1))
    font_size = min(10.5, row_h / MM * 1.9)
    if font_size < MIN_FONT:
        raise ValueError(ERR_TOO_MANY.format(count=n))
    table_w = w - 2 * margin
    column_w = (table_w - (columns - 1) * COLUMN_GAP) / columns
    num_w = 12 * MM
    col_w = (27 * MM if columns == 1 else 16 * MM) if approve else 0
    name_w = column_w - num_w - 2 * col_w
    x0 = margin
    header = (x0, y - header_h, table_w, header_h)
    rows = []
    for i, name in enumerate(names, start=1):
        column, k = divmod(i - 1, per_column)
        cx = x0 + column * (column_w + COLUMN_GAP)
        yy = y - header_h - k * row_h
        box = (cx, yy - row_h, column_w, row_h)
        size_here = fit(name, FONT_BOLD, font_size, name_w - 4 * MM)
        text_w = min(stringWidth(name, FONT_BOLD, size_here), name_w - 4 * MM)
        name_box = (cx + num_w + 3 * MM, yy - row_h / 2 - size_here * 0.35, text_w,
                    size_here * 0.75)
        agree = disagree = None
        if approve:
            agree = (cx + num_w + name_w, yy - row_h, col_w, row_h)
            disagree = (cx + num_w + name_w + col_w, yy - row_h, col_w, row_h)
        rows.append(Row(i, name, box, name_box, size_here, agree, disagree))
    yy = y - header_h - per_column * row_h
    table = (x0, yy, table_w, y - yy)
    s, inset = MARKER_SIZE, MARKER_INSET
    left_id, right_id = code_ids(code)
    markers = {
        CORNER_IDS[0]: (inset, h - inset - s, s, s),
        CORNER_IDS[1]: (w - inset - s, h - inset - s, s, s),
        CORNER_IDS[2]: (w - inset - s, inset, s, s),
        CORNER_IDS[3]: (inset, inset, s, s),
        left_id: (w / 2 - s - 1.5 * MM, inset, s, s),
        right_id: (w / 2 + 1.5 * MM, inset, s, s),
    }
    return Layout(width=w, height=h, ballot_format=ballot_format, code=code, markers=markers,
                  stamp=stamp, title_y=title_y, subtitle_y=subtitle_y, header=header,
                  rows=rows, table=table, note_y=yy - 5 * MM,
                  code_text_at=(w / 2 + s + 3 * MM, inset + 2 * MM), org_lines_y=org_y,
                  term_y=term_y, size=size, columns=columns, column_w=column_w)


def fits(names: list[str], width: float, height: float, *, ballot_format: str,
         org_line_count: int = 2, term_line: bool = False) -> bool:
    """Whether the list prints on this sheet with rows at least MIN_ROW high (in one column,
    or two on a wide sheet)."""
    try:
        lay = ballot_layout(width, height, names, ballot_format=ballot_format, code=0,
                            org_line_count=org_line_count, term_line=term_line)
    except ValueError:
        return False
    return bool(lay.rows) and lay.rows[0].box[3] >= MIN_ROW - 0.01
