"""What the probe of issue 15 uploaded to the import engine: each hostile file gets
ImportRejected naming the file, the row and the reason, before any parser is fooled;
memory stays bounded for any file under the cap (measured in a child process)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl.xml
import pytest

from daihoi.core import imports
from tests.core import crafted

COLUMNS = (
    imports.Column("name", "Họ và tên", ("ho ten",), required=True),
    imports.Column("born", "Ngày sinh", ()),
)
ROWS: list[list[Any]] = [["Họ và tên", "Ngày sinh"], ["An", "02/09/1990"], ["Bình", "03/09/1990"]]
ROOT = Path(__file__).resolve().parents[2]


def rejected(data: bytes, name: str = "hostile.xlsx") -> list[imports.RowError]:
    with pytest.raises(imports.ImportRejected) as caught:
        table = imports.read_table(data, COLUMNS, name)
        list(table.rows)
    assert str(caught.value)  # a message, not a bare exception
    return caught.value.errors


def test_openpyxl_parses_with_defusedxml() -> None:
    """The small parts (workbook, styles, relationships); the sheets and shared strings
    go through core.safexml (tests/core/test_safexml.py)."""
    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize("make", [crafted.external_entity, crafted.billion_laughs])
def test_a_dtd_in_a_workbook_is_refused_by_name_before_parsing(make: Any) -> None:
    [error] = rejected(make(ROWS, "An"))
    assert error.row is None
    assert error.reason == str(imports.XML_DTD).format(name="hostile.xlsx", part=crafted.SHEET)


def test_a_dtd_hidden_past_the_head_of_a_part_is_still_refused_by_the_parser() -> None:
    padding = b"<!--" + b" " * 8000 + b"-->"
    data = crafted.with_doctype(ROWS, padding + b"<!DOCTYPE x [<!ENTITY e 'boom'>]>", "An", b"&e;")
    [error] = rejected(data)
    # The parser's own check (core.safexml) names it as the byte scan would.
    assert error.reason == str(imports.XML_DTD).format(name="hostile.xlsx", part=crafted.SHEET)


def test_a_huge_shared_string_is_refused_by_its_declared_size() -> None:
    data = crafted.shared_string(ROWS, "An", 300 << 20)
    assert len(data) < 400_000  # the probe's 311 KB file
    [error] = rejected(data)
    assert error.reason == str(imports.PART_TOO_LARGE).format(
        name="hostile.xlsx", part=crafted.SHARED, limit="32 MB")


def test_a_part_that_inflates_like_a_zip_bomb_is_refused() -> None:
    data = crafted.shared_string(ROWS, "An", 20 << 20)  # under the bound, 1000:1
    [error] = rejected(data)
    assert error.reason.startswith(f"Tệp «hostile.xlsx»: phần «{crafted.SHARED}» nén ")
    assert f"(tối đa {imports.MAX_RATIO}:1)" in error.reason


def test_a_real_workbook_with_shared_strings_still_imports() -> None:
    data = crafted.shared_string(ROWS, "An", 100, level=6)
    table = imports.read_table(data, COLUMNS, "ok.xlsx")
    assert [(n, v[0]) for n, v in table.rows] == [(2, "A" * 100), (3, "Bình")]


def test_a_file_over_the_cap_is_refused_by_its_size(settings: Any, tmp_path: Path) -> None:
    settings.DAIHOI_IMPORT_MAX_BYTES = 1000
    path = tmp_path / "big.csv"
    path.write_bytes(b"H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan;x\n" + b"a;b\n" * 400)
    with pytest.raises(imports.ImportRejected) as caught:
        imports.read_table(path, COLUMNS, min_hits=1)
    assert [e.reason for e in caught.value.errors] == [
        str(imports.TOO_LARGE).format(name="big.csv", size="1,6 KB", limit="1000 byte")]


def test_more_rows_than_the_limit_are_refused(settings: Any) -> None:
    settings.DAIHOI_IMPORT_MAX_ROWS = 50
    raw = ("Họ và tên;Ngày sinh\n" + "An;02/09/1990\n" * 100).encode()
    [error] = rejected(raw, "many.csv")
    assert error.reason == str(imports.TOO_MANY_ROWS).format(name="many.csv", limit=50)


def test_a_csv_cell_over_the_field_limit_names_its_row() -> None:
    raw = ("Họ và tên;Ngày sinh\nAn;x\n" + "B" * 140_000 + ";y\n").encode()
    [error] = rejected(raw, "long.csv")
    assert error.row == 3 and error.reason.startswith(str(imports.BAD_CSV_ROW).format(error=""))


def test_a_nul_byte_in_a_name_is_a_row_error_not_a_database_error() -> None:
    raw = "Họ và tên;Ngày sinh\nA\x00n;02/09/1990\n".encode()
    table = imports.read_table(raw, COLUMNS, "nul.csv")
    [(number, values)] = list(table.rows)
    check = imports.RowCheck(number, values, {"name": 0}, {"name": "Họ và tên"})
    check.text("name", required=True)
    assert [(e.row, e.column, e.value, e.reason) for e in check.errors] == [
        (2, "Họ và tên", "An", str(imports.CONTROL_CHARACTER))]


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04garbage", b"not a zip at all" * 10])
def test_what_is_not_a_zip_is_not_a_workbook(data: bytes) -> None:
    with pytest.raises(imports.UnreadableFile) as caught:
        imports.read_table(data, COLUMNS, "x.xlsx")
    assert caught.value.errors[0].reason == str(imports.BAD_FILE).format(
        error=str(imports.NOT_A_WORKBOOK).format(name="x.xlsx"))


def test_a_zip_without_a_workbook_inside_is_unreadable_in_one_line() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    [error] = rejected(out.getvalue())
    assert error.reason.startswith(str(imports.BAD_FILE).format(error="")) and "\n" not in error.reason


def test_a_broken_cell_value_further_down_names_its_row() -> None:
    def sheet(body: bytes) -> bytes:  # a number cell that is not a number
        return body.replace(b'<c r="B3" t="inlineStr"><is><t>03/09/1990</t></is></c>',
                            b'<c r="B3" t="n"><v>not-a-number</v></c>')
    data = crafted.rewrite(crafted.workbook(ROWS), {crafted.SHEET: sheet})
    [error] = rejected(data)
    assert error.row == 3 and error.reason.startswith(str(imports.BAD_FILE).format(error=""))


def _sheet_around(cell: str) -> tuple[bytes, bytes]:
    body = zipfile.ZipFile(io.BytesIO(crafted.workbook(ROWS))).read(crafted.SHEET)
    head, tail = body.split(b"<t>" + cell.encode() + b"</t>")
    return head + b"<t>", b"</t>" + tail


# --- memory -------------------------------------------------------------------------------
_CHILD = """
import json, resource, sys
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "daihoi.settings"
django.setup()
from pathlib import Path
from daihoi.core import imports
columns = (imports.Column("name", "Họ và tên", (), required=True),
           imports.Column("born", "Ngày sinh", ()))
path = Path(sys.argv[1])
try:
    table = imports.read_table(path, columns)
    n = sum(1 for _ in table.rows)
    out = {"rows": n}
except imports.ImportRejected as exc:
    out = {"rejected": [e.reason for e in exc.errors]}
# This process's own peak since exec (Linux): ru_maxrss would also count the parent's
# size at the fork.
with open("/proc/self/status") as fh:
    out["hwm_kb"] = int(next(line for line in fh if line.startswith("VmHWM")).split()[1])
print(json.dumps(out))
"""


def peak_rss_mb(path: Path, tmp_path: Path) -> tuple[dict[str, Any], float]:
    """Import `path` in a child process; its peak resident memory in MB: the child's own
    VmHWM, which starts afresh at exec. (RUSAGE_CHILDREN is not used: it is the largest of
    every child this worker ever had, a browser of an earlier test included.)"""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path)],  # noqa: S603 (our own script)
                          capture_output=True, text=True,
                          check=True, cwd=ROOT, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "DAIHOI_VAR": str(tmp_path / "var"),
                               "PYTHONPATH": str(ROOT / "src")})
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{path.name}: {path.stat().st_size} bytes, peak {result['hwm_kb'] // 1024} MB")
    return result, result["hwm_kb"] / 1024


def test_the_probes_shared_string_workbook_stays_under_300_mb(tmp_path: Path) -> None:
    path = tmp_path / "shared.xlsx"
    crafted.shared_string(ROWS, "An", 300 << 20, to=path)
    result, peak = peak_rss_mb(path, tmp_path)
    assert "rejected" in result and peak < 300, (result, peak)


def test_a_workbook_of_one_huge_cell_under_the_cap_stays_under_300_mb(tmp_path: Path) -> None:
    # Incompressible text (no zip bomb) as big as the cap allows, in one inline cell: the
    # XML parser holds it whole.
    import random
    import string
    from collections.abc import Iterator

    from django.conf import settings

    rnd = random.Random(15)
    alphabet = (string.ascii_letters + string.digits).encode()
    size = settings.DAIHOI_IMPORT_MAX_BYTES * 95 // 100 * 4 // 3  # base62 packs 6 bits a byte

    def sheet() -> Iterator[bytes]:
        head, tail = _sheet_around("An")
        yield head
        for _ in range(size >> 20):
            yield bytes(rnd.choices(alphabet, k=1 << 20))
        yield tail

    path = tmp_path / "cell.xlsx"
    crafted.rewrite(crafted.workbook(ROWS), {crafted.SHEET: sheet()}, level=9, to=path)
    assert path.stat().st_size <= settings.DAIHOI_IMPORT_MAX_BYTES
    result, peak = peak_rss_mb(path, tmp_path)
    assert peak < 300, (result, peak)


def test_a_csv_at_the_cap_stays_under_300_mb(tmp_path: Path) -> None:
    from django.conf import settings

    line = "Nguyễn Thị Phương Thảo;02/09/1990\n".encode()
    path = tmp_path / "full.csv"
    path.write_bytes("Họ và tên;Ngày sinh\n".encode() + line * (settings.DAIHOI_IMPORT_MAX_BYTES
                                                                // len(line) - 1))
    result, peak = peak_rss_mb(path, tmp_path)
    assert peak < 300, (result, peak)
