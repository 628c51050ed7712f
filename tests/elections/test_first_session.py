"""The committee's first session (kỳ họp thứ nhất) votes as the newly elected committee: its
members (the committee election's mandates) are the electorate, with the session's own
attendance; the base, the threshold and the e-voting roll are the committee's, not the
congress's delegates' (issue 13, "What to build" 2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from daihoi.core.models import User
from daihoi.core.roles import Role
from daihoi.elections import first_session, selectors, services
from daihoi.elections.electorate import electorate_of
from daihoi.elections.evoting import selectors as ev_selectors
from daihoi.elections.evoting import services as evoting
from daihoi.elections.evoting.models import VoterReceipt
from daihoi.elections.models import Election, Mandate
from daihoi.organizations.models import Member, Organization

from .conftest import confirm_counting

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def _member(org: Organization, name: str, n: int) -> Member:
    user = User.objects.create(username=f"bch{n}", password="!")
    return Member.objects.create(full_name=name, gender=Member.Gender.MALE,
                                 date_of_birth=dt.date(1980, 1, 1),
                                 admission_date=dt.date(2005, 1, 1), status=Member.Status.FULL,
                                 organization=org, user=user)


@pytest.fixture
def committee(org: Organization, office: Any, counter: Any) -> Election:
    """A committee of 3 elected from 5 (at a congress of nobody in particular: the first
    session does not need the congress at all)."""
    election = services.election_create(acting_user=office, organization=org, kind="committee",
                                        title="Bầu Ban Chấp hành", seats=3, term="2025–2030")
    for i, name in enumerate(NAMES):
        services.candidate_add(acting_user=office, election=election,
                               member=_member(org, name, i))
    services.decision_record(acting_user=office, election=election, kind="surplus",
                             text="Đại hội biểu quyết giữ danh sách", decided_by="Đại hội")
    round_ = services.round_create_first(acting_user=office, election=election)
    services.round_setup(acting_user=counter, round_=round_, electorate_convened=4, excluded=0,
                         ballots_issued=4)
    confirm_counting(election, counter)
    services.round_start_counting(acting_user=counter, round_=round_, groups=1)
    group = round_.groups.get()
    for marks in ("4 5", "4 5", "4 5", "3 5"):
        services.ballot_enter(acting_user=counter, group=group, marks=marks)
    services.round_finalize(acting_user=counter, round_=round_)
    assert election.mandates.count() == 3
    return election


def _secretary(org: Organization, office: Any, committee: Election | None = None,
               congress: Any = None) -> Election:
    election = services.election_create(acting_user=office, organization=org,
                                        kind=Election.Kind.SECRETARY, title="Bầu Bí thư", seats=1,
                                        ballot_format="approve", committee_election=committee,
                                        congress=congress)
    mandate = Mandate.objects.filter(position=Mandate.Position.COMMITTEE_MEMBER).order_by("order").first()
    assert mandate is not None
    services.candidate_add(acting_user=office, election=election, member=mandate.member)
    return election


def _present(office: Any, committee: Election, *, absent: int = 0) -> list[Mandate]:
    mandates = list(committee.mandates.order_by("order"))
    services.committee_attendance_set(acting_user=office, committee_election=committee,
                                      present=[m.pk for m in mandates[absent:]])
    return mandates


def test_first_session_election_takes_the_new_committee_as_electorate(
        org: Organization, office: Any, committee: Election) -> None:
    secretary = _secretary(org, office, committee)
    assert secretary.electorate == Election.Electorate.COMMITTEE_CONFERENCE
    found = electorate_of(secretary)
    assert isinstance(found, first_session.FirstSessionElectorate)
    assert found.base(secretary).value == 3
    round_ = services.round_create_first(acting_user=office, election=secretary)
    assert (round_.electorate_convened, round_.excluded) == (3, 0)
    # More than half of the committee's 3: 2 votes, not more than half of the congress.
    assert selectors.contest_of(round_).threshold == 2


def test_linked_to_the_congress_committee_election_not_to_its_delegates(
        org: Organization, office: Any, committee: Election) -> None:
    """Created for a congress, a first-session election finds the congress's committee
    election; its base is the committee (3), not the congress's 40 delegates."""
    from daihoi.congress.models import Congress, Delegate

    congress = Congress.objects.create(organization=org, ordinal=18, term_start=2025,
                                       term_end=2030, starts_on=dt.date(2025, 8, 1),
                                       ends_on=dt.date(2025, 8, 2))
    Delegate.objects.bulk_create([
        Delegate(congress=congress, member=_member(org, f"Đại Biểu {i}", 100 + i), represents=org)
        for i in range(40)])
    Election.objects.filter(pk=committee.pk).update(congress=congress)
    kinds = [Election.Kind.STANDING_COMMITTEE, Election.Kind.SECRETARY,
             Election.Kind.DEPUTY_SECRETARY, Election.Kind.INSPECTION_COMMITTEE,
             Election.Kind.INSPECTION_CHAIR]
    for kind in kinds:
        e = services.election_create(acting_user=office, organization=org, kind=kind, title=kind,
                                     seats=1, congress=congress)
        assert e.committee_election_id == committee.pk
        found = electorate_of(e)
        assert found is not None and found.base(e).value == 3
    # The delegation is still the congress's (40 delegates).
    delegation = services.election_create(acting_user=office, organization=org, kind="delegation",
                                          title="Đoàn", seats=1, congress=congress)
    found = electorate_of(delegation)
    assert found is not None and found.base(delegation).value == 40


def test_attendance_is_the_first_session_own(org: Organization, office: Any,
                                             committee: Election) -> None:
    secretary = _secretary(org, office, committee)
    found = electorate_of(secretary)
    assert found is not None
    assert found.present_count(secretary) == 0  # nothing recorded: nobody present
    _present(office, committee, absent=1)
    assert found.present_count(secretary) == 2
    assert sum(v.present for v in found.voters(secretary)) == 2
    # Presence does not change the base (the committee convened).
    assert found.base(secretary).value == 3


def test_attendance_only_for_members_of_the_committee(org: Organization, office: Any,
                                                      committee: Election) -> None:
    secretary = _secretary(org, office, committee)
    m = committee.mandates.first()
    assert m is not None
    Mandate.objects.filter(pk=m.pk).update(position=Mandate.Position.SECRETARY)
    with pytest.raises(ValidationError) as exc:
        services.committee_attendance_set(acting_user=office, committee_election=committee,
                                          present=[m.pk])
    assert str(services.ERR_NOT_COMMITTEE_MANDATE) in exc.value.messages
    # Marked again: present, then absent, each change audited; the roll follows.
    found = electorate_of(secretary)
    assert found is not None and found.base(secretary).value == 2
    others = [x.pk for x in committee.mandates.exclude(pk=m.pk)]
    services.committee_attendance_set(acting_user=office, committee_election=committee,
                                      present=others)
    assert found.present_count(secretary) == 2
    services.committee_attendance_set(acting_user=office, committee_election=committee,
                                      present=others[:1])
    assert found.present_count(secretary) == 1


def test_e_voting_at_the_first_session_without_a_congress(
        org: Organization, office: Any, counter: Any, committee: Election,
        make_user: Callable[..., Any]) -> None:
    """E-voting serves an election with no congress: the roll is the new committee."""
    absent, *present = _present(office, committee, absent=1)
    secretary = _secretary(org, office, committee)
    round_ = services.round_create_first(acting_user=office, election=secretary)
    evoting.evote_open(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    users = {m.pk: m.member.user for m in [absent, *present]}

    def cast(user: Any) -> evoting.Outcome:
        voter = evoting.voter_for(user, round_)
        return evoting.vote_cast(acting_user=user, round_=round_,
                                 token=evoting.ballot_token(round_, voter), choices={"a": [0]})

    assert cast(users[present[0].pk]) == evoting.Outcome.RECORDED
    assert VoterReceipt.objects.get(round=round_).voter == first_session.mandate_key(present[0].pk)
    with pytest.raises(evoting.VoteRefused) as refused:
        cast(users[absent.pk])
    assert refused.value.message == str(evoting.ERR_NOT_PRESENT)
    with pytest.raises(evoting.VoteRefused) as refused:
        cast(make_user(Role.DELEGATE))
    assert refused.value.message == str(evoting.ERR_NOT_DELEGATE)
    p = ev_selectors.participation(round_)
    assert (p.voted, p.present, p.convened) == (1, 2, 3)
    assert ev_selectors.voters(round_) == [present[0].full_name]
    assert [r.pk for r, _v, voted in ev_selectors.open_rounds_for(users[present[1].pk])] == [round_.pk]
    confirm_counting(round_.election, counter)
    report = evoting.evote_close(acting_user=counter, round_=round_)
    assert report.result.base == 3 and report.result.votes == (1,)
    # 1 of 3 is not more than half of the committee: not elected.
    assert report.result.elected == ()


def test_the_secretariat_records_presence_on_the_committee_page(
        org: Organization, office: Any, committee: Election, client_as: Any) -> None:
    from django.urls import reverse

    secretary = _secretary(org, office, committee)
    mandates = list(committee.mandates.order_by("order"))
    client = client_as(Role.SECRETARIAT)
    page = client.get(reverse("elections:detail", args=[committee.pk])).content.decode()
    assert 'id="first-session"' in page and 'id="first-session-count">0/3<' in page
    answer = client.post(reverse("elections:first_session", args=[committee.pk]),
                         {"present": [mandates[0].pk, mandates[2].pk]}, follow=True)
    assert 'id="first-session-count">2/3<' in answer.content.decode()
    found = electorate_of(secretary)
    assert found is not None and found.present_count(secretary) == 2
    # Not a mandate of this committee: refused by the form, nothing changes.
    client.post(reverse("elections:first_session", args=[committee.pk]), {"present": [99999]})
    assert found.present_count(secretary) == 2
    # A delegate may not record it.
    assert client_as(Role.DELEGATE).post(reverse("elections:first_session", args=[committee.pk]),
                                         {"present": []}).status_code == 403


def test_created_before_the_committee_election_linked_when_its_list_closes(
        org: Organization, office: Any, counter: Any) -> None:
    from daihoi.congress.models import Congress

    congress = Congress.objects.create(organization=org, ordinal=18, term_start=2025,
                                       term_end=2030, starts_on=dt.date(2025, 8, 1),
                                       ends_on=dt.date(2025, 8, 2))
    secretary = services.election_create(acting_user=office, organization=org, congress=congress,
                                         kind=Election.Kind.SECRETARY, title="Bầu Bí thư", seats=1,
                                         ballot_format="approve")
    assert secretary.committee_election_id is None and electorate_of(secretary) is None
    committee = services.election_create(acting_user=office, organization=org, kind="committee",
                                         title="Bầu Ban Chấp hành", seats=2, congress=congress)
    services.candidate_add(acting_user=office, election=secretary, full_name="Nguyễn Văn An")
    round_ = services.round_create_first(acting_user=office, election=secretary)
    secretary.refresh_from_db()
    assert secretary.committee_election_id == committee.pk
    # Nobody elected yet: no base to prefill (never 1).
    assert (round_.electorate_convened, round_.excluded) == (0, 0)


def test_the_voter_sees_the_first_session_round_on_the_e_voting_home(
        org: Organization, office: Any, counter: Any, committee: Election) -> None:
    from django.test import Client
    from django.urls import reverse

    mandates = _present(office, committee)
    secretary = _secretary(org, office, committee)
    round_ = services.round_create_first(acting_user=office, election=secretary)
    evoting.evote_open(acting_user=counter, round_=round_)
    from django.contrib.auth.models import Group

    user = mandates[1].member.user
    user.groups.add(Group.objects.get_or_create(name=str(Role.DELEGATE))[0])  # a delegate's login
    client = Client()
    client.force_login(user)
    page = client.get(reverse("evoting:home")).content.decode()
    assert reverse("evoting:ballot", args=[round_.pk]) in page and "None" not in page
    ballot = client.get(reverse("evoting:ballot", args=[round_.pk]))
    assert ballot.status_code == 200 and 'name="token"' in ballot.content.decode()
