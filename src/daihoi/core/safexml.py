"""The XML parser openpyxl streams a workbook's sheets and shared strings with: the C one
of the standard library, on a part whose prolog has been checked to hold no DTD.

Why not defusedxml's `iterparse`, which openpyxl picks when defusedxml is installed: it
runs the pure-Python copy of ElementTree's parser (defusedxml needs its handlers), which
costs a fifth of the CPU of reading a workbook of 100,000 members (bench/xml_parsers.py
prints the figures). lxml is no cheaper here: openpyxl builds a proxy object per element.

Why this is as safe. Every XML attack on a parser that does not fetch anything (the
standard library's ElementTree never resolves external entities or DTDs) needs entity
declarations: billion laughs, quadratic blow-up, external entities. Declarations exist
only inside a DTD, and a DTD may only stand in the prolog, before the root element (one
after it is a well-formedness error that stops the parse). So `iterparse` first feeds the
part's opening bytes to expat itself (the same library, the same bytes, the same encoding
detection as the parse that follows, so UTF-16 or any other encoding expat reads hides
nothing) until the root element starts: a DOCTYPE or an entity declaration before it is
refused (`DTDForbidden`), as is a prolog longer than `PROLOG_MAX_BYTES` (a real part's is
under 100 bytes) or anything expat cannot read. Then the standard iterparse reads the
part from its first byte. Expat 2.4.1 and later also refuse entity amplification
themselves, a second wall (pyexpat.EXPAT_VERSION; Debian 12 ships 2.5.0).

`install()` points openpyxl's two streaming readers at this `iterparse`; the small parts
(workbook, styles, relationships) keep openpyxl's own choice (defusedxml's fromstring).
"""

from __future__ import annotations

import io
import pyexpat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from defusedxml import DTDForbidden as _DefusedDTDForbidden

PROLOG_MAX_BYTES = 64 << 10
_CHUNK = 16 << 10


class DTDForbidden(_DefusedDTDForbidden):
    """A DTD or an entity declaration (or a prolog that is not plainly free of one)."""

    def __init__(self, reason: str, part: str = "") -> None:
        ValueError.__init__(self, reason)
        self.reason = reason
        self.part = part  # the workbook part (a zip member's name) when known

    def __str__(self) -> str:
        return f"XML: {self.reason}"


class _RootStarted(Exception):  # a signal, not an error
    pass


def _refuse_dtd(*_: Any) -> None:
    raise DTDForbidden("DOCTYPE/ENTITY")


def _root_started(*_: Any) -> None:
    raise _RootStarted


def check_prolog(source: Any) -> list[bytes]:
    """Read `source` up to its root element's start tag through expat; refuse a DTD there.
    Returns the bytes read, for the real parse to start from."""
    parser = pyexpat.ParserCreate(namespace_separator="}")  # as ElementTree's XMLParser
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = _root_started
    chunks: list[bytes] = []
    read = 0
    try:
        while read <= PROLOG_MAX_BYTES:
            chunk = source.read(4096)
            chunks.append(chunk)
            read += len(chunk)
            parser.Parse(chunk, not chunk)
            if not chunk:  # the whole part, and no element: the real parse says why
                return chunks
        raise DTDForbidden(f"prolog over {PROLOG_MAX_BYTES} bytes")
    except _RootStarted:
        return chunks
    except pyexpat.ExpatError as exc:
        raise DTDForbidden(f"unreadable prolog ({exc})") from exc


class _Replay(io.RawIOBase):
    """The bytes already read, then the rest of the source."""

    def __init__(self, head: list[bytes], source: Any) -> None:
        self._head = b"".join(head)
        self._source = source

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0:
                out, self._head = self._head + self._source.read(), b""
                return bytes(out)
            out, self._head = self._head[:size], self._head[size:]
            return out
        return bytes(self._source.read(size))


def iterparse(source: Any, events: Any = None) -> Iterator[tuple[str, Any]]:
    """ElementTree's iterparse (C), after `check_prolog`. `source` is a binary file."""
    if not hasattr(source, "read"):
        with open(source, "rb") as fh:
            yield from iterparse(fh, events)
        return
    try:
        head = check_prolog(source)
    except DTDForbidden as exc:
        exc.part = str(getattr(source, "name", "") or "")  # a ZipExtFile knows its member
        raise
    yield from ET.iterparse(_Replay(head, source), events)  # noqa: S314 - checked above


def dtd_refused(exc: BaseException | None) -> DTDForbidden | None:
    """The DTDForbidden behind `exc` (openpyxl wraps what its parser raised), if any."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, DTDForbidden):
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def install() -> None:
    """openpyxl's streaming readers (sheets in read-only mode, shared strings) use
    `iterparse` above instead of defusedxml's pure-Python one."""
    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    _reader.iterparse = iterparse
    strings.iterparse = iterparse
