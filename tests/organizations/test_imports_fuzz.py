"""The members import on anything a user may upload (issue 15): random bytes, random
CSV-ish text, a real workbook with random cells (as openpyxl writes them, and as raw XML
of any cell type). The answer is ImportRejected with a message, or a correct result;
never another exception, never a partial write."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.core.models import AuditLog
from daihoi.organizations import imports as im
from daihoi.organizations.models import Member
from tests.core import crafted
from tests.organizations.test_imports import GOOD, HEADERS, orgs

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def tree(db: None) -> None:
    orgs()


def run(data: bytes, name: str) -> None:
    """Import `data` as `name`; on success every data row is a member, on rejection
    nothing is written. Rolled back either way, so examples do not meet."""
    with transaction.atomic():
        members, audits = Member.objects.count(), AuditLog.objects.count()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            try:
                result = im.import_members_file(acting_user=None, path=path, filename=name, today=TODAY)
            except im.ImportRejected as rejected:
                assert str(rejected) and rejected.errors
                assert all(e.reason for e in rejected.errors)
                assert Member.objects.count() == members and AuditLog.objects.count() == audits
            else:
                assert result.created > 0
                assert Member.objects.count() == members + result.created
                assert AuditLog.objects.count() == audits + result.created
        transaction.set_rollback(True)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["f.xlsx", "f.csv"]))
def test_random_bytes(tree: None, data: bytes, name: str) -> None:
    run(data, name)


def test_random_bytes_that_look_like_a_zip(tree: None) -> None:
    good = crafted.workbook([HEADERS, *GOOD])
    for cut in (30, 100, len(good) // 2, len(good) - 10):
        run(good[:cut], "cut.xlsx")


cells = st.text(alphabet=st.sampled_from(list('aăâb;,\t"\n\r\x00\x1f=+-@0123456789/ Nguyễn')), max_size=30)


@FUZZ
@given(st.lists(st.lists(cells, max_size=14), max_size=6), st.sampled_from([";", ",", "\t"]),
       st.booleans())
def test_random_csv_ish_text(tree: None, rows: list[list[str]], sep: str, bom: bool) -> None:
    lines = [sep.join(HEADERS), *(sep.join(r) for r in rows)]
    run(("\ufeff" if bom else "").encode() + "\n".join(lines).encode("utf-8", "surrogatepass"), "f.csv")


values = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(min_value=dt.date(1900, 1, 1)), st.text(max_size=300).filter(
        lambda t: not any(ord(c) < 32 and c not in "\t\n\r" for c in t)),
)


@FUZZ
@given(st.integers(0, len(GOOD) - 1), st.integers(0, len(HEADERS) - 1), values)
def test_a_real_workbook_with_a_random_cell(tree: None, row: int, col: int, value: Any) -> None:
    rows = [list(r) for r in GOOD]
    rows[row][col] = value
    wb = openpyxl.Workbook()
    for r in [HEADERS, *rows]:
        try:
            wb.active.append(r)
        except (ValueError, TypeError):  # openpyxl cannot write it: not a file a user has
            return
    out = io.BytesIO()
    wb.save(out)
    run(out.getvalue(), "f.xlsx")


@FUZZ
@given(st.sampled_from(["s", "n", "b", "d", "e", "str", "inlineStr", "x"]),
       st.one_of(st.text(max_size=50), st.sampled_from(["9" * 5000, "1e999", "nan", "-1", "99999999",
                                                        "2024-13-45", "1.5"])))
def test_a_real_workbook_with_a_raw_cell_of_any_type(tree: None, kind: str, text: str) -> None:
    text = "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 32 and c not in "\ufffe\uffff"))
    text = "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF)
    value = escape(text).encode()
    cell = (b'<c r="C2" t="inlineStr"><is><t>' + value + b"</t></is></c>" if kind == "inlineStr"
            else b'<c r="C2" t="' + kind.encode() + b'"><v>' + value + b"</v></c>")

    def sheet(body: bytes) -> bytes:
        start = body.index(b'<c r="C2"')
        end = body.index(b"</c>", start) + 4
        return body[:start] + cell + body[end:]

    run(crafted.rewrite(crafted.workbook([HEADERS, *GOOD]), {crafted.SHEET: sheet}), "f.xlsx")


def test_the_good_file_imports_so_the_fuzz_can_succeed(tree: None) -> None:
    with transaction.atomic():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "good.xlsx"
            path.write_bytes(crafted.workbook([HEADERS, *GOOD]))
            result = im.import_members_file(acting_user=None, path=path, today=TODAY)
        assert result.created == len(GOOD)
        transaction.set_rollback(True)
