"""The counting committee on three phones (390×844): one starts the ceremony, each makes
its share of the key in its browser (keys.js on crypto.js), sends the shares, checks the
ones received and keeps the recovery sheet; after the vote two of them decrypt the totals
(one phone stays away: k = 2 of 3), one of them after restoring its share from the
recovery sheet. Screenshots in test-artifacts/keys-*.png."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from daihoi.core.roles import Role
from daihoi.elections.evoting import services
from daihoi.elections.evoting.models import EVoteRound, Trustee
from daihoi.elections.models import Round
from tests.conftest import PASSWORD, screenshot

from .ceremony_fixtures import cancelling_ceremony, cast

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "vi-VN"}


def phone(browser: Any, live_server: Any, user: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def at_step(page: Any, name: str) -> None:
    page.wait_for_selector(f'#keys-step[data-step="{name}"]')


def act(page: Any, step: str, *, confirm: bool = True) -> None:
    at_step(page, step)
    page.locator("#keys-action").tap()
    if confirm:
        # Every irreversible step asks first.
        assert page.locator("#keys-confirm").is_visible()
        page.locator("#keys-confirm-yes").tap()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_committee_makes_the_key_and_decrypts_from_three_phones(
        browser: Any, live_server: Any, make_round: Callable[..., Round],
        make_user: Callable[..., Any]) -> None:
    round_ = make_round(open=False, seats=3)
    members = [make_user(Role.COUNTING, username=f"kiemphieu{i}", full_name=f"Thành viên {i}")
               for i in (1, 2, 3)]
    phones = [phone(browser, live_server, user) for user in members]
    try:
        first = phones[0]
        first.goto(f"/vote/r/{round_.pk}/keys/")
        # Every member of the committee is offered, checked; this round's key goes to three.
        boxes = first.locator("#keys-start-form input[name=trustees]")
        assert boxes.count() == 4 and all(boxes.nth(i).is_checked() for i in range(4))
        chosen = {str(u.pk) for u in members}
        for i in range(boxes.count()):
            boxes.nth(i).set_checked(boxes.nth(i).get_attribute("value") in chosen)
        screenshot(first, "keys-start")
        first.locator("#keys-start-button").tap()
        first.wait_for_selector("#confirm-step")
        assert "Cần 2 trong 3 người" in first.locator("#confirm-figures").inner_text()
        first.locator("#confirm-button").tap()
        first.wait_for_selector("#keys-device")
        for page in phones[1:]:
            page.goto(f"/vote/r/{round_.pk}/keys/")
        for page in phones:
            act(page, "generate")
        screenshot(phones[0], "keys-published")
        for page in phones:
            act(page, "send")
        for page in phones:
            act(page, "receive", confirm=False)
            at_step(page, "sheet")
            assert page.locator("#keys-sheet").is_visible()
            assert len(page.locator("#keys-sheet-secret").inner_text().replace(" ", "")) == 64
        screenshot(phones[1], "keys-sheet")
        sheet = phones[0].locator("#keys-sheet-secret").inner_text().replace(" ", "")
        for page in phones:
            act(page, "sheet")
            at_step(page, "done")
            assert not page.locator("#keys-sheet").is_visible()
        assert all(Trustee.objects.filter(round=round_).values_list("confirmed", flat=True))
        # Nothing secret reached the server; the phones keep their shares.
        kept = phones[0].evaluate("Object.keys(localStorage).filter(k => k.startsWith('daihoi-evote:'))")
        assert len(kept) == 1

        counter = members[0]
        round_ = services.evote_open(acting_user=counter, round_=round_,
                                     scheme=EVoteRound.Scheme.ENCRYPTED)
        cast(round_, [[1, 1, 1, 0, 0], [1, 0, 0, 1, 1], [0, 1, 1, 0, 0]])
        services.evote_close_encrypted(acting_user=counter, round_=round_)
        # The first phone lost its data: its member types the share from the recovery sheet
        # (a wrong code is refused, checked against the public share on the phone).
        first.evaluate("localStorage.clear()")
        first.reload()
        at_step(first, "done")
        first.locator("#keys-restore summary").tap()
        first.fill("#keys-restore-input", sheet[:-1] + ("0" if sheet[-1] != "0" else "1"))
        first.locator("#keys-restore-button").tap()
        assert "không ứng với" in first.locator("#keys-restore-result").inner_text()
        first.fill("#keys-restore-input", " ".join(sheet[i:i + 8] for i in range(0, 64, 8)))
        first.locator("#keys-restore-button").tap()
        assert "Đã khôi phục" in first.locator("#keys-restore-result").inner_text()
        # Two of the three decrypt; the second phone is away.
        for page in (phones[0], phones[2]):
            page.reload()
            act(page, "decrypt")
        at_step(phones[2], "counted")
        screenshot(phones[2], "keys-counted")
        # The board: every encrypted ballot by its tracker, the decrypted totals.
        board = phones[2]
        board.goto(f"/vote/r/{round_.pk}/board/")
        assert board.locator("#board-cast li").count() == 3
        assert board.locator("#board-result").is_visible()
        tracker = board.locator("#board-cast li").first.inner_text()
        board.fill("#board-tracker", " ".join(tracker[i:i + 4] for i in range(0, 16, 4)))
        board.press("#board-tracker", "Enter")
        board.wait_for_selector("#board-found")
        # Phone first: nothing, the 64-character keys included, is wider than the phone.
        assert board.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(board, "keys-board")
    finally:
        for page in phones:
            page.context.close()
    state = EVoteRound.objects.get(round=round_)
    assert state.totals == [2, 2, 2, 1, 1]
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    assert [c["votes"] for c in round_.result["candidates"]] == [2, 2, 2, 1, 1]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_bad_share_blocks_the_round_until_the_ceremony_starts_again(
        browser: Any, live_server: Any, make_round: Callable[..., Round],
        make_user: Callable[..., Any]) -> None:
    from daihoi.elections.evoting import ceremony
    from daihoi.elections.evoting.models import TrusteeShare

    round_ = make_round(open=False)
    members = [make_user(Role.COUNTING, username=f"kp{i}", full_name=f"Thành viên {i}")
               for i in (1, 2)]
    ceremony.ceremony_start(acting_user=members[0], round_=round_, trustees=members)
    phones = [phone(browser, live_server, user) for user in members]
    try:
        for page in phones:
            page.goto(f"/vote/r/{round_.pk}/keys/")
            act(page, "generate")
        for page in phones:
            act(page, "send")
        for page in phones:
            at_step(page, "receive")
        # The share relayed to the first member is altered on the server.
        relayed = TrusteeShare.objects.get(round=round_, recipient=1)
        relayed.payload = {**relayed.payload, "ct": ("00" if relayed.payload["ct"][:2] != "00"
                                                     else "11") + relayed.payload["ct"][2:]}
        relayed.save()
        first = phones[0]
        first.reload()
        act(first, "receive", confirm=False)
        at_step(first, "complained")
        assert "thành viên số 2" in first.locator("#keys-error").inner_text()
        first.reload()
        assert first.locator("#keys-trustees .keys-complaint").count() == 1
        assert first.locator("#keys-blocked").is_visible()
        assert Trustee.objects.get(round=round_, index=1).complaint.startswith("2: ")
        assert not ceremony.is_ready(round_)
        screenshot(first, "keys-complaint")
        # Started again with the same members (the same manifest): the phones start afresh,
        # nothing of the first ceremony is reused.
        ceremony.ceremony_start(acting_user=members[0], round_=round_, trustees=members)
        for page in phones:
            page.reload()
            act(page, "generate")
        for page in phones:
            act(page, "send")
        for page in phones:
            act(page, "receive", confirm=False)
            act(page, "sheet")
            at_step(page, "done")
    finally:
        for page in phones:
            page.context.close()
    assert ceremony.is_ready(round_)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_refused_joint_key_stops_the_phone_until_the_ceremony_starts_again(
        browser: Any, live_server: Any, make_round: Callable[..., Round],
        make_user: Callable[..., Any]) -> None:
    import json

    from daihoi.elections.evoting import ceremony

    round_ = make_round(open=False)
    members = [make_user(Role.COUNTING, username=f"kp{i}", full_name=f"Thành viên {i}")
               for i in (1, 2, 3)]
    cancelling = cancelling_ceremony(round_, members)
    last = phone(browser, live_server, members[2])
    try:
        last.goto(f"/vote/r/{round_.pk}/keys/")
        at_step(last, "generate")
        # The record the phone stored before sending is the cancelling one.
        qb = ceremony.base_hash_of(EVoteRound.objects.get(round=round_))
        trustee = Trustee.objects.get(round=round_, index=3)
        last.evaluate("([k, v]) => localStorage.setItem(k, v)",
                      [f"daihoi-evote:{qb}:{trustee.pk}:3", json.dumps({"record": cancelling})])
        act(last, "generate")
        at_step(last, "refused")
        assert "phần tử đơn vị" in last.locator("#keys-error").inner_text()
        assert last.locator("#keys-refused").is_visible()
        last.reload()
        at_step(last, "refused")
        assert not last.locator("#keys-action").is_visible()
        assert last.locator("#keys-refused").is_visible()
        screenshot(last, "keys-refused")
        # Started again, the polling phone moves on to a new share by itself.
        ceremony.ceremony_start(acting_user=members[0], round_=round_, trustees=members)
        at_step(last, "generate")
        assert not last.locator("#keys-refused").is_visible()
    finally:
        last.context.close()
