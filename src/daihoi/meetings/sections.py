"""A draft's sections, and how the sections of one version map onto the next.

Reading: a DOCX (python-docx, by paragraph) or a PDF (pypdfium2, by line of each page's
text) is cut into sections at its headings, decided once by `heading_level`: a DOCX
paragraph styled "Heading N" or "Title"; a short line numbered like "I.", "1.", "A.",
"Phần thứ nhất", "Chương", "Mục" in bold (or written in capitals); a short line wholly in
capitals ("BÁO CÁO CHÍNH TRỊ"). The text before the first heading is the section
"(Mở đầu)"; a document without headings is one section.

Matching (`match`): each old section is scored against every new one by heading and text
(difflib's ratio); a comment follows its section to the best new section. Certain when the
text is nearly the same (moved or renamed sections) or heading and text agree; uncertain
(the office confirms) when only part of the text is there (a split section) or the heading
alone agrees; gone (the section was deleted, the office places or leaves it) below that.
Pure: no Django.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

INTRO = "(Mở đầu)"
NUMBERED = re.compile(r"^\s*(?:[IVXLC]+\.|\d+(?:\.\d+)*\.?|[A-ZĐ]\.|Phần thứ|Chương|Mục)\s+\S",
                      re.UNICODE)
# Scores: certain from here, uncertain from UNSURE, gone below.
SURE = 0.80
UNSURE = 0.35


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    level: int = 1


HEADING_MAX = 160  # a longer line is a paragraph, however it starts


def _upper(text: str) -> bool:
    """Written in capitals: at least two words, every letter upper case."""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= 2 and len(letters) >= 4 and all(c.isupper() for c in letters)


def heading_level(text: str, *, style: str = "", bold: bool = False) -> int:
    """The heading level of a paragraph or line (0: body text), for DOCX and PDF alike.
    `style`: the DOCX paragraph style ("Title", "Heading N"); `bold`: every run / character
    of it is bold."""
    text = text.strip()
    if not text:
        return 0
    if style == "Title":
        return 1
    m = re.match(r"Heading (\d)", style)
    if m:
        return int(m.group(1))
    if len(text) >= HEADING_MAX:
        return 0
    upper = _upper(text)
    if NUMBERED.match(text) and (bold or upper):
        return 2
    return 1 if upper and not text.endswith((".", ",", ";")) else 0


def _is_heading(paragraph: object) -> int:
    """The heading level of a python-docx paragraph, 0 if it is body text."""
    style = getattr(getattr(paragraph, "style", None), "name", "") or ""
    runs = [r for r in getattr(paragraph, "runs", []) if r.text.strip()]
    return heading_level(getattr(paragraph, "text", ""), style=style,
                         bold=bool(runs) and all(r.bold for r in runs))


class _Builder:
    """Sections from a run of (heading level, text) blocks, the same for both readers."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.heading, self.level = INTRO, 1
        self.body: list[str] = []

    def add(self, level: int, text: str) -> None:
        if level:
            if self.body or self.heading != INTRO:
                self.sections.append(Section(self.heading, "\n".join(self.body), self.level))
            self.heading, self.level, self.body = text.strip(), level, []
        elif text.strip():
            self.body.append(text.strip())

    def done(self) -> list[Section]:
        if self.body or self.heading != INTRO or not self.sections:
            self.sections.append(Section(self.heading, "\n".join(self.body), self.level))
        return self.sections


def read_docx(data: bytes) -> list[Section]:
    """The sections of a DOCX, in order. Raises ValueError when the file is not a DOCX."""
    import zipfile

    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ValueError(str(exc)) from exc
    built = _Builder()
    for paragraph in document.paragraphs:
        built.add(_is_heading(paragraph), paragraph.text)
    return built.done()


PAGE_NUMBER = re.compile(r"^\s*(?:(?:Trang|Page)\s+)?\d+(?:\s*/\s*\d+)?\s*$", re.IGNORECASE)
BOLD_WEIGHT = 600


def _pdf_lines(data: bytes) -> list[tuple[str, bool]]:
    """Each line of each page's text (pypdfium2), with whether all its letters are bold (the
    font's weight, or a bold font's name when the PDF gives no weight). Page numbers are
    dropped: they would split a section that runs over a page."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ValueError(str(exc)) from exc
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    lines: list[tuple[str, bool]] = []
    try:
        for page in pdf:
            text_page = page.get_textpage()
            chars: list[str] = []
            bold = True
            for i in range(text_page.count_chars()):
                ch = chr(raw.FPDFText_GetUnicode(text_page.raw, i))
                if ch in "\r\n":  # pdfium ends each line with \r\n; an empty line is dropped
                    _end_line(lines, chars, bold)
                    chars, bold = [], True
                    continue
                chars.append(ch)
                if bold and not ch.isspace():
                    weight = raw.FPDFText_GetFontWeight(text_page.raw, i)
                    if weight <= 0:
                        raw.FPDFText_GetFontInfo(text_page.raw, i, name, len(name), flags)
                        bold = b"bold" in name.value.lower()
                    else:
                        bold = weight >= BOLD_WEIGHT
            _end_line(lines, chars, bold)
            text_page.close()
            page.close()
    finally:
        pdf.close()
    return lines


def _end_line(lines: list[tuple[str, bool]], chars: list[str], bold: bool) -> None:
    text = "".join(chars).strip()
    if text and not PAGE_NUMBER.match(text):
        lines.append((text, bold))


def read_pdf(data: bytes) -> list[Section]:
    """The sections of a PDF's text, cut at its headings (`heading_level`, as a DOCX is).
    Body lines are joined back into paragraphs: a line that does not end a sentence runs
    on into the next. Raises ValueError when the file is not a PDF."""
    built = _Builder()
    paragraph: list[str] = []
    for text, bold in _pdf_lines(data):
        level = heading_level(text, bold=bold)
        if level:
            built.add(0, " ".join(paragraph))
            paragraph = []
            built.add(level, text)
            continue
        paragraph.append(text)
        if text.endswith((".", ":", ";", "!", "?")):
            built.add(0, " ".join(paragraph))
            paragraph = []
    built.add(0, " ".join(paragraph))
    return built.done()


def write_docx(sections: list[Section], *, title: str = "") -> bytes:
    """A DOCX of `sections` (used by the demo and the tests to make drafts)."""
    import docx

    document = docx.Document()
    if title:
        document.add_heading(title, level=0)
    for s in sections:
        if s.heading != INTRO:
            document.add_heading(s.heading, level=max(1, min(s.level, 9)))
        for line in s.text.split("\n"):
            if line.strip():
                document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _norm(text: str) -> list[str]:
    words = re.sub(r"\s+", " ", text.casefold()).strip().split(" ")
    return [] if words == [""] else words


def _ratio(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Match:
    old: int            # index in the old list
    new: int | None     # index in the new list, None: the section is gone
    score: float
    certain: bool


def combine(heading: float, text: float, containment: float) -> float:
    """The score of a pair from the heading's and the text's similarity (difflib's ratio on
    words) and the share of the new text that comes from the old (a split keeps a part).
    Non-decreasing in each argument (so upper bounds of them bound the score: `match`
    prunes with it)."""
    if text >= 0.9:               # moved or renamed: the text says who it is
        return max(text, 0.5 * heading + 0.5 * text)
    if heading >= 0.9 and text >= 0.5:
        return 0.5 * heading + 0.5 * text
    part = containment * 0.6      # split: part of the text, uncertain
    return max(0.4 * heading + 0.6 * text, part if part >= UNSURE else 0.0,
               0.4 * heading if heading >= 0.9 else 0.0)


@dataclass
class _Prepared:
    heading: list[str]
    text: list[str]
    counts: Counter[str]


def _prepare(section: Section) -> _Prepared:
    words = _norm(section.text)
    return _Prepared(_norm(section.heading), words, Counter(words))


def _text_scores(matcher: SequenceMatcher, old: _Prepared, new: _Prepared) -> tuple[float, float]:
    """(ratio, containment) of the texts; `matcher` has the new text as its second sequence
    (difflib caches what it learns of the second)."""
    if not old.text and not new.text:
        return 1.0, 0.0
    matcher.set_seq1(old.text)
    matched = sum(b.size for b in matcher.get_matching_blocks())
    return 2 * matched / (len(old.text) + len(new.text)), matched / len(new.text) if new.text else 0.0


def score(old: Section, new: Section) -> float:
    o, n = _prepare(old), _prepare(new)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(n.text)
    return combine(_ratio(o.heading, n.heading), *_text_scores(matcher, o, n))


def match(old: list[Section], new: list[Section]) -> list[Match]:
    """For each old section, the new section its comments go to: the best `score`, found
    by branch and bound (each pair's upper bound from the words the texts share, as difflib's
    quick_ratio; the exact score computed best bound first, until no bound can beat it)."""
    olds, news = [_prepare(x) for x in old], [_prepare(x) for x in new]
    matchers = []
    for n in news:
        m = SequenceMatcher(None, autojunk=False)
        m.set_seq2(n.text)
        matchers.append(m)
    same_text: dict[tuple[str, ...], int] = {}
    for j, n in enumerate(news):
        if n.text:
            same_text.setdefault(tuple(n.text), j)
    result = []
    for i, o in enumerate(olds):
        j = same_text.get(tuple(o.text), -1) if o.text else -1
        if j >= 0:  # the same text (moved, renamed or untouched): the highest score, 1
            result.append(Match(i, j, 1.0, certain=True))
            continue
        bounds = []
        for j, n in enumerate(news):
            heading = _ratio(o.heading, n.heading)
            common = sum((o.counts & n.counts).values())
            total = len(o.text) + len(n.text)
            text_up = 2 * common / total if total else 1.0
            part_up = common / len(n.text) if n.text else 0.0
            bounds.append((combine(heading, text_up, part_up), -j, heading))
        bounds.sort(reverse=True)
        best, best_score = None, 0.0
        for bound, minus_j, heading in bounds:
            if bound <= best_score:
                break
            j = -minus_j
            found = combine(heading, *_text_scores(matchers[j], o, news[j]))
            if found > best_score:
                best, best_score = j, found
        if best is None or best_score < UNSURE:
            result.append(Match(i, None, round(best_score, 3), certain=False))
        else:
            result.append(Match(i, best, round(best_score, 3), certain=best_score >= SURE))
    return result


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, words) runs for a side-by-side view: op "=", "-" (only old), "+" (only new)."""
    a, b = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(b[j1:j2])))
    return runs
