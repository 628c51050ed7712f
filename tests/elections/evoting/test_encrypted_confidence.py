"""A confidence round (Quy định 96-QĐ/TW: tín nhiệm cao / tín nhiệm / tín nhiệm thấp per
person, a row may be left blank) under the encrypted scheme (docs/evote-protocol.md §2):
three 0/1 selections per person, at most one of them by its contest's proof; the trustees
decrypt the totals, which are stored as the plain scheme's close stores its counts, and the
board (`daihoi verify`) recomputes them through rules/confidence.py."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from daihoi.congress.models import Delegate
from daihoi.elections.evoting import board as eboard
from daihoi.elections.evoting import selectors, services, verify_cli
from daihoi.elections.evoting.crypto import ballots
from daihoi.elections.evoting.crypto.group import CryptoError
from daihoi.elections.evoting.models import EncryptedBallot, VoterReceipt
from daihoi.elections.models import Round

from .conftest import Ceremony, key_of, user_of, vote, vote_encrypted

pytestmark = pytest.mark.django_db

# Five people, four ballots (as test_confidence.py's plain close): a row is h/m/l or n
# (blank); the third ballot is returned with no mark at all.
BALLOTS = ["hhmll", "hmmmm", "nnnnn", "lmlnn"]


def selections(letters: str) -> list[int]:
    """A confidence ballot as crypto.js encrypts it: (cao, tín nhiệm, thấp) per person."""
    return [int(mark == level) for mark in letters for level in "hml"]


def levels(letters: str) -> dict[str, list[int]]:
    """The same ballot as the plain scheme's form reads it."""
    return {level: [i for i, m in enumerate(letters) if m == level] for level in "hml"}


def _in_order(round_: Round) -> list[list[int]]:
    ids = [c.pk for c in services.candidates_of(round_)]
    return [round_.result["levels"][str(pk)] for pk in ids]


def _closed(done: Ceremony, counter: Any, make_delegate: Callable[..., Delegate],
            contents: Sequence[str]) -> Round:
    for letters in contents:
        assert vote_encrypted(make_delegate(), done, selections(letters)).outcome \
            == services.Outcome.RECORDED
    report = services.evote_close_encrypted(acting_user=counter, round_=done.round)
    assert report.receipts == len(contents)
    if contents:
        assert not report.decrypted
        assert Round.objects.get(pk=done.round.pk).status == Round.Status.COUNTING
        assert not done.decrypt(2).decrypted  # k = 2 of 3
        final = done.decrypt(3)
        assert final.decrypted and final.finalized
    return Round.objects.get(pk=done.round.pk)


def test_the_manifest_has_three_selections_and_a_contest_per_person(
        make_encrypted_round: Callable[..., Ceremony]) -> None:
    done = make_encrypted_round(ballot_format="confidence", seats=5, open=False)
    manifest = json.loads(done.keys().manifest)
    assert manifest["format"] == "confidence" and manifest["selections"] == 15
    assert manifest["contests"] == [{"indexes": [3 * i, 3 * i + 1, 3 * i + 2], "min": 0, "max": 1}
                                    for i in range(5)]
    assert ballots.layout(manifest).selections == 15


def test_an_encrypted_confidence_round_counts_as_the_plain_one(
        make_encrypted_round: Callable[..., Ceremony], make_round: Callable[..., Round],
        make_delegate: Callable[..., Delegate], counter: Any) -> None:
    done = make_encrypted_round(ballot_format="confidence")
    encrypted = _closed(done, counter, make_delegate, BALLOTS)
    plain = make_round(ballot_format="confidence")
    for letters in BALLOTS:
        assert vote(make_delegate(), plain, levels(letters)) == services.Outcome.RECORDED
    services.evote_close(acting_user=counter, round_=plain)
    plain.refresh_from_db()
    assert encrypted.status == plain.status == Round.Status.CLOSED
    assert _in_order(encrypted) == _in_order(plain) == [
        [2, 0, 1], [1, 2, 0], [0, 2, 1], [0, 1, 1], [0, 1, 1]]
    assert encrypted.result["ballots_collected"] == plain.result["ballots_collected"] == 4
    assert set(encrypted.result) == {"format", "ballots_collected", "levels"}
    assert encrypted.ballots_issued == plain.ballots_issued == 4
    tally = selectors.confidence_result_of(encrypted)
    assert tally is not None and tally.returned == 4


def test_no_ballot_cast_closes_with_zero_counts(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    done = make_encrypted_round(ballot_format="confidence")
    round_ = _closed(done, counter, make_delegate, [])
    assert round_.status == Round.Status.CLOSED
    assert _in_order(round_) == [[0, 0, 0]] * 5 and round_.result["ballots_collected"] == 0


def test_two_levels_for_one_person_cannot_be_proved_nor_cast(
        make_encrypted_round: Callable[..., Ceremony],
        make_delegate: Callable[..., Delegate]) -> None:
    done = make_encrypted_round(ballot_format="confidence")
    keys = done.keys()
    two = selections("hnnnn")
    two[1] = 1  # person 0: cao and tín nhiệm
    with pytest.raises(CryptoError):
        ballots.encrypt_ballot(keys.manifest, keys.public_key, keys.extended_hash, two)
    # A phone that proves its contest over a wider range (a manifest of its own, max 2,
    # with the round's hash) makes a ballot the server refuses, and nothing is recorded.
    wider = json.loads(keys.manifest)
    wider["contests"][0]["max"] = 2
    ballot, _reveal = ballots.encrypt_ballot(json.dumps(wider), keys.public_key,
                                             keys.extended_hash, two)
    d = make_delegate()
    with pytest.raises(services.BallotInvalid):
        services.vote_cast_encrypted(acting_user=user_of(d), round_=done.round,
                                     token=services.ballot_token(done.round, key_of(d)),
                                     ballot=json.dumps(ballot))
    assert not EncryptedBallot.objects.exists() and not VoterReceipt.objects.exists()


def test_the_board_verifies_with_daihoi_verify(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = make_encrypted_round(ballot_format="confidence")
    round_ = _closed(done, counter, make_delegate, BALLOTS)
    data = eboard.board(round_)
    assert data["result"]["format"] == "confidence" and data["result"]["ballots_collected"] == 4
    first = data["result"]["people"][0]
    assert (first["high"], first["medium"], first["low"], first["unmarked"]) == (2, 0, 1, 1)
    good = tmp_path / "board.json"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert verify_cli.main([str(good), "--jobs", "1"]) == 0
    assert "Bảng hợp lệ" in capsys.readouterr().out
    # A result that says otherwise than the totals is named.
    data["result"]["people"][0]["low"] = 0
    data["result"]["people"][0]["unmarked"] = 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert verify_cli.main([str(bad), "--jobs", "1"]) == 1
    assert "result: khác kết quả đếm lại" in capsys.readouterr().out


def test_the_pages_show_the_encrypted_ballot_and_the_decrypted_levels(
        make_encrypted_round: Callable[..., Ceremony], make_delegate: Callable[..., Delegate],
        counter: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    done = make_encrypted_round(ballot_format="confidence")
    client = Client()
    client.force_login(user_of(make_delegate()))
    ballot_page = client.get(reverse("evoting:ballot", args=[done.round.pk])).content.decode()
    assert 'data-format="confidence"' in ballot_page and 'data-scheme="encrypted"' in ballot_page
    round_ = _closed(done, counter, make_delegate, BALLOTS)
    client.force_login(counter)
    page = client.get(reverse("evoting:board", args=[round_.pk])).content.decode()
    assert "Tín nhiệm thấp" in page
    # Person 0: 2 cao, 0 tín nhiệm, 1 thấp, 1 để trống, as its row of the table.
    assert "<td>2</td><td>0</td><td>1</td><td>1</td>" in page
