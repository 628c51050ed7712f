"""The key ceremony's pages and JSON, and the bulletin board, per role (views_keys.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections.evoting import ceremony, services, trustees_sim
from daihoi.elections.evoting.crypto import ceremony as cceremony
from daihoi.elections.evoting.crypto import tally as ctally
from daihoi.elections.evoting.models import EncryptedBallot, EVoteRound, Trustee
from daihoi.elections.models import Round
from tests.confirming import token_of

from .ceremony_fixtures import cancelling_ceremony, cast, committee, make_user, ready_round, rng

__all__ = ["committee", "make_user"]  # fixtures


def post_json(client: Any, url: str, data: Any) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


@pytest.mark.parametrize(("role", "status"), [
    (Role.COUNTING, 200), (Role.ADMIN, 200), (Role.OFFICE, 403), (Role.SECRETARIAT, 403),
    (Role.DELEGATE, 403), (Role.LEADER, 403)])
def test_the_keys_page_is_the_counting_committees(
        client: Any, make_user: Callable[..., Any], make_round: Callable[..., Round],
        role: Role, status: int) -> None:
    round_ = make_round(open=False)
    client.force_login(make_user(role))
    response = client.get(reverse("evoting:keys", args=[round_.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Tạo khóa cho bỏ phiếu mã hóa" in response.content.decode()


def test_starting_asks_first_then_starts(client: Any, committee: list[Any],
                                         make_round: Callable[..., Round]) -> None:
    round_ = make_round(open=False)
    client.force_login(committee[0])
    url = reverse("evoting:keys_start", args=[round_.pk])
    chosen = {"trustees": [u.pk for u in committee], "threshold": "2"}
    page = client.post(url, chosen)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bước này không làm lại được" in text and "Cần 2 trong 3 người" in text
    assert not Trustee.objects.exists()
    assert client.post(url, {**chosen, "confirmed": "1"}).status_code == 200  # not its token
    assert not Trustee.objects.exists()
    done = client.post(url, {**chosen, "confirmed": token_of(text)})
    assert done.status_code == 302
    assert Trustee.objects.filter(round=round_).count() == 3
    page = client.get(reverse("evoting:keys", args=[round_.pk])).content.decode()
    assert 'id="keys-device"' in page and "phần khóa số 1" in page


def test_a_trustee_runs_the_ceremony_through_the_json_endpoints(
        client: Any, committee: list[Any], make_round: Callable[..., Round]) -> None:
    round_ = make_round(open=False)
    ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee)
    urls = {name: reverse(f"evoting:keys_{name}", args=[round_.pk])
            for name in ("state", "publish", "shares", "confirm")}
    secrets = {}
    for i, user in enumerate(committee, 1):
        client.force_login(user)
        state = client.get(urls["state"]).json()
        assert state["index"] == i and state["threshold"] == 2 and not state["published"]
        secrets[i], record = cceremony.trustee_start(state["base_hash"], i, 2, rng(i))
        answer = post_json(client, urls["publish"], record)
        assert answer.status_code == 200, answer.content
        # Publishing twice is refused with the reason.
        again = post_json(client, urls["publish"], record)
        assert again.status_code == 400 and "đã công bố" in again.json()["error"]
    for i, user in enumerate(committee, 1):
        client.force_login(user)
        state = client.get(urls["state"]).json()
        assert state["public_key"] and len(state["records"]) == 3
        payloads = cceremony.shares_for(state["base_hash"], secrets[i], state["records"], rng(9))
        assert post_json(client, urls["shares"], payloads).json() == {"ok": True, "sent": 2}
    for i, user in enumerate(committee, 1):
        client.force_login(user)
        state = client.get(urls["state"]).json()
        assert [p["to"] for p in state["shares"]] == [i, i]
        cceremony.receive_shares(state["base_hash"], secrets[i], state["shares"], state["records"])
        assert post_json(client, urls["confirm"], {"ok": True}).status_code == 200
    assert ceremony.is_ready(round_)


REFUSED = 'id="keys-refused" role="alert">'


@pytest.mark.parametrize(("role", "status"), [
    ("trustee", 200), (Role.COUNTING, 200), (Role.ADMIN, 200), (Role.OFFICE, 403),
    (Role.SECRETARIAT, 403), (Role.DELEGATE, 403)])
def test_a_refused_joint_key_is_told_on_the_ceremony_page_until_it_starts_again(
        client: Any, committee: list[Any], make_user: Callable[..., Any],
        make_round: Callable[..., Round], role: Role | str, status: int) -> None:
    round_ = make_round(open=False)
    cancelling = cancelling_ceremony(round_, committee)
    last = committee[2]
    client.force_login(last)
    state_url = reverse("evoting:keys_state", args=[round_.pk])
    assert client.get(state_url).json()["key_refused"] is False
    answer = post_json(client, reverse("evoting:keys_publish", args=[round_.pk]), cancelling)
    assert answer.status_code == 400 and "phần tử đơn vị" in answer.json()["error"]
    # The phone is told to wait: sending the record again is refused, with the restart asked.
    assert client.get(state_url).json()["key_refused"] is True
    again = post_json(client, reverse("evoting:keys_publish", args=[round_.pk]), cancelling)
    assert again.status_code == 400 and "bắt đầu lại" in again.json()["error"]
    client.force_login(committee[0] if role == "trustee" else make_user(role))
    url = reverse("evoting:keys", args=[round_.pk])
    response = client.get(url)
    assert response.status_code == status
    if status != 200:
        return
    page = response.content.decode()
    assert REFUSED in page and "Khóa chung đã bị từ chối" in page
    # The restart is at hand: the link to it, the form open.
    assert 'href="#keys-restart"' in page and '<details id="keys-restart" open>' in page
    assert 'id="keys-start-form"' in page
    ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee)
    page = client.get(url).content.decode()
    assert REFUSED not in page and 'id="keys-refused"' in page  # hidden for keys.js
    assert '<details id="keys-restart">' in page


def test_the_json_endpoints_refuse_others_and_bad_bodies(
        client: Any, committee: list[Any], make_round: Callable[..., Round],
        make_user: Callable[..., Any]) -> None:
    round_ = make_round(open=False)
    ceremony.ceremony_start(acting_user=committee[0], round_=round_, trustees=committee[:2])
    state_url = reverse("evoting:keys_state", args=[round_.pk])
    publish = reverse("evoting:keys_publish", args=[round_.pk])
    client.force_login(committee[2])  # on the committee, not a trustee of this round
    assert client.get(state_url).status_code == 403
    assert post_json(client, publish, {"index": 3}).status_code == 403
    client.force_login(make_user(Role.DELEGATE))
    assert client.get(state_url).status_code == 403
    client.force_login(committee[0])
    bad = client.post(publish, data="{", content_type="application/json")
    assert bad.status_code == 400 and "JSON" in bad.json()["error"]
    assert client.get(publish).status_code == 405


def test_decryption_through_the_endpoint(client: Any, committee: list[Any],
                                         make_round: Callable[..., Round]) -> None:
    round_, shares = ready_round(make_round, committee)
    cast(round_, [[1, 1, 0, 0, 0], [0, 1, 1, 0, 0]])
    services.evote_close_encrypted(acting_user=committee[0], round_=round_)
    url = reverse("evoting:keys_decrypt", args=[round_.pk])
    for i, user in enumerate(committee[:2], 1):
        client.force_login(user)
        state = client.get(reverse("evoting:keys_state", args=[round_.pk])).json()
        assert state["awaiting"] and len(state["aggregate"]) == 5
        share = ctally.decryption_share(state["extended_hash"], i, shares[i], state["records"],
                                        state["aggregate"], rng(i))
        answer = post_json(client, url, share).json()
        assert answer["decrypted"] is (i == 2)
    assert EVoteRound.objects.get(round=round_).totals == [1, 2, 1, 0, 0]


# --- the board -----------------------------------------------------------------------------
def test_the_board_for_delegates_and_staff_only(
        client: Any, committee: list[Any], make_round: Callable[..., Round],
        make_delegate: Callable[..., Any], make_user: Callable[..., Any]) -> None:
    round_, shares = ready_round(make_round, committee)
    cast(round_, [[1, 1, 0, 0, 0], [0, 1, 1, 0, 0]])
    services.evote_close_encrypted(acting_user=committee[0], round_=round_)
    trustees_sim.decrypt(round_, committee[:2], shares)
    page = reverse("evoting:board", args=[round_.pk])
    download = reverse("evoting:board_json", args=[round_.pk])
    delegate = make_delegate().member.user
    client.force_login(delegate)
    assert client.get(page).status_code == 200
    board = client.get(download).json()
    # Not yet published: the delegate's board has the ballots, not the decryption.
    assert len(board["ballots"]) == 2 and "totals" not in board
    client.force_login(committee[1])
    board = client.get(download).json()
    assert board["totals"] == [1, 2, 1, 0, 0]
    assert "attachment" in client.get(download)["Content-Disposition"]
    assert "Kết quả giải mã" in client.get(page).content.decode()
    client.force_login(make_user(Role.LEADER))
    assert client.get(page).status_code == 200
    client.force_login(make_user())  # a login on no list and with no role
    assert client.get(page).status_code == 403
    assert client.get(download).status_code == 403


def test_a_delegate_finds_a_tracker_on_the_board(client: Any, committee: list[Any],
                                                 make_round: Callable[..., Round],
                                                 make_delegate: Callable[..., Any]) -> None:
    round_, _shares = ready_round(make_round, committee)
    cast(round_, [[1, 1, 0, 0, 0], [0, 1, 1, 0, 0]])
    tracker = sorted(EncryptedBallot.objects.filter(round=round_).values_list("tracker", flat=True))[0]
    client.force_login(make_delegate().member.user)
    url = reverse("evoting:board", args=[round_.pk])
    shown = " ".join(tracker[i:i + 4] for i in range(0, 16, 4))  # as the phone shows it
    found = client.get(url, {"t": shown}).content.decode()
    assert 'id="board-found"' in found and tracker in found
    missing = client.get(url, {"t": "0000 0000 0000 0000"}).content.decode()
    assert 'id="board-missing"' in missing


def test_the_keys_page_and_the_board_in_english(client: Any, committee: list[Any],
                                                make_round: Callable[..., Round]) -> None:
    round_, _shares = ready_round(make_round, committee)
    client.force_login(committee[0])
    client.cookies["django_language"] = "en"
    body = client.get(reverse("evoting:keys", args=[round_.pk])).content.decode()
    assert "vote-counting committee" in body
    assert "Step 1: make your key share" in body and "Key share recovery sheet" in body
    assert "Khóa của Ban Kiểm phiếu" not in body
    body = client.get(reverse("evoting:board", args=[round_.pk])).content.decode()
    assert "Public bulletin board" in body and "Find my ballot" in body
    assert "Bảng tin công khai" not in body
