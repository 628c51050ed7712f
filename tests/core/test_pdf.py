"""core.pdf.para_text: data in a Paragraph is text, whatever markup it holds (issue 15)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph

from daihoi.core.pdf import para_text, styles
from tests.layers import SRC, source_files
from tests.pdftext import BROKEN_IMAGE, FONT_TAG


def test_para_text_escapes_what_the_paragraph_parser_reads() -> None:
    assert para_text('A & B <b>"c"</b>') == 'A &amp; B &lt;b&gt;"c"&lt;/b&gt;'
    assert para_text(7) == "7"
    assert para_text("Nguyễn Văn An") == "Nguyễn Văn An"


@pytest.mark.parametrize("value", [BROKEN_IMAGE, FONT_TAG, '<img src="/etc/x.png"/>', "&nbsp;&amp;",
                                   "Đỏ</font>", "<br/>"])
def test_a_paragraph_of_escaped_data_reads_back_as_typed(value: str) -> None:
    paragraph = Paragraph(f"<b>Tên:</b> {para_text(value)}", styles()["Normal"])
    assert paragraph.getPlainText() == f"Tên: {value}"
    # One run of the body's own font and size: the data changed no style.
    assert {(f.fontName, f.fontSize) for f in paragraph.frags[1:]} == {
        (styles()["Normal"].fontName, styles()["Normal"].fontSize)}


def _escapes_and_paragraphs(path: Path) -> tuple[set[str], bool]:
    """The escape functions a module imports, and whether it imports reportlab's Paragraph."""
    escapes: set[str] = set()
    paragraphs = False
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if "escape" in names:
                escapes.add(node.module)
            paragraphs |= node.module.startswith("reportlab") and "Paragraph" in names
    return escapes, paragraphs


def test_one_helper_escapes_for_every_pdf() -> None:
    """A module that builds Paragraphs escapes its data with core.pdf.para_text, not with an
    escape of its own (django's escape is for HTML, and two helpers drift apart)."""
    builders = []
    for path in source_files():
        escapes, paragraphs = _escapes_and_paragraphs(path)
        if paragraphs and path != SRC / "core" / "pdf.py":
            builders.append(path.relative_to(SRC).as_posix())
            assert not escapes, f"{path}: {escapes}"
            assert "para_text" in path.read_text(encoding="utf-8"), path
    assert {"elections/pdf.py", "congress/pdfs.py", "congress/proceedings/pdfs.py"} <= set(builders)
