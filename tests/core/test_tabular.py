"""core's spreadsheets, the writer (core/tabular.py), without any domain app: columns and
rows are made up here. The import engine is tested in test_imports.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core import tabular
from tests.spreadsheets import INJECTION, formulas

TRIGGERS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", INJECTION]


def book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


# --- writing --------------------------------------------------------------------------------
def test_a_sheet_has_its_title_a_bold_frozen_header_and_widths() -> None:
    data = tabular.xlsx_bytes(tabular.Sheet(
        "Danh sách: đảng viên/2025", [tabular.Col("Họ và tên", 30), "Tuổi"], [["An", 40]],
        auto_filter=True))
    ws = book(data).worksheets[0]
    assert ws.title == "Danh sách đảng viên2025"  # Excel refuses : and / in a sheet's name
    assert [c.value for c in ws[1]] == ["Họ và tên", "Tuổi"]
    assert ws["A1"].font.b is True and ws["B1"].font.b is True
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 30
    assert ws.column_dimensions["B"].width == 10  # from the header's length, at least 10
    assert ws.auto_filter.ref == "A1:B2"
    assert ws["B2"].value == 40 and ws["B2"].data_type == "n"


def test_a_preamble_goes_above_the_header_and_the_freeze_follows() -> None:
    data = tabular.xlsx_bytes(tabular.Sheet("S", ["A", "B"], [[1, 2]], preamble=[["Tiêu đề"], []]))
    ws = book(data).worksheets[0]
    assert ws["A1"].value == "Tiêu đề" and ws["A1"].font.b is True
    assert [c.value for c in ws[3]] == ["A", "B"]
    assert ws.freeze_panes == "A4"


@pytest.mark.parametrize("text", TRIGGERS)
def test_formula_looking_text_is_text_in_xlsx(text: str) -> None:
    data = tabular.xlsx_bytes(tabular.Sheet("S", ["Tên"], [[text]], preamble=[[text]]))
    assert formulas(data) == []
    ws = book(data).worksheets[0]
    for cell in (ws["A1"], ws["A3"]):
        assert cell.data_type == "s" and cell.value == tabular.GUARD + text


def test_numbers_and_dates_stay_what_they_are() -> None:
    data = tabular.xlsx_bytes(tabular.Sheet("S", ["a", "b", "c", "d", "e"], [
        [-5, 2.5, dt.date(2024, 2, 29), dt.datetime(2024, 2, 29, 8, 30), True]]))
    ws = book(data).worksheets[0]
    assert [c.value for c in ws[2]] == [-5, 2.5, dt.datetime(2024, 2, 29), dt.datetime(2024, 2, 29, 8, 30),
                                        True]
    assert ws["C2"].number_format == tabular.DATE_FORMAT
    assert ws["D2"].number_format == tabular.DATETIME_FORMAT


def test_styled_cells_dropdowns_and_a_note() -> None:
    from openpyxl.styles import Font

    data = tabular.xlsx_bytes(tabular.Sheet(
        "S", [tabular.Col("Giới tính", choices='"Nam,Nữ"'), tabular.Col("Số thẻ", number_format="@")],
        [[tabular.Styled("Nữ", font=Font(italic=True)), "0012"]], note="Dòng 2 là mẫu",
        dropdown_rows=100))
    ws = book(data).worksheets[0]
    assert ws["A2"].font.i is True
    assert ws["B2"].number_format == "@"
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"Nam,Nữ"' and str(dv.sqref) == "A2:A101"
    assert ws["A1"].comment.text == "Dòng 2 là mẫu"


def test_several_sheets_in_order_with_their_counts(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    counts = tabular.write_xlsx(path, tabular.Sheet("Một", ["a"], [[1], [2]]),
                                tabular.Sheet("Hai", ["b"], iter([[3]])))
    assert counts == [2, 1]
    assert book(path.read_bytes()).sheetnames == ["Một", "Hai"]


def test_csv_has_a_bom_guards_formulas_and_writes_dates_as_text() -> None:
    text = tabular.csv_text(["Họ và tên", "Ngày", "Số"],
                            [[INJECTION, dt.date(1990, 9, 2), -3], ["Đỗ Thị Ân", None, 0]])
    assert text.startswith("\ufeffHọ và tên,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["'" + INJECTION, "02/09/1990", "-3"]  # the number stays a number
    assert rows[2] == ["Đỗ Thị Ân", "", "0"]


@given(st.text(max_size=30))
def test_the_guard_comes_off_again(text: str) -> None:
    guarded = tabular.neutralize(text)
    assert not (guarded.startswith(tabular.FORMULA_TRIGGERS))
    assert tabular.unguard(guarded) == text or (
        # text that already began with the guard and a trigger reads back without the guard
        text.startswith(tabular.GUARD) and tabular.unguard(guarded) == text[1:])
