"""The committee is an Electorate: an election held by a conference asks meetings, through
the elections app's registry, for its base, voters and presence (the elections app imports
nothing of meetings: tests/elections/test_layers.py)."""

from __future__ import annotations

import pytest

from daihoi.elections import electorate as registry
from daihoi.elections.models import Election
from daihoi.meetings import services
from daihoi.meetings.electorate import ConferenceElectorate
from daihoi.meetings.models import Attendance
from tests.meetings import helpers as h

pytestmark = pytest.mark.django_db


def test_a_conference_election_votes_as_the_committee(make_user) -> None:
    actor = h.office()
    c = h.committee(actor, seats=5)
    conf = h.conference(actor, c)
    seats = list(c.members.order_by("order"))
    services.attendance_record(acting_user=actor, conference=conf, marks={
        seats[0].pk: Attendance.Status.PRESENT, seats[1].pk: Attendance.Status.PRESENT,
        seats[2].pk: Attendance.Status.EXCUSED})
    election = Election.objects.create(
        organization=c.organization, title="Bầu bổ sung Ủy viên Ban Thường vụ", kind="other",
        seats=1, electorate=Election.Electorate.COMMITTEE_CONFERENCE)
    assert registry.electorate_of(election) is None  # not linked yet
    services.conference_election_link(acting_user=actor, conference=conf, election=election,
                                      counting=[seats[4]])
    found = registry.electorate_of(election)
    assert isinstance(found, ConferenceElectorate)
    assert found.base(election).convened == 5
    assert found.present_count(election) == 2
    voters = found.voters(election)
    assert [v.present for v in voters] == [True, True, False, False, False]
    me = found.voter_for_user(election, h.seat_user(c, 1))
    assert me is not None and me.present and me.key == f"seat:{seats[1].pk}"
    assert found.voter_for_user(election, make_user()) is None
    assert found.is_counting_member(election, user=h.seat_user(c, 4))
    assert not found.is_counting_member(election, user=h.seat_user(c, 0))
    assert found.counting_committee(election) == [(seats[4].full_name, "Thành viên")]


def test_a_committee_votes_on_device_through_the_elections_e_voting(make_user) -> None:
    """A supplementary election at a conference, voted on phones: the elections app's
    e-voting asks the committee's electorate who may vote (present seats only) and who
    counts (the conference's counting members)."""
    from daihoi.core.roles import Role
    from daihoi.elections import services as election_services
    from daihoi.elections.evoting import services as evoting
    from daihoi.elections.evoting.services import VoteRefused

    actor = h.office()
    c = h.committee(actor, seats=5)
    conf = h.conference(actor, c)
    seats = list(c.members.order_by("order"))
    services.attendance_record(acting_user=actor, conference=conf, marks={
        s.pk: Attendance.Status.PRESENT for s in seats[:4]})
    manager = make_user(Role.SECRETARIAT, Role.OFFICE)
    election = election_services.election_create(
        acting_user=manager, organization=c.organization, title="Bầu bổ sung Ủy viên Ban Thường vụ",
        kind=Election.Kind.OTHER, seats=1, ballot_format=Election.BallotFormat.APPROVE,
        electorate=Election.Electorate.COMMITTEE_CONFERENCE, counting_members="")
    services.conference_election_link(acting_user=actor, conference=conf, election=election,
                                      counting=[seats[0]])
    election_services.candidate_add(acting_user=manager, election=election, member=seats[2].member)
    round_ = election_services.round_create_first(acting_user=manager, election=election)
    counter = h.seat_user(c, 0)
    round_ = evoting.evote_open(acting_user=counter, round_=round_)
    for i, mark in [(0, "a"), (1, "a"), (2, "d"), (3, "a")]:
        user = h.seat_user(c, i)
        token = evoting.ballot_token(round_, evoting.voter_for(user, round_))
        choices = evoting.choices_from_form(election.ballot_format, 1, {"line-0": mark})
        assert evoting.vote_cast(acting_user=user, round_=round_, token=token,
                                 choices=choices) == evoting.Outcome.RECORDED
    with pytest.raises(VoteRefused):  # recorded absent: not present at the conference
        evoting.voter_for(h.seat_user(c, 4), round_)
    election_services.counting_rules_confirm(acting_user=counter, election=election,
                                             open_reasons=["identifying_mark", "write_in"],
                                             blank_approve_ballot="invalid")
    report = evoting.evote_close(acting_user=counter, round_=round_)
    assert report.receipts == 4 and report.result.votes == (3,)
