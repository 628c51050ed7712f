"""A delegate votes on a phone: strike names, try to keep too many (refused on the page),
review, send. Screenshots in test-artifacts/evote-*.png."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from daihoi.congress.models import Delegate
from daihoi.elections.evoting.models import CastBallot, VoterReceipt
from daihoi.elections.models import Round
from tests.conftest import screenshot

from .conftest import log_in_delegate, phone_page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_delegate_votes_on_a_phone(browser: Any, live_server: Any,
                                     make_round: Callable[..., Round],
                                     make_delegate: Callable[..., Delegate]) -> None:
    round_ = make_round(seats=3)
    delegate = make_delegate(login=True)
    context, page = phone_page(browser, live_server, timeout=15_000)
    try:
        log_in_delegate(page, delegate)
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_confidence_ballot_on_a_phone(browser: Any, live_server: Any,
                                        make_round: Callable[..., Round],
                                        make_delegate: Callable[..., Delegate]) -> None:
    """The three-level ballot at 390×844: each person's three levels fit on one line and are
    tapped; a row left blank is said on the review screen, and sent as such ("n")."""
    round_ = make_round(ballot_format="confidence")
    delegate = make_delegate(login=True)
    context, page = phone_page(browser, live_server, timeout=15_000)
    try:
        log_in_delegate(page, delegate)
        page.goto(f"/vote/r/{round_.pk}/")
        page.wait_for_selector("#evote-form[data-format=confidence]")
        lines = page.locator("#evote-ballot .evote-line")
        assert lines.count() == 5
        for i, level in enumerate(["high", "medium", "low", "high"]):
            lines.nth(i).locator(f".evote-choice.{level}").tap()
        # The three choices of a line sit side by side within the phone's width.
        boxes = [lines.nth(0).locator(f".evote-choice.{lv}").bounding_box()
                 for lv in ("high", "medium", "low")]
        assert all(b is not None for b in boxes)
        assert len({round(b["y"]) for b in boxes if b}) == 1
        assert max(b["x"] + b["width"] for b in boxes if b) <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "evote-phone-confidence")
        page.locator("#evote-review").tap()
        page.wait_for_selector("#evote-confirm:not([hidden])")
        summary = page.locator("#evote-summary li").all_inner_texts()
        assert len(summary) == 5 and summary[0].endswith("Tín nhiệm cao") and summary[4].endswith("—")
        assert "1 dòng để trống" in page.locator("#evote-blank-note").inner_text()
        screenshot(page, "evote-phone-confidence-confirm")
        page.locator("#evote-send").tap()
        page.wait_for_selector("#evote-result")
    finally:
        context.close()
    assert list(CastBallot.objects.values_list("choices", flat=True)) == ["hmlhn"]
