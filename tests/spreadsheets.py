"""What every export test asks of a workbook: no cell Excel would run as a formula."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

INJECTION = '=HYPERLINK("http://x","y")'


def formulas(data: bytes) -> list[tuple[str, str, Any]]:
    """Every cell of every sheet that is a formula, or text Excel would take for one."""
    wb = openpyxl.load_workbook(io.BytesIO(data))  # not read-only: data_type as stored
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = cell.value if isinstance(cell.value, str) else ""
                if cell.data_type == "f" or text.startswith(("=", "+", "-", "@", "\t", "\r")):
                    found.append((ws.title, cell.coordinate, cell.value))
    return found


def cells_containing(data: bytes, needle: str) -> list[Any]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and needle in c.value]


def csv_cells(text: str) -> list[str]:
    import csv

    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]
