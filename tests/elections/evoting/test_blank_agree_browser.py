"""A multi-name agree ballot agreeing with nobody, on a phone, when the counting committee
confirmed such a ballot valid (RULES.md's open case; rules.counting._blank_counts_as_valid):
the page lets it through to the confirmation and the server records it, while a ballot
saying "Không đồng ý" on every line is still refused on the page with the reason. And a
line taken back to no box after a box was chosen (a second tap, or Space, on the chosen box),
the arrow keys kept to the two boxes, and the agree format's own message for too many
"Đồng ý"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.models import Delegate
from daihoi.elections import services as el
from daihoi.elections.evoting import services
from daihoi.elections.evoting.models import CastBallot
from daihoi.elections.models import Round

from .conftest import log_in_delegate, phone_page

NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Quốc Cường"]


def walk_with_arrows(line: Any) -> list[str]:
    """From the line's "Đồng ý", each arrow key in turn: the box then checked, which must
    be the one focused (a mark nobody sees would be a vote nobody chose)."""
    line.locator(".evote-choice.agree input").focus()
    walked = []
    for key in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
        line.page.keyboard.press(key)
        checked, focused = line.evaluate(
            "l => [l.querySelector('input:checked').value, l.contains(document.activeElement)"
            " ? document.activeElement.value : '']")
        assert focused == checked, (key, checked, focused)
        walked.append(checked)
    return walked


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_blank_agree_ballot_goes_through_when_the_committee_said_valid(
        browser: Any, live_server: Any, make_round: Callable[..., Round],
        make_delegate: Callable[..., Delegate], counter: Any) -> None:
    round_ = make_round(seats=3, names=NAMES, ballot_format="approve", open=False)
    el.counting_rules_confirm(acting_user=counter, election=round_.election,
                              open_reasons=["identifying_mark", "write_in"],
                              blank_approve_ballot="valid")
    services.evote_open(acting_user=counter, round_=round_)
    delegate = make_delegate(login=True)
    page = browser.new_page(base_url=live_server.url, locale="vi-VN",
                            viewport={"width": 390, "height": 844})
    page.set_default_timeout(20_000)
    try:
        log_in_delegate(page, delegate)
        page.goto(reverse("evoting:ballot", args=[round_.pk]))

        # "Không đồng ý" on every line: still invalid, refused with the reason.
        for box in page.locator(".evote-choice.disagree").all():
            box.click()
        page.locator("#evote-review").click()
        check = page.locator("#evote-check")
        check.wait_for(state="visible")
        assert "không đồng ý với tất cả" in check.inner_text()
        assert page.locator("#evote-confirm").is_hidden()

        # A fresh form: two lines left with no box, one disagreed, agreeing with nobody.
        page.reload()
        page.locator(".evote-choice.disagree").nth(2).click()
        page.locator("#evote-review").click()
        page.wait_for_selector("#evote-confirm:not([hidden])")
        summary = page.locator("#evote-summary li").all_inner_texts()
        assert summary == [f"{NAMES[0]}: —", f"{NAMES[1]}: —", f"{NAMES[2]}: Không đồng ý"]
        page.locator("#evote-send").click()
        page.wait_for_selector("text=đã được ghi nhận")
    finally:
        page.close()
    assert CastBallot.objects.filter(round=round_).count() == 1
    counted = services.tally(round_)
    assert counted.valid == 1 and [c.votes for c in counted.candidates] == [0, 0, 0]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_second_tap_on_the_chosen_box_leaves_the_line_blank(
        browser: Any, live_server: Any, make_round: Callable[..., Round],
        make_delegate: Callable[..., Delegate]) -> None:
    """Plain scheme, the form posted: too many "Đồng ý" are refused with the agree format's
    message; a line ticked then tapped again, and one ticked then given Space, post "n" (no
    box) as a line never touched does."""
    round_ = make_round(seats=2, names=NAMES, ballot_format="approve")
    delegate = make_delegate(login=True)
    context, page = phone_page(browser, live_server)
    try:
        log_in_delegate(page, delegate)
        page.goto(reverse("evoting:ballot", args=[round_.pk]))
        assert page.locator(".evote-untick").is_visible()  # the script says how, and does it
        lines = page.locator(".evote-line")

        # "Đồng ý" on all three lines for two seats: refused, and the message says what to
        # undo on this ballot (not "gạch bớt tên": nobody strikes names here).
        for i in range(3):
            lines.nth(i).locator(".evote-choice.agree").tap()
        page.locator("#evote-review").tap()
        check = page.locator("#evote-check")
        check.wait_for(state="visible")
        assert check.inner_text() == ("Đồng chí đang đồng ý với 3 người, nhiều hơn số lượng cần "
                                      "bầu (2). Hãy bỏ bớt ô “Đồng ý”.")
        assert page.locator("#evote-confirm").is_hidden()

        first = lines.nth(0)
        assert first.locator(".evote-choice.agree input").is_checked()
        first.locator(".evote-choice.agree").tap()
        assert first.locator(".evote-none").is_checked()
        assert not first.locator(".evote-choice.agree input").is_checked()
        assert check.is_hidden()  # the correction clears the message

        # Space on the chosen box, from the keyboard: the same. A first Space on a box
        # ticks it, as on any radio (here instead of the line's "Đồng ý").
        second = lines.nth(1).locator(".evote-choice.disagree input")
        second.focus()
        page.keyboard.press("Space")
        assert second.is_checked()
        page.keyboard.press("Space")
        assert lines.nth(1).locator(".evote-none").is_checked() and not second.is_checked()

        # The arrow keys go between the two boxes only, never to the hidden "n" radio
        # (which Chromium's own arrows reach, blanking the line with nothing focused).
        assert walk_with_arrows(lines.nth(2)) == ["d", "a", "d", "a"]

        # Another box after a cleared line: the line takes it on the first tap.
        first.locator(".evote-choice.disagree").tap()
        assert first.locator(".evote-choice.disagree input").is_checked()
        first.locator(".evote-choice.disagree").tap()
        page.locator("#evote-review").tap()
        page.wait_for_selector("#evote-confirm:not([hidden])")
        summary = page.locator("#evote-summary li").all_inner_texts()
        assert summary == [f"{NAMES[0]}: —", f"{NAMES[1]}: —", f"{NAMES[2]}: Đồng ý"]
        page.locator("#evote-send").tap()
        page.wait_for_selector("text=đã được ghi nhận")
    finally:
        context.close()
    assert list(CastBallot.objects.filter(round=round_).values_list("choices", flat=True)) == ["nna"]
