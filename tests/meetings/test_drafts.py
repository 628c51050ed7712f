"""Drafts read into sections by their headings; comments follow their section into new
versions (renamed, moved: certain; split: uncertain, confirmed by the office; deleted: kept
without a section); the comparison and the comments report (DOCX, PDF)."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from daihoi.meetings import reports, selectors, services
from daihoi.meetings import sections as s
from daihoi.meetings.models import Comment, Draft, Placement
from tests.confirming import token_of
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


pdf_text = h.pdf_text

D = h.DRAFT


def test_docx_is_read_into_sections_by_heading() -> None:
    parsed = s.read_docx(h.docx([s.Section(s.INTRO, "Lời mở đầu"), *D]))
    assert [p.heading for p in parsed] == [s.INTRO] + [p.heading for p in D]
    assert parsed[2].text == D[1].text
    with pytest.raises(ValueError):
        s.read_docx(b"not a docx")


def test_matching_renamed_moved_split_deleted() -> None:
    split = D[1].text.split(". ")
    new = [
        s.Section("I. Phương hướng, nhiệm vụ", D[3].text),             # moved up and renamed
        s.Section("II. Kết quả nổi bật", D[0].text),                   # renamed
        s.Section("III. Xây dựng tổ chức", split[0] + "."),           # split in two
        s.Section("IV. Kiểm tra, giám sát", split[1]),
    ]                                                                 # III. Tài chính: deleted
    m = {x.old: x for x in s.match(list(D), new)}
    assert (m[0].new, m[0].certain) == (1, True)
    assert (m[3].new, m[3].certain) == (0, True)
    assert m[1].new in (2, 3) and not m[1].certain
    assert m[2].new is None


def _setup() -> tuple:
    actor = h.office()
    c = h.committee(actor, seats=4)
    conf = h.conference(actor, c)
    draft = services.draft_create(acting_user=actor, conference=conf, title="Dự thảo Báo cáo",
                                  filename="v1.docx", data=h.docx(D))
    return actor, c, draft


def _comment(c, draft, index: int, text: str, who: int = 1) -> Comment:
    section = selectors.latest_version(draft).sections.order_by("order")[index]
    return services.comment_add(acting_user=h.seat_user(c, who), section=section, text=text)


def _where(comment: Comment, draft: Draft) -> tuple[str | None, bool]:
    section, certain = selectors.section_of(comment, selectors.latest_version(draft))
    return (section.heading if section else None), certain


def test_comments_follow_their_sections_across_versions() -> None:
    actor, c, draft = _setup()
    first = _comment(c, draft, 0, "Bổ sung số liệu học tập chuyên đề.")
    org = _comment(c, draft, 1, "Nêu rõ số tổ chức đảng mới.", who=2)
    money = _comment(c, draft, 2, "Công khai tài chính từng quý.")
    plan = _comment(c, draft, 3, "Gắn với chủ đề công tác năm.", who=3)
    services.comment_handle(acting_user=actor, comment=first, handling=Comment.Handling.TAKEN,
                            reply="Đã bổ sung.")
    split = D[1].text.split(". ")
    v2 = services.version_add(acting_user=actor, draft=draft, filename="v2.docx", data=h.docx([
        s.Section("I. Phương hướng, nhiệm vụ", D[3].text),
        s.Section("II. Kết quả nổi bật", D[0].text + " Đã bổ sung số liệu."),
        s.Section("III. Xây dựng tổ chức", split[0] + "."),
        s.Section("IV. Kiểm tra, giám sát", split[1]),
    ]))
    assert v2.number == 2 and draft.versions.count() == 2  # history kept
    assert _where(first, draft) == ("II. Kết quả nổi bật", True)        # renamed, changed a little
    assert _where(plan, draft) == ("I. Phương hướng, nhiệm vụ", True)   # moved and renamed
    heading, certain = _where(org, draft)
    assert heading in ("III. Xây dựng tổ chức", "IV. Kiểm tra, giám sát") and not certain  # split
    assert _where(money, draft) == (None, False)                          # deleted
    uncertain = list(selectors.uncertain_placements(v2))
    assert {p.comment_id for p in uncertain} == {org.pk, money.pk}
    # The office confirms: the organization comment belongs to IV.
    target = v2.sections.get(heading="IV. Kiểm tra, giám sát")
    services.placement_confirm(acting_user=actor, placement=Placement.objects.get(comment=org, version=v2),
                               section=target)
    assert _where(org, draft) == ("IV. Kiểm tra, giám sát", True)
    # A third version carries the comments on from where they sit in the second.
    services.version_add(acting_user=actor, draft=draft, filename="v3.docx", data=h.docx([
        s.Section("II. Kết quả nổi bật", D[0].text + " Đã bổ sung số liệu."),
        s.Section("IV. Kiểm tra, giám sát", split[1]),
        s.Section("I. Phương hướng, nhiệm vụ", D[3].text),
    ]))
    assert _where(org, draft) == ("IV. Kiểm tra, giám sát", True)
    assert _where(first, draft) == ("II. Kết quả nổi bật", True)
    views, orphans = selectors.version_view(selectors.latest_version(draft))
    assert [p.comment.pk for p in orphans] == [money.pk]
    assert sum(len(v.comments) for v in views) == 3


def test_comments_only_on_the_latest_version_and_not_after_adoption() -> None:
    actor, c, draft = _setup()
    old_section = selectors.latest_version(draft).sections.first()
    services.version_add(acting_user=actor, draft=draft, filename="v2.docx", data=h.docx(D))
    with pytest.raises(ValidationError):
        services.comment_add(acting_user=h.seat_user(c, 1), section=old_section, text="x")
    with pytest.raises(ValidationError):
        _comment(c, draft, 0, "   ")
    services.draft_adopt(acting_user=actor, draft=draft)
    draft.refresh_from_db()
    assert draft.adopted_version == selectors.latest_version(draft)
    with pytest.raises(ValidationError):
        _comment(c, draft, 0, "Muộn.")
    with pytest.raises(ValidationError):
        services.version_add(acting_user=actor, draft=draft, filename="v3.docx", data=h.docx(D))


def test_only_a_seat_of_the_committee_comments() -> None:
    actor, c, draft = _setup()
    other = h.committee(actor, seats=1, prefix="kh")
    section = selectors.latest_version(draft).sections.first()
    with pytest.raises(PermissionDenied):
        services.comment_add(acting_user=h.seat_user(other, 0), section=section, text="Ý kiến.")
    with pytest.raises(PermissionDenied):  # a member may not mark comments
        comment = _comment(c, draft, 0, "Ý kiến.")
        services.comment_handle(acting_user=h.seat_user(c, 1), comment=comment, handling="taken")


def test_compare_pairs_sections_and_marks_words() -> None:
    actor, _c, draft = _setup()
    services.version_add(acting_user=actor, draft=draft, filename="v2.docx", data=h.docx([
        s.Section("I. Kết quả nổi bật", D[0].text + " Thêm câu mới."), D[1], D[3]]))
    v1, v2 = draft.versions.order_by("number")
    rows = selectors.compare(v1, v2)
    assert rows[0].old.heading == "I. Kết quả đạt được" and rows[0].heading_changed
    assert ("+", "Thêm câu mới.") in rows[0].runs
    assert rows[-1].new is None and rows[-1].old.heading == "III. Tài chính đảng"


def test_report_lists_each_comment_with_its_handling_docx_and_pdf() -> None:
    actor, c, draft = _setup()
    comment = _comment(c, draft, 1, "Nêu rõ số tổ chức đảng thành lập mới.")
    services.comment_handle(acting_user=actor, comment=comment, handling=Comment.Handling.EXPLAINED,
                            reply="Số liệu ở phụ lục <b>2</b>.")
    rows = selectors.report_rows(draft)
    assert [r.heading for r in rows] == ["II. Công tác tổ chức"]
    document = docx.Document(io.BytesIO(reports.report_docx(draft)))
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    assert "Nêu rõ số tổ chức đảng thành lập mới." in cells and "Giải trình" in cells
    text = pdf_text(reports.report_pdf(draft))
    assert "Nêu rõ số tổ chức đảng thành lập mới." in text
    assert "Số liệu ở phụ lục <b>2</b>." in text  # escaped, printed as typed


def test_conclusion_pdf_prints_attendance_agenda_and_conclusion() -> None:
    from daihoi.meetings.models import Attendance

    actor = h.office()
    c = h.committee(actor, seats=3)
    conf = h.conference(actor, c, agenda="Sơ kết giữa nhiệm kỳ\nTài chính Đảng", chair="Đồng chí Bí thư")
    seat = c.members.order_by("order").first()
    services.attendance_record(acting_user=actor, conference=conf,
                               marks={seat.pk: Attendance.Status.PRESENT})
    services.conference_update(acting_user=actor, conference=conf,
                               conclusion="Giao cơ quan tham mưu tiếp thu ý kiến <hoàn thiện>.")
    text = pdf_text(reports.conclusion_pdf(conf))
    assert "triệu tập 3, có mặt 1" in text and "2. Tài chính Đảng" in text
    assert "Giao cơ quan tham mưu tiếp thu ý kiến <hoàn thiện>." in text


def test_comment_and_handling_are_in_the_audit_log() -> None:
    from daihoi.core.models import AuditLog

    actor, c, draft = _setup()
    comment = _comment(c, draft, 0, "Ý kiến có ghi nhật ký.")
    services.comment_handle(acting_user=actor, comment=comment, handling=Comment.Handling.SET_ASIDE,
                            reply="Không phù hợp phạm vi báo cáo.")
    rows = AuditLog.objects.filter(object_id=str(comment.pk), content_type__model="comment")
    assert rows.filter(action=AuditLog.Action.CREATE, actor=h.seat_user(c, 1)).exists()
    handled = rows.get(verb="handle")
    assert handled.actor == actor and handled.before["handling"] == "pending"
    assert handled.after["handling"] == "set_aside"


def test_adopting_is_asked_on_the_server(client) -> None:  # type: ignore[no-untyped-def]
    """Adoption ends versions and comments (issue 14): a bare POST asks, with the comments
    not yet handled; a comment sent while the question was read asks again; then it acts."""
    actor, c, draft = _setup()
    _comment(c, draft, 0, "Bổ sung số liệu.")
    client.force_login(actor)
    url = reverse("meetings:draft_adopt", args=[draft.pk])
    asked = client.post(url).content.decode()
    assert "Phiên bản được thông qua: v1." in asked and "1 chưa xử lý" in asked
    draft.refresh_from_db()
    assert draft.status == Draft.Status.OPEN
    _comment(c, draft, 1, "Thêm một ý.")
    again = client.post(url, {"confirmed": token_of(asked)}).content.decode()
    assert 'id="confirm-stale"' in again and "2 chưa xử lý" in again
    draft.refresh_from_db()
    assert draft.status == Draft.Status.OPEN
    client.post(url, {"confirmed": token_of(again)})
    draft.refresh_from_db()
    assert draft.status == Draft.Status.ADOPTED


def test_the_committees_pdfs_carry_the_party_heading(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Hướng dẫn 36-HD/VPTW: the organization and the issuing committee on the left, the
    Party's name and the place and date on the right; the conclusion dated the conference's day."""
    from tests.pdftext import drawn_text

    actor, c, draft = _setup()
    conf = draft.conference
    vote = services.confidence_vote_create(acting_user=actor, conference=conf, title="Giữa nhiệm kỳ",
                                           subjects=list(c.members.all()[:1]))
    for make in (lambda: reports.report_pdf(draft), lambda: reports.conclusion_pdf(conf),
                 lambda: reports.confidence_pdf(vote)):
        with drawn_text(monkeypatch) as drawn:
            assert make().startswith(b"%PDF")
        text = " ".join(drawn)
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and c.name.upper() in text, text[:300]
    local = timezone.localtime(conf.starts_at).date()
    with drawn_text(monkeypatch) as drawn:
        reports.conclusion_pdf(conf)
    month = f"{local.month:02d}" if local.month < 3 else str(local.month)
    assert f"ngày {local.day:02d} tháng {month} năm {local.year}" in " ".join(drawn)
