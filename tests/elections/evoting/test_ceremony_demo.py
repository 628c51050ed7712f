"""The demo's encrypted round: counted by two of its three trustees, published, and its
bulletin board (the JSON a delegate downloads) passes `daihoi verify`, which fails once one
ballot, one decryption share or one total is changed; drawn from `--seed`, two builds give
the same key and the same trackers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management.color import no_style
from django.db import connection
from django.test import Client
from django.urls import reverse

from daihoi.congress import demo as congress_demo
from daihoi.core import demo as core_demo
from daihoi.core.models import User
from daihoi.elections.evoting import demo, verify_cli
from daihoi.elections.evoting.models import (
    DecryptionShare,
    EncryptedBallot,
    EVoteRound,
    SpoiledBallot,
    Trustee,
)
from daihoi.elections.models import CountingGroup, Election, Round
from daihoi.organizations import demo as org_demo


def verify(board: dict, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    return verify_cli.run(str(path), stdout=out, stderr=out), out.getvalue()


@pytest.mark.django_db
def test_the_demo_round_is_counted_and_its_board_verifies(tmp_path: Path) -> None:
    logs: list[str] = []
    core_demo.build(seed=1, log=logs.append)
    org_demo.build(seed=1, log=logs.append, members=1500)
    congress_demo.build(seed=1, log=logs.append)
    demo.build(seed=1, log=logs.append)
    round_ = Round.objects.get(election__title=demo.TITLE)
    assert round_.status == Round.Status.CLOSED and round_.results_published
    assert len(round_.result["elected"]) == demo.SEATS
    state = EVoteRound.objects.get(round=round_)
    assert state.scheme == EVoteRound.Scheme.ENCRYPTED and state.threshold == 2
    assert sorted(Trustee.objects.filter(round=round_).values_list("user__username", flat=True)) \
        == list(demo.TRUSTEES)
    assert DecryptionShare.objects.filter(round=round_).count() == 2
    # A delegate downloads the board from the page, as anyone on the list may.
    client = Client()
    client.force_login(User.objects.get(username="db001"))
    board = client.get(reverse("evoting:board_json", args=[round_.pk])).json()
    assert len(board["ballots"]) == demo.ONLINE and len(board["spoiled"]) == 1
    # The phones' ballots and the paper ones add up into the round's one count.
    groups = {g.mode: g.totals for g in round_.groups.all()}
    assert groups.keys() == {CountingGroup.Mode.ELECTRONIC, CountingGroup.Mode.SHEET}
    assert groups[CountingGroup.Mode.ELECTRONIC]["ballots_collected"] == demo.ONLINE
    assert groups[CountingGroup.Mode.ELECTRONIC]["votes"] == board["totals"][:demo.NAMES]
    assert round_.result["ballots_collected"] == sum(t["ballots_collected"] for t in groups.values())
    code, out = verify(board, tmp_path)
    assert code == 0, out
    assert f"Bảng hợp lệ: 3 thành viên Ban kiểm phiếu (ngưỡng 2), {demo.ONLINE} phiếu đã bỏ" in out
    for change in ("ballot", "share", "total"):
        altered = json.loads(json.dumps(board))
        if change == "ballot":
            sel = altered["ballots"][0]["selections"][0]
            sel["beta"], altered["ballots"][1]["selections"][0]["beta"] = \
                altered["ballots"][1]["selections"][0]["beta"], sel["beta"]
        elif change == "share":
            shares = altered["decryption"][0]["shares"]
            shares[0]["M"], shares[1]["M"] = shares[1]["M"], shares[0]["M"]
        else:
            altered["totals"][0] += 1
        code, out = verify(altered, tmp_path)
        assert code == 1, (change, out)
    # Run again: nothing is added.
    demo.build(seed=1, log=logs.append)
    assert Round.objects.filter(election__title=demo.TITLE).count() == 1


def _next_round_takes_the_pk_after_the_highest() -> None:
    """The manifest names the round by its pk (ceremony.manifest_of), so a round's trackers
    repeat only with its pk, as after `--reset`'s flush; whatever earlier tests drew from
    the sequence, the next round takes the pk after the highest one."""
    table = Round._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"UPDATE sqlite_sequence SET seq = (SELECT COALESCE(MAX(id), 0) FROM {table}) "  # noqa: S608
                           "WHERE name = %s", [table])
        else:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Round]):
                cursor.execute(sql)


def _build_round() -> tuple[int, str, list[str], list[str]]:
    _next_round_takes_the_pk_after_the_highest()
    demo.build(seed=1, log=lambda _msg: None)
    round_ = Round.objects.get(election__title=demo.TITLE)
    return (round_.pk, EVoteRound.objects.get(round=round_).public_key,
            sorted(EncryptedBallot.objects.filter(round=round_).values_list("tracker", flat=True)),
            sorted(SpoiledBallot.objects.filter(round=round_).values_list("tracker", flat=True)))


@pytest.mark.django_db
def test_two_builds_of_the_demo_round_give_the_same_key_and_trackers() -> None:
    logs: list[str] = []
    core_demo.build(seed=1, log=logs.append)
    org_demo.build(seed=1, log=logs.append, members=1500)
    congress_demo.build(seed=1, log=logs.append)
    first = _build_round()
    # Only the encrypted round is built again, on the same congress and delegates.
    Election.objects.filter(title=demo.TITLE).delete()
    second = _build_round()
    assert first[0] == second[0]  # the same pk, so the same manifest and hashes
    assert len(first[2]) == demo.ONLINE and len(first[3]) == 1
    assert first[1:] == second[1:]
