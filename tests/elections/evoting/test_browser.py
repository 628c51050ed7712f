"""A delegate votes on a phone: strike names, try to keep too many (refused on the page),
review, send. Screenshots in test-artifacts/evote-*.png."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from daihoi.congress.models import Delegate
from daihoi.elections.evoting.models import CastBallot, VoterReceipt
from daihoi.elections.models import Round
from tests.conftest import PASSWORD, screenshot

from .conftest import user_of


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_delegate_votes_on_a_phone(browser: Any, live_server: Any,
                                     make_round: Callable[..., Round],
                                     make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round(seats=3)
    delegate = make_delegate(login=True)
    context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                  viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/login/")
        page.fill("#id_username", user_of(delegate).username)
        page.fill("#id_password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)
        page.goto("/vote/")
        page.click("a.evote-open")
        page.wait_for_selector("#evote-form")
        lines = page.locator("#evote-ballot .evote-strike:visible")  # one of a line's two labels
        assert lines.count() == 5
        # Strike one name only: four kept for three seats, the page refuses before sending.
        lines.nth(0).tap()
        assert page.locator("#evote-kept").inner_text() == "4"
        page.locator("#evote-review").tap()
        assert page.locator("#evote-check").is_visible()
        assert "nhiều hơn số lượng cần bầu" in page.locator("#evote-check").inner_text()
        assert not CastBallot.objects.exists()
        lines.nth(1).tap()
        assert page.locator("#evote-kept").inner_text() == "3"
        screenshot(page, "evote-phone-ballot")
        page.locator("#evote-review").tap()
        page.wait_for_selector("#evote-confirm:not([hidden])")
        summary = page.locator("#evote-summary li").all_inner_texts()
        assert len(summary) == 3
        screenshot(page, "evote-phone-confirm")
        page.locator("#evote-send").tap()
        page.wait_for_selector("#evote-result")
        assert "đã được ghi nhận" in page.locator("#evote-result").inner_text()
        screenshot(page, "evote-phone-done")
    finally:
        context.close()
    assert VoterReceipt.objects.filter(round=round_).count() == 1
    assert list(CastBallot.objects.values_list("choices", flat=True)) == ["sskkk"]
