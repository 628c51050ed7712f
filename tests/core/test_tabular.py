"""core's spreadsheets: the writer (core/tabular.py) and the import engine (core/imports.py),
without any domain app: columns and rows are made up here."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import IntegrityError
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core import imports, tabular
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


# --- reading --------------------------------------------------------------------------------
COLUMNS = (
    imports.Column("name", "Họ và tên", ("ho ten", "full name"), required=True, max_length=20),
    imports.Column("born", "Ngày sinh", ("date of birth",)),
    imports.Column("note", "Ghi chú", ("note",)),
)


def xlsx_file(tmp_path: Path, rows: list[list[Any]], name: str = "f.xlsx") -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize("header", ["Họ và tên", "HO VA TEN", "  họ   và  tên * ", "Ho ten", "Full Name",
                                    "full_name"])
def test_headers_match_in_either_language_with_or_without_diacritics(header: str) -> None:
    index, errors = imports.match_headers(["STT", header, "Ngày sinh"], COLUMNS)
    assert errors == [] and index == {"name": 1, "born": 2}


def test_a_missing_and_a_doubled_column_are_errors_of_the_header_row() -> None:
    _index, errors = imports.match_headers(["Ngày sinh", "date of birth"], COLUMNS, header_row=3)
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (3, "date of birth", str(imports.DUPLICATE_COLUMN).format(column="date of birth")),
        (3, "Họ và tên", str(imports.MISSING_COLUMN).format(column="Họ và tên")),
    ]


def test_the_header_is_found_under_a_title_and_rows_keep_their_excel_numbers(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path, [["DANH SÁCH"], [], ["Họ và tên", "Ngày sinh"], ["An", "02/09/1990"],
                                [None, None], ["Bình", None]])
    table = imports.read_table(path, COLUMNS)
    assert table.header_row == 3 and table.headers == ["Họ và tên", "Ngày sinh"]
    assert [(n, v) for n, v in table.rows if not imports.is_blank(v)] == [
        (4, ("An", "02/09/1990")), (6, ("Bình",))]  # read-only mode: a row ends at its last cell


def test_csv_with_semicolons_and_a_bom_and_bytes_with_a_filename() -> None:
    raw = "\ufeffHọ và tên;Ghi chú\n\"Trần; Thị\";x\n".encode()
    table = imports.read_table(raw, COLUMNS, "up.csv")
    assert list(table.rows) == [(2, ("Trần; Thị", "x"))]


def test_unreadable_files_are_rejected_as_files(tmp_path: Path) -> None:
    with pytest.raises(imports.UnreadableFile) as exc:
        imports.read_table(b"not a workbook", COLUMNS, "x.xlsx")
    assert exc.value.errors[0].row is None and "Không đọc được tệp" in exc.value.errors[0].reason
    with pytest.raises(imports.UnreadableFile):
        imports.read_table("Họ và tên\nAn".encode("utf-16"), COLUMNS, "x.csv")
    with pytest.raises(imports.UnreadableFile) as exc:
        imports.read_table(b"", COLUMNS, "x.pdf")
    assert exc.value.errors[0].reason == str(imports.BAD_FILE_TYPE)


def test_a_csv_cell_over_the_field_limit_is_an_error_of_its_row() -> None:
    raw = ("Họ và tên,Ghi chú\nAn,x\nBình," + "y" * 200_000 + "\n").encode()
    with pytest.raises(imports.ImportRejected) as exc:
        list(imports.read_table(raw, COLUMNS, "x.csv").rows)
    (error,) = exc.value.errors
    assert error.row == 3 and "Không đọc được dòng này" in error.reason


def test_row_check_names_row_column_value_and_reason() -> None:
    headers = {"name": "HO TEN", "born": "Ngày sinh", "note": "Ghi chú"}
    index = {"name": 0, "born": 1, "note": 2}
    check = imports.RowCheck(7, ("Nguyễn Văn Một Hai Ba Bốn Năm", "31/02/1990", "a\x00b"), index, headers)
    check.text("name", max_length=20)
    check.date("born", today=dt.date(2025, 1, 1))
    check.text("note")
    assert [(e.row, e.column, e.value, e.reason) for e in check.errors] == [
        (7, "HO TEN", "Nguyễn Văn Một Hai Ba Bốn Năm", str(imports.TOO_LONG).format(max=20)),
        (7, "Ngày sinh", "31/02/1990", str(imports.BAD_DATE)),
        (7, "Ghi chú", "ab", str(imports.CONTROL_CHARACTER)),
    ]
    assert str(check.errors[1]) == f"Dòng 7, cột «Ngày sinh»: «31/02/1990» {imports.BAD_DATE}"


def test_our_guard_comes_off_on_import(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    tabular.write_xlsx(path, tabular.Sheet("S", ["Họ và tên", "Ghi chú"], [[INJECTION, "+84 912"]]))
    table = imports.read_table(path, COLUMNS)
    values = next(v for _n, v in table.rows)
    check = imports.RowCheck(2, values, {"name": 0, "note": 1}, {})
    assert (check.text("name"), check.text("note")) == (INJECTION, "+84 912")


# --- all or nothing -------------------------------------------------------------------------
def _validate(file: imports.Prepared, report: imports.ProgressFn) -> tuple[list[str], list[imports.RowError]]:
    good, errors = [], []
    for number, values in file.table.rows:
        check = imports.RowCheck(number, values, file.index, file.headers)
        name = check.text("name", required=True)
        errors += check.errors
        if not check.errors:
            good.append(name)
        report(len(good), file.table.estimated_rows, imports.PHASE_VALIDATING)
    return good, errors


def test_run_import_writes_everything_and_reports_progress(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path, [["Họ và tên"], ["An"], ["Bình"]])
    written: list[str] = []
    calls: list[tuple[Any, ...]] = []

    def write(rows: list[str], report: imports.ProgressFn) -> int:
        written.extend(rows)
        report(len(rows), len(rows), imports.PHASE_WRITING)
        return len(rows)

    result = imports.run_import(source=path, filename=None, columns=COLUMNS,
                                progress=lambda *a: calls.append(a), validate=_validate, write=write,
                                min_hits=1)
    assert result.created == 2 and written == ["An", "Bình"]
    phases = [c[2] for c in calls if len(c) > 2]
    assert phases[0] == imports.PHASE_READING and imports.PHASE_WRITING in phases


def test_run_import_writes_nothing_when_one_row_is_bad(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path, [["Họ và tên", "Ghi chú"], ["An", ""], ["", "x"]])

    def write(rows: list[str], report: imports.ProgressFn) -> int:
        raise AssertionError("nothing may be written")

    with pytest.raises(imports.ImportRejected) as exc:
        imports.run_import(source=path, filename=None, columns=COLUMNS, progress=None,
                           validate=_validate, write=write)
    assert [(e.row, e.column, e.reason) for e in exc.value.errors] == [
        (3, "Họ và tên", str(imports.REQUIRED))]
    empty = xlsx_file(tmp_path, [["Họ và tên", "Ghi chú"]], "e.xlsx")
    with pytest.raises(imports.ImportRejected) as exc:
        imports.run_import(source=empty, filename=None, columns=COLUMNS, progress=None,
                           validate=_validate, write=write)
    assert exc.value.errors[0].reason == str(imports.EMPTY_FILE)


def test_a_conflict_while_writing_rejects_the_file(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path, [["Họ và tên", "Ghi chú"], ["An", ""]])

    def write(rows: list[str], report: imports.ProgressFn) -> int:
        raise IntegrityError("unique")

    with pytest.raises(imports.ImportRejected) as exc:
        imports.run_import(source=path, filename=None, columns=COLUMNS, progress=None,
                           validate=_validate, write=write)
    assert exc.value.errors[0].reason == str(imports.CHANGED_DURING_IMPORT)
