"""The demo: a committee with ten conferences held, the 11th in preparation with drafts,
comments carried into a second version, the confidence vote held on device with the
encrypted scheme, decrypted by two of its three key holders, counted, its bulletin board
passing `daihoi verify`, and a vote on a question open on device."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.core.models import User
from daihoi.elections.evoting import verify_cli
from daihoi.elections.evoting.models import DecryptionShare, EVoteRound, Trustee
from daihoi.meetings import demo, selectors
from daihoi.meetings.models import Committee, Conference
from tests.factories import MemberFactory, OrganizationFactory
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


def test_demo_builds_the_term_and_the_11th_conference(tmp_path: Path) -> None:
    admin = h.office("admin")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    root = OrganizationFactory()
    cell = OrganizationFactory(parent=root)
    for i in range(30):  # with logins, as the congress's delegates have: they vote on device
        MemberFactory(organization=cell, user=User.objects.create(username=f"demo{i}", password="!"))
    lines: list[str] = []
    demo.build(seed=1, log=lines.append)
    executive = Committee.objects.get(kind=Committee.Kind.EXECUTIVE)
    conferences = list(executive.conferences.order_by("number"))
    assert [c.number for c in conferences] == list(range(1, 12))
    assert all(c.status == Conference.Status.HELD for c in conferences[:10])
    eleventh = conferences[10]
    assert eleventh.status == Conference.Status.PREPARING and eleventh.drafts.count() == 2
    assert len(selectors.work_log_for(eleventh)) == 4
    midterm = eleventh.drafts.order_by("id").first()
    assert midterm.versions.count() == 2 and selectors.report_rows(midterm)
    vote = eleventh.confidence_votes.get()
    result = selectors.confidence_result(vote)
    assert vote.on_device and vote.round.status == "closed"
    assert result is not None and result.quorum_met and result.returned == result.present
    assert result.convened == 28 and result.present == eleventh.attendance.filter(status="present").count()
    assert any(p.consequence != "none" for p in result.people)
    # Encrypted: the conference's counting group (three members present) holds the key, two
    # of them decrypted, and the board anyone downloads verifies with the recorded counts.
    state = EVoteRound.objects.get(round=vote.round)
    assert state.scheme == EVoteRound.Scheme.ENCRYPTED and state.threshold == 2
    holders = set(Trustee.objects.filter(round=vote.round).values_list("user_id", flat=True))
    counting = list(vote.round.election.meeting_link.counting.all())
    assert holders == {s.member.user_id for s in counting} and len(holders) == 3
    assert eleventh.attendance.filter(seat__in=counting, status="present").count() == 3
    assert DecryptionShare.objects.filter(round=vote.round).count() == 2
    # A key holder downloads the board from its page.
    client = Client()
    client.force_login(counting[0].member.user)
    board = client.get(reverse("evoting:board_json", args=[vote.round_id])).json()
    assert len(board["ballots"]) == result.returned
    assert [(p["high"], p["medium"], p["low"], p["unmarked"]) for p in board["result"]["people"]] \
        == [(p.high, p.medium, p.low, p.unmarked) for p in result.people]
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    assert verify_cli.run(str(path), stdout=out, stderr=out) == 0, out.getvalue()
    # In a confidence vote's words: the conference's counting group, the people rated.
    assert (f"Bảng hợp lệ: lấy phiếu tín nhiệm {len(result.people)} người; 3 thành viên giữ khóa "
            "của Tổ kiểm phiếu (ngưỡng 2)") in out.getvalue()
    question = eleventh.votes.get()
    assert question.mode == "device" and question.status == "open" and question.answers.count() > 0
    demo.build(seed=1, log=lines.append)  # a second run adds nothing
    assert Committee.objects.count() == 2 and "bỏ qua" in lines[-1]
