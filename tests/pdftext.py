"""Markup typed as data, and the text a PDF builder really draws: the tests of every PDF
(tests/*/test_pdf_markup.py) feed these names in and read them back.

reportlab's Paragraph reads a mini-HTML. A name that holds markup must print as the
characters typed: never a 500 (an <img> whose file is missing), never a change of type
size or colour inside official minutes, never a file of the server embedded in the PDF."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from reportlab.pdfgen.textobject import PDFTextObject

from tests.conftest import save_artifact

BROKEN_IMAGE = '"><img src=x onerror=alert(1)>'
FONT_TAG = '<font size="30" color="red">'
# The three of the issue (each breaks the build on an unescaped paragraph), and the same tags
# closed, which the generator accepts: red 30-point text, the server's picture embedded.
KINDS = ("broken-image", "font", "server-image", "closed-tags")


def payload(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The name to type. The images name a picture that exists on the server: made in
    `tmp_path`, the working directory for the test, so the name is short enough for a
    name field (120 characters) and the generator would find it."""
    if kind in ("server-image", "closed-tags"):
        Image.new("RGB", (4, 4), "red").save(tmp_path / "s.png")
        monkeypatch.chdir(tmp_path)
        if kind == "closed-tags":
            return f'{FONT_TAG}Đỏ</font><img src="s.png"/>'
        return '<img src="s.png">'
    return {"broken-image": BROKEN_IMAGE, "font": FONT_TAG}[kind]


@contextmanager
def drawn_text(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every string reportlab writes as text (paragraphs, table cells and the canvas's
    drawString alike pass through the text object; the file holds them subset-encoded)."""
    drawn: list[str] = []
    original = PDFTextObject._formatText

    def record(self: PDFTextObject, text: str) -> str:
        drawn.append(text)
        return original(self, text)

    monkeypatch.setattr(PDFTextObject, "_formatText", record)
    try:
        yield drawn
    finally:
        monkeypatch.setattr(PDFTextObject, "_formatText", original)


def assert_printed_literally(data: bytes, drawn: list[str], *values: str) -> None:
    """The PDF was made, embeds no picture, and shows each value as typed. Lines may wrap
    inside a value (a narrow cell), so white space is left out of the comparison."""
    assert data.startswith(b"%PDF"), data[:200]
    assert b"/Subtype /Image" not in data, "a file named in the data was embedded"
    text = "".join("".join(drawn).split())
    for value in values:
        assert "".join(value.split()) in text, f"{value!r} is not printed as typed"


def pdf_text_as(client: Any, monkeypatch: pytest.MonkeyPatch, url: str, language: str) -> str:
    """The PDF at `url` as the user whose language is `language` gets it: its drawn text,
    white space collapsed (a long line wraps anywhere)."""
    client.cookies["django_language"] = language
    with drawn_text(monkeypatch) as drawn:
        response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF"), url
    save_artifact(f"{url.strip('/').replace('/', '-')}-{language}.pdf", response.content)
    return " ".join(" ".join(drawn).split())
