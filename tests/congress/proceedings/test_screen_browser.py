"""The big screen read from the back of the hall, at 1920×1080 and at 1024×768.

The smallest text allowed is 1/45 of the screen's height: 24 px at 1080 lines, 17 px at 768
(a projector shows either on the same screen, so what a reader at 15 m sees is the text's
share of the height, not its pixels). On a screen 1.7 m high that is an em of 38 mm, capital
letters of about 27 mm: 6 minutes of arc at 15 m, above the 5 of a Snellen letter read with
normal sight. The names of an election result are larger (1/30 of the height).

Checked at both sizes: no text below that size, no text out of its card or off the screen,
the fifteen names of a result shown page after page with their votes and percentages; and,
once, that the speaker's card leaves when the agenda moves on and that an open device vote
shows how many answered, not how they answered."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.congress.proceedings import selectors, services
from daihoi.congress.proceedings.models import Vote
from daihoi.core.roles import Role
from daihoi.elections import services as el
from tests.conftest import screenshot

NAMES = ["Nguyễn Thị Hồng Hạnh", "Trần Văn Đức", "Lê Văn Ba", "Phạm Minh Châu", "Hoàng Thị Thu Hà",
         "Vũ Đình Khoa", "Đặng Quốc Khánh", "Bùi Thị Lan Anh", "Đỗ Mạnh Hùng",
         "Ngô Thị Phương Thảo", "Dương Văn Long", "Lý Thị Minh Nguyệt", "Tôn Nữ Thanh Xuân",
         "Huỳnh Công Trí", "Châu Văn Sơn"]
VOTES = [9, 9, 9, 8, 8, 8, 8, 7, 7, 7, 7, 6, 4, 3, 2]
LONG_TITLE = ("Thảo luận các văn kiện trình Đại hội: Báo cáo chính trị, Báo cáo kiểm điểm của Ban "
              "Chấp hành khóa XVII, dự thảo Nghị quyết Đại hội và chương trình hành động thực hiện "
              "Nghị quyết trong nhiệm kỳ 2025–2030, cùng ý kiến góp vào văn kiện cấp trên")

CHECK = """() => {
  const minPx = window.innerHeight / 45;
  const bad = [];
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('[hidden]')) continue;
    const st = getComputedStyle(el);
    if (st.display === 'none' || st.visibility === 'hidden') continue;
    const text = Array.from(el.childNodes).filter(n => n.nodeType === 3)
      .map(n => n.textContent).join('').trim();
    if (!text) continue;
    const what = (el.id || el.className || el.tagName) + ': ' + text.slice(0, 30);
    if (parseFloat(st.fontSize) < minPx - 0.5) bad.push('small ' + st.fontSize + ' ' + what);
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1 || r.left < -1)
      bad.push('off screen ' + what);
    const box = el.parentElement.closest('.panel, .screen-title');
    if (box) {
      const b = box.getBoundingClientRect();
      if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1)
        bad.push('out of its card ' + what);
    }
  }
  return bad;
}"""


def _published_result(hall: Any, office: Any, counter: Any, secretary: Any) -> None:
    election = el.election_create(acting_user=office, organization=hall.congress.organization,
                                  congress=hall.congress, title="Bầu Ban Chấp hành khóa XIX",
                                  kind="committee", seats=12)
    for name in NAMES:
        el.candidate_add(acting_user=office, election=election, full_name=name)
    el.decision_record(acting_user=office, election=election, kind="surplus",
                       text="Đại hội biểu quyết giữ danh sách", decided_by="Đại hội")
    round_ = el.round_create_first(acting_user=office, election=election)
    el.round_setup(acting_user=counter, round_=round_, electorate_convened=10, excluded=0,
                   ballots_issued=9)
    el.counting_rules_confirm(acting_user=counter, election=election, open_reasons=[],
                              blank_approve_ballot="invalid")
    el.round_start_counting(acting_user=counter, round_=round_, groups=0)
    by_name = {c.full_name: c.pk for c in round_.candidates.all()}
    el.round_record_totals(acting_user=counter, round_=round_, ballots_collected=9,
                           invalid_by_reason={},
                           votes={by_name[n]: v for n, v in zip(NAMES, VOTES, strict=True)})
    el.round_finalize(acting_user=counter, round_=round_)
    el.round_publish(acting_user=secretary, round_=round_, published=True)
    selectors._election_memo.clear()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_big_screen_at_both_sizes(hall: Any, login_page: Any, make_user: Any) -> None:
    secretary = make_user(Role.SECRETARIAT)
    office, counter = make_user(Role.OFFICE, Role.SECRETARIAT), make_user(Role.COUNTING)
    item = services.agenda_item_create(acting_user=secretary, congress=hall.congress,
                                       title=LONG_TITLE, presenter="Đoàn Chủ tịch Đại hội")
    services.agenda_item_create(acting_user=secretary, congress=hall.congress,
                                title="Bầu cử Ban Chấp hành khóa XIX")
    services.agenda_set_current(acting_user=secretary, congress=hall.congress, item=item)
    speech = services.speech_add(acting_user=secretary, congress=hall.congress,
                                 speaker="Nguyễn Thị Thanh Hương",
                                 affiliation="Đảng bộ Sở Y tế tỉnh Bắc Giang",
                                 topic="Nâng cao chất lượng sinh hoạt chi bộ ở các đảng bộ cơ sở "
                                       "trong khối doanh nghiệp nhà nước của tỉnh")
    services.speech_start(acting_user=secretary, speech=speech)
    vote = services.vote_create(acting_user=secretary, congress=hall.congress,
                                subject=Vote.Subject.AGENDA, title="Thông qua Quy chế làm việc",
                                mode=Vote.Mode.DEVICE)
    services.vote_open(acting_user=secretary, vote=vote)
    for d in hall.delegates[:2]:
        services.device_vote_cast(acting_user=hall.make_delegate_user(d), vote=vote,
                                  choice="agree")
    _published_result(hall, office, counter, secretary)

    page = login_page(Role.LEADER)
    # The pages of names follow the clock (8 s each): held on a page-1 instant, the names shown
    # are the first ones.
    page.clock.set_fixed_time(8000 * 360360)  # 360360: every page count up to 15 divides it
    url = f"/congress/{hall.congress.pk}/screen/"
    for width, height in ((1920, 1080), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        page.locator("#screen-speaker").wait_for()
        assert page.evaluate(CHECK) == [], (width, height)
        # The open vote: how many answered, not how.
        answered = page.locator("#screen-vote").inner_text()
        assert "2 / 8" in answered and "Tán thành" not in answered
        # Beside a speaker the result stays while three lines of it fit (1080 lines), and
        # waits for the end of the speech when they do not (768).
        page.wait_for_timeout(300)
        assert page.locator("#screen-election").is_visible() == (height == 1080)
        screenshot(page, f"proceedings-screen-speaker-{width}x{height}")

    # The agenda moves on: the speaker's card leaves, the result comes back.
    services.agenda_step(acting_user=secretary, congress=hall.congress, step=1)
    page.locator("#screen-item", has_text="Bầu cử Ban Chấp hành").wait_for(timeout=10_000)
    assert page.locator("#screen-speaker").count() == 0
    for width, height in ((1920, 1080), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        page.locator("#screen-rows li:not([hidden])").first.wait_for()
        page.wait_for_timeout(300)  # hall.js pages the names
        assert page.evaluate(CHECK) == [], (width, height)
        # The result: every name with votes and percentage, page after page.
        rows = page.locator("#screen-rows li:not([hidden])")
        shown = rows.count()
        assert shown >= 5, (width, height, shown)
        # Highest votes first (three of 9 votes: ballot order among them).
        assert rows.first.inner_text().split("\n") == ["Lê Văn Ba", "9", "90,00%"]
        pages = -(-len(NAMES) // shown)
        assert page.locator("#screen-pager").inner_text() == ("" if pages == 1 else f"(1/{pages})")
        screenshot(page, f"proceedings-screen-{width}x{height}")
