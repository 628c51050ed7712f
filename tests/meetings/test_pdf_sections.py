"""A PDF draft read into sections (pypdfium2 gives each page's text; the heading rule is the
DOCX reader's, `sections.heading_level`), on PDFs drawn here with reportlab."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from daihoi.meetings import sections, services


def _pdf(pages: list[list[tuple[str, bool]]]) -> bytes:
    """A PDF drawn with reportlab: each page its lines (text, bold), in the package's DejaVu
    fonts (Vietnamese glyphs), with a page number at the foot as printed drafts have."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from daihoi.core import pdf as core_pdf

    core_pdf.register_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for number, lines in enumerate(pages, start=1):
        y = 800
        for text, bold in lines:
            c.setFont(core_pdf.FONT_BOLD if bold else core_pdf.FONT, 11)
            c.drawString(60, y, text)
            y -= 18
        c.setFont(core_pdf.FONT, 9)
        c.drawString(290, 30, str(number))
        c.showPage()
    c.save()
    return out.getvalue()


def test_a_pdf_is_read_into_sections_at_its_headings() -> None:
    """Bold numbered lines and lines in capitals are headings; a numbered line in plain type
    is body text (a list inside a section); a section running over a page stays one, the
    page number dropped; lines are joined back into paragraphs."""
    data = _pdf([
        [("ĐẢNG BỘ KHỐI CƠ QUAN VÀ DOANH NGHIỆP TỈNH", False),
         ("Dự thảo báo cáo sơ kết giữa nhiệm kỳ.", False),
         ("PHẦN THỨ NHẤT", True),
         ("I. Kết quả đạt được", True),
         ("Công tác chính trị tư tưởng tiếp tục được đổi mới,", False),
         ("việc học tập và làm theo tư tưởng Hồ Chí Minh được triển khai.", False),
         ("1. Đẩy mạnh học tập nghị quyết.", False),
         ("II. Công tác tổ chức", True),
         ("Củng cố tổ chức đảng, quản lý đảng viên", False)],
        [("được chú trọng.", False),
         ("Chương 2 Kiểm tra, giám sát", True),
         ("Kiểm tra 12 tổ chức đảng.", False)],
    ])
    found = sections.read_pdf(data)
    assert [s.heading for s in found] == [
        "ĐẢNG BỘ KHỐI CƠ QUAN VÀ DOANH NGHIỆP TỈNH", "PHẦN THỨ NHẤT", "I. Kết quả đạt được",
        "II. Công tác tổ chức", "Chương 2 Kiểm tra, giám sát"]
    assert found[0].text == "Dự thảo báo cáo sơ kết giữa nhiệm kỳ."
    assert found[2].text == ("Công tác chính trị tư tưởng tiếp tục được đổi mới, việc học tập và "
                             "làm theo tư tưởng Hồ Chí Minh được triển khai.\n"
                             "1. Đẩy mạnh học tập nghị quyết.")
    assert found[3].text == "Củng cố tổ chức đảng, quản lý đảng viên được chú trọng."
    assert found[4].text == "Kiểm tra 12 tổ chức đảng." and found[4].level == 2


def test_a_pdf_without_headings_is_one_section_and_a_bad_file_is_refused() -> None:
    found = sections.read_pdf(_pdf([[("Chỉ có một đoạn văn bản.", False)]]))
    assert found == [sections.Section(sections.INTRO, "Chỉ có một đoạn văn bản.")]
    with pytest.raises(ValueError):
        sections.read_pdf(b"%PDF-1.4 not really")


def test_docx_and_pdf_share_the_heading_rule() -> None:
    """One rule (heading_level): a numbered line needs bold or capitals; capitals alone make
    a level-1 heading; a style decides first."""
    assert sections.heading_level("I. Kết quả", bold=True) == 2
    assert sections.heading_level("I. Kết quả") == 0
    assert sections.heading_level("I. KẾT QUẢ ĐẠT ĐƯỢC") == 2
    assert sections.heading_level("BÁO CÁO CHÍNH TRỊ") == 1
    assert sections.heading_level("Nội dung", style="Heading 3") == 3
    assert sections.heading_level("1. " + "x" * 200, bold=True) == 0


@pytest.mark.django_db
def test_a_pdf_draft_is_stored_in_sections_and_comments_follow_a_new_version() -> None:
    from tests.meetings import helpers as h

    actor = h.office()
    conf = h.conference(actor, h.committee(actor, seats=2))
    v1 = _pdf([[("I. Kết quả đạt được", True), ("Công tác tư tưởng được đổi mới.", False),
                ("II. Công tác tổ chức", True), ("Củng cố tổ chức đảng.", False)]])
    draft = services.draft_create(acting_user=actor, conference=conf, title="Báo cáo",
                                  filename="bao-cao.pdf", data=v1)
    first = list(draft.versions.get().sections.values_list("heading", flat=True))
    assert first == ["I. Kết quả đạt được", "II. Công tác tổ chức"]
    section = draft.versions.get().sections.get(order=2)
    comment = services.comment_add(acting_user=actor, section=section, text="Bổ sung số liệu")
    v2 = _pdf([[("I. Kết quả đạt được", True), ("Công tác tư tưởng được đổi mới.", False),
                ("II. Công tác xây dựng tổ chức", True), ("Củng cố tổ chức đảng.", False)]])
    version = services.version_add(acting_user=actor, draft=draft, filename="v2.pdf", data=v2)
    placed = version.placements.get(comment=comment)
    assert placed.section is not None and placed.section.heading == "II. Công tác xây dựng tổ chức"
    with pytest.raises(ValidationError):
        services.version_add(acting_user=actor, draft=draft, filename="v3.pdf", data=b"not a pdf")
