"""core's import engine (core/imports.py), without any domain app: columns and rows are
made up here. Reading a file, matching its headers, checking its rows, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import IntegrityError

from daihoi.core import imports, tabular
from tests.spreadsheets import INJECTION

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
