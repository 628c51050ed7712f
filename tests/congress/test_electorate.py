"""The base is computed in one place (rules/base.py through congress/electorate.py): the
congress page, the hall screen, the round's prefilled base and the minutes agree.

The two disagreements found before (issue 13, "One rule, two answers"), pinned:
- an ex-officio committee member absent for the whole congress whose seat an alternate holds:
  190-QĐ/TW Điều 30 khoản 3 subtracts the committee member whatever happened to the seat,
  7 convened - 1 = 6 (the elections app's own copy said 7);
- a delegate whose credentials were rejected and who is also absent: not convened, counted
  once (the elections app's copy took it out of the convened AND subtracted it as absent).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from daihoi.congress import electorate as congress_electorate
from daihoi.congress.models import CheckIn, Congress, Delegate
from daihoi.congress.proceedings import selectors as hall_selectors
from daihoi.congress.selectors import attendance_summary, current_session
from daihoi.core.roles import Role
from daihoi.elections import pdf
from daihoi.elections import services as el
from daihoi.elections.electorate import electorate_of
from daihoi.elections.models import Election, Round
from daihoi.organizations.models import Member
from tests.factories import DelegateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.OFFICE, Role.SECRETARIAT)


@pytest.fixture
def counter(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.COUNTING)


def _election(office: Any, congress: Congress) -> Election:
    election = el.election_create(acting_user=office, organization=congress.organization,
                                  congress=congress, title="Bầu đoàn đại biểu", kind="delegation",
                                  seats=1, ballot_format="approve")
    el.candidate_add(acting_user=office, election=election, full_name="Nguyễn Văn An")
    return election


def _prefilled(office: Any, congress: Congress) -> Round:
    return el.round_create_first(acting_user=office, election=_election(office, congress))


def _minutes_base(round_: Round, counter: Any) -> int:
    """What the minutes print as the base, after counting the round with the prefilled numbers."""
    el.round_setup(acting_user=counter, round_=round_, electorate_convened=round_.electorate_convened,
                   excluded=round_.excluded, ballots_issued=1)
    el.counting_rules_confirm(acting_user=counter, election=round_.election, open_reasons=[],
                              blank_approve_ballot="invalid")
    el.round_start_counting(acting_user=counter, round_=round_, groups=0)
    candidate = round_.candidates.get()
    el.round_record_totals(acting_user=counter, round_=round_, ballots_collected=1,
                           invalid_by_reason={}, votes={candidate.pk: 1})
    el.round_finalize(acting_user=counter, round_=round_)
    round_.refresh_from_db()
    text = pdf.story_text(pdf.minutes_story(round_))
    found = re.search(r"cơ sở tính tỷ lệ: (\d+)\.", text)
    assert found, text
    return int(found.group(1))


def _page_base(client: Client, congress: Congress) -> int:
    return int(client.get(reverse("congress:detail", args=[congress.pk])).context["summary"].base)


# --- the two regressions ------------------------------------------------------------------------
def test_absent_committee_member_whose_seat_an_alternate_holds(
        congress: Congress, make_delegate: Callable[..., Delegate], office: Any, counter: Any) -> None:
    for _ in range(6):
        make_delegate()
    absent = make_delegate(origin=Delegate.Origin.EX_OFFICIO, absent_whole_congress=True)
    make_delegate(kind=Delegate.Kind.ALTERNATE, replaces=absent)
    assert attendance_summary(congress).base == 6
    round_ = _prefilled(office, congress)
    assert (round_.electorate_convened, round_.excluded) == (7, 1)
    assert _minutes_base(round_, counter) == 6


def test_rejected_and_absent_delegate_is_counted_once(
        congress: Congress, make_delegate: Callable[..., Delegate], office: Any, counter: Any) -> None:
    for _ in range(7):
        make_delegate()
    make_delegate(credentials=Delegate.Credentials.REJECTED, absent_whole_congress=True)
    assert attendance_summary(congress).base == 7
    round_ = _prefilled(office, congress)
    assert (round_.electorate_convened, round_.excluded) == (7, 0)
    assert _minutes_base(round_, counter) == 7


def test_suspended_delegate_is_not_convened(
        congress: Congress, make_delegate: Callable[..., Delegate], office: Any) -> None:
    for _ in range(4):
        make_delegate()
    make_delegate(standing=Delegate.Standing.SUSPENDED)
    round_ = _prefilled(office, congress)
    assert (round_.electorate_convened, round_.excluded) == (4, 0)


def test_no_delegates_no_prefill_and_no_base(congress: Congress, office: Any) -> None:
    """A base of zero is never made 1: nothing is prefilled, the hall shows 0 and says why."""
    summary = attendance_summary(congress)
    assert summary.base == 0 and summary.base_error and not summary.quorum_met
    round_ = _prefilled(office, congress)
    assert (round_.electorate_convened, round_.excluded) == (0, 0)


# --- a members' congress ------------------------------------------------------------------------
@pytest.fixture
def cell_congress(congress: Congress) -> Congress:
    congress.kind = Congress.Kind.MEMBERS
    congress.save()
    return congress


def test_cell_of_twenty_with_three_away_keeps_twenty(
        cell_congress: Congress, make_delegate: Callable[..., Delegate], office: Any) -> None:
    """190-QĐ/TW Điều 30 khoản 2: absent on work trips without an accepted reason, they stay
    in the base; even an absent ex officio member (no such exclusion for members)."""
    session = current_session(cell_congress.pk)
    members = [make_delegate() for _ in range(17)]
    away = [make_delegate(absent_whole_congress=True) for _ in range(2)]
    away.append(make_delegate(absent_whole_congress=True, origin=Delegate.Origin.EX_OFFICIO))
    CheckIn.objects.bulk_create([CheckIn(delegate=d, session=session) for d in members])
    summary = attendance_summary(cell_congress)
    assert (summary.convened, summary.base, summary.present) == (20, 20, 17)
    round_ = _prefilled(office, cell_congress)
    assert round_.electorate_convened - round_.excluded == 20
    # The committee accepts the reasons of two of them: 18.
    Delegate.objects.filter(pk__in=[away[0].pk, away[1].pk]).update(absence_accepted=True)
    assert attendance_summary(cell_congress).base == 18


def test_members_congress_exclusions(cell_congress: Congress,
                                     make_delegate: Callable[..., Delegate],
                                     make_member: Callable[..., Member]) -> None:
    for _ in range(5):
        make_delegate()
    make_delegate(standing=Delegate.Standing.TRANSFERRED)
    make_delegate(standing=Delegate.Standing.DETAINED)
    make_delegate(member=make_member(exempt_from_activity=True), absent_whole_congress=True)
    make_delegate(member=make_member(exempt_from_activity=True))  # attends: counts
    summary = attendance_summary(cell_congress)
    assert (summary.convened, summary.excluded, summary.base) == (9, 3, 6)


# --- everything agrees, on random congresses --------------------------------------------------
seat = st.fixed_dictionaries({
    "kind": st.sampled_from(["official", "official", "official", "alternate"]),
    "origin": st.sampled_from(["elected", "elected", "ex_officio", "appointed"]),
    "rejected": st.sampled_from([False, False, False, True]),
    "standing": st.sampled_from(["normal"] * 6 + ["suspended", "transferred"]),
    "absent": st.booleans(),
    "accepted": st.booleans(),
    "exempt": st.sampled_from([False, False, True]),
    "present": st.booleans(),
})


@pytest.fixture
def pool(make_member: Callable[..., Member]) -> list[Member]:
    return [make_member(exempt_from_activity=i % 5 == 0) for i in range(24)]


def _plain_reading(kind: str, rows: list[Delegate], exempt: dict[int, bool]) -> int:
    """RULES.md, "Who is elected", read plainly (the test's own copy, to check the one)."""
    replaced = {d.replaces_id for d in rows if d.replaces_id}
    officials = [d for d in rows if d.kind == "official"]
    if kind == Congress.Kind.MEMBERS:
        out = 0
        for d in officials:
            out += not (d.standing != "normal"
                        or (exempt[d.member_id] and d.absent_whole_congress)
                        or (d.absent_whole_congress and d.absence_accepted))
        return out
    convened = [d for d in officials if d.credentials != "rejected" and d.standing == "normal"]
    committee_absent = [d for d in convened if d.absent_whole_congress and d.origin == "ex_officio"]
    unreplaced = [d for d in convened if d.absent_whole_congress and d.origin != "ex_officio"
                  and d.pk not in replaced]
    return len(convened) - len(committee_absent) - len(unreplaced)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seats=st.lists(seat, min_size=1, max_size=24),
       replace=st.lists(st.booleans(), min_size=24, max_size=24),
       members_congress=st.booleans())
def test_page_hall_round_and_minutes_agree(
        congress: Congress, pool: list[Member], office: Any, counter: Any, make_user: Any,
        seats: list[dict[str, Any]], replace: list[bool], members_congress: bool) -> None:
    Election.objects.all().delete()
    Delegate.objects.filter(congress=congress).update(replaces=None)  # PROTECT: unlink, then clear
    Delegate.objects.filter(congress=congress).delete()
    congress.kind = Congress.Kind.MEMBERS if members_congress else Congress.Kind.DELEGATES
    congress.save()
    session = current_session(congress.pk)
    assert session is not None
    rows = Delegate.objects.bulk_create([
        DelegateFactory.build(congress=congress, member=pool[i], kind=s["kind"], origin=s["origin"],
                              absent_whole_congress=s["absent"], absence_accepted=s["accepted"],
                              standing=s["standing"],
                              credentials=Delegate.Credentials.REJECTED if s["rejected"]
                              else Delegate.Credentials.ACCEPTED)
        for i, s in enumerate(seats)])
    # Alternates replacing absent officials (ex officio ones too), where the drawn flag says so.
    alternates = [d for d in rows if d.kind == "alternate"]
    absent = [d for d in rows if d.kind == "official" and d.absent_whole_congress]
    for alternate, official, flag in zip(alternates, absent, replace, strict=False):
        if flag:
            alternate.replaces = official
            alternate.save(update_fields=["replaces"])
    CheckIn.objects.bulk_create([CheckIn(delegate=d, session=session)
                                 for d, s in zip(rows, seats, strict=True) if s["present"]])
    expected = max(_plain_reading(congress.kind, rows,
                                  {m.pk: m.exempt_from_activity for m in pool}), 0)

    client = Client()
    client.force_login(make_user(Role.SECRETARIAT))
    page = _page_base(client, congress)
    hall = hall_selectors.screen(congress).attendance.base
    json_base = client.get(reverse("congress:attendance_json", args=[congress.pk])).json()["base"]
    round_ = _prefilled(office, congress)
    prefilled = round_.electorate_convened - round_.excluded
    assert page == hall == json_base == expected
    if expected == 0:
        assert (round_.electorate_convened, round_.excluded) == (0, 0)  # never made 1
        return
    assert prefilled == expected
    assert _minutes_base(round_, counter) == expected
    # And the e-voting roll's presence is the hall's.
    found = electorate_of(round_.election)
    assert found is not None
    assert found.present_count(round_.election) == attendance_summary(congress).present
    assert found.present_count(round_.election) == sum(
        1 for v in found.voters(round_.election) if v.entitled and v.present)


def test_the_one_query_seat_agrees_with_the_roll(
        congress: Congress, make_delegate: Callable[..., Delegate], office: Any,
        make_user: Callable[..., Any]) -> None:
    """voter_for_user (raw SQL, one query) answers as the roll (the ORM) does."""
    session = current_session(congress.pk)
    people = []
    for extra in ({}, {"standing": Delegate.Standing.SUSPENDED},
                  {"credentials": Delegate.Credentials.REJECTED}, {"kind": Delegate.Kind.ALTERNATE}):
        user = make_user(Role.DELEGATE)
        d = make_delegate(**extra)
        Member.objects.filter(pk=d.member_id).update(user=user)
        CheckIn.objects.create(delegate=d, session=session)
        people.append((user, d))
    official = people[0][1]
    people[3][1].replaces = official
    people[3][1].save()
    election = _election(office, congress)
    roll = {v.key: v for v in congress_electorate.CongressElectorate().voters(election)}
    for user, d in people:
        got = congress_electorate.CongressElectorate().voter_for_user(election, user)
        assert got == roll[congress_electorate.delegate_key(d.pk)]
    assert [roll[f"delegate:{d.pk}"].entitled for _, d in people] == [False, False, False, True]


def test_presence_as_of_a_moment(congress: Congress, make_delegate: Callable[..., Delegate],
                                 office: Any) -> None:
    """Who was present when (a check-in and its check-out), not only now."""
    import datetime as dt

    from django.utils import timezone

    session = current_session(congress.pk)
    now = timezone.now()
    stayed, left = make_delegate(), make_delegate()
    CheckIn.objects.create(delegate=stayed, session=session, checked_in_at=now - dt.timedelta(hours=2))
    CheckIn.objects.create(delegate=left, session=session, checked_in_at=now - dt.timedelta(hours=2),
                           checked_out_at=now - dt.timedelta(hours=1))
    election = _election(office, congress)
    found = electorate_of(election)
    assert found is not None
    assert found.present_count(election) == 1
    assert found.present_count(election, at=now - dt.timedelta(minutes=90)) == 2
    assert found.present_count(election, at=now - dt.timedelta(hours=3)) == 0
