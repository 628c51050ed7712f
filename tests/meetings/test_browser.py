"""On a phone (390×844): a committee member comments on a section of a draft; the office
marks it taken in; a new version (the section renamed and extended) shows the comment on
the same section and the change; the comments report lists it."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.meetings import sections as s
from daihoi.meetings import services
from daihoi.meetings.models import Comment
from tests.conftest import screenshot
from tests.meetings import helpers as h

PHONE = {"width": 390, "height": 844}
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")


def _login(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE,
                                  user_agent=IPHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", h.PASSWORD)
    page.press("#id_password", "Enter")  # the first submit button is the language switcher
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_comment_from_a_phone_taken_in_carried_and_reported(browser: Any, live_server: Any,
                                                            tmp_path: Any) -> None:
    actor = h.office("vanphong-test")
    c = h.committee(actor, seats=3)
    conf = h.conference(actor, c)
    draft = services.draft_create(acting_user=actor, conference=conf, title="Dự thảo Báo cáo sơ kết",
                                  filename="v1.docx", data=h.docx(h.DRAFT))
    member = h.seat_user(c, 1)

    page = _login(browser, live_server, member.username)
    page.goto(f"/meetings/draft/{draft.pk}/")
    section = page.locator("section.section-card", has_text="II. Công tác tổ chức")
    section.get_by_text("Góp ý mục này").click()
    section.locator("textarea[name=text]").fill("Nêu rõ số tổ chức đảng thành lập mới trong năm.")
    section.get_by_role("button", name="Gửi ý kiến").click()
    page.wait_for_load_state()
    section = page.locator("section.section-card", has_text="II. Công tác tổ chức")
    assert "Nêu rõ số tổ chức đảng thành lập mới" in section.inner_text()
    assert "Điện thoại" in section.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll
    screenshot(page, "meetings-phone-comment")
    comment = Comment.objects.get()
    assert comment.channel == Comment.Channel.PHONE

    office = _login(browser, live_server, actor.username)
    office.goto(f"/meetings/draft/{draft.pk}/")
    box = office.locator(f"#comment-{comment.pk}")
    box.locator("select[name=handling]").select_option("taken")
    box.locator("textarea[name=reply]").fill("Đã bổ sung vào mục II.")
    box.get_by_role("button", name="Ghi xử lý").click()
    office.wait_for_load_state()
    assert "Tiếp thu" in office.locator(f"#comment-{comment.pk}").inner_text()

    # A new version: section II renamed and extended, the finance section moved first.
    v2 = tmp_path / "v2.docx"
    v2.write_bytes(h.docx([
        h.DRAFT[2], h.DRAFT[0],
        s.Section("II. Xây dựng tổ chức đảng", h.DRAFT[1].text + " Thành lập mới 02 tổ chức đảng."),
        h.DRAFT[3]]))
    office.get_by_text("Tải phiên bản mới / thông qua").click()
    office.set_input_files("#version-form input[type=file]", str(v2))
    office.get_by_role("button", name="Tải phiên bản mới").click()
    office.wait_for_load_state()
    assert office.locator("#version-number").inner_text() == "2"
    section = office.locator("section.section-card", has_text="II. Xây dựng tổ chức đảng")
    text = section.inner_text()
    assert "Nêu rõ số tổ chức đảng thành lập mới" in text and "từ phiên bản trước" in text
    assert "Tiếp thu" in text and "Đã bổ sung vào mục II." in text
    screenshot(office, "meetings-phone-v2")

    # The member sees it too, and the comparison shows the change.
    page.goto(f"/meetings/draft/{draft.pk}/")
    assert "Nêu rõ số tổ chức đảng" in page.locator(
        "section.section-card", has_text="II. Xây dựng tổ chức đảng").inner_text()
    page.get_by_role("link", name="[so sánh với v1]").click()
    page.wait_for_load_state()
    assert page.locator("ins", has_text="Thành lập mới 02 tổ chức đảng.").count() == 1
    screenshot(page, "meetings-phone-compare")

    # The comments report.
    response = page.request.get(f"/meetings/draft/{draft.pk}/report.pdf")
    assert response.status == 200
    flat = h.pdf_text(response.body())
    assert "II. Xây dựng tổ chức đảng" in flat and "Tiếp thu" in flat
    assert "Nêu rõ số tổ chức đảng thành lập mới trong năm." in flat
    page.context.close()
    office.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_casts_the_confidence_ballot_from_the_conference_on_a_phone(
        browser: Any, live_server: Any) -> None:
    """The confidence vote on device, from the member's side: the vote's page links to the
    e-ballot while it is open, the ballot is sent, the page then says the member has voted;
    after the close the office records it and the page shows the result as a paper one."""
    from daihoi.elections.evoting import services as evote
    from daihoi.meetings.models import Attendance

    actor = h.office("vanphong-test")
    c = h.committee(actor, seats=3)
    conf = h.conference(actor, c)
    seats = list(c.members.order_by("order"))
    services.attendance_record(acting_user=actor, conference=conf,
                               marks={s.pk: Attendance.Status.PRESENT for s in seats})
    vote = services.confidence_vote_create(acting_user=actor, conference=conf, title="Giữa nhiệm kỳ",
                                           subjects=seats[:2])
    vote = services.confidence_device_prepare(acting_user=actor, vote=vote, counting=[seats[2]])
    evote.evote_open(acting_user=h.seat_user(c, 2), round_=vote.round)

    page = _login(browser, live_server, h.seat_user(c, 1).username)
    page.goto(f"/meetings/confidence/{vote.pk}/")
    page.get_by_role("link", name="Bỏ phiếu tín nhiệm").click()
    page.wait_for_selector("#evote-form[data-format=confidence]")
    lines = page.locator("#evote-ballot .evote-line")
    lines.nth(0).locator(".evote-choice.high").tap()
    lines.nth(1).locator(".evote-choice.low").tap()
    page.locator("#evote-review").tap()
    page.wait_for_selector("#evote-confirm:not([hidden])")
    page.locator("#evote-send").tap()
    page.wait_for_selector("#evote-result")
    page.goto(f"/meetings/confidence/{vote.pk}/")
    assert "Đồng chí đã bỏ phiếu." in page.locator("#confidence-device").inner_text()
    page.context.close()

    evote.evote_close(acting_user=h.seat_user(c, 2), round_=vote.round)
    services.confidence_device_record(acting_user=actor, vote=vote)
    office = _login(browser, live_server, actor.username)
    office.goto(f"/meetings/confidence/{vote.pk}/")
    table = office.locator("table.data").inner_text()
    assert "1 (100,00%)" in table  # one ballot returned: its marks are 100% of it
    assert "đủ 2/3" in office.content() and "phiếu thu về 1" in office.locator("main").inner_text()
    screenshot(office, "meetings-confidence-device-result")
    office.context.close()
