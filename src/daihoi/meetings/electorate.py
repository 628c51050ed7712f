"""A committee's electorate: the members of the committee holding a conference, as the
elections app asks for them (`daihoi.elections.electorate.Electorate`).

An election (a supplementary election, a vote on device) is held by a conference when a
`ConferenceElection` links them. The base is `rules.base.committee_conference` over the
committee's members in office on the conference's day (*open*: no exclusion was seen for a
committee conference); present: recorded present at the conference (`Attendance`); the
counting committee: the members the conference named for that election.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from daihoi.elections.electorate import Electorate, Voter
from daihoi.meetings.models import Attendance, CommitteeMember, Conference, ConferenceElection
from daihoi.rules import base as base_rules


def seat_key(seat_id: int) -> str:
    return f"seat:{seat_id}"


def seats_on(conference: Conference) -> Any:
    """The committee's members in office on the conference's day (its local date: a
    conference at 6:00 in Hanoi is on the day before in UTC)."""
    day = timezone.localtime(conference.starts_at).date()
    return (CommitteeMember.objects.filter(committee_id=conference.committee_id,
                                           joined_on__lte=day)
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
            .order_by("order", "id"))


def _link(election: Any) -> ConferenceElection | None:
    return (ConferenceElection.objects.select_related("conference")
            .filter(election_id=election.pk).first())


def _conference(election: Any) -> Conference:
    link = _link(election)
    assert link is not None  # the finder serves only linked elections
    return link.conference


class ConferenceElectorate(Electorate):
    label = "Hội nghị cấp ủy"

    def base(self, election: Any, *, at: dt.datetime | None = None) -> base_rules.Base:
        seats = seats_on(_conference(election)).values_list("pk", "member_id")
        return base_rules.committee_conference(
            base_rules.CommitteeSeat(member_key=f"member:{m}" if m else seat_key(pk))
            for pk, m in seats)

    def voters(self, election: Any, *, at: dt.datetime | None = None) -> list[Voter]:
        conference = _conference(election)
        present = set(Attendance.objects.filter(conference=conference,
                                                status=Attendance.Status.PRESENT)
                      .values_list("seat_id", flat=True))
        return [Voter(key=seat_key(s.pk), member_id=s.member_id,
                      user_id=s.member.user_id if s.member_id else None, name=s.full_name,
                      entitled=True, present=s.pk in present)
                for s in seats_on(conference).select_related("member")]

    def present_count(self, election: Any, *, at: dt.datetime | None = None) -> int:
        conference = _conference(election)
        return Attendance.objects.filter(
            conference=conference, status=Attendance.Status.PRESENT,
            seat__in=seats_on(conference)).count()

    def voter_for_user(self, election: Any, user: Any) -> Voter | None:
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        conference = _conference(election)
        seat = seats_on(conference).filter(member__user_id=user.pk).first()
        if seat is None:
            return None
        present = Attendance.objects.filter(conference=conference, seat=seat,
                                            status=Attendance.Status.PRESENT).exists()
        return Voter(key=seat_key(seat.pk), member_id=seat.member_id, user_id=user.pk,
                     name=seat.full_name, entitled=True, present=present)

    def is_counting_member(self, election: Any, *, user: Any = None,
                           member_id: int | None = None) -> bool:
        link = _link(election)
        if link is None:
            return False
        rows = link.counting.all()
        if member_id is not None:
            return rows.filter(member_id=member_id).exists()
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return rows.filter(member__user_id=user.pk).exists()

    def counting_user_ids(self, election: Any) -> list[int]:
        # The counting group the conference named holds an encrypted round's key
        # (evoting/ceremony.trustee_candidates): they have no counting role of their own.
        link = _link(election)
        if link is None:
            return []
        return list(link.counting.filter(member__user__isnull=False).order_by("order", "id")
                    .values_list("member__user_id", flat=True))

    def counting_committee(self, election: Any) -> list[tuple[str, str]]:
        link = _link(election)
        if link is None:
            return []
        return [(s.full_name, "Thành viên") for s in link.counting.order_by("order", "id")]


_ELECTORATE = ConferenceElectorate()


def find(election: Any) -> Electorate | None:
    """The registry's finder: the elections a conference holds (linked to it)."""
    if election.committee_election_id is not None or election.congress_id is not None:
        return None
    return _ELECTORATE if ConferenceElection.objects.filter(election_id=election.pk).exists() \
        else None
