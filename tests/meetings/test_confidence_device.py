"""A confidence vote on device (issue 17, item 3): the three-level secret e-ballot, voted by
the committee's members recorded present (the committee's Electorate), opened and closed by
the counting group in e-voting, its counts recorded into the vote and counted by
rules/confidence.py as the paper counts are (quorum 2/3, shares of the ballots returned,
Điều 11's consequences)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from daihoi.core.roles import Role
from daihoi.elections.evoting import services as evote
from daihoi.elections.evoting.models import CastBallot, VoterReceipt
from daihoi.meetings import selectors, services
from daihoi.meetings.models import Attendance
from daihoi.rules import confidence as rules
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


def _device_vote(present: int = 7):
    """9 members, `present` of them present; a vote on the first three, on device, the
    last member named to the counting group."""
    actor = h.office()
    c = h.committee(actor, seats=9)
    conf = h.conference(actor, c)
    seats = list(c.members.order_by("order"))
    services.attendance_record(acting_user=actor, conference=conf,
                               marks={s.pk: Attendance.Status.PRESENT for s in seats[:present]})
    vote = services.confidence_vote_create(acting_user=actor, conference=conf,
                                           title="Giữa nhiệm kỳ", subjects=seats[:3])
    vote = services.confidence_device_prepare(acting_user=actor, vote=vote, counting=[seats[8]])
    return actor, c, vote


def _cast(c, index: int, letters: str, round_) -> evote.Outcome:
    user = h.seat_user(c, index)
    voter = evote.voter_for(user, round_)
    return evote.vote_cast(acting_user=user, round_=round_, token=evote.ballot_token(round_, voter),
                           choices=evote.choices_from_form(
                               "confidence", 3, {f"line-{i}": m for i, m in enumerate(letters)}))


def test_the_ballot_lists_the_subjects_in_the_votes_order_and_the_committee_votes() -> None:
    actor, c, vote = _device_vote()
    round_ = vote.round
    assert round_.ballot_format == "confidence" and round_.electorate_convened == 9
    counter = h.seat_user(c, 8)  # named to the counting group: may open it without the role
    evote.evote_open(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    assert [x.full_name for x in evote.candidates_of(round_)] == [
        s.full_name for s in vote.subjects.order_by("order")]
    assert round_.electorate_present == 7
    # A member absent from the conference is refused; one of another committee is not on it.
    with pytest.raises(evote.VoteRefused):
        evote.voter_for(h.seat_user(c, 7), round_)
    other = h.committee(actor, seats=1, prefix="x")
    with pytest.raises(evote.VoteRefused):
        evote.voter_for(h.seat_user(other, 0), round_)


def test_counts_come_from_the_e_ballots_with_quorum_shares_and_consequences() -> None:
    """7 of 9 present (2/3 of 9 is 6: quorum met), 7 ballots returned, one of them blank.
    Subject A: 5 high, 1 medium, 1 unmarked; B: 4 low of 7 (more than half, under 2/3:
    khoản 2); C: 5 low of 7 (two thirds or more: khoản 3)."""
    actor, c, vote = _device_vote()
    counter = h.seat_user(c, 8)
    round_ = vote.round
    evote.evote_open(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    for i, letters in enumerate(["hll", "hll", "hll", "hll", "hml", "mhm", "nnn"]):
        assert _cast(c, i, letters, round_) == evote.Outcome.RECORDED
    with pytest.raises(ValidationError):  # not closed yet
        services.confidence_device_record(acting_user=actor, vote=vote)
    evote.evote_close(acting_user=counter, round_=round_)
    vote = services.confidence_device_record(acting_user=actor, vote=vote)
    result = selectors.confidence_result(vote)
    assert result is not None and result.quorum_met and result.returned == 7
    a, b, cc = result.people
    assert (a.high, a.medium, a.low, a.unmarked) == (5, 1, 0, 1)
    assert (b.low, b.consequence) == (4, rules.Consequence.REVIEW)
    assert (cc.low, cc.consequence) == (5, rules.Consequence.RELIEVE)
    assert rules.percent_text(cc.low_share) == "71,43%"
    # Paper counts cannot overwrite a device vote, and it is not recorded twice.
    with pytest.raises(ValidationError):
        services.confidence_counts_enter(acting_user=actor, vote=vote, convened=9, present=7,
                                         returned=7, counts={})
    assert VoterReceipt.objects.filter(round=round_).count() == CastBallot.objects.filter(
        round=round_).count() == 7


def test_without_quorum_the_page_says_so_like_the_paper_result() -> None:
    actor, c, vote = _device_vote(present=5)  # 5 of 9: under 2/3
    counter = h.seat_user(c, 8)
    evote.evote_open(acting_user=counter, round_=vote.round)
    vote.round.refresh_from_db()
    for i in range(5):
        _cast(c, i, "hmh", vote.round)
    evote.evote_close(acting_user=counter, round_=vote.round)
    client = Client()
    client.force_login(actor)
    url = reverse("meetings:confidence", args=[vote.pk])
    page = client.get(url).content.decode()
    assert "Ghi kết quả bỏ phiếu điện tử" in page and 'name="convened"' not in page
    client.post(reverse("meetings:confidence_device", args=[vote.pk]), {"record": "1"})
    page = client.get(url).content.decode()
    assert "không đủ 2/3" in page and "100,00%" in page and "Ghi kết quả bỏ phiếu" not in page


def test_who_sees_what_on_the_page() -> None:
    """A member present sees the ballot's link while it is open; the counting member the
    e-voting controls; only the office prepares or records; the ballot is the e-voting page."""
    _actor, c, vote = _device_vote()
    counter = h.seat_user(c, 8)
    evote.evote_open(acting_user=counter, round_=vote.round)
    url = reverse("meetings:confidence", args=[vote.pk])
    member = Client()
    member.force_login(h.seat_user(c, 1))
    page = member.get(url).content.decode()
    assert reverse("evoting:ballot", args=[vote.round_id]) in page
    assert reverse("evoting:manage", args=[vote.round_id]) not in page
    assert member.post(reverse("meetings:confidence_device", args=[vote.pk]),
                       {"record": "1"}).status_code == 403
    ballot = member.get(reverse("evoting:ballot", args=[vote.round_id])).content.decode()
    assert 'data-format="confidence"' in ballot
    counting = Client()
    counting.force_login(counter)
    assert reverse("evoting:manage", args=[vote.round_id]) in counting.get(url).content.decode()
    assert counting.get(reverse("evoting:manage", args=[vote.round_id])).status_code == 200
    leader = h.login("lead", Role.LEADER)
    with pytest.raises(PermissionDenied):
        services.confidence_device_record(acting_user=leader, vote=vote)


def test_prepared_once_only() -> None:
    actor, _c, vote = _device_vote()
    with pytest.raises(ValidationError):
        services.confidence_device_prepare(acting_user=actor, vote=vote)


def test_the_elections_pages_of_a_closed_confidence_round_open(client) -> None:
    """The confidence election is the conference's (its page lists it): the elections and
    e-voting pages about it answer, before and after the close, without a count they cannot
    make."""
    _actor, c, vote = _device_vote()
    counter = h.seat_user(c, 8)
    evote.evote_open(acting_user=counter, round_=vote.round)
    vote.round.refresh_from_db()
    _cast(c, 0, "hml", vote.round)
    admin = h.login("root", Role.ADMIN)
    client.force_login(admin)
    urls = [reverse("elections:detail", args=[vote.round.election_id]),
            reverse("evoting:manage", args=[vote.round_id])]
    for url in urls:
        assert client.get(url).status_code == 200, url
    evote.evote_close(acting_user=counter, round_=vote.round)
    for url in [*urls, reverse("evoting:results", args=[vote.round_id]),
                reverse("evoting:manage_list"), reverse("evoting:home")]:
        assert client.get(url).status_code == 200, url
