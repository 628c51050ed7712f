"""A committee's confidence vote on device (Quy định 96-QĐ/TW) held with the ENCRYPTED
e-voting scheme (docs/evote-protocol.md): the office prepares the vote, the conference's
counting group (Tổ kiểm phiếu) makes the round's key on their phones (simulated with the
server's own crypto, trustees_sim), opens it encrypted, the members present cast encrypted
three-level ballots, the close leaves the round counting until k of the key holders have
sent their decryption shares, and only then does the office record the counts into the
vote. The meeting's result (quorum, levels, shares, Điều 11's consequences) must equal what
the plain scheme gives for the same ballots."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections.evoting import board as eboard
from daihoi.elections.evoting import ceremony, trustees_sim
from daihoi.elections.evoting import services as evote
from daihoi.elections.evoting.crypto import ballots as cballots
from daihoi.elections.evoting.crypto.group import seeded_rng
from daihoi.elections.evoting.models import EVoteRound, VoterReceipt
from daihoi.elections.models import Round
from daihoi.meetings import selectors, services
from daihoi.meetings.models import Attendance, ConfidenceVote
from daihoi.rules import confidence as rules
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db

# Seven of nine members present (2/3 of 9 is 6: quorum met), seven ballots, one left blank.
# Subject A: 5 high, 1 medium, 1 unmarked; B: 4 low of 7 (more than half, under 2/3:
# khoản 2); C: 5 low of 7 (two thirds or more: khoản 3). As test_confidence_device.py.
BALLOTS = ["hll", "hll", "hll", "hll", "hml", "mhm", "nnn"]
# Seats 6, 7, 8 form the counting group and hold the key (k = 2 of 3); seat 6 also votes.
COUNTING = (6, 7, 8)


def _rng(seed: object) -> seeded_rng:
    """Repeatable simulated phones (never for a real round)."""
    return seeded_rng(f"test-meetings-confidence-{seed}")


def _selections(letters: str) -> list[int]:
    """A confidence ballot as crypto.js encrypts it: (cao, tín nhiệm, thấp) per person."""
    return [int(mark == level) for mark in letters for level in "hml"]


class Setup:
    """9 members, `present` recorded present, a vote on the first three members prepared on
    device with the counting group COUNTING."""

    def __init__(self, present: int = 7, *, like: Setup | None = None) -> None:
        """`like`: another vote at that one's conference, on the same three subjects."""
        self.actor = h.office() if like is None else like.actor
        self.c = h.committee(self.actor, seats=9) if like is None else like.c
        self.conf = h.conference(self.actor, self.c) if like is None else like.conf
        self.seats = list(self.c.members.order_by("order"))
        if like is None:
            services.attendance_record(
                acting_user=self.actor, conference=self.conf,
                marks={s.pk: Attendance.Status.PRESENT for s in self.seats[:present]})
        vote = services.confidence_vote_create(acting_user=self.actor, conference=self.conf,
                                               title="Giữa nhiệm kỳ", subjects=self.seats[:3])
        self.vote = services.confidence_device_prepare(
            acting_user=self.actor, vote=vote, counting=[self.seats[i] for i in COUNTING])
        self.counters = [h.seat_user(self.c, i) for i in COUNTING]

    @property
    def round(self) -> Round:
        assert self.vote.round_id is not None
        return Round.objects.select_related("election").get(pk=self.vote.round_id)

    def make_key(self) -> dict[int, str]:
        """The counting group's key ceremony, as their phones run it (k = 2 of 3)."""
        self.shares = trustees_sim.run_ceremony(self.round, self.counters, rng=_rng("key"))
        return self.shares

    def open(self, scheme: str) -> None:
        evote.evote_open(acting_user=self.counters[0], round_=self.round, scheme=scheme)

    def cast_plain(self, index: int, letters: str) -> evote.Outcome:
        user = h.seat_user(self.c, index)
        round_ = self.round
        voter = evote.voter_for(user, round_)
        return evote.vote_cast(
            acting_user=user, round_=round_, token=evote.ballot_token(round_, voter),
            choices=evote.choices_from_form(
                "confidence", len(letters), {f"line-{i}": m for i, m in enumerate(letters)}))

    def cast_encrypted(self, index: int, letters: str) -> evote.Outcome:
        """What the member's phone does: encrypt with the round's key (crypto.js's twin)."""
        user = h.seat_user(self.c, index)
        round_ = self.round
        keys = evote.keys_of(Round.objects.select_related("evote").get(pk=round_.pk))
        ballot, _reveal = cballots.encrypt_ballot(keys.manifest, keys.public_key,
                                                  keys.extended_hash, _selections(letters),
                                                  _rng(f"{round_.pk}-{index}"))
        voter = evote.voter_for(user, round_)
        return evote.vote_cast_encrypted(acting_user=user, round_=round_,
                                         token=evote.ballot_token(round_, voter),
                                         ballot=json.dumps(ballot)).outcome

    def decrypt(self, *which: int) -> ceremony.CountReport | None:
        """The key holders `which` (positions in COUNTING) send their decryption shares."""
        return trustees_sim.decrypt(self.round, [self.counters[i] for i in which], self.shares,
                                    rng=_rng(f"decrypt-{which}"))


def _encrypted_closed(present: int = 7) -> Setup:
    s = Setup(present)
    s.make_key()
    s.open(EVoteRound.Scheme.ENCRYPTED)
    for i, letters in enumerate(BALLOTS[:present]):
        assert s.cast_encrypted(i, letters) == evote.Outcome.RECORDED
    report = evote.evote_close_encrypted(acting_user=s.counters[0], round_=s.round)
    assert report.receipts == min(present, len(BALLOTS)) and not report.decrypted
    return s


def _page(user: Any, vote: ConfidenceVote) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("meetings:confidence", args=[vote.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_conference_counting_group_holds_the_rounds_key() -> None:
    """The members the conference named to its counting group are the ones who can hold
    the key (they have no counting role of their own); a member outside it is not."""
    s = Setup()
    eligible = {u.pk for u in ceremony.trustee_candidates(s.round)}
    assert {u.pk for u in s.counters} <= eligible
    assert h.seat_user(s.c, 1).pk not in eligible
    shares = s.make_key()
    assert sorted(shares) == [1, 2, 3] and ceremony.is_ready(s.round)
    state = EVoteRound.objects.get(round_id=s.round.pk)
    manifest = json.loads(state.manifest)
    assert manifest["format"] == "confidence" and manifest["threshold"] == 2
    assert manifest["candidates"] == [x.full_name for x in s.vote.subjects.order_by("order")]
    # The counting member opens it from e-voting's page, as in the hall, with the key made.
    client = Client()
    client.force_login(s.counters[0])
    manage = client.get(reverse("evoting:manage", args=[s.round.pk])).content.decode()
    assert reverse("evoting:keys", args=[s.round.pk]) in manage
    client.post(reverse("evoting:open", args=[s.round.pk]),
                {"scheme": EVoteRound.Scheme.ENCRYPTED})
    round_ = s.round
    assert round_.status == Round.Status.VOTING and round_.electronic
    assert EVoteRound.objects.get(round_id=round_.pk).scheme == EVoteRound.Scheme.ENCRYPTED
    # A member present is offered the ballot, which the phone encrypts.
    member = h.seat_user(s.c, 1)
    assert reverse("evoting:ballot", args=[round_.pk]) in _page(member, s.vote)
    client.force_login(member)
    ballot = client.get(reverse("evoting:ballot", args=[round_.pk])).content.decode()
    assert 'data-format="confidence"' in ballot and 'data-scheme="encrypted"' in ballot
    assert evote.keys_of(Round.objects.select_related("evote").get(pk=round_.pk)).public_key


def test_encrypted_counts_equal_the_plain_schemes_for_the_same_ballots() -> None:
    """The same seven ballots, one vote on each scheme, at the same conference on the same
    three subjects: the recorded results (counts, shares, quorum, consequences) are equal."""
    enc = _encrypted_closed()
    round_ = enc.round
    assert round_.status == Round.Status.COUNTING
    with pytest.raises(ValidationError, match=re.escape("chờ Tổ kiểm phiếu giải mã kết quả (0/2")):
        services.confidence_device_record(acting_user=enc.actor, vote=enc.vote)
    assert enc.decrypt(0) is not None
    assert enc.round.status == Round.Status.COUNTING  # one share of k = 2
    with pytest.raises(ValidationError, match=re.escape("(1/2 thành viên giữ khóa")):
        services.confidence_device_record(acting_user=enc.actor, vote=enc.vote)
    report = enc.decrypt(2)
    assert report is not None and report.decrypted and report.finalized
    assert enc.round.status == Round.Status.CLOSED
    services.confidence_device_record(acting_user=enc.actor, vote=enc.vote)
    encrypted = selectors.confidence_result(ConfidenceVote.objects.get(pk=enc.vote.pk))

    plain = Setup(like=enc)
    plain.open(EVoteRound.Scheme.PLAIN)
    for i, letters in enumerate(BALLOTS):
        assert plain.cast_plain(i, letters) == evote.Outcome.RECORDED
    evote.evote_close(acting_user=plain.counters[0], round_=plain.round)
    services.confidence_device_record(acting_user=plain.actor, vote=plain.vote)
    expected = selectors.confidence_result(ConfidenceVote.objects.get(pk=plain.vote.pk))

    assert encrypted is not None and expected is not None
    assert encrypted == expected
    assert encrypted.quorum_met and (encrypted.convened, encrypted.present,
                                     encrypted.returned) == (9, 7, 7)
    a, b, c = encrypted.people
    assert (a.high, a.medium, a.low, a.unmarked) == (5, 1, 0, 1)
    assert (b.low, b.consequence) == (4, rules.Consequence.REVIEW)
    assert (c.low, c.consequence) == (5, rules.Consequence.RELIEVE)
    assert a.consequence == rules.Consequence.NONE
    assert rules.percent_text(c.low_share) == "71,43%"
    assert rules.percent_text(a.high_share) == "71,43%"
    assert rules.percent_text(b.low_share) == "57,14%"
    # The stored round result is the plain scheme's, candidate by candidate.
    assert enc.round.result["ballots_collected"] == plain.round.result["ballots_collected"] == 7
    by_order = [enc.round.result["levels"][str(x.candidate_id)]
                for x in enc.vote.subjects.order_by("order")]
    assert by_order == [plain.round.result["levels"][str(x.candidate_id)]
                        for x in plain.vote.subjects.order_by("order")]
    # The encrypted vote is recorded once; paper counts cannot overwrite it.
    vote = ConfidenceVote.objects.get(pk=enc.vote.pk)
    assert vote.status == ConfidenceVote.Status.COUNTED
    with pytest.raises(ValidationError):
        services.confidence_counts_enter(acting_user=enc.actor, vote=vote, convened=9,
                                         present=7, returned=7, counts={})
    assert VoterReceipt.objects.filter(round_id=enc.vote.round_id).count() == 7


def test_the_page_waits_for_the_key_holders_then_records() -> None:
    """Between the close and the k-th decryption share the vote's page says it waits for
    the counting group to decrypt (no record button, no failure); a record posted then is
    refused with that message. After the decryption the office records it and the page
    shows the result as a paper one."""
    s = _encrypted_closed()
    url = reverse("meetings:confidence", args=[s.vote.pk])
    page = _page(s.actor, s.vote)
    assert "chờ Tổ kiểm phiếu giải mã kết quả (0/2 thành viên giữ khóa" in page
    english = Client()
    english.force_login(s.actor)
    english.cookies["django_language"] = "en"
    assert "waiting for the counting group to decrypt the result (0/2 key holders" in \
        english.get(url).content.decode()
    assert "Ghi kết quả bỏ phiếu điện tử" not in page
    state = selectors.confidence_device_state(ConfidenceVote.objects.get(pk=s.vote.pk), s.actor)
    assert state is not None and state.awaiting_decryption and not state.closed
    # The office is not a key holder: no way to the decryption page for it.
    assert reverse("evoting:keys", args=[s.vote.round_id]) not in page
    # A key holder is shown the way to the decryption page.
    keeper = _page(s.counters[1], s.vote)
    assert reverse("evoting:keys", args=[s.vote.round_id]) in keeper
    office = Client()
    office.force_login(s.actor)
    device_url = reverse("meetings:confidence_device", args=[s.vote.pk])
    response = office.post(device_url, {"record": "1"})
    assert response.status_code == 302 and response.url == url
    flashed = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("chờ Tổ kiểm phiếu giải mã" in m for m in flashed), flashed
    assert ConfidenceVote.objects.get(pk=s.vote.pk).status == ConfidenceVote.Status.PREPARING
    s.decrypt(0)
    assert "(1/2 thành viên giữ khóa" in _page(s.actor, s.vote)
    s.decrypt(1)
    page = _page(s.actor, s.vote)
    assert "chờ Tổ kiểm phiếu giải mã" not in page and "Ghi kết quả bỏ phiếu điện tử" in page
    office.post(device_url, {"record": "1"})
    page = _page(s.actor, s.vote)
    assert "71,43%" in page and "đủ 2/3" in page and "Ghi kết quả bỏ phiếu" not in page
    pdf = office.get(reverse("meetings:confidence_pdf", args=[s.vote.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_who_may_record_the_encrypted_vote() -> None:
    """Only the office records (a member, a counting member, the leader cannot), once the
    trustees have decrypted."""
    s = _encrypted_closed()
    s.decrypt(1, 2)
    device_url = reverse("meetings:confidence_device", args=[s.vote.pk])
    for user in (h.seat_user(s.c, 1), s.counters[0]):
        client = Client()
        client.force_login(user)
        assert "Ghi kết quả bỏ phiếu điện tử" not in _page(user, s.vote)
        assert client.post(device_url, {"record": "1"}).status_code == 403
    leader = h.login("lead", Role.LEADER)
    with pytest.raises(PermissionDenied):
        services.confidence_device_record(acting_user=leader, vote=s.vote)
    with pytest.raises(PermissionDenied):
        services.confidence_device_record(acting_user=s.counters[0], vote=s.vote)
    assert ConfidenceVote.objects.get(pk=s.vote.pk).status == ConfidenceVote.Status.PREPARING
    assert "Ghi kết quả bỏ phiếu điện tử" in _page(s.actor, s.vote)
    client = Client()
    client.force_login(s.actor)
    client.post(device_url, {"record": "1"})
    assert ConfidenceVote.objects.get(pk=s.vote.pk).status == ConfidenceVote.Status.COUNTED


def test_without_quorum_the_encrypted_result_says_so() -> None:
    """5 of 9 present, under 2/3: recorded, the page says the quorum is not met."""
    s = _encrypted_closed(present=5)
    s.decrypt(0, 2)
    services.confidence_device_record(acting_user=s.actor, vote=s.vote)
    result = selectors.confidence_result(ConfidenceVote.objects.get(pk=s.vote.pk))
    assert result is not None and not result.quorum_met and result.returned == 5
    assert "không đủ 2/3" in _page(s.actor, s.vote)


def test_the_board_of_the_conference_round_verifies() -> None:
    """The encrypted round's bulletin board (what `daihoi verify` checks) carries the
    meeting's counts; its e-voting pages answer for the counting group."""
    s = _encrypted_closed()
    s.decrypt(0, 1)
    data = eboard.board(s.round)
    assert data["result"]["format"] == "confidence" and data["result"]["ballots_collected"] == 7
    people = [(p["high"], p["medium"], p["low"], p["unmarked"]) for p in data["result"]["people"]]
    assert people == [(5, 1, 0, 1), (1, 1, 4, 1), (0, 1, 5, 1)]
    client = Client()
    client.force_login(s.counters[0])
    for name in ("board", "keys", "manage", "results"):
        assert client.get(reverse(f"evoting:{name}", args=[s.vote.round_id])).status_code == 200, name
