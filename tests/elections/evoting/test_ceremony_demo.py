"""The demo's encrypted round: counted by two of its three trustees, published, and its
bulletin board (the JSON a delegate downloads) passes `daihoi verify`, which fails once one
ballot, one decryption share or one total is changed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congress import demo as congress_demo
from daihoi.core import demo as core_demo
from daihoi.core.models import User
from daihoi.elections.evoting import demo, verify_cli
from daihoi.elections.evoting.models import DecryptionShare, EVoteRound, Trustee
from daihoi.elections.models import CountingGroup, Round
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
