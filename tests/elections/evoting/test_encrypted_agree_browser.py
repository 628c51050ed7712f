"""A delegate votes on a phone in an encrypted round of the agree format (issue 21): one
name, "Đồng ý" / "Không đồng ý" (docs/evote-protocol.md §2: two selections per name, and on
a one-name ballot the contest {indexes: [0, 1], min: 1, max: 1}). Reviewing with neither box
marked is refused with the reason (RULES.md: such a ballot is invalid, and crypto.js could
not prove it), also once a box ticked is tapped again to clear it; "Không đồng ý" is
confirmed, challenged (it opens to [0, 1]), cast afresh, and the count after the close
decrypts to the right totals. Screenshots in test-artifacts/evote-agree-*.png."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.models import Delegate
from daihoi.elections.evoting import services
from daihoi.elections.evoting.models import EncryptedBallot, EVoteRound, SpoiledBallot, VoterReceipt
from daihoi.elections.models import Round
from tests.conftest import screenshot

from .conftest import Ceremony, log_in_delegate, phone_page, vote_encrypted
from .test_blank_agree_browser import walk_with_arrows
from .test_encrypted_browser import _tracker_shown

NAME = "Nguyễn Thị Ngọc Ánh"  # diacritics on every kind of vowel the page must render


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_delegate_disagrees_on_a_one_name_encrypted_ballot(
        browser: Any, live_server: Any, make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate], counter: Any) -> None:
    done = make_encrypted_round(seats=1, names=[NAME], ballot_format="approve", convened=10)
    round_ = done.round
    # The page encrypts against this contest: a ballot marking neither box cannot be proved.
    assert json.loads(round_.evote.manifest)["contests"] == [{"indexes": [0, 1], "min": 1, "max": 1}]
    others = [[1, 0], [1, 0], [1, 0], [0, 1]]  # three agree, one disagree, cast in Python
    for choices in others:
        vote_encrypted(make_delegate(), done, choices)
    delegate = make_delegate(login=True)
    context, page = phone_page(browser, live_server)
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url.split(live_server.url, 1)[1])
            if r.method == "POST" else None)
    try:
        log_in_delegate(page, delegate)
        posted.clear()
        page.goto(reverse("evoting:ballot", args=[round_.pk]))
        assert page.locator(".evote-line .evote-name").inner_text() == f"1. {NAME}"
        assert "không hợp lệ" in page.locator(".evote-help").inner_text()
        screenshot(page, "evote-agree-ballot")

        # Neither box: the review is refused with the reason, nothing encrypted or sent.
        page.locator("#evote-review").tap()
        check = page.locator("#evote-check")
        check.wait_for(state="visible")
        assert "“Đồng ý” hoặc “Không đồng ý”" in check.inner_text()
        assert page.locator("#evote-confirm").is_hidden()
        assert page.locator("#evote-ballot").is_visible()
        screenshot(page, "evote-agree-blank-refused")

        # A box tapped twice is no box again: going back to blank is allowed, sending it is
        # refused as before.
        page.locator(".evote-choice.agree").tap()
        assert check.is_hidden()  # the correction clears the old message
        page.locator(".evote-choice.agree").tap()
        assert page.locator(".evote-none").is_checked()
        page.locator("#evote-review").tap()
        check.wait_for(state="visible")
        assert "“Đồng ý” hoặc “Không đồng ý”" in check.inner_text()
        assert page.locator("#evote-confirm").is_hidden()

        # The arrow keys keep to the two boxes (never the hidden "n" radio) and correct the
        # line as a tap does: from "Đồng ý", the last arrow leaves it on "Đồng ý".
        assert walk_with_arrows(page.locator(".evote-line")) == ["d", "a", "d", "a"]
        assert check.is_hidden()
        assert page.locator(".evote-choice.agree input").is_checked()
        # "Không đồng ý" (tapped from "Đồng ý"): the confirmation says so (not an empty list
        # of the agreed).
        page.locator(".evote-choice.disagree").tap()
        page.locator("#evote-review").tap()
        page.wait_for_selector("#evote-confirm:not([hidden])")
        assert page.locator("#evote-summary li").all_inner_texts() == [f"{NAME}: Không đồng ý"]
        first = _tracker_shown(page)
        screenshot(page, "evote-agree-confirm")

        # The challenge opens the ballot to what was chosen: (agree 0, disagree 1).
        page.locator("#evote-challenge").tap()
        page.wait_for_selector("#evote-audit:not([hidden])")
        assert "đúng với lựa chọn" in page.locator("#evote-audit-verdict").inner_text()
        assert page.locator("#evote-audit-lines li").all_inner_texts() == [f"{NAME}: Không đồng ý"]
        screenshot(page, "evote-agree-challenged")
        [spoiled] = SpoiledBallot.objects.filter(round=round_)
        assert spoiled.tracker == first and spoiled.reveal["choices"] == [0, 1]

        # Vote afresh, the same choice kept: a new encryption, sent, recorded.
        page.locator("#evote-again").tap()
        page.wait_for_selector("#evote-ballot:not([hidden])")
        assert page.locator(".evote-choice.disagree input").is_checked()
        page.locator("#evote-review").tap()
        second = _tracker_shown(page, not_this=first)
        page.locator("#evote-send").tap()
        page.wait_for_selector("#evote-done:not([hidden])")
        assert "đã được ghi nhận" in page.locator("#evote-result").inner_text()
        assert page.locator("#evote-done-tracker").get_attribute("title") == second
        screenshot(page, "evote-agree-done")
    finally:
        context.close()
    # The refused review posted nothing: only the challenged ballot, then the cast one.
    assert posted == [reverse("evoting:spoil", args=[round_.pk]),
                      reverse("evoting:ballot", args=[round_.pk])]
    assert VoterReceipt.objects.filter(round=round_).count() == len(others) + 1
    assert second in EncryptedBallot.objects.values_list("tracker", flat=True)

    # The close adds up; two of the three trustees decrypt: agree 3, disagree 2 (the
    # challenged ballot is not counted).
    services.evote_close_encrypted(acting_user=counter, round_=round_)
    assert done.decrypt(1, 2).decrypted
    assert EVoteRound.objects.get(round_id=round_.pk).totals == [3, 2]
    closed = Round.objects.get(pk=round_.pk)
    assert closed.status == Round.Status.CLOSED
    result = closed.result
    assert (result["ballots_collected"], result["valid"], result["invalid"]["total"]) == (5, 5, 0)
    assert [c["votes"] for c in result["candidates"]] == [3]
    # 3 of the 10 convened is not more than half (the threshold 6): not elected.
    assert result["threshold"] == 6 and result["elected"] == []
