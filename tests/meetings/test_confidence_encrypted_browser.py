"""The encrypted confidence vote on the conference's pages and its bulletin board, at
390×844 and 1280×900, while it is open, between the close and the decryption, and once
recorded: what each state says (the encryption and the way to the board, the conference
page's status line, no stale link to open or close, the board in a confidence vote's
words), with no sideways scroll on the phone. Screenshots in test-artifacts/meetings-enc-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from daihoi.elections.evoting import services as evote
from daihoi.elections.evoting.models import EVoteRound
from daihoi.meetings import services
from tests.conftest import screenshot
from tests.meetings import helpers as h
from tests.meetings.test_confidence_encrypted import BALLOTS, Setup

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _look(browser: Any, live_server: Any, username: str, urls: dict[str, str],
          stage: str) -> dict[str, str]:
    """Each page at each size: its main text by "<name>-<size>", after checking that the
    page fits the width; a screenshot of each."""
    texts = {}
    for size, viewport in SIZES.items():
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=viewport,
                                      is_mobile=size == "phone", has_touch=size == "phone")
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            page.goto("/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", h.PASSWORD)
            page.press("#id_password", "Enter")  # the first submit button is the language switcher
            page.wait_for_url(lambda url: "/login/" not in url)
            for name, url in urls.items():
                page.goto(url)
                screenshot(page, f"meetings-enc-{stage}-{name}-{size}")
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], (stage, name, size, width)
                texts[f"{name}-{size}"] = page.locator("main").inner_text()
        finally:
            context.close()
    return texts


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_encrypted_vote_on_the_conference_pages(browser: Any, live_server: Any) -> None:
    s = Setup()
    s.make_key()
    s.open(EVoteRound.Scheme.ENCRYPTED)
    for i, letters in enumerate(BALLOTS[:3]):
        s.cast_encrypted(i, letters)
    urls = {"conference": reverse("meetings:conference", args=[s.conf.pk]),
            "confidence": reverse("meetings:confidence", args=[s.vote.pk])}
    member = h.seat_user(s.c, 4)

    seen = _look(browser, live_server, member.username, urls, "open-member")
    assert "Giữa nhiệm kỳ · trên thiết bị: đang bỏ phiếu" in seen["conference-phone"]
    page = seen["confidence-phone"]
    assert "Bỏ phiếu tín nhiệm" in page and "Phiếu được mã hóa ngay trên thiết bị" in page
    assert "Bảng tin công khai (tìm mã phiếu)" in page and "Chưa có kết quả kiểm phiếu." in page
    assert "Mở / kết thúc bỏ phiếu" not in page
    seen = _look(browser, live_server, s.counters[0].username, urls, "open-holder")
    assert "Mở / kết thúc bỏ phiếu (Tổ kiểm phiếu)" in seen["confidence-desktop"]

    for i, letters in enumerate(BALLOTS[3:], 3):
        s.cast_encrypted(i, letters)
    evote.evote_close_encrypted(acting_user=s.counters[0], round_=s.round)
    seen = _look(browser, live_server, s.counters[1].username, urls, "closed-holder")
    page = seen["confidence-phone"]
    assert "chờ Tổ kiểm phiếu giải mã kết quả (0/2" in page
    assert "Gửi phần giải mã (thành viên giữ khóa)" in page
    assert "Mở / kết thúc bỏ phiếu" not in page  # the vote is over: nothing to open or close
    assert "trên thiết bị: đang kiểm phiếu" in seen["conference-desktop"]

    s.decrypt(0, 1)
    services.confidence_device_record(acting_user=s.actor, vote=s.vote)
    seen = _look(browser, live_server, s.actor.username, urls, "recorded-office")
    assert "Giữa nhiệm kỳ · đã kiểm phiếu" in seen["conference-phone"]
    for size in SIZES:
        page = seen[f"confidence-{size}"]
        assert "đủ 2/3" in page and "5 (71,43%)" in page and "Điều 11 khoản 3" in page
        assert "Phiếu được mã hóa ngay trên thiết bị" in page
    # The board of a confidence vote elects nobody: who is rated, and its key holders.
    seen = _look(browser, live_server, member.username,
                 {"board": reverse("evoting:board", args=[s.vote.round_id])}, "recorded-member")
    page = seen["board-phone"]
    assert "Số người được lấy phiếu tín nhiệm: 3" in page
    assert "Cần 2 trong 3 thành viên giữ khóa để giải mã kết quả." in page
    assert "Lần bầu" not in page and "cần bầu" not in page and "Ban Kiểm phiếu" not in page
