"""The committee's first session (kỳ họp thứ nhất): "Tại kỳ họp thứ nhất Ban Chấp hành … đã
bầu 7 đồng chí vào Ban Thường vụ, bầu Bí thư, các Phó bí thư và Ủy ban Kiểm tra".

Those elections (standing committee, secretary, deputy secretaries, inspection committee
and its chair) are voted by the newly elected committee, not by the congress: their
electorate is the committee members elected by the congress's committee election (its
mandates), with the first session's own attendance (`CommitteeAttendance`). So their
base, their threshold and their e-voting roll are the committee's.

The base is `rules.base.committee_conference` (the members convened; *open*: no exclusion
was seen for a committee conference). The counting committee: the first session is held
during the congress, and none of its own is recorded here, so the committee election's
counting committee is asked (the electorate that elected the committee); say so in the
minutes by the names printed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef

from daihoi.elections.electorate import Electorate, Voter, electorate_of
from daihoi.elections.models import CommitteeAttendance, Election, Mandate
from daihoi.rules import base as base_rules

FIRST_SESSION_KINDS = (
    Election.Kind.STANDING_COMMITTEE, Election.Kind.SECRETARY, Election.Kind.DEPUTY_SECRETARY,
    Election.Kind.INSPECTION_COMMITTEE, Election.Kind.INSPECTION_CHAIR,
)


def mandate_key(mandate_id: int) -> str:
    return f"mandate:{mandate_id}"


def committee_mandates(committee_election_id: int) -> Any:
    """The members of the committee elected by that election, with their presence at the
    first session (one query)."""
    present = CommitteeAttendance.objects.filter(mandate_id=OuterRef("pk"), present=True)
    return (Mandate.objects.filter(election_id=committee_election_id,
                                   position=Mandate.Position.COMMITTEE_MEMBER)
            .annotate(is_present=Exists(present))
            .order_by("order", "id"))


def present_mandate_ids(committee_election_id: int) -> set[int]:
    """The mandates of that committee recorded present at the first session."""
    return set(CommitteeAttendance.objects.filter(
        mandate__election_id=committee_election_id, present=True).values_list("mandate_id", flat=True))


def committee_election_for(*, kind: str, congress_id: int | None) -> Election | None:
    """The committee election a first-session election takes its electorate from: the
    congress's committee election (the latest, if the congress held more than one)."""
    if kind not in FIRST_SESSION_KINDS or congress_id is None:
        return None
    return (Election.objects.filter(congress_id=congress_id, kind=Election.Kind.COMMITTEE)
            .order_by("-id").first())


class FirstSessionElectorate(Electorate):
    label = "Hội nghị lần thứ nhất Ban Chấp hành"

    def _voters(self, election: Election) -> list[Voter]:
        return [Voter(key=mandate_key(m.pk), member_id=m.member_id,
                      user_id=m.member.user_id if m.member_id else None, name=m.full_name,
                      entitled=True, present=bool(m.is_present))
                for m in committee_mandates(election.committee_election_id or 0)
                .select_related("member")]

    def base(self, election: Election, *, at: dt.datetime | None = None) -> base_rules.Base:
        keys = Mandate.objects.filter(
            election_id=election.committee_election_id or 0,
            position=Mandate.Position.COMMITTEE_MEMBER).values_list("pk", "member_id")
        return base_rules.committee_conference(
            base_rules.CommitteeSeat(member_key=f"member:{member}" if member else f"mandate:{pk}")
            for pk, member in keys)

    def voters(self, election: Election, *, at: dt.datetime | None = None) -> list[Voter]:
        return self._voters(election)

    def present_count(self, election: Election, *, at: dt.datetime | None = None) -> int:
        return CommitteeAttendance.objects.filter(
            mandate__election_id=election.committee_election_id or 0,
            mandate__position=Mandate.Position.COMMITTEE_MEMBER, present=True).count()

    def voter_for_user(self, election: Election, user: Any) -> Voter | None:
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        found = (committee_mandates(election.committee_election_id or 0)
                 .filter(member__user_id=user.pk)
                 .values_list("pk", "member_id", "full_name", "is_present").first())
        if found is None:
            return None
        pk, member_id, name, present = found
        return Voter(key=mandate_key(pk), member_id=member_id, user_id=user.pk, name=name,
                     entitled=True, present=bool(present))

    def _source(self, election: Election) -> tuple[Election, Electorate] | None:
        committee = election.committee_election
        if committee is None:
            return None
        source = electorate_of(committee)
        return (committee, source) if source is not None else None

    def is_counting_member(self, election: Election, *, user: Any = None,
                           member_id: int | None = None) -> bool:
        found = self._source(election)
        return bool(found and found[1].is_counting_member(found[0], user=user,
                                                          member_id=member_id))

    def counting_committee(self, election: Election) -> list[tuple[str, str]]:
        found = self._source(election)
        return found[1].counting_committee(found[0]) if found else []


_ELECTORATE = FirstSessionElectorate()


def find(election: Election) -> Electorate | None:
    """Serves the committee-conference elections linked to the committee election whose
    members vote (`Election.committee_election`)."""
    return _ELECTORATE if election.committee_election_id is not None else None
