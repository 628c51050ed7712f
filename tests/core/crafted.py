"""Hostile workbooks, made by rewriting the parts of a real one: an entity, a billion
laughs, a huge shared string, a zip bomb. What the probe of issue 15 uploaded."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(rows: list[list[Any]]) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


Part = Callable[[bytes], bytes] | bytes | Iterable[bytes]


def rewrite(data: bytes, parts: dict[str, Part], level: int = 6, to: Path | None = None) -> bytes:
    """The workbook with some parts changed (a function of the old content, new bytes, or
    chunks written as they come, so a huge part never sits in memory) or added; written
    to `to` when given (then b"" is returned)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out: Any = to.open("wb") if to is not None else io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        names = src.namelist()
        for name in names + [n for n in parts if n not in names]:
            body = src.read(name) if name in names else b""
            change = parts.get(name)
            if callable(change):
                body = change(body)
            elif isinstance(change, bytes):
                body = change
            elif change is not None:
                with z.open(name, "w", force_zip64=True) as fh:
                    for chunk in change:
                        fh.write(chunk)
                continue
            z.writestr(name, body)
    if to is not None:
        out.close()
        return b""
    return bytes(out.getvalue())


def with_doctype(rows: list[list[Any]], doctype: bytes, cell: str, replacement: bytes) -> bytes:
    """A workbook whose sheet declares `doctype` and writes `replacement` (an entity
    reference) for the inline text `cell`."""
    def change(body: bytes) -> bytes:
        return doctype + body.replace(b"<t>" + cell.encode() + b"</t>", b"<t>" + replacement + b"</t>")
    return rewrite(workbook(rows), {SHEET: change})


def external_entity(rows: list[list[Any]], cell: str) -> bytes:
    return with_doctype(rows, b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", cell, b"&e;")


def billion_laughs(rows: list[list[Any]], cell: str) -> bytes:
    levels = b"".join(b"<!ENTITY l%d '%s'>" % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10))
    return with_doctype(rows, b"<!DOCTYPE x [<!ENTITY l0 'lol'>" + levels + b"]>", cell, b"&l9;")


def _repeat(head: bytes, fill: bytes, count: int, tail: bytes) -> Iterator[bytes]:
    yield head
    chunk = fill * (1 << 20)
    for _ in range(count >> 20):
        yield chunk
    yield fill * (count % (1 << 20))
    yield tail


def shared_string(rows: list[list[Any]], cell: str, text_bytes: int, level: int = 9,
                  to: Path | None = None) -> bytes:
    """The inline text `cell` made a reference to one shared string of `text_bytes`
    bytes (compressed: a few hundred KB for 300 MB)."""
    def sheet(body: bytes) -> bytes:
        old = b'<c r="A2" t="inlineStr"><is><t>' + cell.encode() + b"</t></is></c>"
        assert old in body, "the cell must be A2"
        return body.replace(old, b'<c r="A2" t="s"><v>0</v></c>')

    def types(body: bytes) -> bytes:
        return body.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType='
                            b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings'
                            b'+xml"/></Types>')

    def rels(body: bytes) -> bytes:
        return body.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                            b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                            b'Id="rId99"/></Relationships>')

    shared = _repeat(b'<sst xmlns="' + _MAIN + b'" count="1" uniqueCount="1"><si><t>', b"A", text_bytes,
                     b"</t></si></sst>")
    return rewrite(workbook(rows), {SHEET: sheet, "[Content_Types].xml": types,
                                    "xl/_rels/workbook.xml.rels": rels, SHARED: shared}, level, to)
