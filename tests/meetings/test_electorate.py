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
