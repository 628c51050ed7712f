"""core.safexml: openpyxl streams sheets through the C parser after expat has read the part's
prolog and found no DTD (issue 15: defusedxml's pure-Python parser was a fifth of the CPU
of an import). Every entity attack needs a DTD, and a DTD can only stand in the prolog:
these hostile parts, with the DTD placed where an XML parser does accept one (after the
XML declaration), hidden past the head the byte scan of imports.check_workbook reads, or
in another encoding, are refused by the parser check itself."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from daihoi.core import imports, safexml
from tests.core import crafted

COLUMNS = (
    imports.Column("name", "Họ và tên", ("ho ten",), required=True),
    imports.Column("born", "Ngày sinh", ()),
)
ROWS: list[list[Any]] = [["Họ và tên", "Ngày sinh"], ["An", "02/09/1990"], ["Bình", "03/09/1990"]]
DECL = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
LAUGHS = (b"<!DOCTYPE x [<!ENTITY l0 'lol'>"
          + b"".join(b"<!ENTITY l%d '%s'>" % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10))
          + b"]>")
EXTERNAL = b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
PARAMETER = b"<!DOCTYPE x [<!ENTITY % p SYSTEM 'http://127.0.0.1:9/x.dtd'> %p;]>"
HIDE = b"<!--" + b" " * 8000 + b"-->"  # past the 4 KB imports.check_workbook scans


def _sheet(dtd: bytes, *, hide: bool, reference: bytes, encoding: str = "utf-8") -> Any:
    """The real sheet's XML with `dtd` after its declaration (where XML allows one) and the
    cell "An" replaced by `reference`; re-encoded (UTF-16 hides every byte pattern)."""
    def change(body: bytes) -> bytes:
        if body.startswith(b"<?xml"):
            body = body[body.index(b"?>") + 2:]
        rest = body.replace(b"<t>An</t>", b"<t>" + reference + b"</t>")
        assert rest != body
        text = (DECL.decode().replace("UTF-8", encoding) + (HIDE if hide else b"").decode()
                + dtd.decode() + rest.decode())
        return text.encode(encoding)
    return change


HOSTILE = {
    "laughs": (LAUGHS, b"&l9;", "utf-8"),
    "external": (EXTERNAL, b"&e;", "utf-8"),
    "parameter": (PARAMETER, b"x", "utf-8"),
    "laughs-utf16": (LAUGHS, b"&l9;", "utf-16"),
    "external-latin1": (EXTERNAL, b"&e;", "iso-8859-1"),
}


@pytest.mark.parametrize("hide", [False, True])
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_dtd_anywhere_in_the_prolog_is_refused_by_the_parser(kind: str, hide: bool) -> None:
    dtd, ref, encoding = HOSTILE[kind]
    data = crafted.rewrite(crafted.workbook(ROWS),
                           {crafted.SHEET: _sheet(dtd, hide=hide, reference=ref, encoding=encoding)})
    if hide or encoding == "utf-16":
        # check_workbook's byte scan does not see it: the parser check must.
        import zipfile
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            imports.check_workbook(archive, "hostile.xlsx")
    with pytest.raises(imports.ImportRejected) as caught:
        list(imports.read_table(data, COLUMNS, "hostile.xlsx").rows)
    [error] = caught.value.errors
    assert error.reason == str(imports.XML_DTD).format(name="hostile.xlsx", part=crafted.SHEET)


def test_the_check_itself_refuses_and_never_expands() -> None:
    for dtd in (LAUGHS, EXTERNAL, PARAMETER):
        for encoding in ("utf-8", "utf-16-le", "utf-16"):
            body = DECL.decode().replace("UTF-8", encoding.split("-le")[0].upper()) + \
                HIDE.decode() + dtd.decode() + "<r>&amp;</r>"
            raw = body.encode(encoding)
            if encoding == "utf-16-le":
                raw = b"\xff\xfe" + raw
            with pytest.raises(safexml.DTDForbidden):
                list(safexml.iterparse(io.BytesIO(raw)))


def test_a_prolog_longer_than_the_bound_is_refused() -> None:
    raw = DECL + b"<!--" + b" " * (safexml.PROLOG_MAX_BYTES + 8192) + b"--><r/>"
    with pytest.raises(safexml.DTDForbidden, match="prolog"):
        list(safexml.iterparse(io.BytesIO(raw)))


@pytest.mark.parametrize("padding", [0, 4090, 5000, 20000])
def test_a_clean_part_parses_as_the_standard_parser_does(padding: int) -> None:
    """Whatever the root's offset (the check reads in 4 KB chunks, the parse starts over)."""
    rows = b"".join(b"<row r='%d'><c><t>Nguy\xe1\xbb\x85n %d &amp; co</t></c></row>" % (i, i)
                    for i in range(3000))
    raw = DECL + b"<!--" + b"x" * padding + b"-->" + b"<worksheet xmlns='urn:x'>" + rows + b"</worksheet>"
    ours = [(e, el.tag, el.text, dict(el.attrib)) for e, el in safexml.iterparse(io.BytesIO(raw))]
    theirs = [(e, el.tag, el.text, dict(el.attrib)) for e, el in ET.iterparse(io.BytesIO(raw))]  # noqa: S314
    assert ours == theirs and len(ours) == 3000 * 3 + 1


def test_openpyxl_streams_through_it() -> None:
    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    assert _reader.iterparse is safexml.iterparse and strings.iterparse is safexml.iterparse
    data = crafted.shared_string(ROWS, "An", 100, level=6)  # shared strings and a sheet
    table = imports.read_table(data, COLUMNS, "ok.xlsx")
    assert [(n, v[0]) for n, v in table.rows] == [(2, "A" * 100), (3, "Bình")]
