"""A delegate votes on a phone in an encrypted round (issue 21): strike names as today, see
the tracker, challenge the ballot (it opens to what was chosen, is published, not counted),
vote afresh, lose the network while sending (the phone keeps the encrypted ballot and
resends it: counted once), and find the tracker on the board. The ballot is encrypted by
crypto.js in Chromium (in crypto-worker.js's worker, or on the page where no worker runs)
and verified by the server's Python. Screenshots in test-artifacts/evote-encrypted-*.png."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.congress.models import Delegate
from daihoi.elections.evoting.models import CastBallot, EncryptedBallot, SpoiledBallot, VoterReceipt
from tests.conftest import screenshot

from .conftest import Ceremony, log_in_delegate, phone_page


def _tracker_shown(page: Any, not_this: str | None = None) -> str:
    """The tracker once the page has encrypted the ballot (polled here: the page's CSP
    allows no eval, which wait_for_function needs)."""
    for _ in range(200):
        shown = page.locator("#evote-tracker").get_attribute("title") or ""
        if len(shown) == 64 and shown != not_this:
            return shown
        page.wait_for_timeout(100)
    raise AssertionError("no tracker shown")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_delegate_challenges_then_votes_encrypted_on_a_phone(
        browser: Any, live_server: Any, make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    done = make_encrypted_round(seats=3)
    round_ = done.round
    delegate = make_delegate(login=True)
    context, page = phone_page(browser, live_server)
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.post_data or "") if r.method == "POST" else None)
    try:
        log_in_delegate(page, delegate)
        page.goto(reverse("evoting:ballot", args=[round_.pk]))
        lines = page.locator("#evote-ballot .evote-strike:visible")
        assert lines.count() == 5
        lines.nth(0).tap()
        lines.nth(1).tap()  # keeps 2, 3, 4
        page.locator("#evote-review").tap()
        page.wait_for_selector("#evote-confirm:not([hidden])")
        first = _tracker_shown(page)
        assert page.locator("#evote-tracker").inner_text().count(" ") == 3  # four groups of four
        screenshot(page, "evote-encrypted-confirm")

        # The challenge: the ballot opens to what was chosen, and is not counted.
        page.locator("#evote-challenge").tap()
        page.wait_for_selector("#evote-audit:not([hidden])")
        verdict = page.locator("#evote-audit-verdict").inner_text()
        assert "đúng với lựa chọn" in verdict
        opened = page.locator("#evote-audit-lines li").all_inner_texts()
        assert [t.rsplit(": ", 1)[1] for t in opened] == ["Gạch tên", "Gạch tên", "Bầu", "Bầu", "Bầu"]
        screenshot(page, "evote-encrypted-challenged")
        [spoiled] = SpoiledBallot.objects.filter(round=round_)
        assert spoiled.tracker == first and spoiled.reveal["choices"] == [0, 0, 1, 1, 1]
        assert not VoterReceipt.objects.exists()

        # Vote afresh: a new encryption, a new tracker. The network drops as it is sent.
        page.locator("#evote-again").tap()
        page.wait_for_selector("#evote-ballot:not([hidden])")
        page.locator("#evote-review").tap()
        second = _tracker_shown(page, not_this=first)
        context.set_offline(True)
        page.locator("#evote-send").tap()
        page.wait_for_selector("#evote-resend:not([hidden])")
        assert "đang được gửi lại" in page.locator("#evote-status-text").inner_text()
        kept = page.evaluate(f"localStorage.getItem('daihoi.evote.pending.{round_.pk}')")
        assert kept and json.loads(json.loads(kept)["ballot"])["tracker"] == second
        assert "nonces" not in kept  # never the nonces: they would open the ballot
        screenshot(page, "evote-encrypted-offline")
        assert not EncryptedBallot.objects.exists()
        context.set_offline(False)
        page.locator("#evote-resend").tap()
        page.wait_for_selector("#evote-done:not([hidden])")
        assert "đã được ghi nhận" in page.locator("#evote-result").inner_text()
        assert page.locator("#evote-done-tracker").get_attribute("title") == second
        screenshot(page, "evote-encrypted-done")
        assert page.evaluate(f"localStorage.getItem('daihoi.evote.pending.{round_.pk}')") is None

        # The answer was lost after all: the phone resends the same ballot, counted once.
        page.evaluate(f"localStorage.setItem('daihoi.evote.pending.{round_.pk}', {json.dumps(kept)})")
        page.goto(reverse("evoting:ballot", args=[round_.pk]))
        page.wait_for_selector("#evote-done-tracker-box:not([hidden])")
        assert "ghi nhận từ trước" in page.locator("#evote-result").inner_text()
        assert page.locator("#evote-done-tracker").get_attribute("title") == second

        # The delegate finds the tracker on the board, from the link on the receipt.
        page.locator("#evote-board-link").tap()
        page.wait_for_url(lambda url: "/board/" in url and f"t={second[:16]}" in url)
        assert second in page.content()
        screenshot(page, "evote-encrypted-board")
    finally:
        context.close()
    assert VoterReceipt.objects.filter(round=round_).count() == 1
    assert list(EncryptedBallot.objects.values_list("tracker", flat=True)) == [second]
    assert not CastBallot.objects.exists()
    # What the phone sent: never the clear marks.
    assert posted and not any("line-" in body for body in posted)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_confidence_ballot_encrypted_on_a_phone(
        browser: Any, live_server: Any, make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate], counter: Any) -> None:
    """Three levels a person, encrypted by crypto.js as three selections each (protocol §2):
    the challenge opens to the levels chosen, the ballot sent afresh is counted by the
    trustees' decryption into the round's three-level counts."""
    from daihoi.elections.evoting import services
    from daihoi.elections.models import Round

    done = make_encrypted_round(ballot_format="confidence")
    round_ = done.round
    delegate = make_delegate(login=True)
    context, page = phone_page(browser, live_server)
    try:
        log_in_delegate(page, delegate)
        page.goto(reverse("evoting:ballot", args=[round_.pk]))
        lines = page.locator("#evote-ballot .evote-line")
        assert lines.count() == 5
        for i, level in [(0, "high"), (2, "low"), (3, "medium")]:  # 1 and 4 left blank
            lines.nth(i).locator(f".evote-choice.{level}").tap()
        page.locator("#evote-review").tap()
        page.wait_for_selector("#evote-confirm:not([hidden])")
        first = _tracker_shown(page)
        page.locator("#evote-challenge").tap()
        page.wait_for_selector("#evote-audit:not([hidden])")
        assert "đúng với lựa chọn" in page.locator("#evote-audit-verdict").inner_text()
        opened = page.locator("#evote-audit-lines li").all_inner_texts()
        assert [t.rsplit(": ", 1)[1] for t in opened] == [
            "Tín nhiệm cao", "Không chọn", "Tín nhiệm thấp", "Tín nhiệm", "Không chọn"]
        screenshot(page, "evote-encrypted-confidence-challenged")
        [spoiled] = SpoiledBallot.objects.filter(round=round_)
        assert spoiled.tracker == first
        assert spoiled.reveal["choices"] == [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]
        page.locator("#evote-again").tap()
        page.wait_for_selector("#evote-ballot:not([hidden])")
        page.locator("#evote-review").tap()
        _tracker_shown(page, not_this=first)
        page.locator("#evote-send").tap()
        page.wait_for_selector("#evote-done:not([hidden])")
    finally:
        context.close()
    assert EncryptedBallot.objects.filter(round=round_).count() == 1
    services.evote_close_encrypted(acting_user=counter, round_=round_)
    assert done.decrypt(1, 2).finalized
    closed = Round.objects.get(pk=round_.pk)
    ids = [c.pk for c in services.candidates_of(closed)]
    assert [closed.result["levels"][str(pk)] for pk in ids] == [
        [1, 0, 0], [0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 0]]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_past_the_cap_on_challenges_the_page_goes_back_to_the_ballot_to_send_it(
        browser: Any, live_server: Any, make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate], monkeypatch: pytest.MonkeyPatch) -> None:
    """services.MAX_CHALLENGES (1 here): the second challenge is refused with the message,
    the page shows it, hides the challenge button and is back on the ballot with the marks;
    the next review encrypts afresh (the refused ballot's nonces were sent) and is cast."""
    from daihoi.elections.evoting import services

    monkeypatch.setattr(services, "MAX_CHALLENGES", 1)
    done = make_encrypted_round(seats=3)
    round_ = done.round
    delegate = make_delegate(login=True)
    context, page = phone_page(browser, live_server)
    try:
        log_in_delegate(page, delegate)
        page.goto(reverse("evoting:ballot", args=[round_.pk]))
        strike = page.locator("#evote-ballot .evote-strike:visible")
        strike.nth(0).tap()
        strike.nth(1).tap()  # keeps 3, 4, 5: as many as the seats
        page.locator("#evote-review").tap()
        first = _tracker_shown(page)
        page.locator("#evote-challenge").tap()
        page.wait_for_selector("#evote-audit:not([hidden])")
        page.locator("#evote-again").tap()
        page.locator("#evote-review").tap()
        second = _tracker_shown(page, not_this=first)
        page.locator("#evote-challenge").tap()
        page.wait_for_selector("#evote-ballot:not([hidden])")
        assert page.locator("#evote-status-text").inner_text() == \
            str(services.ERR_CHALLENGE_LIMIT).format(max=1)
        assert page.locator("#evote-challenge").is_hidden()
        screenshot(page, "evote-encrypted-challenge-limit")
        assert SpoiledBallot.objects.count() == 1
        page.locator("#evote-review").tap()
        third = _tracker_shown(page, not_this=second)
        page.locator("#evote-send").tap()
        page.wait_for_selector("#evote-done:not([hidden])")
        assert page.locator("#evote-done-tracker").get_attribute("title") == third
        [cast] = EncryptedBallot.objects.filter(round=round_)
        assert cast.tracker == third and third not in (first, second)
    finally:
        context.close()


# The page's own timer, every 10 ms, with what the tracker box said then; the review's start
# and the moment the tracker was shown. Set up by page.evaluate, which the CSP allows.
_WATCH = """() => {
  const w = window.__evote = {ticks: [], start: null, shown: null};
  const tracker = document.getElementById("evote-tracker");
  setInterval(() => w.ticks.push([performance.now(), tracker.textContent]), 10);
  document.getElementById("evote-form").addEventListener("submit", () => {
    if (w.start === null) w.start = performance.now();
  }, true);
  new MutationObserver(() => {
    if (w.shown === null && (tracker.title || "").length === 64) w.shown = performance.now();
  }).observe(tracker, {attributes: true});
}"""


def _review_watched(page: Any, round_pk: int) -> tuple[str, int, float]:
    """Strikes two names, reviews with the CPU 4× slower, and returns the tracker, how many
    times the page's timer ran while "Đang mã hóa phiếu…" was up, and the longest the timer
    waited from that message to the tracker (the page's longest stall while encrypting)."""
    page.goto(reverse("evoting:ballot", args=[round_pk]))
    for i in (0, 1):
        page.locator(".evote-line").nth(i).locator(".evote-strike:visible").tap()
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.evaluate(_WATCH)
    page.locator("#evote-review").tap()
    shown = _tracker_shown(page)
    watched = page.evaluate("() => window.__evote")
    ticks = [(t, text) for t, text in watched["ticks"] if t > watched["start"]]
    during = [t for t, text in ticks if t <= watched["shown"] and text == "Đang mã hóa phiếu…"]
    after = [t for t, _text in ticks if t > watched["shown"]][:1]
    times = during + after
    assert during and after, watched
    return shown, len(during), max(b - a for a, b in itertools.pairwise(times))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_ballot_is_encrypted_in_a_worker_and_on_the_page_when_none_starts(
        browser: Any, live_server: Any, make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    """crypto-worker.js: in its worker the page's timer keeps running while the message is
    up; where the policy refuses the worker (it fails to start) or there is no Worker, the
    page encrypts itself, stalling as before, and that ballot is accepted."""
    names = [f"Ứng viên Số {i + 1}" for i in range(16)]  # enough work to see a stall at 4×
    done = make_encrypted_round(seats=14, names=names)
    round_ = done.round
    delegate = make_delegate(login=True)
    context = browser.new_context(base_url=live_server.url, locale="vi-VN",
                                  viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    context.set_default_timeout(20_000)
    refused: list[str] = []
    try:
        log_in_delegate(context.new_page(), delegate)

        in_worker = context.new_page()
        _tracker, ticks, worker_stall = _review_watched(in_worker, round_.pk)
        assert [w.url.rsplit("/", 1)[1] for w in in_worker.workers] == ["crypto-worker.js"]
        assert ticks >= 3  # the page ran, the message on screen, while the worker worked

        no_worker = context.new_page()
        no_worker.add_init_script("delete window.Worker")
        _review_watched(no_worker, round_.pk)
        assert no_worker.workers == []

        # The page's policy without workers: the worker is refused as it starts, and what it
        # was asked (the tables, the encryption) is done on the page.
        ballot_url = f"{live_server.url}{reverse('evoting:ballot', args=[round_.pk])}"

        def no_workers(route: Any) -> None:
            response = route.fetch()
            policy = response.headers["content-security-policy"]
            route.fulfill(response=response, headers={
                **response.headers,
                "content-security-policy": policy.replace("worker-src 'self'", "worker-src 'none'")})

        on_page = context.new_page()
        on_page.route(ballot_url, no_workers)
        on_page.on("console", lambda m: refused.append(m.text) if "worker-src" in m.text else None)
        tracker, _ticks, page_stall = _review_watched(on_page, round_.pk)
        assert refused and on_page.workers == []
        # On the page the encryption holds the timer; in the worker it did not.
        assert worker_stall < page_stall / 2, (worker_stall, page_stall)
        on_page.locator("#evote-send").tap()
        on_page.wait_for_selector("#evote-done:not([hidden])")
        assert on_page.locator("#evote-done-tracker").get_attribute("title") == tracker
    finally:
        context.close()
    assert list(EncryptedBallot.objects.values_list("tracker", flat=True)) == [tracker]
